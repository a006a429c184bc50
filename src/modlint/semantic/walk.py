"""A read-only traversal of a LibCST tree, several times cheaper than ``node.visit``.

``node.visit(visitor)`` rebuilds the tree as it goes and calls hooks for every node and
attribute, whitespace included: on large files that cost as much as the parse itself. The
model builder only reads, and never looks at whitespace, commas, brackets or operators,
so ``walk`` skips those fields and dispatches only to the hooks a visitor defines, with
LibCST's names and semantics: ``visit_<Node>`` (returning False skips the children),
``leave_<Node>``, ``visit_<Node>_<field>`` and ``leave_<Node>_<field>``.

Children are visited in LibCST's own order, read once per node class from its
``_visit_and_replace_children`` (source order). ``tests/test_walk.py`` checks that the
nodes reached, and their order, are exactly those of ``node.visit`` on real files.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from typing import Any, Callable, Optional

import libcst as cst

# Fields that hold only whitespace, comments, punctuation or operators.
_NOISE_FIELDS = frozenset({
    "leading_lines", "lines_after_decorators", "lpar", "rpar", "lbracket", "rbracket",
    "lbrace", "rbrace", "comma", "semicolon", "trailing_whitespace", "header", "footer",
    "newline", "operator", "equal", "colon", "dot", "relative", "asynchronous",
    "star_tok", "walrus", "arrow", "indent", "default_indent", "default_newline",
    "encoding", "has_trailing_newline",
})
_FIELD_IN_VISIT = re.compile(r"visit_\w+\(\s*self,\s*\"(\w+)\"")


def _child_fields(cls: type) -> tuple[str, ...]:
    """The fields of ``cls`` that may hold code, in LibCST's visiting order."""
    try:
        text = inspect.getsource(cls._visit_and_replace_children)
        order = list(dict.fromkeys(_FIELD_IN_VISIT.findall(text)))
    except (OSError, TypeError):
        order = []
    fields = [f.name for f in dataclasses.fields(cls)]
    order += [name for name in fields if name not in order]
    return tuple(name for name in order if name in fields and name not in _NOISE_FIELDS
                 and not name.startswith("whitespace"))


class _Plan:
    """What to do at one node class for one visitor class."""

    __slots__ = ("fields", "visit", "leave", "field_visit", "field_leave")

    def __init__(self, cls: type, visitor_cls: type) -> None:
        name = cls.__name__
        self.fields = _child_fields(cls)
        self.visit = getattr(visitor_cls, f"visit_{name}", None)
        self.leave = getattr(visitor_cls, f"leave_{name}", None)
        self.field_visit = {f: getattr(visitor_cls, f"visit_{name}_{f}") for f in self.fields
                            if hasattr(visitor_cls, f"visit_{name}_{f}")}
        self.field_leave = {f: getattr(visitor_cls, f"leave_{name}_{f}") for f in self.fields
                            if hasattr(visitor_cls, f"leave_{name}_{f}")}


_PLANS: dict[tuple[type, type], _Plan] = {}
_BASE_HOOKS = {name for name in dir(cst.CSTVisitor) if name.startswith(("visit_", "leave_"))}


def walk(node: cst.CSTNode, visitor: Any) -> None:
    """Visit ``node`` and everything below it with ``visitor``'s hooks, read-only."""
    visitor_cls = type(visitor)
    plans = _PLANS

    def plan_for(cls: type) -> _Plan:
        plan = plans.get((cls, visitor_cls))
        if plan is None:
            plan = plans[(cls, visitor_cls)] = _Plan(cls, visitor_cls)
            # CSTVisitor's own empty hooks do nothing: skip calling them
            if plan.visit is not None and plan.visit.__name__ in _BASE_HOOKS \
                    and plan.visit is getattr(cst.CSTVisitor, plan.visit.__name__, None):
                plan.visit = None
            if plan.leave is not None \
                    and plan.leave is getattr(cst.CSTVisitor, plan.leave.__name__, None):
                plan.leave = None
        return plan

    def go(node: cst.CSTNode) -> None:
        plan = plan_for(type(node))
        if plan.visit is not None and plan.visit(visitor, node) is False:
            if plan.leave is not None:
                plan.leave(visitor, node)
            return
        field_visit, field_leave = plan.field_visit, plan.field_leave
        for name in plan.fields:
            value = getattr(node, name)
            hook: Optional[Callable] = field_visit.get(name) if field_visit else None
            if hook is not None:
                hook(visitor, node)
            if isinstance(value, cst.CSTNode):
                go(value)
            elif isinstance(value, (tuple, list)):
                for child in value:
                    if isinstance(child, cst.CSTNode):
                        go(child)
            hook = field_leave.get(name) if field_leave else None
            if hook is not None:
                hook(visitor, node)
        if plan.leave is not None:
            plan.leave(visitor, node)

    go(node)
