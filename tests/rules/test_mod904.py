"""MOD904 dataloader-without-workers (opt-in)."""

import textwrap

from conftest import ALL
from modlint.api import lint_source
from modlint.config import Config


def lint(source: str, config: Config = ALL):
    return [(d.line, d.code) for d in lint_source(textwrap.dedent(source), config).diagnostics]


SOURCE = """\
    import torch
    from torch.utils.data import DataLoader
    a = DataLoader(dataset, batch_size=10)
    b = torch.utils.data.DataLoader(dataset, batch_size=10, num_workers=0)
    c = DataLoader(dataset, 10, False, None, None, 0)
    d = DataLoader(dataset, num_workers=4)
    e = DataLoader(dataset, 10, False, None, None, 2)
    f = DataLoader(dataset, num_workers=workers)
    g = DataLoader(dataset, **options)
"""


def test_reported_only_when_known_to_be_zero():
    assert lint(SOURCE) == [(3, "MOD904"), (4, "MOD904"), (5, "MOD904")]


def test_opt_in():
    assert lint(SOURCE, Config()) == []
