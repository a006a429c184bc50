"""MOD905 zero-grad-set-to-none (opt-in)."""

import textwrap

from conftest import ALL, fixed
from modlint.api import lint_source
from modlint.config import Config


def lint(source: str, config: Config = ALL):
    return [(d.line, d.code) for d in lint_source(textwrap.dedent(source), config).diagnostics]


SOURCE = """\
    import torch
    optimizer.zero_grad(set_to_none=False)
    model.zero_grad(False)
    optimizer.zero_grad()
    model.zero_grad(set_to_none=True)
"""


def test_reported_with_an_unsafe_fix():
    assert lint(SOURCE) == [(2, "MOD905"), (3, "MOD905")]
    assert lint(SOURCE, Config()) == []
    assert fixed(SOURCE, unsafe=False) == textwrap.dedent(SOURCE)
    assert fixed(SOURCE).splitlines()[1:3] == ["optimizer.zero_grad()", "model.zero_grad()"]
