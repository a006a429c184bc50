"""MOD204: ``def train(self)`` in a module, without the ``mode`` parameter."""

from __future__ import annotations

import libcst as cst

from modlint.context import RuleContext
from modlint.gate import Gate
from modlint.rules.base import Rule


class TrainOverrideSignature(Rule):
    code = "MOD204"
    name = "train-override-signature"
    summary = "module overrides train() without the mode argument: model.eval() raises"
    fix = "none"
    gate = Gate(module_class=True, words=("train",))

    def check(self, ctx: RuleContext) -> None:
        for cls in ctx.model.module_classes:
            method = cls.methods.get("train")
            if method is None or method.self_name is None or _takes_mode(method.node):
                continue
            ctx.report(method.node.name,
                       f"`{cls.name}.train` takes no `mode`, so `model.eval()` raises "
                       "TypeError; use `def train(self, mode=True)`")


def _takes_mode(node: cst.FunctionDef) -> bool:
    params = node.params
    positional = len(params.posonly_params) + len(params.params)
    return positional >= 2 or isinstance(params.star_arg, cst.Param)
