"""ruff's ``pylint`` format: ``path:line: [CODE] message``."""

from __future__ import annotations


def render(report) -> str:
    return "".join(f"{result.path}:{d.line}: [{d.code}] {d.message}\n"
                   for result in report.results for d in result.diagnostics)
