"""A read-only traversal of a LibCST tree, several times cheaper than ``node.visit``.

``node.visit(visitor)`` rebuilds the tree as it goes and calls hooks for every node and
attribute, whitespace included: on large files that cost as much as the parse itself. The
model builder only reads, and never looks at whitespace, commas, brackets or operators,
so ``walk`` skips those fields and dispatches only to the hooks a visitor defines, with
LibCST's names and semantics: ``visit_<Node>`` (returning False skips the children),
``leave_<Node>``, ``visit_<Node>_<field>`` and ``leave_<Node>_<field>``.

Children are visited in LibCST's own order, read once per node class from the field
names its ``_visit_and_replace_children`` passes, in order. ``tests/test_walk.py`` checks
that the nodes reached, and their order, are exactly those of ``node.visit`` on real
files.
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Any, Callable, Optional, Union

import libcst as cst

# Fields that hold only whitespace, comments, punctuation or operators.
_NOISE_FIELDS = frozenset({
    "leading_lines", "lines_after_decorators", "lpar", "rpar", "lbracket", "rbracket",
    "lbrace", "rbrace", "comma", "semicolon", "trailing_whitespace", "header", "footer",
    "newline", "operator", "equal", "colon", "dot", "relative", "asynchronous",
    "star_tok", "walrus", "arrow", "indent", "default_indent", "default_newline",
    "encoding", "has_trailing_newline",
})
_SCALARS = (str, bool, int, float, type(None))


def _may_hold_nodes(field: dataclasses.Field) -> bool:
    """False for fields typed as plain values (``Name.value: str``): nothing to visit."""
    kinds = typing.get_args(field.type) or (field.type,)
    return not all(kind in _SCALARS for kind in kinds)


_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(cls: type) -> tuple[str, ...]:
    """The fields of ``cls`` that may hold code, in LibCST's visiting order."""
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = _FIELDS[cls] = _read_child_fields(cls)
    return fields


def _read_child_fields(cls: type) -> tuple[str, ...]:
    fields = [f.name for f in dataclasses.fields(cls) if _may_hold_nodes(f)]
    # _visit_and_replace_children names each field as a string constant
    # (``visit_required(self, "value", ...)``), in the order it visits them
    visit = getattr(cls, "_visit_and_replace_children", None)
    constants = visit.__code__.co_consts if visit is not None else ()
    order = [name for name in dict.fromkeys(c for c in constants if isinstance(c, str))
             if name in fields]
    order += [name for name in fields if name not in order]
    return tuple(name for name in order if name not in _NOISE_FIELDS
                 and not name.startswith("whitespace"))


class _Plan:
    """What to do at one node class for one visitor class."""

    __slots__ = ("fields", "visit", "leave", "field_visit", "field_leave", "inert")

    def __init__(self, cls: type, visitor_cls: type) -> None:
        name = cls.__name__
        self.fields = _child_fields(cls)
        self.visit = _own_hook(visitor_cls, f"visit_{name}")
        self.leave = _own_hook(visitor_cls, f"leave_{name}")
        self.field_visit = {field: hook for field in self.fields
                            if (hook := _own_hook(visitor_cls, f"visit_{name}_{field}"))}
        self.field_leave = {field: hook for field in self.fields
                            if (hook := _own_hook(visitor_cls, f"leave_{name}_{field}"))}
        # nothing to call and nothing below (a Name for most visitors): not even entered
        self.inert = not self.fields and self.visit is None and self.leave is None


class _Marker:
    """The plan of a value that is no node: a sequence to go through, or anything else."""

    __slots__ = ("inert",)

    def __init__(self, inert: bool) -> None:
        self.inert = inert


_SEQUENCE, _OTHER = _Marker(False), _Marker(True)


def _own_hook(visitor_cls: type, name: str) -> Optional[Callable]:
    """The hook ``visitor_cls`` defines, or None: CSTVisitor's own do nothing."""
    hook = getattr(visitor_cls, name, None)
    return None if hook is getattr(cst.CSTVisitor, name, None) else hook


