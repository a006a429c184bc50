"""MOD407: ``log(1 + x)``, ``exp(x) - 1`` and ``log(sum(exp(x)))``, which lose precision
or overflow where ``log1p``, ``expm1`` and ``logsumexp`` do not."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability
from modlint.gate import Gate
from modlint.rules import api_migrations as api
from modlint.rules.base import Rule
from modlint.semantic.calls import argument
from modlint.semantic.imports import dotted
from modlint.semantic.model import CallSite, Method
from modlint.semantic.names import assigned_values
from modlint.semantic.walk import any_node


def _is_one(node: cst.BaseExpression) -> bool:
    return isinstance(node, (cst.Integer, cst.Float)) and node.evaluated_value == 1


def _only_input(call: cst.Call) -> Optional[cst.BaseExpression]:
    """The argument of ``f(x)`` called with exactly one positional argument."""
    if len(call.args) == 1 and call.args[0].keyword is None and not call.args[0].star:
        return call.args[0].value
    return None


# `1 + x` is exact when x is a whole number: nothing to round away
_WHOLE = frozenset({"floor", "ceil", "round", "trunc", "len", "int", "long", "numel",
                    "count_nonzero", "argmax", "argmin", "randint", "randperm", "size",
                    "bincount", "nonzero", "argsort", "searchsorted"})
# operations that keep whole numbers whole (on their receiver or first argument)
_KEEPS_WHOLE = frozenset({"abs", "neg", "sign", "reshape", "view", "flatten", "unsqueeze",
                          "squeeze", "transpose", "permute", "expand", "repeat", "flip",
                          "rearrange", "repeat_interleave", "contiguous", "clone", "float",
                          "double", "half", "to", "type_as", "cumsum", "sum", "max", "min"})


# roundings to a whole number: of a tensor (`t.round()`, `t.long()`) or of an argument
_ROUNDING_METHODS = frozenset({"round", "floor", "ceil", "trunc", "long", "int"})
_ROUNDING_FUNCTIONS = frozenset({"torch.round", "torch.floor", "torch.ceil", "torch.trunc",
                                 "round", "int", "math.floor", "math.ceil", "math.trunc"})


def _rounded(ctx: RuleContext, node: cst.CSTNode) -> bool:
    """``node`` is only added to or subtracted from other terms and then rounded to a
    whole number (``(t - 1 - log(a * x + 1)).round()``): an error far below 0.5 cannot
    change the result (a product or quotient could magnify it, so neither is followed)."""
    for site in ctx.model.calls:
        call, func = site.call, site.call.func
        if isinstance(func, cst.Attribute) and func.attr.value in _ROUNDING_METHODS \
                and not call.args:
            operand = func.value
        elif (site.qualified or dotted(func)) in _ROUNDING_FUNCTIONS and len(call.args) == 1:
            operand = call.args[0].value
        else:
            continue
        if _summed_into(operand, node):
            return True
    return False


def _summed_into(expression: cst.BaseExpression, node: cst.CSTNode) -> bool:
    if expression is node:
        return True
    if isinstance(expression, cst.BinaryOperation) \
            and isinstance(expression.operator, (cst.Add, cst.Subtract)):
        return _summed_into(expression.left, node) or _summed_into(expression.right, node)
    if isinstance(expression, cst.UnaryOperation) \
            and isinstance(expression.operator, (cst.Minus, cst.Plus)):
        return _summed_into(expression.expression, node)
    return False


class _Whole:
    """Whether an expression's values are whole numbers (of any dtype), following the
    local names of the method that holds it; a binding that contains the expression
    being judged (``x = f(log(x + 1))``) comes after it and is not followed."""

    def __init__(self, ctx: RuleContext, method: Optional[Method], site: cst.CSTNode):
        self.ctx = ctx
        self.locals = method.local_values if method is not None else {}
        # outside loops, a binding after the expression cannot reach it
        self.until = None if method is None or _in_loop(ctx, method, site) \
            else ctx.span(site)[0]
        # a parameter rebound in the method (`x = x.abs()`) also holds what the caller gave
        self.parameters = {p.name.value for p in _all_params(method.node.params)} \
            if method is not None else set()
        self.site = site
        self.seen: set[str] = set()

    def __call__(self, node: cst.BaseExpression) -> bool:
        if isinstance(node, cst.Integer):
            return True
        if isinstance(node, cst.Name):
            return self._name(node.value)
        if isinstance(node, cst.UnaryOperation):
            return isinstance(node.operator, (cst.Minus, cst.Plus)) and self(node.expression)
        if isinstance(node, cst.BinaryOperation):
            return isinstance(node.operator, (cst.Add, cst.Subtract, cst.Multiply,
                                              cst.FloorDivide)) \
                and self(node.left) and self(node.right)
        if isinstance(node, cst.Subscript):  # x.shape[-1], an element or slice of whole ones
            value = node.value
            return (isinstance(value, cst.Attribute) and value.attr.value == "shape") \
                or self(value)
        if isinstance(node, cst.Call):
            return self._call(node)
        return False

    def _name(self, name: str) -> bool:
        if name in self.seen:  # `pos = rearrange(pos)`: whole if its other bindings are
            return True
        values = [v for v in self.locals.get(name, ())
                  if not any_node(v, lambda n: n is self.site)
                  and (self.until is None or self.ctx.span(v)[0] < self.until)]
        if not values or name in self.parameters:
            return False
        self.seen.add(name)
        return all(self(v) for v in values)

    def _call(self, call: cst.Call) -> bool:
        func = call.func
        name = func.attr.value if isinstance(func, cst.Attribute) else (
            func.value if isinstance(func, cst.Name) else None)
        if name in _WHOLE:
            return True
        if name == "arange":  # start + k * step
            positional = [a.value for a in call.args if a.keyword is None and not a.star]
            start = argument(call, "start", 0) if len(positional) > 1 else None
            step = argument(call, "step", 2)
            return (start is None or self(start.value)) and (step is None or self(step.value))
        if name in _KEEPS_WHOLE:
            receiver = func.value if isinstance(func, cst.Attribute) else None
            if receiver is not None and (not isinstance(receiver, cst.Name)
                                         or receiver.value in self.locals):
                return self(receiver)  # a method of the value: `pos.abs()`
            # a function of its first argument: `torch.abs(pos)`, `rearrange(pos, ...)`
            return bool(call.args) and call.args[0].keyword is None \
                and self(call.args[0].value)
        return False


def _method(site: CallSite) -> Optional[Method]:
    if site.cls is None or site.method is None:
        return None
    return site.cls.methods.get(site.method)


def _in_loop(ctx: RuleContext, method: Method, site: cst.CSTNode) -> bool:
    start = ctx.span(site)[0]
    return any_node(method.node.body, lambda n: isinstance(n, (cst.For, cst.While))
                    and ctx.span(n)[0] <= start < ctx.span(n)[1])


def _all_params(params: cst.Parameters) -> list[cst.Param]:
    star = [params.star_arg] if isinstance(params.star_arg, cst.Param) else []
    kwargs = [params.star_kwarg] if params.star_kwarg is not None else []
    return [*params.posonly_params, *params.params, *star, *params.kwonly_params, *kwargs]


def _shifted(node: cst.BaseExpression, bindings: dict[str, list[cst.BaseExpression]]
             ) -> bool:
    """``exp(x - m)``: a shift (by the maximum, as a stable log-sum-exp writes it) keeps
    every exp in range, and the sum loses nothing logsumexp would keep; also through a
    local name (``shifted = x - m``) whose every binding is one."""
    if isinstance(node, cst.Name):
        values = bindings.get(node.value, ())
        return bool(values) and all(_shifted(v, {}) for v in values)
    return isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Subtract)


def _bindings(ctx: RuleContext, site: CallSite) -> dict[str, list[cst.BaseExpression]]:
    """The local names around a call: of its method, or of the module-level function."""
    method = _method(site)
    if method is not None:
        return method.local_values
    function = ctx.function_of(site)
    return assigned_values(function) if function is not None else {}


_WHY = {
    "log1p": "rounds `1 + x` first and gives 0 for small `x`",
    "expm1": "subtracts two nearly equal numbers and loses the digits of small `x`",
    "logsumexp": "overflows to inf as soon as an `exp(x)` does",
}


class ImpreciseLogExp(Rule):
    code = "MOD407"
    name = "imprecise-log-exp"
    summary = "log(1 + x), exp(x) - 1, log(sum(exp(x))): use log1p, expm1, logsumexp"
    fix = "unsafe"
    gate = Gate(words=("log", "exp"))

    def check(self, ctx: RuleContext) -> None:
        for site in ctx.model.calls_to(("torch.log",)):
            value = _only_input(site.call)
            if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Add):
                other = value.right if _is_one(value.left) else (
                    value.left if _is_one(value.right) else None)
                if other is not None and not _Whole(ctx, _method(site), site.call)(other) \
                        and not _rounded(ctx, site.call):
                    self._replace(ctx, site.call, site.call.func, "torch.log1p",
                                  ctx.source(other), "log(1 + x)", "log1p")
            elif isinstance(value, cst.Call):
                self._logsumexp(ctx, site, value)
        for site in ctx.model.calls_to(("torch.exp",)):
            operation = site.operand_of
            value = _only_input(site.call)
            if value is not None and operation is not None \
                    and isinstance(operation.operator, cst.Subtract) \
                    and operation.left is site.call and _is_one(operation.right) \
                    and not _rounded(ctx, operation):
                self._replace(ctx, operation, site.call.func, "torch.expm1",
                              ctx.source(value), "exp(x) - 1", "expm1")

    def _replace(self, ctx: RuleContext, node: cst.CSTNode, like: cst.BaseExpression,
                 function: str, args: str, written: str, better: str) -> None:
        spelled = api.spelling(ctx, function, like)
        fix = None
        if spelled is not None:
            fix = ctx.fix(f"Use `torch.{better}`", Applicability.UNSAFE,
                          ctx.replace(node, f"{spelled[0]}({args})"), *spelled[1])
        ctx.report(node, f"`{written}` {_WHY[better]}: `torch.{better}` computes it "
                         "accurately", fix)

    def _logsumexp(self, ctx: RuleContext, log: CallSite, total: cst.Call) -> None:
        site = ctx.model.call_site(total)
        if site is None or site.qualified != "torch.sum" or not total.args \
                or total.args[0].keyword is not None:
            return
        inner = total.args[0].value
        inner_site = ctx.model.call_site(inner) if isinstance(inner, cst.Call) else None
        if inner_site is None or inner_site.qualified != "torch.exp" \
                or _only_input(inner) is None \
                or _shifted(_only_input(inner), _bindings(ctx, log)):
            return
        dim = argument(total, "dim", 1)
        # without dim (or dim=None) sum reduces everything, which logsumexp cannot
        if dim is None or (isinstance(dim.value, cst.Name) and dim.value.value == "None"):
            return
        rest = [a for a in total.args[1:]
                if a.keyword is None or a.keyword.value in ("dim", "keepdim")]
        if len(rest) != len(total.args) - 1 or any(a.star for a in rest):
            return
        args = ", ".join([ctx.source(_only_input(inner))]
                         + [f"{a.keyword.value}={ctx.source(a.value)}" if a.keyword
                            else ctx.source(a.value) for a in rest])
        self._replace(ctx, log.call, log.call.func, "torch.logsumexp", args,
                      "log(sum(exp(x)))", "logsumexp")
