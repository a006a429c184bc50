"""MOD304: ``model.eval`` without the call: a statement that does nothing."""

from __future__ import annotations

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability, Edit
from modlint.gate import Gate
from modlint.rules.base import Rule
from modlint.semantic.model import BareAttribute, FileModel, Kind

# Methods that act in place: any object they are read from meant to call them.
_IN_PLACE = frozenset({"eval", "train", "zero_grad", "requires_grad_"})
# Methods that act in place on a module but return a converted copy of a tensor; other
# objects have attributes of these names (`args.cuda`), so the receiver must be known.
_CONVERSIONS = frozenset({"cuda", "cpu", "half", "float", "double"})


class UncalledMethod(Rule):
    code = "MOD304"
    name = "uncalled-method"
    summary = "`model.eval` / `.train` / `.zero_grad` / `.cuda` ... read but never called"
    fix = "unsafe"
    gate = Gate(words=tuple(sorted(_IN_PLACE | _CONVERSIONS)))

    def check(self, ctx: RuleContext) -> None:
        shadowed = _attributes_of_local_classes(ctx.model)
        for bare in ctx.model.bare_attributes:
            attr = bare.attribute.attr.value
            if attr in shadowed or attr not in _IN_PLACE | _CONVERSIONS:
                continue
            kind = _receiver_kind(ctx.model, bare)
            code = ctx.source(bare.attribute)
            if kind in (Kind.TENSOR, Kind.PARAMETER) and attr in _CONVERSIONS:
                target = ctx.source(bare.attribute.value)
                ctx.report(bare.attribute,
                           f"`{code}` does nothing, and `{code}()` alone would not either: "
                           f"it returns a converted copy, to assign (`{target} = {code}()`)")
            elif attr in _IN_PLACE or kind is Kind.MODULE:
                end = ctx.span(bare.attribute)[1]
                ctx.report(bare.attribute,
                           f"`{code}` only reads the method and does nothing{_WHY.get(attr, '')}"
                           f": call it, `{code}()`",
                           ctx.fix(f"Call `{code}()`", Applicability.UNSAFE, Edit(end, end, "()")))


_WHY = {"eval": " (the model stays in training mode)",
        "train": " (the model stays in evaluation mode)",
        "zero_grad": " (gradients keep accumulating)"}


def _receiver_kind(model: FileModel, bare: BareAttribute) -> Kind:
    receiver = bare.attribute.value
    method = bare.cls.methods.get(bare.method) if bare.cls and bare.method else None
    self_name = method.self_name if method is not None else None
    if isinstance(receiver, cst.Name) and receiver.value == self_name:
        return Kind.MODULE if bare.cls.is_module else Kind.OTHER
    if isinstance(receiver, cst.Attribute) and isinstance(receiver.value, cst.Name) \
            and receiver.value.value == self_name:
        return model.attribute_kind(bare.cls, receiver.attr.value) or Kind.OTHER
    return bare.receiver.kind


def _attributes_of_local_classes(model: FileModel) -> set[str]:
    """Names that a class of the file binds as a property or class attribute: reading
    one may be meant (a property with side effects)."""
    names = set()
    for cls in model.classes:
        names |= cls.class_attrs
        for method in cls.methods.values():
            if method.node.decorators:
                names.add(method.name)
    return names
