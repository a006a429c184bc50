"""MOD901 (opt-in): CUDA hard-coded inside a module's methods."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from modlint.context import RuleContext
from modlint.rules.base import Rule
from modlint.rules.guards import guarded
from modlint.semantic.builder import string_value
from modlint.semantic.calls import argument
from modlint.semantic.model import CallSite

# Methods that legitimately move the module: an override of `cuda` calls `.cuda()`.
_MOVING_METHODS = frozenset({"cuda", "to", "_apply"})
_DEVICE_WORDS = ("cuda", "gpu", "device")


def _is_cuda(node: Optional[cst.BaseExpression]) -> bool:
    text = string_value(node) if node is not None else None
    return text is not None and (text == "cuda" or text.startswith("cuda:"))


def _literal(arg: Optional[cst.Arg]) -> bool:
    """No argument, or a literal one: `.cuda(rank)` leaves the choice of GPU to the caller."""
    return arg is None or isinstance(arg.value, (cst.Integer, cst.SimpleString))


def _is_device_test(node: cst.CSTNode) -> bool:
    """``torch.cuda.is_available()``, ``self.use_cuda``, ``args.gpu``, ``x.device``..."""
    if isinstance(node, cst.Attribute):
        name = node.attr.value
    elif isinstance(node, cst.Name):
        name = node.value
    else:
        return False
    return any(word in name.lower() for word in _DEVICE_WORDS)


class HardcodedCuda(Rule):
    code = "MOD901"
    name = "hardcoded-cuda"
    summary = "opt-in: .cuda() / device=\"cuda\" / torch.device(\"cuda\") inside module methods"
    fix = "none"

    def check(self, ctx: RuleContext) -> None:
        for site in ctx.model.calls:
            if site.cls is None or not site.cls.is_module or site.method in _MOVING_METHODS:
                continue
            what = _hardcoded(site)
            if what is None or guarded(site, _is_device_test):
                continue
            ctx.report(site.call, (
                f"{what} hard-codes CUDA in a module; use the input's device (`x.device`) "
                "or a parameter's"))


def _hardcoded(site: CallSite) -> Optional[str]:
    call = site.call
    if site.qualified == "torch.cuda.current_device":
        return "`torch.cuda.current_device()`"
    if site.qualified == "torch.device":
        first = argument(call, "type", 0)
        index = argument(call, "index", 1)
        if first is None or not _is_cuda(first.value) or not _literal(index):
            return None
        return '`torch.device("cuda")`'
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "device" and _is_cuda(arg.value):
            return '`device="cuda"`'
    if isinstance(call.func, cst.Attribute) and site.qualified is None:
        method = call.func.attr.value
        if method == "cuda" and _literal(argument(call, "device", 0)):
            return "`.cuda()`"
        if method == "to" and call.args and call.args[0].keyword is None \
                and _is_cuda(call.args[0].value):
            return '`.to("cuda")`'
    return None