# visitor class -> value type -> its plan. One dict lookup per value: isinstance against
# CSTNode, an ABC, is several times slower.
_PLANS: dict[type, dict[type, Union[_Plan, _Marker]]] = {}


def _plan_of(plans: dict, cls: type, visitor_cls: type) -> Union[_Plan, _Marker]:
    plan: Union[_Plan, _Marker]
    if issubclass(cls, cst.CSTNode):
        plan = _Plan(cls, visitor_cls)
    else:
        plan = _SEQUENCE if issubclass(cls, (tuple, list)) else _OTHER
    plans[cls] = plan
    return plan


def walk(node: cst.CSTNode, visitor: Any) -> None:
    """Visit ``node`` and everything below it with ``visitor``'s hooks, read-only."""
    visitor_cls = type(visitor)
    plans = _PLANS.setdefault(visitor_cls, {})

    def go(node: cst.CSTNode, plan: _Plan) -> None:
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
            inner = plans.get(type(value)) or _plan_of(plans, type(value), visitor_cls)
            if inner is _SEQUENCE:
                for child in value:
                    plan_of_child = (plans.get(type(child))
                                     or _plan_of(plans, type(child), visitor_cls))
                    if not plan_of_child.inert:
                        go(child, plan_of_child)  # type: ignore[arg-type]
            elif not inner.inert:
                go(value, inner)  # type: ignore[arg-type]
            hook = field_leave.get(name) if field_leave else None
            if hook is not None:
                hook(visitor, node)
        if plan.leave is not None:
            plan.leave(visitor, node)

    start = plans.get(type(node)) or _plan_of(plans, type(node), visitor_cls)
    if not start.inert:
        go(node, start)  # type: ignore[arg-type]


def any_node(node: cst.CSTNode, predicate: Callable[[cst.CSTNode], bool]) -> bool:
    """Whether ``node`` or a node below it (not counting whitespace and punctuation)
    satisfies ``predicate``; read-only, and stops at the first."""
    kinds = _KINDS
    stack = [node]
    while stack:
        current = stack.pop()
        if predicate(current):
            return True
        for name in _child_fields(type(current)):
            value = getattr(current, name)
            kind = kinds.get(type(value))
            if kind is None:
                kind = _kind(type(value))
            if kind == 1:
                stack.append(value)
            elif kind == 2:
                for child in value:
                    child_kind = kinds.get(type(child))
                    if child_kind == 1 or (child_kind is None and _kind(type(child)) == 1):
                        stack.append(child)
    return False


def children_of(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The nodes directly below ``node``, in LibCST's order, without whitespace and
    punctuation: ``node.children`` without the cost of a visit that rebuilds the node."""
    found: list[cst.CSTNode] = []
    for name in _child_fields(type(node)):
        value = getattr(node, name)
        kind = _value_kind(value)
        if kind == 1:
            found.append(value)
        elif kind == 2:
            found.extend(child for child in value if _value_kind(child) == 1)
    return found


def path_to(root: cst.CSTNode, target: cst.CSTNode) -> Optional[list[cst.CSTNode]]:
    """The nodes from ``root`` down to ``target``, both included, or None when ``target``
    is not below ``root``; read-only, and stops when it is found."""
    stack: list[tuple[cst.CSTNode, int]] = [(root, 0)]
    path: list[cst.CSTNode] = []
    while stack:
        current, depth = stack.pop()
        del path[depth:]
        path.append(current)
        if current is target:
            return path
        for name in _child_fields(type(current)):
            value = getattr(current, name)
            kind = _value_kind(value)
            if kind == 1:
                stack.append((value, depth + 1))
            elif kind == 2:
                stack.extend((child, depth + 1) for child in value if _value_kind(child) == 1)
    return None


# What a value is, by its type: 1 a node, 2 a sequence, 0 neither.
_KINDS: dict[type, int] = {}


def _kind(cls: type) -> int:
    kind = _KINDS[cls] = (1 if issubclass(cls, cst.CSTNode)
                          else 2 if issubclass(cls, (tuple, list)) else 0)
    return kind


def _value_kind(value: object) -> int:
    kind = _KINDS.get(type(value))
    return _kind(type(value)) if kind is None else kind
