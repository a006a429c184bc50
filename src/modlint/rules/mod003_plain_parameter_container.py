"""MOD003: parameters held in a plain list, tuple or dict on ``self``: never registered."""

from __future__ import annotations

from modlint.context import RuleContext
from modlint.gate import Gate
from modlint.rules import plain_containers
from modlint.rules.base import Rule
from modlint.semantic.model import Kind


class PlainParameterContainer(Rule):
    code = "MOD003"
    name = "plain-parameter-container"
    summary = "nn.Parameter objects in a plain list/tuple/dict on self: never trained nor saved"
    fix = "unsafe (string keys for dicts)"
    gate = Gate(module_class=True)

    def check(self, ctx: RuleContext) -> None:
        for cls in ctx.model.module_classes:
            for found in plain_containers.find(
                    ctx, cls, Kind.PARAMETER,
                    ("torch.nn.ParameterList", "torch.nn.ParameterDict")):
                wrapper = "nn.ParameterDict" if found.what == "dict" else "nn.ParameterList"
                ctx.report(found.assign.small,
                           f"`self.{found.assign.attr}` is a plain {found.what} of parameters: "
                           f"not registered, so not trained nor saved; use {wrapper}",
                           found.fix)
