"""Parsing any text without crashing: nesting limits and a deep stack for deep trees.

LibCST's parser and its visitors recurse once (or several times) per nesting level. On
deeply nested code that means a RecursionError at Python's default limit (about 200
nested brackets are enough), and past a few thousand levels a crash of the interpreter
itself (C stack overflow), which no ``except`` can catch. So:

- brackets nested deeper than Python allows (200, its tokenizer's limit) are refused
  before parsing, with Python's own message (this also bounds the parser's time and
  memory, which grow quadratically with nesting);
- the work on a file runs in a thread with a large stack and a raised recursion limit,
  so that any other deep tree ends in a RecursionError long before the C stack is at
  risk; the caller turns that into a MOD000 diagnostic.

Before any of that, ``check_with_python`` compiles the text with CPython (a few percent
of LibCST's parse, and linear where LibCST's parser is quadratic): what CPython refuses
for its own limits (recursion in its parser or compiler, nesting, indentation) is refused
at once, and a file CPython compiles is never reported as a syntax error. Where LibCST
cannot read such a file (indentation that mixes tabs and spaces in a way CPython
accepts), ``expand_tabs`` gives it a copy with the indentation in spaces, and a
``TabMap`` takes positions and fixes back to the original text.
"""

from __future__ import annotations

import bisect
import gc
import re
import sys
import threading
import warnings
from contextlib import contextmanager
from typing import Callable, Iterator, Optional, Sequence, TypeVar

import libcst as cst

MAX_BRACKET_DEPTH = 200  # CPython's tokenizer refuses more ("too many nested parentheses")
MAX_UNARY_CHAIN = 1000  # `- - - x`, `not not x`: CPython's compiler gives up a little further
STACK_SIZE = 512 * 1024 * 1024  # reserved address space, touched only as deep as needed
RECURSION_LIMIT = 40_000  # frames; leaves > 10 KiB of stack per frame

# Strings and comments (skipped), one bracket, or a long run of unary operators.
# String prefixes need not be matched: a quote starts a string wherever it is.
_NESTING = re.compile(r'''
    \#[^\r\n]*
  | """(?:\\.|[^\\])*?(?:"""|\Z) | \'\'\'(?:\\.|[^\\])*?(?:\'\'\'|\Z)
  | "(?:\\.|[^"\\\r\n])*"? | '(?:\\.|[^'\\\r\n])*'?
  | (?P<open>[(\[{]) | (?P<close>[)\]}])
  | (?P<chain>(?:[-+~]\s*|\bnot\b\s*){%d,})
''' % MAX_UNARY_CHAIN, re.VERBOSE | re.DOTALL)
# A hint of such a chain, split by its first operator: a pattern that starts with a
# character class or a literal is searched for far faster than one that starts with \b.
_CHAIN_HINTS = [re.compile(first + r"\s*(?:(?:[-+~]|not\b)\s*){%d}" % (MAX_UNARY_CHAIN - 1))
                for first in (r"[-+~]", r"not\b")]
# Strings, comments and runs of anything but brackets: what the quick depth bound drops.
_NOT_BRACKETS = re.compile(r'''
    \#[^\r\n]*
  | """(?:\\.|[^\\])*?(?:"""|\Z) | \'\'\'(?:\\.|[^\\])*?(?:\'\'\'|\Z)
  | "(?:\\.|[^"\\\r\n])*"? | '(?:\\.|[^'\\\r\n])*'?
  | [^()\[\]{}\#"']+
''', re.VERBOSE | re.DOTALL)
_ONE_KIND = str.maketrans("[{]}", "(())")


class ParseFailure(Exception):
    """The text is not Python that modlint can analyse; becomes a MOD000 diagnostic."""

    def __init__(self, message: str, line: int = 1, column: int = 0,
                 syntax: bool = False) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column
        self.syntax = syntax  # a syntax error (reworded as Python's), not a limit


# CPython's SyntaxErrors that are limits of its tokenizer, parser or compiler rather than
# of the grammar (LibCST has none of them, so it cannot be left to decide).
_PYTHON_LIMITS = re.compile(r"too many|nested too deeply|too complex|stack overflow")


