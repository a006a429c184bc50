"""Whole-project class resolution: bases imported from other linted files.

A light first pass reads each file with Python's own (C) parser, keeping only imports and
class definitions. From those it decides which classes of the project are nn.Module
subclasses, following imports, re-exports in ``__init__.py`` and chains across files, and
tells each file which of the base names *as that file spells them* are modules. The
semantic model then treats them like ``extend-module-bases``. Nothing is imported or run.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field
from typing import Iterable, Optional

from modlint.semantic import torch_api


def module_name(path: str) -> tuple[str, bool]:
    """The dotted module name of a file, from the packages (folders with __init__.py)
    around it; and whether the file is a package's ``__init__``."""
    path = os.path.abspath(path)
    folder, filename = os.path.split(path)
    stem = filename.rsplit(".", 1)[0]
    is_package = stem == "__init__"
    parts = [] if is_package else [stem]
    while os.path.isfile(os.path.join(folder, "__init__.py")):
        folder, name = os.path.split(folder)
        parts.append(name)
        if not name:
            break
    return ".".join(reversed(parts)), is_package


def _dotted(node: ast.expr) -> Optional[str]:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


@dataclass
class _FileFacts:
    module: str
    package: str  # what a single leading dot refers to
    names: dict[str, str] = field(default_factory=dict)  # local name -> spelled target
    classes: dict[str, list[str]] = field(default_factory=dict)  # class -> spelled bases


def _read(path: str) -> Optional[_FileFacts]:
    try:
        with open(path, "rb") as handle:
            tree = ast.parse(handle.read(), path)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None  # reported by the lint itself
    module, is_package = module_name(path)
    package = module if is_package else module.rpartition(".")[0]
    facts = _FileFacts(module, package)
    for node in _top_level(tree.body):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    facts.names[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    facts.names[top] = top
        elif isinstance(node, ast.ImportFrom):
            source = "." * node.level + (node.module or "")
            sep = "" if source.endswith(".") else "."
            for alias in node.names:
                if alias.name != "*":
                    facts.names[alias.asname or alias.name] = f"{source}{sep}{alias.name}"
        elif isinstance(node, ast.ClassDef):
            bases = []
            for base in node.bases:
                if isinstance(base, ast.Subscript):
                    base = base.value
                name = _dotted(base)
                if name is not None:
                    bases.append(name)
            facts.classes[node.name] = bases
            facts.names.pop(node.name, None)
    return facts


def _top_level(body: list[ast.stmt]) -> Iterable[ast.stmt]:
    for node in body:
        if isinstance(node, (ast.If, ast.Try)):
            yield from _top_level(node.body)
            yield from _top_level(node.orelse)
            if isinstance(node, ast.Try):
                for handler in node.handlers:
                    yield from _top_level(handler.body)
                yield from _top_level(node.finalbody)
        else:
            yield node


def _spelled(facts: _FileFacts, base: str) -> str:
    """A base as the file's import table spells it (what the semantic model sees)."""
    head, _, rest = base.partition(".")
    if head in facts.classes:
        return "<local>." + base
    target = facts.names.get(head)
    if target is None:
        return base
    return f"{target}.{rest}" if rest else target


def _absolute(facts: _FileFacts, spelled: str) -> str:
    if spelled.startswith("<local>."):
        return f"{facts.module}.{spelled[len('<local>.'):]}"
    if not spelled.startswith("."):
        return spelled
    level = len(spelled) - len(spelled.lstrip("."))
    parts = facts.package.split(".") if facts.package else []
    if level > 1:
        parts = parts[: len(parts) - (level - 1)]
    rest = spelled[level:]
    return ".".join(parts + ([rest] if rest else []))


class ProjectIndex:
    """Which dotted names of the project are nn.Module classes."""

    def __init__(self, paths: Iterable[str], extra_bases: frozenset[str] = frozenset()) -> None:
        self.extra_bases = extra_bases
        self.files: dict[str, _FileFacts] = {}
        self.classes: dict[str, list[str]] = {}  # absolute class name -> absolute bases
        self.aliases: dict[str, str] = {}  # absolute imported name -> absolute target
        for path in paths:
            facts = _read(path)
            if facts is None:
                continue
            self.files[path] = facts
            for name, bases in facts.classes.items():
                self.classes[f"{facts.module}.{name}"] = [
                    _absolute(facts, _spelled(facts, b)) for b in bases]
            for local, target in facts.names.items():
                self.aliases[f"{facts.module}.{local}"] = _absolute(facts, target)
        self._memo: dict[str, bool] = {}

    def is_module(self, name: str) -> bool:
        return self._is_module(name, set())

    def _is_module(self, name: str, visiting: set[str]) -> bool:
        if name in self._memo:
            return self._memo[name]
        if torch_api.is_module_class_name(name, self.extra_bases):
            return True
        if name in visiting:  # an import cycle
            return False
        visiting.add(name)
        if name in self.classes:
            found = any(self._is_module(b, visiting) for b in self.classes[name])
        elif name in self.aliases:
            found = self._is_module(self.aliases[name], visiting)
        else:
            found = False
        visiting.discard(name)
        self._memo[name] = found
        return found

    def bases_for(self, path: str) -> frozenset[str]:
        """The base names, spelled as in ``path``, that resolve to modules through the
        project: extra module bases for that file's semantic model."""
        facts = self.files.get(path)
        if facts is None:
            return frozenset()
        names = [_spelled(facts, b) for bases in facts.classes.values() for b in bases]
        names += facts.names.values()  # imported classes, used as bases or constructed
        return frozenset(
            spelled for spelled in names
            # local chains are the file's own model's; torch's names it knows already
            if not spelled.startswith("<local>.")
            and not torch_api.is_module_class_name(spelled, self.extra_bases)
            and self.is_module(_absolute(facts, spelled)))
