"""ruff's ``grouped`` format: the problems under the name of their file, then a summary."""

from __future__ import annotations

import click

from modlint.output.text import fix_mark, summary


def render(report) -> str:
    blocks = []
    for result in report.results:
        if not result.diagnostics:
            continue
        width_row = max(len(row_of(d)) for d in result.diagnostics)
        width_col = max(len(str(d.column + 1)) for d in result.diagnostics)
        name = click.style(result.path, bold=True, underline=True) if report.color \
            else result.path
        lines = [f"{name}:"]
        for d in result.diagnostics:
            code = click.style(d.code, fg="red", bold=True) if report.color else d.code
            lines.append(f"  {row_of(d):>{width_row}}:{d.column + 1:<{width_col}} {code} "
                         f"{fix_mark(d, report.unsafe)}{d.message}")
        blocks.append("\n".join(lines) + "\n")
    text = "\n".join(blocks)
    if report.summary:
        line = summary(report.results, report.fixing, report.unsafe, report.failed)
        if line:
            text += ("\n" if blocks else "") + line + "\n"
    return text


def row_of(diagnostic) -> str:
    """The line, and in a notebook its cell: ``cell 3:4``."""
    cell = getattr(diagnostic, "cell", None)
    return f"cell {cell}:{diagnostic.line}" if cell is not None else str(diagnostic.line)
