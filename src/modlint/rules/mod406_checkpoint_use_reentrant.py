"""MOD406: ``torch.utils.checkpoint.checkpoint`` without ``use_reentrant``."""

from __future__ import annotations

from modlint.context import RuleContext
from modlint.diagnostics import Applicability
from modlint.gate import Gate
from modlint.rules.base import Rule

CHECKPOINTS = ("torch.utils.checkpoint.checkpoint", "torch.utils.checkpoint.checkpoint_sequential")


class CheckpointUseReentrant(Rule):
    code = "MOD406"
    name = "checkpoint-use-reentrant"
    summary = "torch.utils.checkpoint.checkpoint without use_reentrant"
    fix = "unsafe"
    gate = Gate(words=("checkpoint",))

    def check(self, ctx: RuleContext) -> None:
        for site in ctx.model.calls_to(CHECKPOINTS):
            call = site.call
            if any(a.star == "**" or (a.keyword is not None
                                      and a.keyword.value == "use_reentrant")
                   for a in call.args):
                continue
            fix = ctx.fix("Pass `use_reentrant=False`", Applicability.UNSAFE,
                          ctx.append_argument(call, "use_reentrant=False"))
            ctx.report(call, (
                "checkpoint without `use_reentrant`: PyTorch warns and the default will "
                "change; pass `use_reentrant=False`"), fix)
