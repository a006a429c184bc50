"""MOD001: a tensor assigned to ``self`` in ``__init__`` that PyTorch never sees."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability, Edit, Fix
from modlint.gate import Gate
from modlint.rules.base import Rule
from modlint.semantic.model import ClassInfo, Kind, SelfAssign
from modlint.semantic.values import is_true, keyword

_TENSOR_REGISTRATION = ("register_buffer", "register_parameter")


_SCRIPT_MODULE = {"torch.jit.ScriptModule", "torch.jit._script.ScriptModule"}


class UnregisteredTensor(Rule):
    code = "MOD001"
    name = "unregistered-tensor"
    summary = "tensor assigned to self in __init__ without register_buffer or nn.Parameter"
    fix = "safe (buffer) / unsafe (parameter)"
    gate = Gate(module_class=True)

    def check(self, ctx: RuleContext) -> None:
        for cls in ctx.model.module_classes:
            if cls.init is None or _SCRIPT_MODULE & ctx.model.ancestors(cls):
                continue  # TorchScript records tensor attributes itself
            # registrations of the class and of its bases in this file
            registrations = [r for c in ctx.model.lineage(cls) for r in c.registrations
                             if r.func in _TENSOR_REGISTRATION]
            if any(r.name is None for r in registrations):
                continue  # registered in a loop over names: cannot tell which
            registered = {r.name for r in registrations}
            seen: set[str] = set()
            for assign in cls.assigns:
                if assign.attr in seen or not _candidate(assign):
                    continue
                seen.add(assign.attr)
                if assign.attr in registered or assign.attr in cls.wrapped:
                    continue
                if _managed_elsewhere(cls, assign) or not _meets_the_model(ctx, cls, assign):
                    continue
                self._report(ctx, cls, assign)

    def _report(self, ctx: RuleContext, cls: ClassInfo, assign: SelfAssign) -> None:
        attr = assign.attr
        if assign.resolved.requires_grad:
            message = (f"`self.{attr}` is a tensor with requires_grad=True, not an nn.Parameter: "
                       "the optimizer never updates it and state_dict() does not save it")
            fix = _parameter_fix(ctx, assign)
        else:
            message = (f"`self.{attr}` is a plain tensor: it is not in state_dict() and does not "
                       "follow .to()/.double(); register it with register_buffer()")
            fix = _buffer_fix(ctx, cls, assign)
        ctx.report(assign.small, message, fix)


def _candidate(assign: SelfAssign) -> bool:
    return (assign.method == "__init__" and not assign.nested
            and assign.resolved.kind is Kind.TENSOR
            and not assign.resolved.converted_parameter  # MOD004's
            and isinstance(assign.small, (cst.Assign, cst.AnnAssign)))


def _managed_elsewhere(cls: ClassInfo, assign: SelfAssign) -> bool:
    """Reassigned outside __init__ (a cache or recurrent state), or made a real
    Parameter/module somewhere: not ours to judge."""
    for other in cls.assigns_to(assign.attr):
        if other is assign:
            continue
        if other.method != "__init__" or other.nested:
            return True
        if other.resolved.kind in (Kind.PARAMETER, Kind.MODULE):
            return True
    return False


def _meets_the_model(ctx: RuleContext, cls: ClassInfo, assign: SelfAssign) -> bool:
    """Whether the tensor can end up on another device or dtype than what it meets: the
    class holds trained state (which .to() moves), or forward reads the tensor (where it
    meets the inputs). Not so for a stateless module whose other methods alone read it
    (a constant of a transform, turned into Python numbers there)."""
    if assign.resolved.requires_grad:
        return True
    forward = cls.reachable_from("forward")
    if any(assign.attr in cls.reads.get(method, ()) for method in forward):
        return True
    for owner in ctx.model.lineage(cls):
        if owner.registrations or any(
                a.resolved.kind in (Kind.MODULE, Kind.PARAMETER) or
                a.resolved.element in (Kind.MODULE, Kind.PARAMETER) for a in owner.assigns):
            return True
    return not cls.reads_anywhere(assign.attr)


def _first_assignment(cls: ClassInfo, assign: SelfAssign) -> bool:
    return min(a.order for a in cls.assigns_to(assign.attr)) == assign.order


def _after_super_init(cls: ClassInfo, assign: SelfAssign) -> bool:
    calls = [s.order for s in cls.super_inits if s.method == "__init__"]
    return bool(calls) and min(calls) < assign.order


def _buffer_fix(ctx: RuleContext, cls: ClassInfo, assign: SelfAssign) -> Optional[Fix]:
    # register_buffer raises if the name is already set, or before Module.__init__().
    if assign.value is None or not _first_assignment(cls, assign) \
            or not _after_super_init(cls, assign) or _has_many_targets(assign):
        return None
    self_name = cls.init.self_name if cls.init else "self"
    call = (f'{self_name}.register_buffer("{assign.attr}", {ctx.source(assign.value)}, '
            "persistent=False)")
    return ctx.fix(f"Register `{assign.attr}` as a non-persistent buffer", Applicability.SAFE,
                   ctx.replace(assign.small, call))


def _parameter_fix(ctx: RuleContext, assign: SelfAssign) -> Optional[Fix]:
    value = assign.value
    if not isinstance(value, cst.Call) or _has_many_targets(assign):
        return None
    grad = keyword(value, "requires_grad")
    if grad is None or not is_true(grad.value):
        return None  # requires_grad set through a local or a method: leave it to the user
    parameter, imports = ctx.name_for("torch.nn.Parameter")
    start, end = ctx.span(value)
    return ctx.fix(f"Make `{assign.attr}` an nn.Parameter", Applicability.UNSAFE,
                   Edit(start, start, f"{parameter}("), ctx.remove_arg(value, grad),
                   Edit(end, end, ")"), *imports)


def _has_many_targets(assign: SelfAssign) -> bool:
    return isinstance(assign.small, cst.Assign) and len(assign.small.targets) > 1
