"""MOD103: ``super().__init__`` written as a statement, without the call."""

from __future__ import annotations

from typing import Optional

from modlint.context import RuleContext
from modlint.diagnostics import Applicability, Edit, Fix
from modlint.gate import Gate
from modlint.rules.base import Rule
from modlint.semantic import torch_api
from modlint.semantic.model import BareInit, ClassInfo


class SuperInitNotCalled(Rule):
    code = "MOD103"
    name = "super-init-not-called"
    summary = "super().__init__ without parentheses: the base initialiser never runs"
    fix = "safe (bases that take no arguments)"
    gate = Gate(module_class=True, words=("__init__",))

    def check(self, ctx: RuleContext) -> None:
        for cls in ctx.model.module_classes:
            for bare in cls.bare_inits:
                if bare.form == "Base.__init__(self)" and not _names_a_base(ctx, cls, bare):
                    continue
                code = ctx.source(bare.expr)
                called = [s for s in cls.super_inits if s.method == bare.method]
                if called:
                    ctx.report(bare.expr, f"`{code}` without parentheses does nothing (the base "
                                          "initialiser is called elsewhere in this method); "
                                          "remove it")
                    continue
                fix = _fix(ctx, cls, bare)
                ctx.report(bare.expr,
                           f"`{code}` only reads the method: nn.Module.__init__ never runs; "
                           + ("add `()`" if fix else "call it with the base's arguments"), fix)


def _names_a_base(ctx: RuleContext, cls: ClassInfo, bare: BareInit) -> bool:
    """``Base.__init__`` where Base is a base of the class, or torch's Module."""
    receiver = bare.expr.value.value
    named = bare.named_class or ""
    qualified = f"<local>.{named}" if named in ctx.model.local_classes \
        else ctx.model.imports.resolve(receiver)
    return qualified is not None and (qualified in ctx.model.ancestors(cls)
                                      or torch_api.is_module_class_name(qualified))


def _fix(ctx: RuleContext, cls: ClassInfo, bare: BareInit) -> Optional[Fix]:
    if not ctx.model.base_takes_no_arguments(cls):
        return None  # the base needs arguments: the message says what is missing
    self_name = cls.methods[bare.method].self_name
    arguments = f"({self_name})" if bare.form == "Base.__init__(self)" else "()"
    _, end = ctx.span(bare.expr.value)
    return ctx.fix("Call the base initialiser", Applicability.SAFE, Edit(end, end, arguments))
