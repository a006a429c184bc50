"""MOD006: ``[Layer(...)] * n``: n references to one module, sharing its weights."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability, Fix
from modlint.rules.base import Rule
from modlint.semantic import torch_api
from modlint.semantic.model import ClassInfo, FileModel, Kind, RepeatedList
from modlint.semantic.names import mentions
from modlint.semantic.walk import any_node


class RepeatedModuleInstance(Rule):
    code = "MOD006"
    name = "repeated-module-instance"
    summary = "[Layer(...)] * n: every position is the same module, sharing one set of weights"
    fix = "unsafe"

    def check(self, ctx: RuleContext) -> None:
        for repeated in ctx.model.repeated_lists:
            weighted = [call for call, cls in repeated.constructors
                        if _has_weights(ctx.model, cls, set())]
            if not weighted:
                continue  # sharing a ReLU or a Dropout changes nothing
            if _built_per_position_otherwise(ctx, repeated.alternative, weighted):
                continue  # `if shared: [L()] * n else: [L() for ...]`: sharing is an option
            layer = ctx.code(weighted[0].func)
            ctx.report(repeated.node,
                       f"list multiplication repeats one `{layer}` instance (shared weights); "
                       "build one per position with a comprehension",
                       _fix(ctx, repeated))


def _built_per_position_otherwise(ctx: RuleContext, alternative: Optional[cst.CSTNode],
                                  constructors: list[cst.Call]) -> bool:
    """The other branch of the ``if`` builds the same class once per position (in a
    comprehension or a loop): the code chooses between shared and separate instances."""
    if alternative is None:
        return False
    classes = {ctx.code(call.func) for call in constructors}

    def constructs(node: cst.CSTNode) -> bool:
        return isinstance(node, cst.Call) and ctx.code(node.func) in classes

    return any_node(alternative, lambda node: isinstance(
        node, (cst.ListComp, cst.GeneratorExp, cst.For)) and any_node(node, constructs))


def _has_weights(model: FileModel, qualified: str, seen: set[str]) -> bool:
    """Whether instances of the class hold parameters, buffers or submodules."""
    local = model.local_class(qualified)
    if local is None:
        prefix, _, last = qualified.rpartition(".")
        if prefix == "torch.nn" or prefix.startswith("torch.nn.modules"):
            return last in torch_api.WEIGHTED_MODULE_CLASSES
        return True  # a known third-party base: assume it has weights
    if qualified in seen:
        return False
    seen.add(qualified)
    return _own_state(local) or any(
        base is None or (base != "torch.nn.Module" and _has_weights(model, base, seen))
        for base in local.bases)


def _own_state(cls: ClassInfo) -> bool:
    state = (Kind.MODULE, Kind.PARAMETER, Kind.TENSOR)
    return bool(cls.registrations) or any(
        a.resolved.kind in state or a.resolved.element is not None for a in cls.assigns)


def _fix(ctx: RuleContext, repeated: RepeatedList) -> Optional[Fix]:
    elements = repeated.items.elements
    if len(elements) != 1 or not isinstance(elements[0].comma, cst.MaybeSentinel) \
            or mentions(elements[0].value, "_"):  # the comprehension's variable
        return None
    count = repeated.count.with_changes(lpar=[], rpar=[])
    comprehension = cst.ListComp(
        elt=elements[0].value,
        for_in=cst.CompFor(
            target=cst.Name("_"),
            iter=cst.Call(func=cst.Name("range"), args=[cst.Arg(count)])),
        lbracket=repeated.items.lbracket, rbracket=repeated.items.rbracket)
    return ctx.fix("Build one instance per position", Applicability.UNSAFE,
                   ctx.replace(repeated.node, ctx.code(comprehension)))
