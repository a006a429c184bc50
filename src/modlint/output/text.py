"""The default format: flake8's ``path:line:col: CODE message`` lines, then a summary."""

from __future__ import annotations

from typing import Sequence

from modlint.diagnostics import Applicability, Diagnostic
from modlint.engine import FileResult


def format_diagnostic(path: str, diagnostic: Diagnostic) -> str:
    return f"{path}:{diagnostic.line}:{diagnostic.column + 1}: {diagnostic.code} {diagnostic.message}"


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