def check_with_python(source: str) -> Optional[SyntaxError]:
    """Compile ``source`` with CPython: None when it compiles, its SyntaxError when it
    does not for a reason of grammar (possibly syntax newer than this interpreter, which
    LibCST then decides). Raises ParseFailure, to be reported at once, when CPython
    refuses the file for one of its limits: recursion in its parser or compiler (long
    chains of binary operators, attributes or calls, deep conditional expressions),
    nesting, indentation, null bytes.

    A full compile rather than ``PyCF_ONLY_AST``: it reaches the compiler's own limits,
    and it is cheaper (no Python objects are made for the tree). Call it on a thread with
    the default stack and recursion limit, not inside ``run_deep``: the limits checked
    are the interpreter's as it runs by default.
    """
    try:
        with warnings.catch_warnings():  # invalid escapes and the like: not ours to report
            warnings.simplefilter("ignore")
            compile(source, "<file>", "exec", dont_inherit=True)
    except SyntaxError as error:
        message = str(error.msg)
        if _PYTHON_LIMITS.search(message):
            column = max((error.offset or 1) - 1, 0)
            raise ParseFailure(f"syntax error: {message} (a limit of Python itself)",
                               error.lineno or 1, column) from None
        return error
    except RecursionError as error:
        raise ParseFailure(f"too deeply nested: Python refuses to compile it ({error}); "
                           f"a long chain of operators, attributes or calls, or deep "
                           f"nesting") from None
    except MemoryError:
        raise ParseFailure("too deeply nested or too large: Python's own parser gives up "
                           "on it (out of memory)") from None
    except ValueError as error:  # null bytes
        raise ParseFailure(f"syntax error: {error}") from None
    return None


_TAB_INDENTED = re.compile(r"^[ ]*\t[ \t]*(?=[^ \t\f\r\n])", re.MULTILINE)


