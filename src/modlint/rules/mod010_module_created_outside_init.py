"""MOD010: a layer or Parameter stored on ``self`` while the model runs."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from modlint.context import RuleContext
from modlint.gate import Gate
from modlint.rules.base import Rule
from modlint.semantic import torch_api
from modlint.semantic.builder import string_value
from modlint.semantic.calls import mentions
from modlint.semantic.imports import dotted
from modlint.semantic.model import CallSite, ClassInfo, SelfAssign
from modlint.semantic.walk import children_of
from modlint.semantic.values import keyword, root_call, stateful_layer

# Layers with a Lazy* twin that infers its sizes on the first call.
_LAZY = {f"{name}{n}d" for name in ("Conv", "ConvTranspose", "BatchNorm", "InstanceNorm")
         for n in (1, 2, 3)} | {"Linear"}


class ModuleCreatedOutsideInit(Rule):
    code = "MOD010"
    name = "module-created-outside-init"
    summary = "torch.nn layer or nn.Parameter assigned to self in forward or a method it calls"
    fix = "none"
    gate = Gate(module_class=True)

    def check(self, ctx: RuleContext) -> None:
        for cls in ctx.model.module_classes:
            running = cls.running_methods()
            if not running:
                continue
            for assign in cls.assigns:
                call = root_call(assign.value) if assign.method in running else None
                site = ctx.model.call_site(call) if call is not None else None
                if site is None:
                    continue
                what = _created(site)
                if what is None or (what == "Parameter" and (
                        _frozen(cls, assign, site) or _derived(cls, assign, site))):
                    continue
                self_name = cls.methods[assign.method].self_name
                where = f"`{assign.method}`" + (
                    "" if assign.method == "forward" else " (called by forward)")
                if any(_lazy_guard(test, self_name, assign.attr) for test, _ in site.guards):
                    lazy = f"nn.Lazy{what}" if what in _LAZY else "an nn.Lazy* module"
                    message = (f"`self.{assign.attr}` is created on the first call of {where}, "
                               f"after the optimizer; use {lazy} or build it in __init__")
                else:
                    message = (f"`self.{assign.attr}` gets a new {_describe(what)} on every "
                               f"call of {where}, never trained; create it once in __init__")
                ctx.report(assign.small, message)


def _frozen(cls: ClassInfo, assign: SelfAssign, site: CallSite) -> bool:
    """A Parameter made not to be trained (a cache that moves with the module):
    ``requires_grad=False``, or ``self.x.requires_grad = False`` in the same method."""
    grad = keyword(site.call, "requires_grad")
    if grad is not None and dotted(grad.value) == "False":
        return True
    return any(s.owner == assign.attr and s.attr == "requires_grad"
               and dotted(s.value) == "False" and s.method == assign.method
               for s in cls.sub_assigns)


def _derived(cls: ClassInfo, assign: SelfAssign, site: CallSite) -> bool:
    """A Parameter made from the module's own state (``nn.Parameter(w.view(n, -1))`` with
    ``w = self.weight.transpose(2, 1)``): a cached view of what is already trained."""
    method = cls.methods[assign.method]
    values: list[cst.CSTNode] = [arg.value for arg in site.call.args]
    for _ in range(3):  # through a few local names
        names = {n.value for v in values for n in _names(v)}
        if any(mentions(v, lambda n: _is_self_attribute(n, method.self_name)) for v in values):
            return True
        values = [v for name in names for v in method.local_values.get(name, ())]
    return False


def _names(node: cst.CSTNode) -> list[cst.Name]:
    if isinstance(node, cst.Name):
        return [node]
    return [name for child in children_of(node) for name in _names(child)]


def _created(site: CallSite) -> Optional[str]:
    """``Parameter`` or the stateful layer the call builds, else None."""
    if site.qualified in torch_api.PARAMETER_CLASSES:
        return "Parameter"
    return stateful_layer(site.call, site.qualified)


def _describe(what: str) -> str:
    return "nn.Parameter" if what == "Parameter" else f"nn.{what} layer"


def _lazy_guard(test: cst.BaseExpression, self_name: Optional[str], attr: str) -> bool:
    """``if self.x is None:``, ``if not hasattr(self, "x"):``, ``if not self.built:``..."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return _is_self_attribute(test.expression, self_name) or \
            _lazy_guard(test.expression, self_name, attr)
    if isinstance(test, cst.Comparison) and _is_self_attribute(test.left, self_name):
        return True
    if isinstance(test, cst.BooleanOperation):
        return _lazy_guard(test.left, self_name, attr) or _lazy_guard(test.right, self_name, attr)
    if isinstance(test, cst.Call) and isinstance(test.func, cst.Name) \
            and test.func.value == "hasattr" and len(test.args) == 2:
        return string_value(test.args[1].value) == attr
    return False


def _is_self_attribute(node: cst.BaseExpression, self_name: Optional[str]) -> bool:
    """``self.<flag>``, except ``self.training``: a mode, not a build state."""
    return isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) \
        and node.value.value == self_name and node.attr.value != "training"
