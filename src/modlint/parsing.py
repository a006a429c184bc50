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
"""

from __future__ import annotations

import re
import sys
import threading
from contextlib import contextmanager
from typing import Callable, Iterator, Optional, TypeVar

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


def parse_module(source: str) -> cst.Module:
    """Parse, or raise ParseFailure. Call it through ``run_deep`` for deep trees."""
    failure = too_deeply_nested(source)
    if failure is not None:
        raise failure
    try:
        with _nodes_unvalidated():
            return cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        raise ParseFailure(error.message, error.raw_line, error.raw_column,
                           syntax=True) from None


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
    it; nodes built by anything else, before or after, are validated as usual."""
    global _parses_running
    with _validation_lock:
        _parses_running += 1
        cst.CSTNode.__post_init__ = _skip_validation  # type: ignore[method-assign]
    try:
        yield
    finally:
        with _validation_lock:
            _parses_running -= 1
            if _parses_running == 0:
                cst.CSTNode.__post_init__ = _VALIDATE  # type: ignore[method-assign]


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
