"""MOD405 require-grad-typo."""

import textwrap

from conftest import ALL, fixed
from modlint.api import lint_source
from modlint.diagnostics import Applicability


def lint(source: str):
    return lint_source(textwrap.dedent(source), ALL).diagnostics


def test_reported_anywhere_with_an_unsafe_fix():
    source = """\
        import torch
        x = torch.zeros(1)
        x.require_grad = True
        def freeze(model):
            for p in model.parameters():
                p.require_grad = False
        class Net(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.w = torch.nn.Parameter(torch.ones(1))
                self.w.require_grad = False
    """
    found = lint(source)
    assert [(d.line, d.code) for d in found] == [(3, "MOD405"), (6, "MOD405"), (11, "MOD405")]
    assert all(d.fix.applicability is Applicability.UNSAFE for d in found)
    assert "requires_grad" in fixed(source).splitlines()[2]
    assert fixed(source, unsafe=False) == textwrap.dedent(source)


def test_not_reported():
    assert lint("""\
        import torch
        x = torch.zeros(1)
        x.requires_grad = True
        require_grad = False
        y = x.require_grad  # a read: AttributeError at run time already
    """) == []
