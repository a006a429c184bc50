"""MOD008: a torch.nn layer with state constructed while the model runs.

Not reported: a scratch layer whose results are never kept (built to time an operation,
then thrown away)."""

from __future__ import annotations

from modlint.context import RuleContext
from modlint.gate import Gate
from modlint.rules.base import Rule
from modlint.semantic.model import ClassInfo
from modlint.semantic.uses import discarded
from modlint.semantic.values import root_call, stateful_layer


def stored_constructions(cls: ClassInfo, running: set[str]) -> set[int]:
    """ids of the calls whose result a running method stores on ``self`` (MOD010's)."""
    found = set()
    for assign in cls.assigns:
        if assign.method in running:
            for call in (root_call(assign.value), assign.resolved.origin):
                if call is not None:
                    found.add(id(call))
    return found


class LayerInForward(Rule):
    code = "MOD008"
    name = "layer-in-forward"
    summary = "torch.nn layer with state constructed in forward or a method it calls"
    fix = "none"
    gate = Gate(module_class=True)

    def check(self, ctx: RuleContext) -> None:
        running: dict[int, tuple[set[str], set[int]]] = {}
        for site in ctx.model.calls:
            cls = site.cls
            if cls is None or not cls.is_module or site.method not in cls.methods:
                continue
            if id(cls) not in running:
                methods = cls.running_methods()
                running[id(cls)] = (methods, stored_constructions(cls, methods))
            methods, stored = running[id(cls)]
            if site.method not in methods or id(site.call) in stored:
                continue
            layer = stateful_layer(site.call, site.qualified)
            if layer is None or discarded(cls.methods[site.method].node, site.call):
                continue
            where = "`forward`" if site.method == "forward" else \
                f"`{site.method}` (called by forward)"
            if "Dropout" in layer:
                what = "always in training mode, even after model.eval()"
            else:
                what = "new random weights each call"
            ctx.report(site.call, f"`nn.{layer}` is constructed inside {where}: {what}; "
                                  "build it in __init__")
