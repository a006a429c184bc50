"""MOD405: ``x.require_grad = ...``, a misspelling of ``requires_grad``."""

from __future__ import annotations

from modlint.context import RuleContext
from modlint.diagnostics import Applicability
from modlint.gate import Gate
from modlint.rules import api_migrations as api
from modlint.rules.base import Rule


class RequireGradTypo(Rule):
    code = "MOD405"
    name = "require-grad-typo"
    summary = "x.require_grad = ... (a plain attribute) for x.requires_grad"
    fix = "unsafe"
    gate = Gate(words=("require_grad",))

    def check(self, ctx: RuleContext) -> None:
        for target in api.references(ctx).attribute_stores:
            if target.attr.value != "require_grad":
                continue
            ctx.report(target, (
                "`require_grad` is not a tensor attribute: this changes nothing; did you "
                "mean `requires_grad`?"),
                ctx.fix("Assign `requires_grad`", Applicability.UNSAFE,
                        ctx.replace(target.attr, "requires_grad")))
