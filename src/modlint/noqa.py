"""``# noqa`` and ``# noqa: MOD001,MOD101`` on the reported line, as flake8 reads them."""

from __future__ import annotations

import re
from typing import Optional

_NOQA = re.compile(
    r"#\s*noqa(?::[\s]?(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)
_SEPARATOR = re.compile(r"[,\s]+")


def noqa_codes(line: str) -> Optional[frozenset[str]]:
    """None when the line has no noqa comment; an empty set for a bare ``# noqa``."""
    if "#" not in line:
        return None
    match = _NOQA.search(line)
    if match is None:
        return None
    codes = match.group("codes")
    if not codes:
        return frozenset()
    return frozenset(c.upper() for c in _SEPARATOR.split(codes) if c)


def is_suppressed(code: str, line: str) -> bool:
    codes = noqa_codes(line)
    if codes is None:
        return False
    return not codes or any(code.startswith(c) for c in codes)
