"""The names code reads and the names statements bind, asked on demand.

A fix that moves code (a value into a later call, a call above earlier statements) must
not move it past a statement that changes what it reads; these answer both sides.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Optional, Union

import libcst as cst

from modlint.semantic.imports import dotted
from modlint.semantic.walk import any_node, children_of, walk


def identifiers(node: cst.CSTNode) -> set[str]:
    """Every name spelled in ``node``: variables, but also attribute names and argument
    keywords (``self.fc(x=y)`` gives ``self``, ``fc``, ``x`` and ``y``)."""
    found = _Identifiers()
    walk(node, found)
    return found.names


def dotted_names(node: cst.CSTNode) -> set[str]:
    """Every attribute chain on a name in ``node``, spelled out (``self.fc.weight`` gives
    ``self.fc.weight`` and ``self.fc``)."""
    found = _DottedNames()
    walk(node, found)
    return found.names


def names_read(node: cst.CSTNode) -> set[str]:
    """What ``node`` may read: its identifiers and its dotted names."""
    return identifiers(node) | dotted_names(node)


def mentions(node: cst.CSTNode, name: str) -> bool:
    """Whether ``name`` is spelled anywhere in ``node``."""
    return any_node(node, lambda n: type(n) is cst.Name and n.value == name)


def names_written(nodes: Union[cst.CSTNode, Iterable[cst.CSTNode]]) -> set[str]:
    """The names and dotted names the statements (re)bind anywhere in them: targets of
    assignments, ``for`` loops, ``as`` clauses, ``:=`` and ``del`` (each element of an
    unpacking), imported names, and the names of functions and classes defined."""
    found = _Written()
    for node in [nodes] if isinstance(nodes, cst.CSTNode) else nodes:
        walk(node, found)
    return found.names


class _Identifiers:
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)


class _DottedNames:
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        name = dotted(node)
        if name is not None:
            self.names.add(name)


class _Written:
    def __init__(self) -> None:
        self.names: set[str] = set()

    def _target(self, node: cst.BaseExpression) -> None:
        if isinstance(node, (cst.Name, cst.Attribute)):
            name = dotted(node)
            if name is not None:
                self.names.add(name)
        elif isinstance(node, (cst.Tuple, cst.List)):
            for element in node.elements:
                self._target(element.value)
        elif isinstance(node, cst.StarredElement):
            self._target(node.value)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._target(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._target(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._target(node.target)

    def visit_For(self, node: cst.For) -> None:
        self._target(node.target)

    def visit_AsName(self, node: cst.AsName) -> None:
        self._target(node.name)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._target(node.target)

    def visit_Del(self, node: cst.Del) -> None:
        self._target(node.target)

    def visit_ImportAlias(self, node: cst.ImportAlias) -> None:
        if node.asname is None:  # `import a.b` binds `a`; an `as` name is an AsName
            name = dotted(node.name)
            if name is not None:
                self.names.add(name.split(".")[0])

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.names.add(node.name.value)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.names.add(node.name.value)


def own_statements(function: cst.FunctionDef) -> Iterator[cst.CSTNode]:
    """The statements of a function's own body, nested blocks included, not those of
    functions or classes defined in it."""
    stack: list[cst.CSTNode] = [function.body]
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda,
                                 cst.BaseExpression)):
            stack.extend(reversed(children_of(node)))


def returned_values(function: cst.FunctionDef) -> list[Optional[cst.BaseExpression]]:
    """The values of the function's own ``return`` statements (not of nested functions);
    None for a bare ``return``."""
    return [node.value for node in own_statements(function) if isinstance(node, cst.Return)]


def assigned_values(function: cst.FunctionDef, added: bool = False
                    ) -> dict[str, list[cst.BaseExpression]]:
    """``name = value`` statements of the function's own body (not of nested functions),
    in source order, by name: the local names of a function no class holds. An annotated
    assignment counts; with ``added``, so does ``name += value`` (``layers += [...]``: the
    value added, which keeps a list a list)."""
    found: dict[str, list[cst.BaseExpression]] = {}
    for node in own_statements(function):
        if isinstance(node, (cst.AnnAssign, cst.AugAssign)) \
                and isinstance(node.target, cst.Name) and node.value is not None \
                and (isinstance(node, cst.AnnAssign)
                     or (added and isinstance(node.operator, cst.AddAssign))):
            found.setdefault(node.target.value, []).append(node.value)
        elif isinstance(node, cst.Assign):
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    found.setdefault(target.target.value, []).append(node.value)
                elif isinstance(target.target, (cst.Tuple, cst.List)):  # `a, b = [], []`
                    for element, value in zip(target.target.elements,
                                              paired_values(target.target, node.value)):
                        if isinstance(element.value, cst.Name) and value is not None:
                            found.setdefault(element.value.value, []).append(value)
    return found


def paired_values(target: Union[cst.Tuple, cst.List],
                  value: Optional[cst.BaseExpression]) -> list[Optional[cst.BaseExpression]]:
    """The value each element of a tuple target receives, when the value is a tuple
    display of the same length without starred elements; None where unknown."""
    unknown: list[Optional[cst.BaseExpression]] = [None] * len(target.elements)
    if not isinstance(value, (cst.Tuple, cst.List)) \
            or len(value.elements) != len(target.elements) \
            or any(isinstance(e, cst.StarredElement) for e in value.elements) \
            or any(isinstance(e, cst.StarredElement) for e in target.elements):
        return unknown
    return [e.value for e in value.elements]
