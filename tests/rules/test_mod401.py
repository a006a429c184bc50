"""MOD401 removed-function: uses and imports of removed functions."""

import textwrap

from conftest import ALL
from modlint.api import lint_source


def lint(source: str):
    result = lint_source(textwrap.dedent(source), ALL)
    assert result.errors == []
    return [(d.line, d.code) for d in result.diagnostics]


def test_calls_through_every_import_form():
    assert lint("""\
        import torch
        import torch as t
        from torch import symeig as eigh, lstsq
        a = torch.solve(b, A)
        e = t.eig(A)
        w, v = eigh(A, eigenvectors=True)
        x = lstsq(B, A)
        r = torch.matrix_rank(A)
    """) == [(3, "MOD401"), (3, "MOD401"), (4, "MOD401"), (5, "MOD401"), (6, "MOD401"),
             (7, "MOD401"), (8, "MOD401")]


def test_message_names_the_replacement_and_what_changes():
    [diagnostic] = lint_source("import torch\nx = torch.solve(B, A)\n", ALL).diagnostics
    assert "torch.linalg.solve" in diagnostic.message and "swapped" in diagnostic.message
    assert diagnostic.fix is None


def test_not_reported():
    assert lint("""\
        import torch
        x = torch.linalg.solve(A, B)
        y = symeig(A)  # not torch's
        z = other.solve(A, B)
        def solve(A, B):
            return A
    """) == []
