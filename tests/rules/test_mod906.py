"""MOD906 torchvision-module-alias (opt-in)."""

import textwrap

from conftest import ALL, fixed
from modlint.api import lint_source
from modlint.config import Config


def lint(source: str, config: Config = ALL):
    return [(d.line, d.code) for d in lint_source(textwrap.dedent(source), config).diagnostics]


SOURCE = """\
    import torchvision.models as models
    import torchvision.datasets as data
    import torchvision.transforms as transforms, torch
    import torchvision.models
    from torchvision.models import resnet50
"""


def test_reported_and_fixed_when_alone_in_its_statement():
    assert lint(SOURCE) == [(1, "MOD906"), (3, "MOD906")]
    assert lint(SOURCE, Config()) == []
    assert fixed(SOURCE, unsafe=False).splitlines()[:3] == [
        "from torchvision import models",
        "import torchvision.datasets as data",
        "import torchvision.transforms as transforms, torch",
    ]
