"""ruff's ``pylint`` format: ``path:line: [CODE] message`` (``path:cell N:line`` in a notebook)."""

from __future__ import annotations

from modlint.output.grouped import row_of


def render(report) -> str:
    return "".join(f"{result.path}:{row_of(d)}: [{d.code}] {d.message}\n"
                   for result in report.results for d in result.diagnostics)
