"""MOD905 (opt-in): ``zero_grad(set_to_none=False)``."""

from __future__ import annotations

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability
from modlint.gate import Gate
from modlint.rules import api_migrations as api
from modlint.rules.base import Rule
from modlint.semantic.calls import argument


class ZeroGradSetToNone(Rule):
    code = "MOD905"
    name = "zero-grad-set-to-none"
    summary = "opt-in: zero_grad(set_to_none=False) fills gradients with zeros instead of freeing them"
    fix = "unsafe"
    gate = Gate(words=("zero_grad",))

    def check(self, ctx: RuleContext) -> None:
        for site in ctx.model.calls:
            call = site.call
            if not (isinstance(call.func, cst.Attribute) and call.func.attr.value == "zero_grad"):
                continue
            arg = argument(call, "set_to_none", 0)
            if arg is None or api.literal_bool(arg.value) is not False:
                continue
            ctx.report(call, (
                "`zero_grad(set_to_none=False)` writes zeros into every gradient; the "
                "default frees them instead"),
                ctx.fix("Use the default, `set_to_none=True`", Applicability.UNSAFE,
                        ctx.remove_arg(call, arg)))
