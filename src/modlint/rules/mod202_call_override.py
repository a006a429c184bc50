"""MOD202: a module that overrides ``__call__`` instead of defining ``forward``."""

from __future__ import annotations

import re
from typing import Optional

from modlint.context import RuleContext
from modlint.diagnostics import Applicability, Fix
from modlint.gate import Gate
from modlint.rules.base import Rule
from modlint.semantic.model import Method
from modlint.semantic.paths import always_raises

_CALL_REFERENCE = re.compile(r"\.\s*__call__\b")
# A __call__ that goes on to nn.Module's (super().__call__, Base.__call__(self, ...), the
# implementation nn.Module.__call__ runs): the hooks run.
_DELEGATES = re.compile(r"\.\s*__call__\s*\(|\b_(?:wrapped_)?call_impl\s*\(")


class CallOverride(Rule):
    code = "MOD202"
    name = "call-override"
    summary = "module overrides __call__ without calling nn.Module.__call__: hooks never run"
    fix = "unsafe"
    gate = Gate(module_class=True, words=("__call__",))

    def check(self, ctx: RuleContext) -> None:
        model = ctx.model
        for cls in model.module_classes:
            method = cls.methods.get("__call__")
            if method is None or method.self_name is None \
                    or _DELEGATES.search(ctx.code(method.node)):
                continue
            if always_raises(method.node.body):
                continue  # a module not meant to be called: no call runs, no hook is missed
            if model.forward_defined(cls) is False and not model.subclass_defines(cls, "forward"):
                ctx.report(method.node.name,
                           f"`{cls.name}` overrides `__call__` instead of defining `forward`: "
                           "its forward hooks never run",
                           _fix(ctx, method))
            else:
                ctx.report(method.node.name,
                           f"`{cls.name}` overrides `__call__` without calling "
                           "`super().__call__()`: its forward hooks never run")


def _fix(ctx: RuleContext, method: Method) -> Optional[Fix]:
    # `super().__call__(x)` elsewhere would call the renamed method back: leave it
    if _CALL_REFERENCE.search(ctx.text.text):
        return None
    return ctx.fix("Rename `__call__` to `forward`", Applicability.UNSAFE,
                   ctx.replace(method.node.name, "forward"))
