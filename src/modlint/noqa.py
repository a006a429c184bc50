"""``# noqa`` and ``# noqa: MOD001,MOD101`` on the reported line, as flake8 reads them."""

from __future__ import annotations

import re
from typing import Optional

_NOQA = re.compile(
    r"#\s*noqa(?::[\s]?(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)
_SEPARATOR = re.compile(r"[,\s]+")


def noqa_codes(line: str) -> Optional[frozenset[str]]:
    """None when the line has no noqa comment; an empty set for a bare ``# noqa``."""
    if "#" not in line:
        return None
    match = _NOQA.search(line)
    if match is None:
        return None
    codes = match.group("codes")
    if not codes:
        return frozenset()
    return frozenset(c.upper() for c in _SEPARATOR.split(codes) if c)


def is_suppressed(code: str, line: str) -> bool:
    codes = noqa_codes(line)
    if codes is None:
        return False
    return not codes or any(code.startswith(c) for c in codes)


# `# modlint: noqa` (every rule) or `# modlint: noqa: MOD001,MOD002` on a line of its own:
# the whole file, as ruff's `# ruff: noqa`.
_FILE_NOQA = re.compile(
    r"^[ \t]*#[ \t]*modlint:[ \t]*noqa(?P<colon>:[ \t]*(?P<codes>[A-Z]+[0-9]*(?:[,\s]+[A-Z]+[0-9]*)*))?"
    r"[ \t]*$", re.IGNORECASE | re.MULTILINE)


def file_noqa(source: str) -> Optional[frozenset[str]]:
    """The codes a file-level ``# modlint: noqa`` suppresses: None when there is none, an
    empty set for every rule. Several such comments add up."""
    if "modlint" not in source:
        return None
    found: Optional[set[str]] = None
    for match in _FILE_NOQA.finditer(source):
        codes = match.group("codes")
        if not codes:
            return frozenset()
        found = (found or set()) | {c.upper() for c in _SEPARATOR.split(codes) if c}
    return None if found is None else frozenset(found)


def suppressed_by_file(code: str, codes: Optional[frozenset[str]]) -> bool:
    if codes is None:
        return False
    return not codes or any(code.startswith(c) for c in codes)


# --- --add-noqa -------------------------------------------------------------------------

def _unsafe_lines(source: str) -> set[int]:
    """Lines whose end is inside a string or continued by a backslash: a comment cannot
    be appended there (1-based)."""
    import io
    import tokenize

    inside: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.start[0] < token.end[0] and token.type != tokenize.NL:
                inside.update(range(token.start[0], token.end[0]))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return set(range(1, source.count("\n") + 2))
    for number, line in enumerate(source.splitlines(), 1):
        if line.rstrip().endswith("\\"):
            inside.add(number)
    return inside


def add_noqa(source: str, diagnostics) -> tuple[str, int]:
    """``source`` with ``# noqa: CODES`` on each line a diagnostic is reported on (merged
    into an existing ``# noqa: ...``); returns the text and the number of lines changed."""
    wanted: dict[int, set[str]] = {}
    for d in diagnostics:
        if d.code != "MOD000":
            wanted.setdefault(d.line, set()).add(d.code)
    if not wanted:
        return source, 0
    unsafe = _unsafe_lines(source)
    lines = source.splitlines(keepends=True)
    changed = 0
    for number, codes in sorted(wanted.items()):
        if number in unsafe or not 1 <= number <= len(lines):
            continue
        line = lines[number - 1]
        body = line.rstrip("\r\n")
        ending = line[len(body):]
        present = noqa_codes(body)
        if present is not None and (not present or codes <= present):
            continue  # a bare # noqa, or every code already there
        if present is None:
            body = f"{body.rstrip()}  # noqa: {', '.join(sorted(codes))}"
        else:
            match = _NOQA.search(body)
            assert match is not None
            merged = ", ".join(sorted(present | codes))
            body = f"{body[:match.start()]}# noqa: {merged}{body[match.end():]}"
        lines[number - 1] = body + ending
        changed += 1
    return "".join(lines), changed


def add_noqa_file(path: str, diagnostics) -> tuple[int, str]:
    """Add the directives to the file at ``path`` (its encoding and newlines kept, written
    atomically); returns the number of lines changed and an error ('' when none)."""
    from modlint import messages
    from modlint.engine import decode
    from modlint.files import UnreadableError, read_source
    from modlint.fixing import FileChangedError, write_atomic

    try:
        data = read_source(path)
        if any(getattr(d, "cell", None) is not None for d in diagnostics):
            text, changed, encoding = _add_noqa_notebook(data, diagnostics)
        else:
            decoded = decode(data)
            encoding = decoded.encoding
            text, changed = add_noqa(decoded.text, diagnostics)
    except (UnreadableError, SyntaxError, UnicodeDecodeError, ValueError) as error:
        return 0, str(error)
    if not changed:
        return 0, ""
    try:  # the encoding as read: "utf-8-sig" writes the BOM back
        write_atomic(path, text.encode(encoding), expected=data)
    except FileChangedError:
        return 0, messages.CHANGED_ON_DISK
    except (OSError, UnicodeEncodeError) as error:
        return 0, messages.cannot_write(getattr(error, "strerror", None) or str(error))
    return changed, ""


def _add_noqa_notebook(data: bytes, diagnostics) -> tuple[str, int, str]:
    """A notebook's JSON with the directives added in its code cells (diagnostics carry
    their cell and their line within it); the cells' other text and the JSON's layout
    are kept."""
    from dataclasses import replace

    from modlint.notebook import Notebook

    notebook = Notebook.parse(data)  # NotebookError is a ValueError
    rows = notebook._rows(notebook.python)
    line_of = {row: number for number, row in enumerate(rows) if number}
    placed = [replace(d, line=line_of[(d.cell, d.line)], cell=None) for d in diagnostics
              if (d.cell, d.line) in line_of]
    python, changed = add_noqa(notebook.python, placed)
    if not changed:
        return notebook.raw, 0, "utf-8"
    text = notebook.with_python(python)
    if text is None:
        raise ValueError("cannot add noqa comments to this notebook's cells")
    return text, changed, "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
