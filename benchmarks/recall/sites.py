"""Injection sites: where a correct idiom is, and the bugged node that replaces it.

One visitor pass over a file collects the sites of every injector, each with the path
from the module down to the node it replaces. A bugged copy of the tree is then built by
copying only the nodes on those paths (every other node is shared with the original), so
injecting costs nothing next to the parse, and the bugged tree's nodes can be compared by
identity with what a rule reports.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

import libcst as cst

# the fields of each node class in LibCST's visiting order (source order), and those
# that hold only whitespace and punctuation
from modlint.semantic.walk import _NOISE_FIELDS as NOISE_FIELDS
from modlint.semantic.walk import _child_fields as child_fields


@dataclass
class Where:
    """What the finder knows of the place a node sits in."""

    top: int  # index of the top-level statement holding the node (the interaction scope)
    classes: tuple[cst.ClassDef, ...]  # enclosing classes, outermost first
    function: Optional[cst.FunctionDef]  # the innermost enclosing function
    method: Optional[cst.FunctionDef]  # that function when it is a method of classes[-1]
    parents: tuple[cst.CSTNode, ...]  # from the module down to the node's parent

    @property
    def cls(self) -> Optional[cst.ClassDef]:
        return self.classes[-1] if self.classes else None

    @property
    def method_name(self) -> Optional[str]:
        return self.method.name.value if self.method is not None else None


@dataclass
class Site:
    """One bug to inject: ``target`` (a node of the original tree) becomes ``replacement``.

    ``expected`` is the node of the original tree whose (possibly copied) subtree must
    hold the report of ``rule``; ``anchor`` is where the site is shown (path:line).
    """

    rule: str
    kind: str  # the injector's name
    target: cst.CSTNode
    replacement: cst.CSTNode
    expected: cst.CSTNode
    anchor: cst.CSTNode
    where: Where
    new_expected: bool = False  # ``expected`` is a node of the bugged code only
    # other nodes of the original the report may sit in (statements a move put first)
    alternatives: tuple[cst.CSTNode, ...] = ()
    path: tuple[cst.CSTNode, ...] = field(default=())  # module ... target's parent
    order: int = 0  # the sites of a file are numbered in source order of their anchors

    @property
    def cls_node(self) -> Optional[cst.ClassDef]:
        return self.where.cls


class Injector:
    """Finds the sites of one bug kind. Subclasses set ``rule``, ``kind``, ``node_types``
    and implement ``sites``; ``doc`` says what the transformation is."""

    rule = ""
    kind = ""
    doc = ""
    node_types: tuple[type, ...] = ()

    def prepare(self, module: cst.Module) -> None:
        """Called with each file before its sites are looked for."""

    def sites(self, node: cst.CSTNode, where: Where) -> Iterable[Site]:
        raise NotImplementedError

    def site(self, target: cst.CSTNode, replacement: cst.CSTNode, where: Where,
             expected: Optional[cst.CSTNode] = None, anchor: Optional[cst.CSTNode] = None,
             new_expected: bool = False) -> Site:
        return Site(self.rule, self.kind, target, replacement,
                    expected if expected is not None else target,
                    anchor if anchor is not None else target, where, new_expected)


class _Finder:
    """A read-only pre-order traversal (in source order) keeping the ancestors of each
    node; LibCST's own ``visit`` rebuilds the tree as it goes, at several times the cost."""

    def __init__(self, injectors: Sequence[Injector]) -> None:
        self.by_type: dict[type, list[Injector]] = {}
        for injector in injectors:
            for node_type in injector.node_types:
                self.by_type.setdefault(node_type, []).append(injector)
        self.classes: list[cst.ClassDef] = []
        self.functions: list[tuple[cst.FunctionDef, bool]] = []  # (def, is a method)
        self.top = -1
        self.found: list[Site] = []
        self.class_top: dict[cst.ClassDef, int] = {}

    def run(self, module: cst.Module) -> None:
        path: list[cst.CSTNode] = []
        todo: list[tuple[cst.CSTNode, bool]] = [(module, False)]
        while todo:
            node, leaving = todo.pop()
            if leaving:
                path.pop()
                self.leave(node)
                continue
            self.enter(node, path)
            path.append(node)
            todo.append((node, True))
            todo.extend((child, False) for child in reversed(_children(node)))

    def enter(self, node: cst.CSTNode, path: list[cst.CSTNode]) -> None:
        if len(path) == 1:  # a top-level statement
            self.top += 1
        injectors = self.by_type.get(type(node))
        if injectors:
            function, is_method = self.functions[-1] if self.functions else (None, False)
            where = Where(self.top, tuple(self.classes), function,
                          function if is_method else None, tuple(path))
            for injector in injectors:
                for site in injector.sites(node, where):
                    site.path = _path_to(site.target, node, where.parents)
                    site.order = len(self.found)
                    self.found.append(site)
        if isinstance(node, cst.ClassDef):
            self.classes.append(node)
            self.class_top[node] = self.top
        elif isinstance(node, cst.FunctionDef):
            parent = path[-1] if path else None
            is_method = bool(self.classes) and self.classes[-1].body is parent
            self.functions.append((node, is_method))

    def leave(self, node: cst.CSTNode) -> None:
        if isinstance(node, cst.ClassDef):
            self.classes.pop()
        elif isinstance(node, cst.FunctionDef):
            self.functions.pop()


