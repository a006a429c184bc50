import textwrap

import pytest

from modlint.api import fix_source, lint_source
from modlint.config import Config

ALL = Config(select=("ALL",))


def lint(source: str, config: Config = ALL):
    """Diagnostics of every rule; a rule that crashes fails the test."""
    result = lint_source(textwrap.dedent(source), config)
    assert result.errors == []
    return result.diagnostics


def codes(source: str, config: Config = ALL) -> list[str]:
    return [d.code for d in lint(source, config)]


def fixed(source: str, unsafe: bool = True, config: Config = ALL) -> str:
    result = fix_source(textwrap.dedent(source), config, unsafe=unsafe)
    assert result.errors == []
    return result.source


@pytest.fixture
def all_rules() -> Config:
    return ALL
