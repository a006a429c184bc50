"""Jupyter notebooks: linted and fixed cell by cell.

The code cells are joined into one Python text, a boundary comment between two cells, so
the rules see a notebook as the kernel runs it (a class of cell 2 is known in cell 5).
IPython's magics and shell lines (``%time``, ``%%time``, ``!pip``, ``x = !ls``, ``obj?``)
are not Python: each such line becomes a ``pass`` placeholder of its own for the analysis
and is put back, untouched, when the cells are split again. A cell whose cell magic runs
something else than Python (``%%bash``, ``%%html``) is skipped, as are the cells of a
notebook whose kernel is not Python.

Positions follow ruff's notebook convention: the cell's number (1-based, counting every
cell of the notebook, markdown ones included) and the line within the cell. Fixes
rewrite only the ``source`` of the cells they change, in the file's own JSON layout
(indentation, escapes, key order, metadata and outputs stay byte for byte).
"""

from __future__ import annotations

import ast
import json
import re
import warnings
from dataclasses import dataclass, replace
from typing import Optional

from modlint.diagnostics import Diagnostic

# cell magics whose body is Python (the rest of the cell is linted)
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "pypy",
                                "python", "python3"})
BOUNDARY = "# modlint: cell boundary (do not edit)\n"
_PLACEHOLDER = re.compile(r"^[ \t]*pass  # modlint: magic (\d+)\n?$")
# a line that IPython transforms: a magic or a shell escape, maybe assigned, or help
_MAGIC = re.compile(r"^[ \t]*(?:[%!]|[\w.]+[ \t]*=[ \t]*[%!][^=]|\?)|^[^#'\"]*\?\??[ \t]*$")


class NotebookError(ValueError):
    """The file is not a notebook modlint can read; the message says why."""


@dataclass
class _Cell:
    index: int  # in the notebook's cell list, 0-based
    text: str  # as the notebook holds it
    python: str  # what the analysis sees (ends with a newline)
    magics: list[str]  # the lines the placeholders stand for, by number
    added_newline: bool  # the cell's text lacked a final newline


