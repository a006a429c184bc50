"""Whole-project class resolution: bases imported from other linted files.

A light first pass scans each file's text for its imports and top-level class
definitions. From those it decides which classes of the project are nn.Module
subclasses, following imports, re-exports in ``__init__.py`` and chains across files, and
tells each file which of the base names *as that file spells them* are modules. The
semantic model then treats them like ``extend-module-bases``. Nothing is imported or run.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping

from modlint.semantic import torch_api


def module_name(path: str) -> tuple[str, bool]:
    """The dotted module name of a file, from the packages (folders with __init__.py)
    around it; and whether the file is a package's ``__init__``."""
    folder, filename = os.path.split(os.path.abspath(path))
    stem = filename.rsplit(".", 1)[0]
    package = _package_of(folder)
    if stem == "__init__":
        return package, True
    return (f"{package}.{stem}" if package else stem), False


@lru_cache(maxsize=None)
def _package_of(folder: str) -> str:
    if not os.path.isfile(os.path.join(folder, "__init__.py")):
        return ""
    parent, name = os.path.split(folder)
    if not name:
        return ""
    outer = _package_of(parent)
    return f"{outer}.{name}" if outer else name


# Both patterns start with a newline (the text is read with one prepended): a literal
# first character lets the regex engine skip ahead instead of trying every position.
_IMPORT = re.compile(
    r"\n[ \t]*(?:import[ \t]+([^\n#;]+)"
    r"|from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;\\]*(?:\\\n[^\n#;\\]*)*))")
_CLASS = re.compile(r"\nclass[ \t]+(\w+)[ \t]*(?:\(([^:]*?)\))?[ \t]*:")
_COMMENT = re.compile(r"#[^\n]*")
_DOTTED = re.compile(r"[A-Za-z_][\w.]*")


@dataclass
class Declarations:
    """A file's imports and top-level classes as its text spells them. Plain data: the
    result cache keeps it with the file's content hash."""

    names: dict[str, str] = field(default_factory=dict)  # local name -> spelled target
    # class -> its bases, spelled when it is defined: ``class Block(Block)`` derives from
    # the imported Block, which the class then hides
    classes: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class _FileFacts:
    module: str
    package: str  # what a single leading dot refers to
    names: dict[str, str]
    classes: dict[str, list[str]]


def _split_top(text: str) -> list[str]:
    """Split on commas outside brackets."""
    parts, depth, current = [], 0, []
    for char in text:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def scan(data: bytes) -> Declarations:
    """Imports and top-level classes, by a text scan: several times cheaper than even
    Python's own parser, and exact enough for names and bases."""
    text = "\n" + data.decode("utf-8", "replace")
    facts = Declarations()
    events = sorted([*_IMPORT.finditer(text), *_CLASS.finditer(text)], key=lambda m: m.start())
    for match in events:  # in source order: later bindings win, but an indented import
        # (in a function, or a docstring's example) never hides a module-level one
        indented = match.group(0)[1] in " \t"

        def bind(local: str, target: str) -> None:
            if not (indented and local in facts.names):
                facts.names[local] = target

        if match.re is _CLASS:
            bases = []
            for base in _split_top(match.group(2) or ""):
                base = base.split("[", 1)[0].strip()
                if base and "=" not in base and _DOTTED.fullmatch(base):
                    bases.append(_spelled(facts, base))
            facts.classes[match.group(1)] = bases
            facts.names.pop(match.group(1), None)
        elif match.group(1) is not None:  # import a.b, c as d
            for item in match.group(1).split(","):
                words = item.split()
                if not words or not _DOTTED.fullmatch(words[0]):
                    continue
                if len(words) == 3 and words[1] == "as":
                    bind(words[2], words[0])
                else:
                    top = words[0].split(".")[0]
                    bind(top, top)
        else:  # from .x import (a, b as c)
            source = match.group(2)
            sep = "" if source.endswith(".") else "."
            listed = _COMMENT.sub("", match.group(3)).strip().strip("()").replace("\\\n", " ")
            for item in listed.split(","):
                words = item.split()
                if not words or words[0] == "*":
                    continue
                local = words[2] if len(words) == 3 and words[1] == "as" else words[0]
                bind(local, f"{source}{sep}{words[0]}")
    return facts


def _spelled(facts: Declarations, base: str) -> str:
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

    def __init__(self, declarations: Mapping[str, Declarations],
                 extra_bases: frozenset[str] = frozenset()) -> None:
        """``declarations``: each file's, by path (``scan``)."""
        self.extra_bases = extra_bases
        self.files: dict[str, _FileFacts] = {}
        self.modules: dict[str, _FileFacts] = {}  # by dotted module name
        for path, declared in declarations.items():
            module, is_package = module_name(path)
            package = module if is_package else module.rpartition(".")[0]
            facts = self.files[path] = _FileFacts(module, package, declared.names,
                                                  declared.classes)
            self.modules[module] = facts
        # absolute name -> module class or not; names are resolved only when asked
        # (most imported names never are: a warm run would spend most of its time here)
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
        module, _, local = name.rpartition(".")
        facts = self.modules.get(module)
        if facts is not None and local in facts.classes:
            found = any(self._is_module(_absolute(facts, base), visiting)
                        for base in facts.classes[local])
        elif facts is not None and local in facts.names:
            found = self._is_module(_absolute(facts, facts.names[local]), visiting)
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
        names = [b for bases in facts.classes.values() for b in bases]
        names += facts.names.values()  # imported classes, used as bases or constructed
        return frozenset(
            spelled for spelled in names
            # local chains are the file's own model's; torch's names it knows already
            if not spelled.startswith("<local>.")
            and not torch_api.is_module_class_name(spelled, self.extra_bases)
            and self.is_module(_absolute(facts, spelled)))
