"""Reading a call's arguments, and what an expression mentions."""

from __future__ import annotations

from typing import Callable, Optional

import libcst as cst

from modlint.semantic.walk import any_node


def has_star_args(call: cst.Call) -> bool:
    """``f(*args)`` / ``f(**kwargs)``: which parameter gets what is unknown."""
    return any(arg.star for arg in call.args)


def argument(call: cst.Call, name: str, position: int) -> Optional[cst.Arg]:
    """The argument bound to parameter ``name`` (0-based ``position``), if given."""
    positional = 0
    for arg in call.args:
        if arg.keyword is not None:
            if arg.keyword.value == name:
                return arg
        elif not arg.star:
            if positional == position:
                return arg
            positional += 1
    return None


def is_zero(node: cst.BaseExpression) -> bool:
    """The literal ``0`` or ``0.0``."""
    if isinstance(node, cst.Integer):
        return node.evaluated_value == 0
    if isinstance(node, cst.Float):
        return node.evaluated_value == 0.0
    return False


def mentions(node: cst.CSTNode, predicate: Callable[[cst.CSTNode], bool]) -> bool:
    """Whether ``node`` or any node inside it satisfies ``predicate``."""
    return any_node(node, predicate)


def is_training_flag(node: cst.CSTNode) -> bool:
    """``self.training``, ``model.training`` or a name ``training``."""
    if isinstance(node, cst.Attribute):
        return node.attr.value == "training"
    return isinstance(node, cst.Name) and node.value == "training"


def early_exits(function: cst.FunctionDef) -> list[cst.If]:
    """Top-level ``if`` statements of a function whose body ends in ``return``/``raise``
    (``if not self.training: return x``): code after them runs only when the test fails."""
    found = []
    body = function.body
    if not isinstance(body, cst.IndentedBlock):
        return found
    for stmt in body.body:
        if not isinstance(stmt, cst.If) or not isinstance(stmt.body, cst.IndentedBlock):
            continue
        last = stmt.body.body[-1] if stmt.body.body else None
        if isinstance(last, cst.SimpleStatementLine) and isinstance(
                last.body[-1], (cst.Return, cst.Raise)):
            found.append(stmt)
    return found
