"""MOD408: torchvision model builders called with ``pretrained=`` /
``pretrained_backbone=`` instead of ``weights=`` / ``weights_backbone=``."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability, Edit, Fix
from modlint.gate import Gate
from modlint.rules import api_migrations as api
from modlint.rules.base import Rule
from modlint.rules.torchvision_weights import LEGACY_WEIGHTS
from modlint.semantic.calls import has_star_args


class TorchvisionPretrained(Rule):
    code = "MOD408"
    name = "torchvision-pretrained"
    summary = "torchvision model built with pretrained= (deprecated since 0.13): use weights="
    fix = "safe"
    gate = Gate(words=("pretrained", "True", "False"))

    def check(self, ctx: RuleContext) -> None:
        for site in ctx.model.calls_to(LEGACY_WEIGHTS):
            call = site.call
            if has_star_args(call):
                continue
            legacy = _legacy_arguments(call, LEGACY_WEIGHTS[site.qualified])
            if not legacy:
                continue
            parameter, replacement = legacy[0][1], legacy[0][2]
            ctx.report(call, (
                f"`{parameter}` is deprecated since torchvision 0.13: pass `{replacement}=` "
                "(the weights or None)"),
                _fix(ctx, call, legacy))


def _legacy_arguments(call: cst.Call, entries):
    """(argument, legacy name, new name, weights for True) of each legacy argument; the
    first positional argument is the first legacy one when it is True or False."""
    found = []
    for index, arg in enumerate(call.args):
        for legacy, new, weights in entries:
            if (arg.keyword is not None and arg.keyword.value == legacy) or (
                    index == 0 and arg.keyword is None and legacy == entries[0][0]
                    and api.literal_bool(arg.value) is not None):
                found.append((arg, legacy, new, weights))
    return found


def _fix(ctx: RuleContext, call: cst.Call, legacy) -> Optional[Fix]:
    positional = [a for a in call.args if a.keyword is None]
    if len(positional) > 1 and any(arg is positional[0] for arg, *_ in legacy):
        return None  # `f(True, False)`: a keyword cannot come before the other positional
    edits: list[Edit] = []
    for arg, _, new, weights in legacy:
        value = api.literal_bool(arg.value)
        if value is None or (value and weights is None):
            return None
        text = "None"
        if value:
            spelled = api.spelling(ctx, f"torchvision.models.{weights}", arg.value)
            if spelled is None:
                return None
            text = spelled[0]
            edits.extend(e for e in spelled[1] if e not in edits)
        edits.append(ctx.replace(arg, f"{new}={text}"))
    return ctx.fix("Pass the weights", Applicability.SAFE, *edits)
