"""The rule book's examples under real PyTorch: the bug before the fix, not after."""

from __future__ import annotations

import pytest

from rulebook_pages import bad_examples, code_of, page_files
from runtime.harness import load
from runtime.registry import load_all

CHECKS = load_all()

CASES = [
    pytest.param(code_of(path), bad, fixed, id=f"{path.stem}:{bad.line}")
    for path in page_files() for bad, fixed in bad_examples(path)
]


@pytest.mark.parametrize("code,bad,fixed", CASES)
def test_bug_before_fix_and_not_after(code, bad, fixed):
    """Each check gets the bad example and its fixed version (None for rules without a fix)."""
    assert code in CHECKS, f"{code} has no runtime check"
    if "torchvision" in bad.code:  # the torchvision rules' examples
        pytest.importorskip("torchvision")
    CHECKS[code](load(bad.code), load(fixed.code) if fixed is not None else None)
