"""Resolve names to dotted paths through the file's own imports.

A table of ``local name -> dotted name`` filled in source order by the model builder.
This replaces LibCST's ``QualifiedNameProvider``, whose scope analysis costs several
times the parse itself.
"""

from __future__ import annotations

from typing import Optional, Union

import libcst as cst


def dotted(node: cst.BaseExpression) -> Optional[str]:
    """``a.b.c`` spelled in the source, or None for anything but names and attributes."""
    parts = []
    # ``type() is``: these node classes have no subclasses, and isinstance on LibCST's
    # abstract classes is slow where every name of a file passes.
    while type(node) is cst.Attribute:
        parts.append(node.attr.value)
        node = node.value
    if type(node) is not cst.Name:
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def _module_name(node: Optional[cst.BaseExpression]) -> str:
    return "" if node is None else (dotted(node) or "")


class ImportTable:
    """Local names bound by imports (and shadowed by local definitions)."""

    def __init__(self) -> None:
        self._names: dict[str, str] = {}

    def bind(self, local: str, qualified: str) -> None:
        self._names[local] = qualified

    def shadow(self, local: str) -> None:
        """A local definition (class, function, assignment) hides an imported name."""
        self._names.pop(local, None)

    def add(self, node: Union[cst.Import, cst.ImportFrom]) -> list[str]:
        """Record an import statement; returns the local names it binds."""
        if isinstance(node, cst.Import):
            return self._add_import(node)
        return self._add_import_from(node)

    def _add_import(self, node: cst.Import) -> list[str]:
        bound = []
        for alias in node.names:
            name = dotted(alias.name)
            if name is None:
                continue
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
                self.bind(local, name)
            else:
                # `import torch.nn` binds `torch`; `torch.nn.X` then resolves through it.
                local = name.split(".")[0]
                self.bind(local, local)
            bound.append(local)
        return bound

    def _add_import_from(self, node: cst.ImportFrom) -> list[str]:
        if isinstance(node.names, cst.ImportStar):
            return []
        bound = []
        dots = "." * len(node.relative)
        module = dots + _module_name(node.module)
        for alias in node.names:
            name = dotted(alias.name)
            if name is None:
                continue
            local = name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            sep = "" if module.endswith(".") else "."
            self.bind(local, f"{module}{sep}{name}")
            bound.append(local)
        return bound

    def resolve(self, node: cst.BaseExpression) -> Optional[str]:
        """The dotted name an expression refers to, or None when it is not imported."""
        name = dotted(node)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        base = self._names.get(head)
        if base is None:
            return None
        return f"{base}.{rest}" if rest else base

    def binding_for(self, qualified: str) -> Optional[str]:
        """The shortest local spelling of ``qualified``, e.g. ``nn.Parameter``."""
        best: Optional[str] = None
        for local, target in self._names.items():
            if qualified == target:
                candidate = local
            elif qualified.startswith(target + "."):
                candidate = local + qualified[len(target):]
            else:
                continue
            if best is None or len(candidate) < len(best):
                best = candidate
        return best

    def mentions(self, prefix: str) -> bool:
        return any(t == prefix or t.startswith(prefix + ".") for t in self._names.values())
