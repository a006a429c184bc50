"""MOD002: modules held in a plain list, tuple or dict on ``self``: never registered."""

from __future__ import annotations

from modlint.context import RuleContext
from modlint.gate import Gate
from modlint.rules import plain_containers
from modlint.rules.base import Rule
from modlint.semantic.model import Kind


class PlainModuleContainer(Rule):
    code = "MOD002"
    name = "plain-module-container"
    summary = "modules in a plain list/tuple/dict on self: not in parameters(), state_dict(), .to()"
    fix = "unsafe (string keys for dicts)"
    gate = Gate(module_class=True)

    def check(self, ctx: RuleContext) -> None:
        for cls in ctx.model.module_classes:
            for found in plain_containers.find(
                    ctx, cls, Kind.MODULE, ("torch.nn.ModuleList", "torch.nn.ModuleDict")):
                wrapper = "nn.ModuleDict" if found.what == "dict" else "nn.ModuleList"
                ctx.report(found.assign.small,
                           f"`self.{found.assign.attr}` is a plain {found.what} of modules: "
                           "not registered, so not trained, saved or moved; "
                           f"use {wrapper}",
                           found.fix)
