import importlib.util
import os
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from modlint.api import fix_source, lint_source
from modlint.config import Config

ALL = Config(select=("ALL",))

# A small module with one MOD001 problem (line 8, column 9), shared by the CLI-level tests.
BUGGY = """import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.mask = torch.ones(2)

    def forward(self, x):
        return x * self.mask
"""

# Property-based tests: a bounded, reproducible share in CI; MODLINT_FUZZ=long explores more.
_SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile("ci", max_examples=25, derandomize=True, deadline=None,
                          suppress_health_check=_SLOW_IS_FINE, print_blob=True)
settings.register_profile("long", max_examples=2000, deadline=None,
                          suppress_health_check=_SLOW_IS_FINE, print_blob=True)
settings.load_profile(os.environ.get("MODLINT_FUZZ", "ci"))


def load_tool(name: str):
    """A script of ``tools/`` (the table generators), imported as a module."""
    path = Path(__file__).resolve().parents[1] / "tools" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
