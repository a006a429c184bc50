"""MOD903 (opt-in): a tensor made in ``forward`` on the default device, used with an input."""

from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability
from modlint.rules.base import Rule
from modlint.semantic import torch_api
from modlint.semantic.calls import argument, has_star_args
from modlint.semantic.model import CallSite, ClassInfo, FileModel

# Factories that take `device=`; `torch.tensor`/`as_tensor` only count with a list of data.
FACTORIES = frozenset("torch." + name for name in (
    "tensor", "as_tensor", "zeros", "ones", "empty", "full", "rand", "randn", "randint",
    "randperm", "arange", "linspace", "logspace", "eye",
))
_DATA_FACTORIES = frozenset({"torch.tensor", "torch.as_tensor"})
_SHAPE_FACTORIES = frozenset("torch." + name for name in (
    "zeros", "ones", "empty", "full", "rand", "randn"))
_COMBINING = frozenset({"torch.where", "torch.cat", "torch.concat", "torch.stack"})
_TENSOR_TYPES = frozenset({"torch.Tensor"})
_NON_TENSOR_DEFAULTS = (cst.Integer, cst.Float, cst.SimpleString, cst.ConcatenatedString)


class TensorWithoutDeviceInForward(Rule):
    code = "MOD903"
    name = "tensor-without-device-in-forward"
    summary = "opt-in: torch factory without device= in forward, combined with an input tensor"
    fix = "unsafe"

    def check(self, ctx: RuleContext) -> None:
        model = ctx.model
        reported: set[int] = set()
        for site in model.calls:
            cls = site.cls
            if cls is None or not cls.is_module or site.method != "forward" or site.nested:
                continue
            inputs = _inputs(model, cls)
            if not inputs:
                continue
            for factory, partner in _meetings(model, site):
                name = _input_root(partner, inputs)
                if name is None or id(factory) in reported:
                    continue
                reported.add(id(factory))
                spelled = ctx.code(factory.func)
                fix = ctx.fix(f"Create it on `{name}.device`", Applicability.UNSAFE,
                              ctx.append_argument(factory, f"device={name}.device"))
                ctx.report(factory, (
                    f"`{spelled}(...)` is made on the CPU and meets the input `{name}`; "
                    f"pass `device={name}.device`"), fix)


def _meetings(model: FileModel,
              site: CallSite) -> Iterator[tuple[cst.Call, cst.BaseExpression]]:
    """(factory call, the expression it is combined with) around this call site."""
    if _is_factory(model, site.call) and site.operand_of is not None:
        operation = site.operand_of
        other = operation.right if operation.left is site.call else operation.left
        yield site.call, other
    if site.qualified in _COMBINING and not has_star_args(site.call):
        if site.qualified == "torch.where":
            values = [a.value for a in site.call.args[1:3] if a.keyword is None]
        else:
            first = argument(site.call, "tensors", 0)
            sequence = first.value if first is not None else None
            values = [e.value for e in sequence.elements] \
                if isinstance(sequence, (cst.List, cst.Tuple)) else []
        factories = [v for v in values if isinstance(v, cst.Call) and _is_factory(model, v)]
        for factory in factories:
            for other in values:
                if other is not factory:
                    yield factory, other


def _is_factory(model: FileModel, call: cst.Call) -> bool:
    name = model.imports.resolve(call.func)
    if name not in FACTORIES or has_star_args(call):
        return False
    if any(a.keyword is not None and a.keyword.value == "device" for a in call.args):
        return False
    first = call.args[0].value if call.args and call.args[0].keyword is None else None
    if name in _DATA_FACTORIES:  # a scalar makes a 0-dim tensor, which any device accepts
        return isinstance(first, (cst.List, cst.Tuple, cst.ListComp))
    if name in _SHAPE_FACTORIES:
        return first is not None and not (isinstance(first, cst.Tuple) and not first.elements)
    return True


def _inputs(model: FileModel, cls: ClassInfo) -> set[str]:
    """Parameters of forward that hold tensors: unannotated or annotated `Tensor`, and
    without a number or string default."""
    method = cls.methods.get("forward")
    if method is None or method.self_name is None:
        return set()
    params = method.node.params
    names = set()
    for param in list(params.posonly_params) + list(params.params) + list(params.kwonly_params):
        name = param.name.value
        if name == method.self_name or isinstance(param.default, _NON_TENSOR_DEFAULTS):
            continue
        if param.default is not None and isinstance(param.default, cst.Name) \
                and param.default.value in ("True", "False"):
            continue
        if param.annotation is not None and \
                model.imports.resolve(param.annotation.annotation) not in _TENSOR_TYPES:
            continue
        names.add(name)
    return names


def _input_root(node: cst.BaseExpression, inputs: set[str]) -> Optional[str]:
    """The input an expression is a tensor computed from: `x`, `x[0]`, `x.view(...)`, `-x`."""
    if isinstance(node, cst.Name):
        return node.value if node.value in inputs else None
    if isinstance(node, cst.Subscript):
        return _input_root(node.value, inputs)
    if isinstance(node, cst.UnaryOperation):
        return _input_root(node.expression, inputs)
    if isinstance(node, cst.BinaryOperation):
        return _input_root(node.left, inputs) or _input_root(node.right, inputs)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
            and node.func.attr.value in torch_api.TENSOR_METHODS \
            and node.func.attr.value not in ("to", "cpu", "cuda"):
        return _input_root(node.func.value, inputs)
    return None
