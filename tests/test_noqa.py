"""`# noqa` comments, read as flake8 reads them."""

import pytest

from modlint.noqa import is_suppressed, noqa_codes


@pytest.mark.parametrize("line,codes", [
    ("x = 1", None),
    ("x = 1  # a comment", None),
    ("x = 1  # noqa", frozenset()),
    ("x = 1  # NOQA", frozenset()),
    ("x = 1  #noqa:MOD001", frozenset({"MOD001"})),
    ("x = 1  # noqa: MOD001,MOD101", frozenset({"MOD001", "MOD101"})),
    ("x = 1  # noqa: MOD001, E501 and a remark", frozenset({"MOD001", "E501"})),
    ("x = 1  # noqa:mod1", frozenset({"MOD1"})),
])
def test_noqa_codes(line, codes):
    assert noqa_codes(line) == codes


@pytest.mark.parametrize("line,suppressed", [
    ("t = 1  # noqa", True),
    ("t = 1  # noqa: MOD001", True),
    ("t = 1  # noqa: MOD0", True),
    ("t = 1  # noqa: MOD101", False),
    ("t = 1  # noqa: E501", False),
    ("t = 1", False),
])
def test_is_suppressed(line, suppressed):
    assert is_suppressed("MOD001", line) is suppressed
