"""A JSON list of problems, shaped like ruff's ``--output-format json`` (see the README)."""

from __future__ import annotations

import json
from typing import Any, Optional

from modlint.source_text import SourceText
from modlint.diagnostics import Diagnostic
from modlint.output import location, source_text
from modlint.rulebook import page_url


def render(report) -> str:
    items = []
    for result in report.results:
        text = source_text(result)
        items.extend(diagnostic_json(result.path, d, text) for d in result.diagnostics)
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def diagnostic_json(path: str, diagnostic: Diagnostic,
                    text: Optional[SourceText]) -> dict[str, Any]:
    """Rows and columns 1-based; an end location points just past the last character."""
    cell = {"cell": diagnostic.cell} if diagnostic.cell is not None else {}  # notebooks
    return {
        **cell,
        "code": diagnostic.code,
        "message": diagnostic.message,
        "filename": path,
        "location": {"row": diagnostic.line, "column": diagnostic.column + 1},
        "end_location": {"row": diagnostic.end_line, "column": diagnostic.end_column + 1},
        "fix": _fix(diagnostic, text),
        "url": page_url(diagnostic.code),
    }


def _fix(diagnostic: Diagnostic, text: Optional[SourceText]) -> Optional[dict[str, Any]]:
    fix = diagnostic.fix
    if fix is None or text is None:
        return None
    return {
        "applicability": fix.applicability.value,
        "message": fix.title,
        "edits": [{"content": edit.content, "location": location(text, edit.start),
                   "end_location": location(text, edit.end)} for edit in fix.edits],
    }
