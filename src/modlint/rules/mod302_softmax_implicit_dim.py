"""MOD302: softmax, log_softmax or softmin without ``dim``."""

from __future__ import annotations

from modlint.context import RuleContext
from modlint.gate import Gate, last_parts
from modlint.rules.base import Rule
from modlint.semantic.calls import argument, has_star_args

# callee -> position of `dim`; the spelling shown in the message
SOFTMAX_CALLS: dict[str, tuple[int, str]] = {
    "torch.nn.functional.softmax": (1, "F.softmax"),
    "torch.nn.functional.log_softmax": (1, "F.log_softmax"),
    "torch.nn.functional.softmin": (1, "F.softmin"),
    "torch.nn.Softmax": (0, "nn.Softmax"),
    "torch.nn.LogSoftmax": (0, "nn.LogSoftmax"),
    "torch.nn.Softmin": (0, "nn.Softmin"),
    "torch.nn.modules.activation.Softmax": (0, "nn.Softmax"),
    "torch.nn.modules.activation.LogSoftmax": (0, "nn.LogSoftmax"),
    "torch.nn.modules.activation.Softmin": (0, "nn.Softmin"),
}
# the keywords each accepts (torch 2.13); another one raises TypeError
_FUNCTION_KEYWORDS = frozenset({"input", "dim", "_stacklevel", "dtype"})
_MODULE_KEYWORDS = frozenset({"dim"})


class SoftmaxImplicitDim(Rule):
    code = "MOD302"
    name = "softmax-implicit-dim"
    summary = "softmax / log_softmax / softmin (function or module) without dim"
    fix = "none"
    gate = Gate(words=last_parts(SOFTMAX_CALLS))

    def check(self, ctx: RuleContext) -> None:
        for site in ctx.model.calls_to(SOFTMAX_CALLS):
            if has_star_args(site.call):
                continue
            position, spelling = SOFTMAX_CALLS[site.qualified]
            if argument(site.call, "dim", position) is not None:
                continue
            known = _MODULE_KEYWORDS if position == 0 else _FUNCTION_KEYWORDS
            unknown = [a.keyword.value for a in site.call.args
                       if a.keyword is not None and a.keyword.value not in known]
            if unknown:  # `dims=-1`, `axis=1`: meant as the dim, but no such parameter
                ctx.report(site.call, (
                    f"`{spelling}` has no parameter `{unknown[0]}`: the call raises "
                    "TypeError; the axis is passed as `dim=`"))
                continue
            ctx.report(site.call, (
                f"`{spelling}` without `dim`: the axis depends on the input's rank; "
                "pass `dim=-1` if the last axis holds the classes"))
