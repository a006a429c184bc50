"""Each problem with the source lines around it, a caret under the column, the fix title."""

from __future__ import annotations

import textwrap
from functools import lru_cache

import click

from modlint import rulebook
from modlint.diagnostics import Applicability, Diagnostic
from modlint.output import source_text
from modlint.output.text import fix_lines, format_diagnostic, summary

CONTEXT = 2  # lines shown before and after the reported one


def render(report) -> str:
    blocks = []
    for result in report.results:
        if not result.diagnostics:
            continue
        text = source_text(result)
        lines = ([text.line_text(n) for n in range(1, len(text.line_starts) + 1)]
                 if text is not None else [])
        for diagnostic in result.diagnostics:
            block = [format_diagnostic(result.path, diagnostic, report.color)]
            if 1 <= diagnostic.line <= len(lines):
                block.extend(_snippet(lines, diagnostic, report.color))
            blocks.append("\n".join(block) + "\n")
    if report.show_fixes:
        shown = fix_lines(report)
        if shown:
            blocks.append("\n".join(shown) + "\n")
    if report.summary:
        line = summary(report.results, report.fixing, report.unsafe, report.failed)
        if line:
            blocks.append(line + "\n")
    return "\n".join(blocks)


@lru_cache(maxsize=None)
def _explanation(code: str) -> tuple[str, str]:
    """What the one-line message leaves out: the first paragraph of the rule page's "Why
    is this bad?" (the PyTorch error, the consequence), and the page's address."""
    page = rulebook.page(code) if code != "MOD000" else None
    if not page:
        return "", ""
    blocks = rulebook.section(page, "Why is this bad?").split("\n\n")
    why = " ".join(blocks[0].split())
    if why.endswith(":") and len(blocks) > 1:  # a list follows: it is the explanation
        items = (line.strip() for line in blocks[1].splitlines())
        why += " " + " ".join(item[2:] if item.startswith("- ") else item for item in items)
    why = " ".join(why.replace("```", " ").split())  # a code block quoted inline
    return why, rulebook.page_url(code) or ""


def _snippet(lines: list[str], diagnostic: Diagnostic, color: bool) -> list[str]:
    first = max(1, diagnostic.line - CONTEXT)
    last = min(len(lines), diagnostic.line + CONTEXT)
    width = len(str(last))

    def gutter(number: str = "") -> str:
        bar = f"{number:>{width}} |"
        return click.style(bar, fg="blue", bold=True) if color else bar

    out = [gutter()]
    for number in range(first, last + 1):
        line = lines[number - 1].replace("\t", "    ")
        out.append(f"{gutter(str(number))} {line}".rstrip())
        if number == diagnostic.line:
            out.append(f"{gutter()} {_caret(lines[number - 1], diagnostic, color)}")
    out.append(gutter())
    fix = diagnostic.fix
    if fix is not None:
        note = " (unsafe fix)" if fix.applicability is Applicability.UNSAFE else ""
        out.append(f"{' ' * width} = help: {fix.title}{note}")
    why, url = _explanation(diagnostic.code)
    pad = " " * width
    if why:
        out.extend(textwrap.wrap(why, 96, initial_indent=f"{pad} = why: ",
                                 subsequent_indent=f"{pad}        ", break_on_hyphens=False))
    if url:
        out.append(f"{pad} = see: {url}")
    return out


def _caret(line: str, diagnostic: Diagnostic, color: bool) -> str:
    start = min(diagnostic.column, len(line))
    end = diagnostic.end_column if diagnostic.end_line == diagnostic.line else len(line)
    end = max(min(end, len(line)), start + 1)
    indent = len(line[:start].replace("\t", "    "))
    marks = "^" * len(line[start:end].replace("\t", "    ")) or "^"
    marks = f"{marks} {diagnostic.code}"
    return " " * indent + (click.style(marks, fg="red", bold=True) if color else marks)
