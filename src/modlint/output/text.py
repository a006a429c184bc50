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


def fix_mark(diagnostic: Diagnostic, unsafe: bool) -> str:
    """ruff's ``[*] `` before a message that ``--fix`` (with ``--unsafe-fixes`` when on)
    can fix."""
    fix = diagnostic.fix
    return "[*] " if fix is not None and fix.is_applied(unsafe) else ""


def render(report) -> str:
    lines = [format_diagnostic(result.path, d, report.color)
             for result in report.results for d in result.diagnostics]
    if report.show_fixes:
        lines.extend(fix_lines(report))
    if report.summary:
        line = summary(report.results, report.fixing, report.unsafe, report.failed)
        if line:
            lines.append(line)
    return "".join(line + "\n" for line in lines)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def fix_lines(report) -> list[str]:
    """``--show-fixes``: after ``--fix``, the problems fixed in each file, per rule; without
    it, the fix each problem has (or a word that it has none)."""
    from collections import Counter

    from modlint.rules import CODES, load

    def name(code: str) -> str:
        return load(code).name if code in CODES else "syntax-error"

    lines: list[str] = []
    if report.fixing:
        fixed = [(r.path, Counter(r.fixed_codes)) for r in report.results if r.fixed_codes]
        if not fixed:
            return ["No problems fixed."]
        total = sum(sum(c.values()) for _, c in fixed)
        lines.append(f"Fixed {_plural(total, 'problem')}:")
        for path, counts in fixed:
            lines.append(f"- {path}:")
            lines.extend(f"    {n} \u00d7 {code} ({name(code)})"
                         for code, n in sorted(counts.items()))
        return lines
    for result in report.results:
        for d in result.diagnostics:
            fix = d.fix
            if fix is None:
                continue
            how = ("--fix" if fix.applicability is Applicability.SAFE else
                   "--fix --unsafe-fixes" if fix.applicability is Applicability.UNSAFE
                   else "by hand")
            lines.append(f"{result.path}:{d.line}:{d.column + 1}: {d.code} fix "
                         f"({fix.applicability.value}, {how}): {fix.title}")
    return lines


def summary(results: Sequence[FileResult], fixing: bool, unsafe: bool,
            failed: bool = False) -> str:
    """The closing line; "" when a path could not be read and nothing was found (a run
    that failed never says that all checks passed)."""
    remaining = [d for r in results for d in r.diagnostics]
    fixed = sum(r.fixed for r in results)
    safe = sum(1 for d in remaining
               if d.fix is not None and d.fix.applicability is Applicability.SAFE)
    more = sum(1 for d in remaining
               if d.fix is not None and d.fix.applicability is Applicability.UNSAFE)
    if not remaining and not fixed:
        return "" if failed else "All checks passed!"
    if fixing:
        text = (f"Found {_plural(len(remaining) + fixed, 'problem')} "
                f"({fixed} fixed, {len(remaining)} remaining")
        if more and not unsafe:
            return f"{text}; {more} fixable with --fix --unsafe-fixes)."
        return f"{text})."
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
