"""Recall on known bugs: snippets reduced from public bug reports, each must be caught."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from modlint.api import lint_source
from modlint.config import Config

SNIPPETS = sorted((Path(__file__).parent / "real_world").glob("*.py"))
EXPECT = re.compile(r"^# expect: (MOD\d{3})$", re.MULTILINE)


def test_the_set_is_large_enough():
    assert len(SNIPPETS) >= 20


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.stem)
def test_snippet_is_detected(path):
    source = path.read_text(encoding="utf-8")
    expected = set(EXPECT.findall(source))
    assert expected, f"{path.name} names no expected rule"
    assert "# reduced from: " in source, f"{path.name} names no source"
    result = lint_source(source, Config(select=("ALL",)))
    assert result.errors == []
    assert expected <= {d.code for d in result.diagnostics}
