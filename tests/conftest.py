import textwrap

import pytest

from modlint.api import fix_source, lint_source
from modlint.config import Config

ALL = Config(select=("ALL",))


def codes(source: str, config: Config = ALL) -> list[str]:
    return [d.code for d in lint_source(textwrap.dedent(source), config).diagnostics]


def lint(source: str, config: Config = ALL):
    return lint_source(textwrap.dedent(source), config).diagnostics


def fixed(source: str, unsafe: bool = True, config: Config = ALL) -> str:
    return fix_source(textwrap.dedent(source), config, unsafe=unsafe).source


@pytest.fixture
def all_rules() -> Config:
    return ALL
