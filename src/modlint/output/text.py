"""The default format: flake8's ``path:line:col: CODE message`` lines, then a summary."""

from __future__ import annotations

from typing import Sequence

import click

from modlint.diagnostics import Applicability, Diagnostic
from modlint.engine import FileResult


def format_diagnostic(path: str, diagnostic: Diagnostic, color: bool = False) -> str:
    """One line; line and column 1-based, as flake8 prints them (in a notebook, ruff's
    ``path:cell N:line:col``, the line within the cell)."""
    if diagnostic.cell is not None:
        path = f"{path}:cell {diagnostic.cell}"
    if not color:
        return (f"{path}:{diagnostic.line}:{diagnostic.column + 1}: "
                f"{diagnostic.code} {diagnostic.message}")
    colon = click.style(":", fg="cyan")
    return (f"{click.style(path, bold=True)}{colon}{diagnostic.line}{colon}"
            f"{diagnostic.column + 1}{colon} {click.style(diagnostic.code, fg='red', bold=True)} "
            f"{diagnostic.message}")


def render(report) -> str:
    lines = [format_diagnostic(result.path, d, report.color)
             for result in report.results for d in result.diagnostics]
    if report.summary:
        lines.append(summary(report.results, report.fixing, report.unsafe))
    return "".join(line + "\n" for line in lines)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary(results: Sequence[FileResult], fixing: bool, unsafe: bool) -> str:
    remaining = [d for r in results for d in r.diagnostics]
    fixed = sum(r.fixed for r in results)
    if fixing:
        if not remaining and not fixed:
            return "All checks passed!"
        return (f"Found {_plural(len(remaining) + fixed, 'problem')} "
                f"({fixed} fixed, {len(remaining)} remaining).")
    if not remaining:
        return "All checks passed!"
    safe = sum(1 for d in remaining
               if d.fix is not None and d.fix.applicability is Applicability.SAFE)
    more = sum(1 for d in remaining
               if d.fix is not None and d.fix.applicability is Applicability.UNSAFE)
    text = f"Found {_plural(len(remaining), 'problem')}"
    if unsafe and safe + more:
        return f"{text} ({safe + more} fixable with --fix --unsafe-fixes)."
    if safe and more:
        return f"{text} ({safe} fixable with --fix, {more} more with --unsafe-fixes)."
    if safe:
        return f"{text} ({safe} fixable with --fix)."
    if more:
        return f"{text} ({more} fixable with --fix --unsafe-fixes)."
    return f"{text}."
