"""MOD406 checkpoint-use-reentrant."""

import textwrap

from conftest import ALL, fixed
from modlint.api import lint_source


def lint(source: str):
    return [(d.line, d.code) for d in lint_source(textwrap.dedent(source), ALL).diagnostics]


def test_reported_through_the_imports():
    assert lint("""\
        import torch.utils.checkpoint
        from torch.utils.checkpoint import checkpoint as ckpt, checkpoint_sequential
        a = torch.utils.checkpoint.checkpoint(f, x)
        b = ckpt(f, x, preserve_rng_state=False)
        c = checkpoint_sequential(layers, 2, x)
    """) == [(3, "MOD406"), (4, "MOD406"), (5, "MOD406")]


def test_fix_appends_the_flag():
    assert fixed("""\
        from torch.utils.checkpoint import checkpoint
        y = checkpoint(f, x)
    """).splitlines()[1] == "y = checkpoint(f, x, use_reentrant=False)"


def test_not_reported():
    assert lint("""\
        import torch
        from torch.utils.checkpoint import checkpoint
        a = checkpoint(f, x, use_reentrant=True)
        b = checkpoint(f, x, **options)
        c = model.checkpoint(f, x)
    """) == []
