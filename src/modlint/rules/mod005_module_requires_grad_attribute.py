"""MOD005: ``module.requires_grad = False`` sets a plain attribute and freezes nothing."""

from __future__ import annotations

from typing import Optional, Union

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability, Fix
from modlint.gate import Gate
from modlint.rules.base import Rule
from modlint.semantic import torch_api
from modlint.semantic.calls import mentions
from modlint.semantic.imports import dotted
from modlint.semantic.model import ClassInfo, Kind, Method, SelfAssign, SubAssign
from modlint.semantic.names import own_statements
from modlint.semantic.walk import any_node

_STATE = (Kind.MODULE, Kind.PARAMETER)


class ModuleRequiresGradAttribute(Rule):
    code = "MOD005"
    name = "module-requires-grad-attribute"
    summary = "module.requires_grad = False sets a plain attribute: nothing is frozen"
    fix = "unsafe"
    gate = Gate(module_class=True, words=("requires_grad",))

    def check(self, ctx: RuleContext) -> None:
        for cls in ctx.model.module_classes:
            if "requires_grad" in cls.methods:
                continue  # a property of the class's own
            if not cls.reads_anywhere("requires_grad") and _trainable(ctx, cls):
                # else a flag the class reads back, or has nothing to freeze
                for assign in cls.assigns_to("requires_grad"):
                    if isinstance(assign.small, (cst.Assign, cst.AnnAssign)) \
                            and not _implemented(ctx, cls, assign):
                        self._report(ctx, assign, _self(cls, assign.method),
                                     _self_fix_allowed(cls, assign))
        for cls in ctx.model.classes:  # `self.net.requires_grad`, in a trainer too
            for sub in cls.sub_assigns:
                if sub.attr == "requires_grad" and (
                        _holds_module(cls, sub.owner) or _used_as_module(ctx, cls, sub.owner)):
                    self._report(ctx, sub, f"{_self(cls, sub.method)}.{sub.owner}", True)
        functions = [*((f, None) for f in ctx.model.functions.values()),
                     *((m.node, m) for c in ctx.model.classes for m in c.methods.values())]
        for function, method in functions:  # `model.requires_grad = False`, `model: nn.Module`
            for small, name in _name_requires_grad(function):
                if (method is None or name != method.self_name) and (
                        _module_name(ctx, function, name) or _bound_to_modules(method, name)):
                    self._report(ctx, _Bare(small), name, True)

    def _report(self, ctx: RuleContext, assign: Union[SelfAssign, SubAssign, "_Bare"],
                what: str,
                fixable: bool) -> None:
        assert assign.value is not None
        value = ctx.code(assign.value).strip()
        ctx.report(assign.small,
                   f"`{what}.requires_grad = {value}` on a module freezes nothing; call "
                   f"`{what}.requires_grad_({value})`",
                   _fix(ctx, assign) if fixable else None)


def _self(cls: ClassInfo, method: str) -> str:
    return cls.methods[method].self_name or "self"


def _trainable(ctx: RuleContext, cls: ClassInfo) -> bool:
    """The class, or a base of the file, holds a parameter, a submodule or a registration,
    or derives from a base the analysis cannot see."""
    lineage = ctx.model.lineage(cls)
    if any(isinstance(base, str) and ctx.model.local_class(base) is None
           and base.rpartition(".")[2] not in ("Module", "ModuleList", "ModuleDict")
           for base in ctx.model.base_chain(cls)):
        return True
    return any(owner.registrations or any(
        a.resolved.kind in _STATE or a.resolved.element in _STATE for a in owner.assigns)
        for owner in lineage)


def _implemented(ctx: RuleContext, cls: ClassInfo, assign: SelfAssign) -> bool:
    """``self.requires_grad = flag`` where __init__ also hands ``flag`` to a call (a
    submodule built with it): a recorded setting the class implements."""
    if assign.method != "__init__" or not isinstance(assign.value, cst.Name):
        return False
    flag = assign.value.value
    return any(site.cls is cls and site.method == "__init__" and any(
        mentions(arg.value, lambda n: isinstance(n, cst.Name) and n.value == flag)
        for arg in site.call.args) for site in ctx.model.calls)


