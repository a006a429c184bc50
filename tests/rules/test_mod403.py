"""MOD403 non-public-function: the private collate module."""

import textwrap

from conftest import ALL, fixed
from modlint.api import lint_source


def lint(source: str):
    return [(d.line, d.code) for d in lint_source(textwrap.dedent(source), ALL).diagnostics]


def test_uses_and_imports():
    assert lint("""\
        import torch
        from torch.utils.data import _utils
        from torch.utils.data._utils.collate import default_convert as convert
        a = _utils.collate.default_collate(batch)
        b = convert(values)
        c = torch.utils.data._utils.collate.default_convert(values)
    """) == [(3, "MOD403"), (4, "MOD403"), (5, "MOD403"), (6, "MOD403")]


def test_fixes():
    assert fixed("""\
        import torch
        from torch.utils.data._utils.collate import default_convert as convert
        b = convert(values)
        c = torch.utils.data._utils.collate.default_collate(values)
    """, unsafe=False) == textwrap.dedent("""\
        import torch
        from torch.utils.data.dataloader import default_convert as convert
        b = convert(values)
        c = torch.utils.data.dataloader.default_collate(values)
    """)


def test_public_names_are_not_reported():
    assert lint("""\
        from torch.utils.data import default_collate
        from torch.utils.data.dataloader import default_convert
        a = default_collate(batch)
    """) == []
