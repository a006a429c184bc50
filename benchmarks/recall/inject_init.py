"""Injectors for the base initialiser and ``__init__`` itself (MOD101-MOD105)."""

from __future__ import annotations

from typing import Iterable, Optional

import libcst as cst

from recall.sites import Injector, Site, Where
from recall.spelling import (call_statement, is_parameter_call,
                             name_of, positional, self_attr, self_name,
                             single_self_assign)


def super_init_call(statement: cst.CSTNode, where: Where) -> Optional[cst.Call]:
    """The call when ``statement`` is ``super().__init__(...)``, ``super(X, self).__init__(...)``
    or ``Base.__init__(self, ...)`` in ``__init__``."""
    call = call_statement(statement)
    if call is None or where.method_name != "__init__" or \
            not isinstance(call.func, cst.Attribute) or call.func.attr.value != "__init__":
        return None
    owner = call.func.value
    if isinstance(owner, cst.Call):
        return call if name_of(owner.func) == "super" else None
    args = positional(call)
    if name_of(owner) and args and name_of(args[0].value) == self_name(where):
        return call
    return None


def local_module_classes(module: cst.Module) -> set[str]:
    """Top-level classes whose bases spell ``nn.``/``Module`` or another such class."""
    bases = {s.name.value: [name_of(b.value) for b in s.bases]
             for s in module.body if isinstance(s, cst.ClassDef)}
    found: set[str] = set()
    grew = True
    while grew:
        grew = False
        for name, spelled in bases.items():
            if name not in found and any(b.startswith(("nn.", "torch.nn.")) or
                                         b.endswith("Module") or b in found for b in spelled):
                found.add(name)
                grew = True
    return found


def _block_of(where: Where):
    block = where.parents[-1] if where.parents else None
    return block if isinstance(block, cst.IndentedBlock) else None


class SuperInitRemoved(Injector):
    rule = "MOD101"
    kind = "super-init-removed"
    doc = "the statement calling the base `__init__` (any form) is deleted (`pass` if the " \
          "block would be empty)"
    node_types = (cst.SimpleStatementLine,)

    def sites(self, node: cst.SimpleStatementLine, where: Where) -> Iterable[Site]:
        block = _block_of(where)
        if block is None or super_init_call(node, where) is None:
            return
        body = [s for s in block.body if s is not node] or \
            [cst.SimpleStatementLine([cst.Pass()])]
        yield self.site(block, block.with_changes(body=body), where,
                        expected=where.method, anchor=node)


def _state_assignment(statement: cst.CSTNode, where: Where, local_modules: set[str]) -> bool:
    """``self.x = <a module, a parameter or a buffer>`` or ``self.register_*(...)``, as
    spelled: a module is a ``torch.nn`` class or a module class of the same file (a
    capitalised name from elsewhere may be any object, which may be set before the base
    initialiser runs). A plain tensor is no such state: set before the base initialiser,
    it is an attribute as it would be after it, and nothing fails."""
    found = single_self_assign(statement, where)
    if found is not None:
        value = found[1]
        if isinstance(value, cst.Call):
            owner, _, name = name_of(value.func).rpartition(".")
            if owner in ("nn", "torch.nn") and name[:1].isupper():
                return True  # containers and Parameter included
            if not owner and name in local_modules:
                return True
        return is_parameter_call(value)
    call = call_statement(statement)
    return call is not None and self_attr(call.func, where) in (
        "register_buffer", "register_parameter", "add_module", "register_module")