# methods only nn.Module has among the objects model code handles (tensors have none of
# them; optimizers have `state_dict` and `zero_grad`, so those do not count)
_MODULE_API = frozenset({"parameters", "named_parameters", "buffers", "named_buffers",
                         "modules", "named_modules", "children", "named_children"})


class _Bare:
    """An assignment to ``<name>.requires_grad``, as the report and the fix take it."""

    def __init__(self, small: cst.Assign) -> None:
        self.small = small
        self.value = small.value


def _used_as_module(ctx: RuleContext, cls: ClassInfo, attr: str) -> bool:
    """``self.<attr>.parameters()`` (or another method only modules have) somewhere in the
    class: the attribute holds a module, whatever built it."""
    for site in ctx.model.calls:
        func = site.call.func
        if site.cls is cls and site.method is not None and isinstance(func, cst.Attribute) \
                and func.attr.value in _MODULE_API \
                and dotted(func.value) == f"{_self(cls, site.method)}.{attr}":
            return True
    return False


def _name_requires_grad(function: cst.FunctionDef) -> list[tuple[cst.Assign, str]]:
    """``<name>.requires_grad = value`` statements of the function's own body."""
    found = []
    for node in own_statements(function):
        if isinstance(node, cst.Assign) and len(node.targets) == 1:
            target = node.targets[0].target
            if isinstance(target, cst.Attribute) and target.attr.value == "requires_grad" \
                    and isinstance(target.value, cst.Name):
                found.append((node, target.value.value))
    return found


def _module_name(ctx: RuleContext, function: cst.FunctionDef, name: str) -> bool:
    """A parameter annotated as a module class, or a name whose module-only methods the
    function calls (``for p in model.parameters()`` elsewhere in it)."""
    params = function.params
    for param in (*params.posonly_params, *params.params, *params.kwonly_params):
        if param.name.value == name and param.annotation is not None:
            annotation = param.annotation.annotation
            return torch_api.is_module_class_name(ctx.model.imports.resolve(annotation))
    return any_node(function.body, lambda n: isinstance(n, cst.Call)
                    and isinstance(n.func, cst.Attribute) and n.func.attr.value in _MODULE_API
                    and isinstance(n.func.value, cst.Name) and n.func.value.value == name)


def _bound_to_modules(method: Optional[Method], name: str) -> bool:
    """Every value the method binds to the local name is a module (``scnn = SCNN()``)."""
    kinds = method.local_kinds.get(name) if method is not None else None
    return bool(kinds) and all(kind is Kind.MODULE for kind in kinds)


def _holds_module(cls: ClassInfo, attr: str) -> bool:
    """Every value assigned to ``self.<attr>`` is a module (or None), and one is."""
    kinds = {a.resolved.kind for a in cls.assigns_to(attr)} - {Kind.NONE}
    return kinds == {Kind.MODULE}


def _self_fix_allowed(cls: ClassInfo, assign: SelfAssign) -> bool:
    """In __init__, requires_grad_() only reaches the parameters made before it, and
    needs Module.__init__() to have run."""
    if assign.method != "__init__":
        return True
    if not any(s.method == "__init__" and s.order < assign.order for s in cls.super_inits):
        return False
    later = [a for a in cls.assigns if a.method == "__init__" and a.order > assign.order
             and (a.resolved.kind in _STATE or a.resolved.element is not None)]
    later += [r for r in cls.registrations if r.method == "__init__" and r.order > assign.order]
    return not later


def _fix(ctx: RuleContext, assign: Union[SelfAssign, SubAssign, _Bare]) -> Optional[Fix]:
    small = assign.small
    if not isinstance(small, cst.Assign) or len(small.targets) != 1:
        return None
    target = small.targets[0].target
    assert isinstance(target, cst.Attribute)
    call = cst.Call(func=target.with_changes(attr=cst.Name("requires_grad_")),
                    args=[cst.Arg(small.value)])
    return ctx.fix("Call requires_grad_()", Applicability.UNSAFE,
                   ctx.replace(small, ctx.code(call)))