def _children(node: cst.CSTNode) -> list[cst.CSTNode]:
    found = []
    for name in child_fields(type(node)):
        if name in NOISE_FIELDS:
            continue
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            found.append(value)
        elif isinstance(value, (tuple, list)):
            found.extend(item for item in value if isinstance(item, cst.CSTNode))
    return found


def _path_to(target: cst.CSTNode, visited: cst.CSTNode,
             parents: tuple[cst.CSTNode, ...]) -> tuple[cst.CSTNode, ...]:
    """The ancestors of ``target``: an injector replaces the visited node itself or one
    of its ancestors."""
    if target is visited:
        return parents
    for index in range(len(parents) - 1, -1, -1):
        if parents[index] is target:
            return parents[:index]
    raise ValueError("an injector's target must be the visited node or an ancestor of it")


def find_sites(module: cst.Module, injectors: Sequence[Injector]
               ) -> tuple[list[Site], dict[cst.ClassDef, int]]:
    """Every site of the injectors, and the top-level statement holding each class."""
    for injector in injectors:
        injector.prepare(module)
    finder = _Finder(injectors)
    finder.run(module)
    return finder.found, finder.class_top


def inject(module: cst.Module, sites: Sequence[Site]) -> tuple[cst.Module, dict]:
    """The module with every site's bug in it, and the map from each original node on the
    way to its copy. The sites' targets must not contain one another."""
    copies: dict[cst.CSTNode, cst.CSTNode] = {}
    depth: dict[cst.CSTNode, int] = {}
    for site in sites:
        copies[site.target] = site.replacement
        for level, ancestor in enumerate(site.path):
            depth[ancestor] = level
    for ancestor in sorted(depth, key=depth.__getitem__, reverse=True):
        copies[ancestor] = _with_children_replaced(ancestor, copies)
    new = copies.get(module, module)
    assert isinstance(new, cst.Module)
    return new, copies


def _with_children_replaced(node: cst.CSTNode, copies: dict) -> cst.CSTNode:
    changes = {}
    for spec in dataclasses.fields(node):
        value = getattr(node, spec.name)
        if isinstance(value, cst.CSTNode):
            if value in copies:
                changes[spec.name] = copies[value]
        elif isinstance(value, (tuple, list)) and any(
                isinstance(item, cst.CSTNode) and item in copies for item in value):
            changes[spec.name] = type(value)(copies.get(item, item) for item in value)
    return node.with_changes(**changes) if changes else node


def subtree_ids(node: cst.CSTNode) -> set[int]:
    """The identities of ``node`` and everything below it."""
    seen: set[int] = set()
    todo = [node]
    while todo:
        current = todo.pop()
        seen.add(id(current))
        for spec in dataclasses.fields(current):
            value = getattr(current, spec.name)
            if isinstance(value, cst.CSTNode):
                todo.append(value)
            elif isinstance(value, (tuple, list)):
                todo.extend(item for item in value if isinstance(item, cst.CSTNode))
    return seen
