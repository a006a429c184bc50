"""MOD409 torchvision-to-tensor."""

import textwrap

from conftest import ALL
from modlint.api import lint_source


def lint(source: str):
    return [(d.line, d.code) for d in lint_source(textwrap.dedent(source), ALL).diagnostics]


def test_uses_and_imports_of_the_v2_transform():
    assert lint("""\
        import torchvision
        from torchvision.transforms.v2 import ToTensor as T
        from torchvision.transforms import v2 as transforms
        a = transforms.ToTensor()
        b = torchvision.transforms.v2.ToTensor
    """) == [(2, "MOD409"), (4, "MOD409"), (5, "MOD409")]


def test_the_v1_transform_is_not_reported():
    assert lint("""\
        import torchvision
        from torchvision.transforms import ToTensor
        a = ToTensor()
        b = torchvision.transforms.ToTensor()
    """) == []
