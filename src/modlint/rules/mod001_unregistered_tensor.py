"""MOD001: a tensor assigned to ``self`` in ``__init__`` that PyTorch never sees."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability, Edit, Fix
from modlint.gate import Gate
from modlint.rules.base import Rule
from modlint.semantic import torch_api, torch_tables
from modlint.semantic.calls import mentions
from modlint.semantic.imports import dotted
from modlint.semantic.model import ClassInfo, Kind, SelfAssign, exclusive
from modlint.semantic.uses import AttributeUse, ClassUses, Use
from modlint.semantic.values import is_true, keyword, replaces_object

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
            # registrations of the class and of its bases in this file, made while building
            # (a registration in another method raises later, on the plain attribute)
            registrations = [r for c in ctx.model.lineage(cls) for r in c.registrations
                             if r.func in _TENSOR_REGISTRATION
                             and r.method in c.reachable_from("__init__")]
            if any(r.name is None for r in registrations):
                continue  # registered in a loop over names: cannot tell which
            uses: Optional[ClassUses] = None
            seen: set[str] = set()
            for assign in cls.assigns:
                if assign.attr in seen or not _candidate(assign):
                    continue
                seen.add(assign.attr)
                if assign.attr in cls.wrapped or any(
                        r.name == assign.attr and not exclusive(r.guards, assign.guards)
                        for r in registrations):
                    continue
                if _managed_elsewhere(ctx, cls, assign) or _proven_parameter(ctx, assign):
                    continue
                if uses is None:
                    registered = {r.name for r in registrations}
                    uses = ClassUses(cls, ctx.model.imports.resolve,
                                     lambda attr: _place(ctx, cls, attr, registered),
                                     ctx.model.functions)
                found = uses.of(assign.attr)
                if _meets_the_model(ctx, cls, assign, found):
                    self._report(ctx, cls, assign, found)

    def _report(self, ctx: RuleContext, cls: ClassInfo, assign: SelfAssign,
                uses: list[AttributeUse]) -> None:
        attr = assign.attr
        if assign.resolved.requires_grad:
            message = (f"`self.{attr}` is a tensor with requires_grad=True, not an nn.Parameter: "
                       "never trained nor saved; use nn.Parameter")
            fix = _parameter_fix(ctx, assign)
        else:
            message = (f"`self.{attr}` is a plain tensor: not moved by .to(), not in state_dict(); "
                       "register it as a buffer")
            fix = _buffer_fix(ctx, cls, assign, uses)
        ctx.report(assign.small, message, fix)


def _candidate(assign: SelfAssign) -> bool:
    return (assign.method == "__init__" and not assign.nested
            and assign.resolved.kind is Kind.TENSOR
            and not assign.resolved.converted_parameter  # MOD004's
            and isinstance(assign.small, (cst.Assign, cst.AnnAssign)))


def _managed_elsewhere(ctx: RuleContext, cls: ClassInfo, assign: SelfAssign) -> bool:
    """Made a real Parameter or module elsewhere in __init__ (not on another branch of
    the same `if`), or given a new value outside __init__ (a cache, a recurrent state,
    moved by hand): not ours to judge. An in-place update or the same CPU constant made
    again does not count."""
    building = cls.reachable_from("__init__")
    for other in cls.assigns_to(assign.attr):
        if other is assign or exclusive(other.guards, assign.guards):
            continue
        if other.resolved.kind in (Kind.PARAMETER, Kind.MODULE):
            if other.method in building:
                return True
        elif other.method != "__init__" or other.nested:
            if replaces_object(other.value, ctx.model.imports.resolve):
                return True
    return False


def _place(ctx: RuleContext, cls: ClassInfo, attr: str,
           registered: set[Optional[str]]) -> Optional[bool]:
    """Whether ``self.<attr>`` is on the model's device (True: registered, a parameter or
    a module), stays where it was made (False: plain values only), or is unknown (None:
    assigned nowhere in the class, or a parameter on some paths only)."""
    if attr in registered:
        return True
    kinds = {a.resolved.kind if a.resolved.element is None else a.resolved.element
             for c in ctx.model.lineage(cls) for a in c.assigns_to(attr)}
    moving = kinds & {Kind.PARAMETER, Kind.MODULE}
    if not kinds or (moving and kinds - moving - {Kind.NONE}):
        return None
    return bool(moving)


def _meets_the_model(ctx: RuleContext, cls: ClassInfo, assign: SelfAssign,
                     uses: list[AttributeUse]) -> bool:
    """Whether the tensor can end up on another device or dtype than what it meets.
    Evidence from its uses: one that combines it with other values where devices must
    agree, in forward (where it meets the inputs) or in a class holding trained state
    (which .to() moves); not in __init__, which runs before any move. A tensor the code
    brings to the right device at every use, or uses only as an index, a shape or a 0-dim
    constant, works anywhere. A tensor never read in the class is reported: it is read
    from outside."""
    if assign.resolved.requires_grad:
        return True
    if not uses:  # read from outside, unless the caller gave it (then it is theirs)
        return not cls.reads_anywhere(assign.attr) and not _passed_in(cls, assign)
    # in __init__ nothing has been moved yet: what the tensor meets there is where it is
    meeting = [u for u in uses if not u.use.safe and u.method != "__init__"]
    if not meeting or _zero_dim(ctx, cls, assign.value):
        return False
    forward = cls.reachable_from("forward")
    if any(u.method in forward for u in meeting) and not _passed_in(cls, assign):
        return True
    # held by a module with trained state, which .to() moves (for a tensor the caller
    # passed in, on the device the caller chose, that is the only way it is left behind)
    return any(owner.registrations or any(
        a.resolved.kind in (Kind.MODULE, Kind.PARAMETER) or
        a.resolved.element in (Kind.MODULE, Kind.PARAMETER) for a in owner.assigns)
        for owner in ctx.model.lineage(cls))


def _proven_parameter(ctx: RuleContext, assign: SelfAssign) -> bool:
    """``if isinstance(x, nn.Parameter): self.w = x`` (or the ``else`` of ``not
    isinstance``): the value is a Parameter there, which the assignment registers."""
    value = assign.value
    if not isinstance(value, cst.Name):
        return False
    for test, branch in assign.guards:
        if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
            test, branch = test.expression, not branch
        if branch and isinstance(test, cst.Call) and dotted(test.func) == "isinstance" \
                and len(test.args) == 2 and dotted(test.args[0].value) == value.value \
                and ctx.model.imports.resolve(test.args[1].value) \
                in torch_api.PARAMETER_CLASSES:
            return True
    return False


def _passed_in(cls: ClassInfo, assign: SelfAssign) -> bool:
    """The value comes from a tensor the caller gives ``__init__`` (``x: Tensor``)."""
    given = cls.init.tensor_params if cls.init is not None else frozenset()
    return bool(given) and assign.value is not None and mentions(
        assign.value, lambda n: isinstance(n, cst.Name) and n.value in given)


_KEEPS_SHAPE = frozenset({"float", "double", "half", "bfloat16", "to", "type", "sqrt", "rsqrt",
                          "log", "exp", "abs", "neg", "reciprocal", "sigmoid", "tanh", "clone",
                          "detach"})


def _zero_dim(ctx: RuleContext, cls: ClassInfo, value: Optional[cst.BaseExpression]) -> bool:
    """``torch.tensor(0.5)``, ``torch.sqrt(torch.tensor(dim).float())``: a 0-dim tensor,
    which combines with tensors on any device."""
    if isinstance(value, cst.BinaryOperation):
        return (_zero_dim(ctx, cls, value.left) or _number(ctx, cls, value.left)) and \
            (_zero_dim(ctx, cls, value.right) or _number(ctx, cls, value.right))
    if not isinstance(value, cst.Call):
        return False
    name = ctx.model.imports.resolve(value.func) or ""
    if name in ("torch.tensor", "torch.scalar_tensor"):
        return bool(value.args) and value.args[0].keyword is None \
            and _number(ctx, cls, value.args[0].value)
    if name in torch_tables.SCALAR_REDUCTIONS:  # `torch.prod(t)`: all of it, to one value
        return len(value.args) == 1 and value.args[0].keyword is None
    if name.startswith("torch.") and name.rpartition(".")[2] in _KEEPS_SHAPE:
        return len(value.args) == 1 and _zero_dim(ctx, cls, value.args[0].value)
    func = value.func
    if isinstance(func, cst.Attribute) and not value.args \
            and func.attr.value in torch_tables.SCALAR_REDUCTION_METHODS \
            and ctx.model.imports.resolve(func.value) is None:  # `t.sum()`, not `torch.sum()`
        return True
    return isinstance(func, cst.Attribute) and func.attr.value in _KEEPS_SHAPE \
        and _zero_dim(ctx, cls, func.value)


def _number(ctx: RuleContext, cls: ClassInfo, node: cst.BaseExpression) -> bool:
    """A Python number: a literal, arithmetic on numbers, ``math.*``, ``float(...)``, or a
    parameter of __init__ annotated or defaulted as an int or a float."""
    if isinstance(node, (cst.Integer, cst.Float)):
        return True
    if isinstance(node, cst.UnaryOperation):
        return _number(ctx, cls, node.expression)
    if isinstance(node, cst.BinaryOperation):
        return _number(ctx, cls, node.left) and _number(ctx, cls, node.right)
    if isinstance(node, cst.Call) and isinstance(node.func, (cst.Name, cst.Attribute)):
        name = dotted(node.func) or ""
        return name in ("float", "int", "len") or name.startswith("math.")
    if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Attribute) \
            and node.value.attr.value == "shape":  # `K.shape[-1]`
        return True
    if isinstance(node, cst.Name) and cls.init is not None and _local_number(ctx, cls, node):
        return True
    if isinstance(node, cst.Name) and cls.init is not None:
        params = cls.init.node.params
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            if param.name.value == node.value:
                annotation = param.annotation and dotted(param.annotation.annotation)
                return annotation in ("int", "float") or \
                    isinstance(param.default, (cst.Integer, cst.Float)) or \
                    _layer_size(ctx, cls, node.value)
    return isinstance(node, cst.Name) and node.value in ("True", "False")


def _local_number(ctx: RuleContext, cls: ClassInfo, name: cst.Name) -> bool:
    """A local name of __init__ that every assignment binds to a Python number."""
    assert cls.init is not None
    values = cls.init.local_values.get(name.value)
    # a name bound to another name is not followed: no cycles to guard against
    return bool(values) and all(not isinstance(v, cst.Name) and _number(ctx, cls, v)
                                for v in values)


def _layer_size(ctx: RuleContext, cls: ClassInfo, name: str) -> bool:
    """A parameter of __init__ that __init__ passes by position to a torch.nn layer
    (``nn.Linear(enc_dim, attn_dim)``): a size, an int."""
    return any(site.cls is cls and site.method == "__init__"
               and torch_api.torch_nn_class(site.qualified) is not None
               and any(arg.keyword is None and isinstance(arg.value, cst.Name)
                       and arg.value.value == name for arg in site.call.args)
               for site in ctx.model.calls)


def _first_assignment(cls: ClassInfo, assign: SelfAssign) -> bool:
    return min(a.order for a in cls.assigns_to(assign.attr)) == assign.order


def _after_super_init(cls: ClassInfo, assign: SelfAssign) -> bool:
    calls = [s.order for s in cls.super_inits if s.method == "__init__"]
    return bool(calls) and min(calls) < assign.order


def _buffer_fix(ctx: RuleContext, cls: ClassInfo, assign: SelfAssign,
                uses: list[AttributeUse]) -> Optional[Fix]:
    # register_buffer raises if the name is already set, or before Module.__init__().
    if assign.value is None or not _first_assignment(cls, assign) \
            or not _after_super_init(cls, assign) or _has_many_targets(assign):
        return None
    self_name = cls.init.self_name if cls.init else "self"
    if ctx.buffer_style() == "nn.Buffer":  # `self.x = nn.Buffer(value, persistent=False)`
        buffer, imports = ctx.name_for("torch.nn.Buffer")
        edits = (ctx.replace(assign.value, f"{buffer}({ctx.source(assign.value)}, "
                                           "persistent=False)"), *imports)
    else:
        edits = (ctx.replace(assign.small, f'{self_name}.register_buffer("{assign.attr}", '
                                           f'{ctx.source(assign.value)}, persistent=False)'),)
    # Safe only where every meeting is with a value on the model's device: there the
    # original already fails once the module is moved. Where the tensor meets values the
    # analysis cannot place (other CPU tensors, perhaps), code that worked could fail.
    certain = all(u.use is not Use.MEETS for u in uses) \
        and not _passed_in(cls, assign)  # the caller may pass an nn.Parameter: no buffer
    return ctx.fix(f"Register `{assign.attr}` as a non-persistent buffer",
                   Applicability.SAFE if certain else Applicability.UNSAFE, *edits)

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
