"""MOD004: ``nn.Parameter(...)`` converted afterwards: the result is a plain tensor."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability, Fix
from modlint.gate import Gate
from modlint.rules.base import Rule
from modlint.semantic import torch_api

# Expressions that can take `.method()` without parentheses around them.
_ATOMS = (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.List, cst.Tuple, cst.Dict,
          cst.Set, cst.SimpleString, cst.Integer, cst.Float, cst.ListComp, cst.DictComp,
          cst.SetComp, cst.GeneratorExp)


class ConvertedParameter(Rule):
    code = "MOD004"
    name = "converted-parameter"
    summary = ("nn.Parameter(...) followed by .to()/.cuda()/.double()/...: "
               "a plain tensor, never trained")
    fix = "unsafe"
    gate = Gate(words=("Parameter",))

    def check(self, ctx: RuleContext) -> None:
        outer = [site.call for site in ctx.model.calls if _is_conversion(site.call)]
        if not outer:
            return
        callee = {id(site.call): site.qualified for site in ctx.model.calls}
        for call in outer:
            assert isinstance(call.func, cst.Attribute)
            inner = call.func.value
            if callee.get(id(inner)) not in torch_api.PARAMETER_CLASSES:
                continue
            method = call.func.attr.value
            args = "..." if call.args else ""
            ctx.report(call,
                       f"`.{method}()` on an nn.Parameter returns a plain tensor, never trained; "
                       f"use nn.Parameter(data.{method}({args}))",
                       _fix(ctx, call, inner))


def _is_conversion(call: cst.Call) -> bool:
    func = call.func
    return (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Call)
            and func.attr.value in torch_api.CONVERSION_METHODS
            and (func.attr.value != "type" or bool(call.args)))  # .type() reads the type


def _fix(ctx: RuleContext, call: cst.Call, parameter: cst.BaseExpression) -> Optional[Fix]:
    assert isinstance(parameter, cst.Call) and isinstance(call.func, cst.Attribute)
    if "#" in ctx.code(call.func.dot):
        return None  # a comment between the call and `.to()` would be lost
    args = list(parameter.args)
    if not args or args[0].star or (args[0].keyword is not None
                                    and args[0].keyword.value != "data"):
        return None
    data = args[0].value
    if not isinstance(data, _ATOMS) and not data.lpar:
        data = data.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    converted = cst.Call(func=cst.Attribute(value=data, attr=call.func.attr), args=call.args)
    args[0] = args[0].with_changes(value=converted)
    method = call.func.attr.value
    return ctx.fix(f"Convert the data before wrapping it: `.{method}()` inside nn.Parameter",
                   Applicability.UNSAFE,
                   ctx.replace(call, ctx.code(parameter.with_changes(args=args))))
