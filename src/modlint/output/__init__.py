"""Report formats. Each module renders the results of a run as text: ``render(report)``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import IO, Optional, Sequence

from modlint.source_text import SourceText
from modlint.engine import FileResult

# ruff's names: `concise` is its one-line format, the same as `text`
FORMATS = ("text", "concise", "full", "grouped", "json", "json-lines", "junit", "sarif",
           "github", "gitlab", "pylint")


@dataclass(frozen=True)
class Report:
    results: Sequence[FileResult]
    fixing: bool = False  # --fix ran: the diagnostics are what remains
    unsafe: bool = False  # unsafe fixes were enabled
    color: bool = False
    summary: bool = True  # the closing "Found ..." line of the human formats
    failed: bool = False  # a path could not be read: never "All checks passed!"
    show_fixes: bool = False  # --show-fixes


def render(format_name: str, report: Report) -> str:
    import importlib

    module = {"text": "text", "concise": "text", "json-lines": "json_lines"}.get(
        format_name, format_name)
    return importlib.import_module(f"modlint.output.{module}").render(report)


def use_color(stream: IO[str]) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def source_text(result: FileResult) -> Optional[SourceText]:
    """The text the diagnostics of ``result`` point into (after fixes, when fixed)."""
    text = result.fixed_source if result.fixed_source is not None else result.source
    return SourceText(text) if text is not None else None


def location(text: SourceText, offset: int) -> dict[str, int]:
    """A character offset as ``{row, column}``, both 1-based."""
    row = text.line_of(offset)
    return {"row": row, "column": offset - text.line_starts[row - 1] + 1}