class TabMap:
    """Positions and offsets of a tab-expanded copy (``expand_tabs``) taken back to the
    original text. Only the indentation of some lines differs; a column or offset inside
    such an indentation has no exact original."""

    def __init__(self, source: str) -> None:
        pieces, position = [], 0
        self.lines: dict[int, tuple[int, int]] = {}  # line -> (original, new) indent length
        self._starts: list[int] = []  # offsets, in the copy, of the changed lines
        self._shifts: list[tuple[int, int]] = []  # (new indent length, shift after it)
        shift = 0
        line, line_offset = 1, 0
        for match in _TAB_INDENTED.finditer(source):
            start, indent = match.start(), match.group()
            line += source.count("\n", line_offset, start)
            line_offset = start
            column = 0
            for char in indent:
                column = column + 1 if char == " " else (column // 8 + 1) * 8
            pieces.append(source[position:start])
            pieces.append(" " * column)
            position = match.end()
            self.lines[line] = (len(indent), column)
            self._starts.append(start + shift)
            shift += column - len(indent)
            self._shifts.append((column, shift))
        pieces.append(source[position:])
        self.text = "".join(pieces)

    @property
    def changed(self) -> bool:
        return bool(self.lines)

    def column(self, line: int, column: int) -> int:
        """A column of the copy on the original line (the end of the indentation for a
        column inside it)."""
        if line not in self.lines:
            return column
        original, new = self.lines[line]
        return column - new + original if column >= new else min(column, original)

    def offset(self, offset: int) -> Optional[int]:
        """An offset of the copy in the original text; None inside changed indentation
        (but at the very start of its line)."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0:
            return offset
        new_indent, shift = self._shifts[index]
        start = self._starts[index]
        if offset == start:
            return offset - (self._shifts[index - 1][1] if index else 0)
        if offset < start + new_indent:
            return None
        return offset - shift


def expand_tabs(source: str) -> Optional[TabMap]:
    """A copy of ``source`` with every indentation holding a tab written in spaces (tab
    stops every 8 columns, as CPython counts), or None when no indentation holds a tab.
    For files CPython reads but LibCST cannot: CPython accepts an indentation that grows
    from a tab to twelve spaces, LibCST's tokenizer does not."""
    if "\t" not in source:
        return None
    expanded = TabMap(source)
    return expanded if expanded.changed else None


def too_deeply_nested(source: str) -> Optional[ParseFailure]:
    """Brackets or unary operators nested deeper than Python allows, or None."""
    if not _may_nest_too_deep(source) and not any(hint.search(source) for hint in _CHAIN_HINTS):
        return None
    return scan_nesting(source)


def scan_nesting(source: str) -> Optional[ParseFailure]:
    """The exact scan behind ``too_deeply_nested``, token by token."""
    depth = 0
    for match in _NESTING.finditer(source):
        if match.group("open"):
            depth += 1
            if depth > MAX_BRACKET_DEPTH:
                return _failure_at(source, match.start(), (
                    f"syntax error: too many nested parentheses (more than "
                    f"{MAX_BRACKET_DEPTH} levels, as Python allows)"))
        elif match.group("close"):
            depth = max(depth - 1, 0)
        elif match.group("chain"):
            return _failure_at(source, match.start(), (
                f"too deeply nested to analyse (more than {MAX_UNARY_CHAIN} unary "
                f"operators in a row)"))
    return None


def _may_nest_too_deep(source: str) -> bool:
    """A quick upper bound on the bracket depth, without a Python-level loop over the
    text: removing every innermost ``()`` pair once per level leaves only the brackets
    that are never closed, which add to the depth."""
    if sum(source.count(c) for c in "([{") <= MAX_BRACKET_DEPTH:
        return False
    brackets = _NOT_BRACKETS.sub("", source).translate(_ONE_KIND)
    height = 0
    while "()" in brackets:
        height += 1
        if height > MAX_BRACKET_DEPTH:
            return True
        brackets = brackets.replace("()", "")
    return height + brackets.count("(") > MAX_BRACKET_DEPTH


def _failure_at(source: str, offset: int, message: str) -> ParseFailure:
    line_start = source.rfind("\n", 0, offset) + 1
    return ParseFailure(message, source.count("\n", 0, offset) + 1, offset - line_start)


def parse_module(source: str, check_nesting: bool = True) -> cst.Module:
    """Parse, or raise ParseFailure. Call it through ``run_deep`` for deep trees.
    ``check_nesting=False`` for a text CPython compiles: its own limits bound the
    nesting already (2,000 unary operators pass there, and LibCST reads them)."""
    failure = too_deeply_nested(source) if check_nesting else None
    if failure is not None:
        raise failure
    try:
        with _nodes_unvalidated():
            module = _parse_in_pieces(source, PIECE_SIZE) if len(source) > PIECE_SIZE else None
            return module if module is not None else cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        raise ParseFailure(error.message, error.raw_line, error.raw_column,
                           syntax=True) from None


# LibCST's parser needs about 500 bytes per byte of text while it runs (tokens, its memo
# tables), ten times the tree it returns: a large file is parsed in pieces of about this
# many characters, so that only one piece's worth is held at a time.
PIECE_SIZE = 128 * 1024
# Where a piece may start: a line at column 0 that could begin a statement (not blank, a
# comment, a closing bracket or a clause such as `else:`), after only empty lines and a
# line that does not end in whitespace or ask for a continuation (LibCST drops blank
# lines holding spaces at the end of a text, so a piece must not end with one).
_PIECE_START = re.compile(r"[^\s\\,(\[{:](?:\r?\n)+"
                          r"(?=[^\s#)\]}])(?!(?:else|elif|except|finally)\b)")
PIECE_TRIES = 4  # cuts tried for one piece (the first may fall in a string or brackets)


def _parse_in_pieces(source: str, size: int) -> Optional[cst.Module]:
    """The tree LibCST makes of ``source``, made of pieces parsed one at a time; None
    when no piece could be cut off (every cut tried fell inside a string, brackets or a
    compound statement: the whole text is parsed then).

    A piece after the first is parsed behind a statement that sets LibCST's defaults as
    the whole text does (its first newline; the indentation of its first block, once a
    piece had one), and that statement is dropped; the blank lines and comments that end
    a piece (its module footer) become the leading lines of the next piece's first
    statement, where the parse of the whole text puts them.
    """
    body: list[cst.BaseStatement] = []
    first: Optional[cst.Module] = None
    piece: Optional[cst.Module] = None
    indent: Optional[str] = None  # the whole text's, once a piece had a block
    footer: Sequence[cst.EmptyLine] = ()  # of the piece before
    start = 0
    while start < len(source):
        opening = ""
        if first is not None:
            newline = first.default_newline
            opening = f"if 1:{newline}{indent}pass{newline}" if indent else f"pass{newline}"
        found = _cut_piece(source, start, size, opening)
        if found is None:
            return None
        end, piece = found
        statements = list(piece.body if first is None else piece.body[1:])
        if first is None:
            first = piece
        elif footer:
            statements[0] = statements[0].with_changes(
                leading_lines=(*footer, *statements[0].leading_lines))
        if indent is None and any(map(_holds_block, statements)):
            indent = piece.default_indent
        body.extend(statements)
        footer, start = piece.footer, end
    if first is None or piece is first:
        return None  # one piece: the whole text
    return first.with_changes(body=body, footer=piece.footer,
                              default_indent=indent or first.default_indent,
                              has_trailing_newline=piece.has_trailing_newline)


def _cut_piece(source: str, start: int, size: int,
               opening: str) -> Optional[tuple[int, cst.Module]]:
    """The next piece from ``start``: where it ends, its parse (``opening`` first); None
    when no cut tried gives a piece that parses and holds a statement."""
    position = start + size
    for _ in range(PIECE_TRIES):
        match = _PIECE_START.search(source, position) if position < len(source) else None
        end = match.end() if match is not None else len(source)
        try:
            piece = cst.parse_module(opening + source[start:end])
            if len(piece.body) > bool(opening):  # a statement besides the opening
                return end, piece
        except cst.ParserSyntaxError:
            pass
        if match is None:
            return None
        position = end
    return None


def _holds_block(node: cst.CSTNode) -> bool:
    """Whether a statement holds an indented block: the first of a text sets LibCST's
    ``default_indent``, by which every other block's indentation is written."""
    if isinstance(node, (cst.IndentedBlock, cst.Match)):
        return True
    if isinstance(node, (cst.SimpleStatementLine, cst.SimpleStatementSuite,
                         cst.BaseExpression)):
        return False
    return any(_holds_block(child) for child in node.children)


class NotAnalysable(Exception):
    """A file CPython compiles that modlint cannot analyse (LibCST cannot read it, or it
    is too deep for the analysis): no syntax error, and no finding either."""


def parse_for_analysis(source: str, compiles: bool) -> tuple[cst.Module, Optional[TabMap]]:
    """Parse ``source``; ``compiles``: whether CPython compiles it (``check_with_python``).

    Returns the tree and, when it is the tree of a tab-expanded copy, the ``TabMap`` back
    to ``source``. Raises ParseFailure (a MOD000) only for a file CPython does not
    compile; NotAnalysable for one it does.
    """
    try:
        return parse_module(source, not compiles), None
    except ParseFailure as failure:
        if not compiles:
            raise
        expanded = expand_tabs(source) if failure.syntax else None
        if expanded is not None:
            try:
                return parse_module(expanded.text, False), expanded
            except ParseFailure:
                pass
        if failure.syntax:
            raise NotAnalysable(f"LibCST cannot parse this file, which Python compiles "
                                f"({' '.join(failure.message.split())})") from None
        raise NotAnalysable(failure.message) from None


_validation_lock = threading.Lock()
_parses_running = 0
_VALIDATE = cst.CSTNode.__post_init__


def _skip_validation(node: cst.CSTNode) -> None:
    pass


@contextmanager
def _nodes_unvalidated() -> Iterator[None]:
    """LibCST validates every node as it is built (``CSTNode.__post_init__``), repeating
    checks its parser has already made: a tenth of the parse time, which LibCST's own
    comment there suggests avoiding when parsing a file. While a parse runs, nodes skip
    it; nodes built by anything else, before or after, are validated as usual. The
    cyclic garbage collector is off meanwhile."""
    global _parses_running, _collecting
    with _validation_lock:
        if _parses_running == 0:
            _collecting = gc.isenabled()
            gc.disable()  # see below
        _parses_running += 1
        cst.CSTNode.__post_init__ = _skip_validation  # type: ignore[method-assign]
    try:
        yield
    finally:
        with _validation_lock:
            _parses_running -= 1
            if _parses_running == 0:
                cst.CSTNode.__post_init__ = _VALIDATE  # type: ignore[method-assign]
                if _collecting:
                    gc.enable()


# The parse makes millions of objects and no garbage (a tree has no cycles): the cyclic
# garbage collector, run meanwhile every few hundred allocations, only traverses the
# growing tree again and again (a third of the parse time on large files).
_collecting = True


T = TypeVar("T")
_limit_lock = threading.Lock()
_deep_calls = 0
_saved_limit = 0


def run_deep(function: Callable[..., T], *args: object) -> T:
    """``function(*args)`` in a thread with a large stack and a raised recursion limit.

    Exceptions propagate to the caller. The recursion limit is process-wide in Python,
    so it is raised while any such call runs and restored after the last one.
    """
    outcome: list = []

    def target() -> None:
        try:
            outcome.append((True, function(*args)))
        except BaseException as error:  # handed to the calling thread
            outcome.append((False, error))

    _raise_limit()
    try:
        with _limit_lock:
            previous_stack = threading.stack_size(STACK_SIZE)
            try:
                thread = threading.Thread(target=target, name="modlint-deep", daemon=True)
                thread.start()
            finally:
                threading.stack_size(previous_stack)
        thread.join()
    finally:
        _restore_limit()
    ok, value = outcome[0]
    if ok:
        return value
    raise value


def _raise_limit() -> None:
    global _deep_calls, _saved_limit
    with _limit_lock:
        if _deep_calls == 0:
            _saved_limit = sys.getrecursionlimit()
            sys.setrecursionlimit(max(_saved_limit, RECURSION_LIMIT))
        _deep_calls += 1


def _restore_limit() -> None:
    global _deep_calls
    with _limit_lock:
        _deep_calls -= 1
        if _deep_calls == 0:
            sys.setrecursionlimit(_saved_limit)
