"""MOD201: a module whose only forward-like method is a misspelling of ``forward``."""

from __future__ import annotations

import re
from typing import Optional

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability, Fix
from modlint.gate import Gate
from modlint.rules.base import Rule
from modlint.semantic import torch_api
from modlint.semantic.imports import dotted
from modlint.semantic.model import ClassInfo, Method

# Words within distance 2 of "forward" that are not misspellings of it.
_WORDS = frozenset({"toward", "onward", "coward", "howard", "foreword", "forewarn",
                    "forwarder", "forwarded"})


class MisspelledForward(Rule):
    code = "MOD201"
    name = "misspelled-forward"
    summary = "module defines no forward but a misspelling of it (foward, Forward, forwad)"
    fix = "safe (when nothing else uses the name) / unsafe"
    gate = Gate(module_class=True)

    def check(self, ctx: RuleContext) -> None:
        model = ctx.model
        for cls in model.module_classes:
            if "__call__" in cls.methods or "forward" in cls.methods \
                    or "forward" in cls.class_attrs or cls.assigns_to("forward"):
                continue  # a __call__ override is MOD202's
            if _is_container(ctx, cls) or model.subclass_defines(cls, "forward"):
                continue
            inherited = model.forward_defined(cls) is not False
            for method in cls.methods.values():
                if not _misspelled(method) or (inherited and not _override(ctx, cls, method)):
                    continue
                if inherited:  # the base's forward runs instead of this override
                    ctx.report(method.node.name,
                               f"`{method.name}` looks like a misspelled override of `forward`: "
                               f"calling `{cls.name}` runs its base's forward instead",
                               _fix(ctx, cls, method, Applicability.UNSAFE))
                else:
                    ctx.report(method.node.name,
                               f"`{cls.name}` has no `forward`, only `{method.name}`: calling "
                               "it raises NotImplementedError; rename it to forward",
                               _fix(ctx, cls, method, Applicability.SAFE))


def _is_container(ctx: RuleContext, cls: ClassInfo) -> bool:
    return any(isinstance(base, str) and torch_api.is_module_class_name(base)
               and base.rpartition(".")[2] in torch_api.CONTAINERS
               for base in ctx.model.base_chain(cls))


def _misspelled(method: Method) -> bool:
    name = method.name
    if name == "forward" or not (name.isascii() and name.isalpha()) \
            or name.lower() in _WORDS:
        return False  # `_forward`, `forward2`, `forward_features` are names of their own
    for decorator in method.node.decorators:
        if (dotted(decorator.decorator) or "").endswith(("property", "setter")):
            return False
    return distance(name.lower(), "forward") <= 2


def _override(ctx: RuleContext, cls: ClassInfo, method: Method) -> bool:
    """Beside an inherited forward, a lowercase misspelling that does not call the module
    itself (``def Forward(self, x): return self(x) * 2`` is a method of its own)."""
    if not method.name.islower():
        return False
    itself = {method.self_name, f"{method.self_name}.forward"} if method.self_name else set()
    return not any(site.cls is cls and site.method == method.name
                   and dotted(site.call.func) in itself for site in ctx.model.calls)


def distance(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbouring letters as one edit."""
    if abs(len(a) - len(b)) > 2:
        return 3
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return previous[-1]


def _fix(ctx: RuleContext, cls: ClassInfo, method: Method,
         alone: Applicability) -> Optional[Fix]:
    """Rename the method: ``alone`` when the name appears nowhere else in the file; when it
    is only called as `<x>.name(...)` and no other class defines it, rename those calls
    too (UNSAFE)."""
    name = method.name
    uses = len(re.findall(rf"\b{re.escape(name)}\b", ctx.text.text))
    rename = ctx.replace(method.node.name, "forward")
    if uses == 1:
        return ctx.fix(f"Rename `{name}` to `forward`", alone, rename)
    if any(name in other.methods or name in other.class_attrs
           for other in ctx.model.classes if other is not cls):
        return None
    calls = [site.call.func for site in ctx.model.calls
             if isinstance(site.call.func, cst.Attribute) and site.call.func.attr.value == name]
    if uses != 1 + len(calls):
        return None  # read without a call, in a string or a comment: leave it to the user
    return ctx.fix(f"Rename `{name}` to `forward`, and its calls", Applicability.UNSAFE,
                   rename, *(ctx.replace(func.attr, "forward") for func in calls))