def _lines(text: str) -> list[str]:
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def _parses(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, "<cell>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _to_python(text: str) -> Optional[tuple[str, list[str]]]:
    """The cell as Python, with the lines it replaced; None when the cell is not Python."""
    lines = _lines(text)
    magics: list[str] = []

    def placeholder(line: str) -> str:
        indent = line[:len(line) - len(line.lstrip(" \t"))]
        magics.append(line)
        return f"{indent}pass  # modlint: magic {len(magics) - 1}\n"

    out = []
    start = 0
    if lines and lines[0].lstrip().startswith("%%"):
        name = lines[0].lstrip()[2:].split(maxsplit=1)[0] if lines[0].strip() != "%%" else ""
        if name not in PYTHON_CELL_MAGICS:
            return None
        out.append(placeholder(lines[0]))
        start = 1
    body = "".join(lines[start:])
    if _parses(body):  # plain Python: nothing looks like a magic (`a % b` on its own line)
        out.extend(lines[start:])
    else:
        continued = False
        for line in lines[start:]:
            if continued or _MAGIC.match(line):
                out.append(placeholder(line))
                continued = line.rstrip("\r\n").endswith("\\")
            else:
                out.append(line)
    python = "".join(out)
    if python and not python.endswith("\n"):
        python += "\n"
    return python, magics


def _from_python(python: str, magics: list[str]) -> Optional[str]:
    """The cell's text back from its (fixed) Python; None when a placeholder was lost."""
    out = []
    restored = 0
    for line in _lines(python):
        match = _PLACEHOLDER.match(line)
        if match is not None and int(match.group(1)) < len(magics):
            out.append(magics[int(match.group(1))])
            restored += 1
        else:
            out.append(line)
    return "".join(out) if restored == len(magics) else None


class Notebook:
    """A notebook's raw JSON text and its code cells."""

    def __init__(self, raw: str, data: dict, cells: list[_Cell], count: int) -> None:
        self.raw = raw
        self.data = data
        self.cells = cells
        self.count = count  # cells of the notebook, of every type
        self.python = BOUNDARY.join(cell.python for cell in cells)

    def _rows(self, python: str) -> list[tuple[int, int]]:
        """Each line of ``python`` (1-based: item 0 is a filler) as (cell number, line in
        the cell); a boundary line counts as line 0 of the next cell."""
        rows = [(0, 0)]
        numbers = iter(cell.index + 1 for cell in self.cells)
        cell, row = next(numbers, 1), 0
        for line in _lines(python):
            if line == BOUNDARY:
                cell, row = next(numbers, cell), 0
                rows.append((cell, 0))
            else:
                row += 1
                rows.append((cell, row))
        return rows

    @classmethod
    def parse(cls, data: bytes) -> Notebook:
        """Raises NotebookError when ``data`` is not a notebook's JSON."""
        try:
            raw = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise NotebookError(f"not a valid notebook: not UTF-8 ({error.reason} at "
                                f"byte {error.start})") from None
        try:
            parsed = json.loads(raw)
        except ValueError as error:
            detail = (f"{error.msg} at line {error.lineno} column {error.colno}"
                      if isinstance(error, json.JSONDecodeError) else str(error))
            raise NotebookError(f"not a valid notebook: invalid JSON: {detail}") from None
        if not isinstance(parsed, dict) or not isinstance(parsed.get("cells"), list):
            raise NotebookError("not a valid notebook: no list of cells (nbformat 4 or newer)")
        cells = []
        python_kernel = _is_python(parsed.get("metadata"))
        for index, cell in enumerate(parsed["cells"]):
            if not python_kernel or not isinstance(cell, dict) \
                    or cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            if isinstance(source, list) and all(isinstance(s, str) for s in source):
                text = "".join(source)
            elif isinstance(source, str):
                text = source
            else:
                raise NotebookError(f"not a valid notebook: cell {index + 1}'s source is "
                                    "neither a string nor a list of strings")
            converted = _to_python(text)
            if converted is None:
                continue
            python, magics = converted
            cells.append(_Cell(index, text, python, magics,
                               bool(text) and not text.endswith("\n")))
        return cls(raw, parsed, cells, len(parsed["cells"]))

    def locate(self, diagnostics: list[Diagnostic], python: Optional[str] = None
               ) -> list[Diagnostic]:
        """Diagnostics of ``python`` (default: the notebook's own) placed in their cells."""
        rows = self._rows(self.python if python is None else python)

        def position(line: int) -> tuple[int, int]:
            if len(rows) == 1:
                return (self.cells[0].index + 1 if self.cells else 1), 1
            cell, row = rows[max(1, min(line, len(rows) - 1))]
            return cell, max(row, 1)

        located = []
        for diagnostic in diagnostics:
            cell, line = position(diagnostic.line)
            end_cell, end_line = position(diagnostic.end_line)
            end_column = diagnostic.end_column
            if end_cell != cell:  # never past the cell's end
                end_line, end_column = line, diagnostic.column
            located.append(replace(diagnostic, line=line, end_line=end_line,
                                   end_column=end_column, cell=cell))
        return located

    def with_python(self, fixed: str) -> Optional[str]:
        """The notebook's JSON text with the cells as in ``fixed`` (a changed ``python``);
        None when the fixed text cannot be split back into the cells."""
        texts = self.cell_texts(fixed)
        if texts is None:
            return None
        return _rewrite_sources(self.raw, {index: text for index, text in texts.items()
                                           if text != self._text[index]})

    def cell_texts(self, fixed: str) -> Optional[dict[int, str]]:
        """Each code cell's text (by its index in the notebook) as in ``fixed``; None when
        the fixed text cannot be split back into the cells."""
        parts: list[list[str]] = [[]]
        for line in _lines(fixed):
            if line == BOUNDARY:
                parts.append([])
            else:
                parts[-1].append(line)
        if len(parts) != len(self.cells):
            return None
        texts = {}
        for cell, lines in zip(self.cells, parts):
            text = _from_python("".join(lines), cell.magics)
            if text is None:
                return None
            if cell.added_newline and text.endswith("\n"):
                text = text[:-1]
            if not cell.text:  # an empty cell stays empty
                text = text if text.strip() else ""
            texts[cell.index] = text
        return texts

    @property
    def _text(self) -> dict[int, str]:
        return {cell.index: cell.text for cell in self.cells}

    @classmethod
    def from_cells(cls, cells: list[tuple[int, str]], count: int) -> Notebook:
        """A notebook known by its code cells' texts (index in the notebook, text), as an
        editor sends them; it has no JSON to rewrite."""
        kept = []
        for index, text in cells:
            converted = _to_python(text)
            if converted is not None:
                kept.append(_Cell(index, text, converted[0], converted[1],
                                  bool(text) and not text.endswith("\n")))
        return cls("", {}, kept, count)


def _is_python(metadata) -> bool:
    if not isinstance(metadata, dict):
        return True
    for key, field in (("language_info", "name"), ("kernelspec", "language")):
        value = metadata.get(key)
        if isinstance(value, dict) and isinstance(value.get(field), str):
            return value[field].lower() in ("python", "python3", "ipython", "ipython3")
    return True


# --- rewriting the JSON in place -----------------------------------------------------------

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_SCALAR = re.compile(r"[^,\]}\s]+")


def _skip_ws(text: str, pos: int) -> int:
    return _WHITESPACE.match(text, pos).end()  # type: ignore[union-attr]


def _value_end(text: str, pos: int) -> int:
    """Where the JSON value starting at ``pos`` ends."""
    char = text[pos]
    if char == '"':
        return _STRING.match(text, pos).end()  # type: ignore[union-attr]
    if char in "[{":
        closing = "]" if char == "[" else "}"
        pos = _skip_ws(text, pos + 1)
        if text[pos] == closing:
            return pos + 1
        while True:
            if char == "{":
                pos = _skip_ws(text, _value_end(text, pos))  # the key
                pos = _skip_ws(text, pos + 1)  # the colon
            pos = _skip_ws(text, _value_end(text, pos))
            if text[pos] == closing:
                return pos + 1
            pos = _skip_ws(text, pos + 1)  # the comma
    return _SCALAR.match(text, pos).end()  # type: ignore[union-attr]


def _members(text: str, pos: int):
    """(key, value start, value end) of the object at ``pos``."""
    pos = _skip_ws(text, pos + 1)
    while text[pos] != "}":
        key_end = _value_end(text, pos)
        key = json.loads(text[pos:key_end])
        start = _skip_ws(text, _skip_ws(text, key_end) + 1)
        end = _value_end(text, start)
        yield key, start, end
        pos = _skip_ws(text, end)
        if text[pos] == ",":
            pos = _skip_ws(text, pos + 1)


def _items(text: str, pos: int):
    """(start, end) of the items of the array at ``pos``."""
    pos = _skip_ws(text, pos + 1)
    while text[pos] != "]":
        end = _value_end(text, pos)
        yield pos, end
        pos = _skip_ws(text, end)
        if text[pos] == ",":
            pos = _skip_ws(text, pos + 1)


def _rewrite_sources(raw: str, sources: dict[int, str]) -> str:
    """``raw`` with the ``source`` of the cells in ``sources`` replaced, in its layout."""
    if not sources:
        return raw
    ascii_only = not any(ord(c) > 127 for c in raw)
    start = _skip_ws(raw, 0)
    cells = next(s for key, s, _ in _members(raw, start) if key == "cells")
    spans = []
    for index, (cell_start, _) in enumerate(_items(raw, cells)):
        if index in sources:
            for key, value_start, value_end in _members(raw, cell_start):
                if key == "source":
                    spans.append((value_start, value_end, sources[index]))
    out, last = [], 0
    for value_start, value_end, text in spans:
        out.append(raw[last:value_start])
        out.append(_source_json(raw, value_start, value_end, text, ascii_only))
        last = value_end
    out.append(raw[last:])
    return "".join(out)


def _source_json(raw: str, start: int, end: int, text: str, ascii_only: bool) -> str:
    """A cell's new source, written as the old one was (a string, or a list of lines with
    the old list's separators)."""
    def dumped(value: str) -> str:
        return json.dumps(value, ensure_ascii=ascii_only)

    if raw[start] == '"':
        return dumped(text)
    lines = _lines(text)
    if not lines:
        return "[]"
    items = list(_items(raw, start))
    if len(items) >= 2:
        opening = raw[start + 1:items[0][0]]
        separator = raw[items[0][1]:items[1][0]]
        closing = raw[items[-1][1]:end - 1]
    else:  # as nbformat writes it: one item a line, one space deeper than the key
        line_start = raw.rfind("\n", 0, start) + 1
        key_line = raw[line_start:start]
        indent = key_line[:len(key_line) - len(key_line.lstrip(" \t"))]
        step = " " if not items else raw[raw.rfind("\n", 0, items[0][0]) + 1:items[0][0]][
            len(indent):] or " "
        if items and "\n" not in raw[start:items[0][0]]:  # a list on one line
            opening, separator, closing = raw[start + 1:items[0][0]], ", ", raw[items[0][1]:end - 1]
        else:
            opening = "\n" + indent + step
            separator = ",\n" + indent + step
            closing = "\n" + indent
    return "[" + opening + separator.join(dumped(line) for line in lines) + closing + "]"
