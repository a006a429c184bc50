"""Facts about the paths through a function body, for rules that ask "on every path"."""

from __future__ import annotations

from typing import Collection, Optional, Sequence

import libcst as cst

from modlint.semantic.imports import dotted
from modlint.semantic.walk import walk


def always_reaches(body: cst.BaseSuite, statements: Collection[int]) -> bool:
    """Whether every path through ``body`` reaches one of ``statements`` (ids) or raises."""
    if isinstance(body, cst.SimpleStatementSuite):
        return id(body) in statements or any(isinstance(s, cst.Raise) for s in body.body)
    return _always_stmts(body.body, statements)


def always_raises(body: cst.BaseSuite) -> bool:
    """Whether every path through ``body`` ends in a ``raise``."""
    return always_reaches(body, ())


def _always_stmts(stmts: Sequence[cst.BaseStatement], statements: Collection[int]) -> bool:
    for stmt in stmts:
        if isinstance(stmt, cst.SimpleStatementLine):
            if id(stmt) in statements or any(isinstance(s, cst.Raise) for s in stmt.body):
                return True
            if any(isinstance(s, cst.Return) for s in stmt.body):
                return False
        elif isinstance(stmt, cst.If):
            if always_reaches(stmt.body, statements) \
                    and _else_always(stmt.orelse, statements):
                return True
        elif isinstance(stmt, cst.Try):
            if always_reaches(stmt.body, statements) or (
                    stmt.finalbody is not None
                    and always_reaches(stmt.finalbody.body, statements)):
                return True
        elif isinstance(stmt, cst.With):
            if always_reaches(stmt.body, statements):
                return True
    return False


def _else_always(orelse: Optional[cst.CSTNode], statements: Collection[int]) -> bool:
    if orelse is None:
        return False
    if isinstance(orelse, cst.If):
        return always_reaches(orelse.body, statements) \
            and _else_always(orelse.orelse, statements)
    return always_reaches(orelse.body, statements)


def lines_calling(body: cst.BaseSuite, receiver: str, methods: Collection[str]) -> set[int]:
    """ids of the statement lines of ``body`` that call ``<receiver>.<method>(...)`` for one
    of ``methods`` (nested functions included), for ``always_reaches``. A call in a
    compound statement's header counts for the last line before it."""
    finder = _LinesCalling(receiver, methods)
    walk(body, finder)
    return finder.lines


class _LinesCalling:
    def __init__(self, receiver: str, methods: Collection[str]) -> None:
        self.receiver = receiver
        self.methods = methods
        self.lines: set[int] = set()
        self.current: Optional[cst.SimpleStatementLine] = None

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self.current = node

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in self.methods \
                and dotted(func.value) == self.receiver and self.current is not None:
            self.lines.add(id(self.current))