class SuperInitMovedLate(Injector):
    rule = "MOD102"
    kind = "super-init-moved-late"
    doc = "the base `__init__` call moves to just after the first later statement of the " \
          "same block that assigns a module, parameter or buffer to `self` (as spelled: an " \
          "`nn.` class or a module class of the file, `nn.Parameter`, `nn.Buffer`) or calls " \
          "`self.register_*` / `self.add_module`; a report on that statement or on one it " \
          "passed (an `if` assigning state) is a catch"
    node_types = (cst.SimpleStatementLine,)

    def __init__(self) -> None:
        self.local_modules: set[str] = set()

    def prepare(self, module: cst.Module) -> None:
        self.local_modules = local_module_classes(module)

    def sites(self, node: cst.SimpleStatementLine, where: Where) -> Iterable[Site]:
        block = _block_of(where)
        if block is None or super_init_call(node, where) is None:
            return
        body = list(block.body)
        start = body.index(node)
        first = next((s for s in body[start + 1:]
                      if _state_assignment(s, where, self.local_modules)), None)
        if first is None:
            return
        passed = tuple(body[start + 1:body.index(first)])
        body.remove(node)
        body.insert(body.index(first) + 1, node.with_changes(leading_lines=()))
        site = self.site(block, block.with_changes(body=body), where, expected=first,
                         anchor=node)
        site.alternatives = passed  # state assigned in them now comes first too
        yield site


class SuperInitNotCalled(Injector):
    rule = "MOD103"
    kind = "super-init-not-called"
    doc = "`super().__init__()` (or `super(X, self).__init__()`, no arguments) becomes " \
          "`super().__init__`"
    node_types = (cst.SimpleStatementLine,)

    def sites(self, node: cst.SimpleStatementLine, where: Where) -> Iterable[Site]:
        call = super_init_call(node, where)
        if call is None or call.args or not isinstance(call.func.value, cst.Call):
            return
        yield self.site(node, node.with_changes(body=[cst.Expr(call.func)]), where)


class SuperWrongClass(Injector):
    rule = "MOD104"
    kind = "super-wrong-class"
    doc = "`super(ThisClass, self)` becomes `super(Other, self)`, Other being the nearest " \
          "class defined before it at the top of the file that is not among its bases " \
          "(the next one after it when none is before)"
    node_types = (cst.Call,)

    def __init__(self) -> None:
        self.classes: dict[str, list[str]] = {}  # top-level class -> its base names

    def prepare(self, module: cst.Module) -> None:
        self.classes = {s.name.value: [name_of(b.value) for b in s.bases]
                        for s in module.body if isinstance(s, cst.ClassDef)}

    def _other(self, name: str) -> Optional[str]:
        names = list(self.classes)
        if name not in names:
            return None
        ancestors, todo = set(), [name]
        while todo:
            for base in self.classes.get(todo.pop(), ()):
                if base not in ancestors:
                    ancestors.add(base)
                    todo.append(base)
        index = names.index(name)
        for other in [*reversed(names[:index]), *names[index + 1:]]:
            if other not in ancestors and other != name:
                return other
        return None

    def sites(self, node: cst.Call, where: Where) -> Iterable[Site]:
        cls, me = where.cls, self_name(where)
        if cls is None or len(where.classes) != 1 or name_of(node.func) != "super" \
                or len(node.args) != 2 or name_of(node.args[1].value) != me \
                or name_of(node.args[0].value) != cls.name.value:
            return
        other = self._other(cls.name.value)
        if other is None:
            return
        args = [node.args[0].with_changes(value=cst.Name(other)), node.args[1]]
        yield self.site(node, node.with_changes(args=args), where)


class _InitRenamed(Injector):
    rule = "MOD105"
    node_types = (cst.FunctionDef,)
    new_name = ""

    def sites(self, node: cst.FunctionDef, where: Where) -> Iterable[Site]:
        if node.name.value != "__init__" or where.cls is None or where.cls.body is not (
                where.parents[-1] if where.parents else None):
            return
        yield self.site(node, node.with_changes(name=cst.Name(self.new_name)), where)


class InitTypoInt(_InitRenamed):
    kind = "init-renamed-__int__"
    doc = "`def __init__` becomes `def __int__`"
    new_name = "__int__"


class InitTypoSingleUnderscore(_InitRenamed):
    kind = "init-renamed-_init_"
    doc = "`def __init__` becomes `def _init_`"
    new_name = "_init_"
