"""MOD203: ``<module>.forward(...)`` called directly, skipping the module's hooks."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability
from modlint.gate import Gate
from modlint.rules.base import Rule
from modlint.semantic.model import CallSite, ClassInfo, FileModel, Kind, SelfAssign


class DirectForwardCall(Rule):
    code = "MOD203"
    name = "direct-forward-call"
    summary = "`<module>.forward(...)` called directly: the module's hooks never run"
    fix = "unsafe"
    gate = Gate(words=("forward",))

    def check(self, ctx: RuleContext) -> None:
        for site in ctx.model.calls:
            func = site.call.func
            if not isinstance(func, cst.Attribute) or func.attr.value != "forward":
                continue
            if not _is_module(ctx.model, site, func.value):
                continue  # super().forward(x), Base.forward(self, x), self.forward(x), ...
            receiver = ctx.source(func.value)
            ctx.report(site.call,
                       f"`{receiver}.forward(...)` bypasses `{receiver}`'s forward hooks and "
                       f"pre-hooks: call the module, `{receiver}(...)`",
                       ctx.fix(f"Call `{receiver}(...)`", Applicability.UNSAFE,
                               ctx.replace(func, receiver)))


def _is_module(model: FileModel, site: CallSite, receiver: cst.BaseExpression) -> bool:
    """A name bound to a module constructor, or `self.<attr>` assigned only modules."""
    if isinstance(receiver, cst.Name):
        return site.receiver is not None and site.receiver.kind is Kind.MODULE
    if not (isinstance(receiver, cst.Attribute) and isinstance(receiver.value, cst.Name)
            and site.cls is not None and site.method is not None):
        return False
    method = site.cls.methods.get(site.method)
    self_name: Optional[str] = method.self_name if method is not None else None
    if receiver.value.value != self_name:
        return False
    # a module on one path, and on the others the result of a call the analysis cannot
    # tell (`norm_layer(dim)` beside `nn.Identity()`): a module too; or a lambda, which
    # has no `.forward` at all (the call works only where a module is held)
    assigns = [a for info in model.lineage(site.cls) for a in info.assigns_to(receiver.attr.value)
               if a.resolved.kind is not Kind.NONE]
    # a value replaced later in the same method, by a statement of the method's own body
    # (`self.net = []` ... `self.net = nn.Sequential(*self.net)`), is never called
    assigns = [a for a in assigns if not any(_replaces(b, a, site.cls) for b in assigns)]
    return any(a.resolved.kind is Kind.MODULE for a in assigns) and all(
        a.resolved.kind is Kind.MODULE or (a.resolved.kind is Kind.OTHER
                                           and isinstance(a.value, (cst.Call, cst.Lambda)))
        for a in assigns)


def _replaces(later: SelfAssign, earlier: SelfAssign, cls: ClassInfo) -> bool:
    method = cls.methods.get(later.method)
    return later.method == earlier.method and later.order > earlier.order \
        and not later.nested and not earlier.nested and method is not None \
        and isinstance(method.node.body, cst.IndentedBlock) \
        and any(statement is later.statement for statement in method.node.body.body)
