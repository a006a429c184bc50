"""A file's text with line arithmetic: what reports and fixes use to place things."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property

_NEWLINE = re.compile(r"\r\n|\r|\n")


class SourceText:
    """Line/column <-> offset arithmetic on the file's text (any newline style)."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def line_starts(self) -> list[int]:
        """Offsets where lines begin; computed when first needed (most files report
        nothing)."""
        return [0] + [m.end() for m in _NEWLINE.finditer(self.text)]

    def offset(self, line: int, column: int) -> int:
        return self.line_starts[line - 1] + column

    def line_of(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset)

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def indent_of(self, line: int) -> str:
        text = self.line_text(line)
        return text[: len(text) - len(text.lstrip(" \t"))]
