"""MOD009: an attribute of a module named like one of nn.Module's methods."""

from __future__ import annotations

import libcst as cst

from modlint.context import RuleContext
from modlint.gate import Gate
from modlint.rules.base import Rule
from modlint.semantic.imports import dotted
from modlint.semantic.model import ClassInfo, Kind, SelfAssign
from modlint.semantic.torch_api import MODULE_METHODS

# nn.Module.__setattr__ files these under _modules/_parameters, so the class's method
# still wins the attribute lookup; anything else lands in the instance and hides it.
_REGISTERED = (Kind.MODULE, Kind.PARAMETER)


class ShadowedModuleMethod(Rule):
    code = "MOD009"
    name = "shadowed-module-method"
    summary = "self.<name> assigned where <name> is a method of nn.Module (modules, to, type...)"
    fix = "none"
    gate = Gate(module_class=True)

    def check(self, ctx: RuleContext) -> None:
        for cls in ctx.model.module_classes:
            for assign in cls.assigns:
                name = assign.attr
                # a method or property of the class itself (a setter) is its own business
                if name not in MODULE_METHODS or name in cls.methods \
                        or isinstance(assign.small, cst.AugAssign) \
                        or _function(ctx, cls, assign):
                    continue
                if assign.resolved.kind in _REGISTERED:
                    message = (f"`self.{name}` is registered, but reads still get the method "
                               f"nn.Module.{name}(); rename the attribute")
                else:
                    message = (f"`self.{name}` hides nn.Module.{name}() from your code and from "
                               "PyTorch; rename the attribute")
                ctx.report(assign.small, message)


def _function(ctx: RuleContext, cls: ClassInfo, assign: SelfAssign) -> bool:
    """A function put in the method's place on purpose (``self.train = train`` with a
    nested ``def train(mode=True)``, a lambda, a partial, another method)."""
    value = assign.value
    if isinstance(value, cst.Lambda):
        return True
    if isinstance(value, cst.Call):
        return (dotted(value.func) or "").rpartition(".")[2] == "partial"
    if isinstance(value, cst.Attribute):
        self_name = cls.methods[assign.method].self_name
        return dotted(value.value) == self_name and value.attr.value in cls.methods
    if isinstance(value, cst.Name):
        body = cls.methods[assign.method].node.body
        nested = {stmt.name.value for stmt in getattr(body, "body", ())
                  if isinstance(stmt, cst.FunctionDef)}
        return value.value in nested or value.value in ctx.model.functions
    return False
