"""MOD404: ``torch.load`` without ``weights_only``."""

from __future__ import annotations

from modlint.context import RuleContext
from modlint.diagnostics import Applicability
from modlint.gate import Gate
from modlint.rules import api_migrations as api
from modlint.rules.base import Rule
from modlint.semantic.calls import argument, has_star_args

LOADS = ("torch.load", "torch.serialization.load")


class LoadWithoutWeightsOnly(Rule):
    code = "MOD404"
    name = "load-without-weights-only"
    summary = "torch.load without weights_only: unpickling may run code (before PyTorch 2.6)"
    fix = "unsafe"
    gate = Gate(words=("load",))

    def check(self, ctx: RuleContext) -> None:
        sites = ctx.model.calls_to(LOADS)
        fallbacks = api.references(ctx).fallback_calls if sites else set()
        for site in sites:
            call = site.call
            if id(call) in fallbacks:  # the call for a PyTorch without weights_only
                continue
            if argument(call, "weights_only", 4) is not None or (
                    has_star_args(call) and any(a.star == "**" for a in call.args)):
                continue
            # with a pickle module of its own the default stays weights_only=False on
            # every version, and weights_only=True beside it raises RuntimeError
            if argument(call, "pickle_module", 2) is not None:
                continue
            fix = None
            if not has_star_args(call):
                fix = ctx.fix("Pass `weights_only=True`", Applicability.UNSAFE,
                              ctx.append_argument(call, "weights_only=True"))
            ctx.report(call, (
                "`torch.load` without `weights_only` may unpickle anything (code runs); "
                "pass `weights_only=True`"), fix)
