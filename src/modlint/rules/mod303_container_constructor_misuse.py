"""MOD303: ``nn.Sequential([...])``, ``nn.ModuleList(a, b)`` and other constructor calls
that raise TypeError."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability, Edit, Fix
from modlint.gate import Gate
from modlint.rules.base import Rule
from modlint.semantic import torch_api
from modlint.semantic.imports import dotted
from modlint.semantic.model import CallSite, ClassInfo, FileModel
from modlint.semantic.names import assigned_values

_SEQUENCES = (cst.List, cst.Tuple, cst.ListComp, cst.GeneratorExp)
_TYPE_NAMES = {cst.List: "list", cst.Tuple: "tuple", cst.ListComp: "list",
               cst.GeneratorExp: "<genexpr>"}
_LISTS = ("ModuleList", "ParameterList")


class ContainerConstructorMisuse(Rule):
    code = "MOD303"
    name = "container-constructor-misuse"
    summary = "nn.Sequential([...]), nn.ModuleList(a, b), a layer class for an instance"
    fix = "safe"
    gate = Gate(words=("Sequential", "ModuleList", "ParameterList"))

    def check(self, ctx: RuleContext) -> None:
        for site in ctx.model.calls:
            container = torch_api.torch_nn_class(site.qualified)
            if container not in ("Sequential", *_LISTS):
                continue
            call = site.call
            positional = [arg for arg in call.args if arg.keyword is None and not arg.star]
            if container == "Sequential":
                for arg in positional:
                    if isinstance(arg.value, _SEQUENCES):
                        _report_sequence(ctx, arg, _TYPE_NAMES[type(arg.value)])
                    else:
                        kind = _local_sequence(ctx, site, arg.value)
                        if kind is not None:
                            _report_sequence(ctx, arg, kind)
            elif len(positional) == len(call.args) and len(positional) >= 2:
                ctx.report(call, f"nn.{container} takes one iterable, not {len(positional)} "
                                 "arguments (a TypeError); wrap them in a list",
                           _wrap(ctx, positional))
            elif container == "ModuleList" and len(call.args) == 1 and positional \
                    and _single_module(ctx.model, positional[0].value):
                layer = ctx.source(positional[0].value.func)
                ctx.report(call, "nn.ModuleList takes an iterable of modules, not a module: "
                                 "TypeError: ModuleList.extend should be called with an "
                                 f"iterable, but got {layer.rpartition('.')[2]}",
                           _wrap(ctx, positional))
            if container in ("Sequential", "ModuleList"):
                for element in _elements(call):
                    _report_class(ctx, element)


def _local_sequence(ctx: RuleContext, site: CallSite,
                    value: cst.BaseExpression) -> Optional[str]:
    """"list" or "tuple" when ``value`` is a local name of the function holding the call
    (a method or a module-level function) that is only ever bound to lists (or only to
    tuples): ``nn.Sequential(layers)`` with ``layers = []``; or its ``*args`` parameter,
    a tuple (``nn.Sequential(main)`` in ``def __init__(self, *main)``); a slice of such a
    sequence (``layers[:-1]``), ``list(...)``; or ``self.<attr>`` last assigned a list
    before the call in the same method (``self.head = [...]``, then
    ``self.head = nn.Sequential(self.head)``)."""
    while isinstance(value, cst.Subscript) and all(
            isinstance(e.slice, cst.Slice) for e in value.slice):
        value = value.value  # a slice of a list is a list
    # only names, attributes and list(...)/tuple(...) can be sequences the bindings tell
    # (the rule asks of every argument of every nn.Sequential: stop before any search)
    if site.nested or not (isinstance(value, (cst.Name, cst.Attribute)) or (
            isinstance(value, cst.Call) and dotted(value.func) in ("list", "tuple"))):
        return None
    function = ctx.function_of(site)
    if function is None:
        return None
    star = function.params.star_arg
    if isinstance(value, cst.Name) and isinstance(star, cst.Param) \
            and star.name.value == value.value:
        return "tuple"
    if site.cls is not None and site.method is not None:
        method = site.cls.methods[site.method]
        bindings = method.local_values
        if isinstance(value, cst.Attribute) and isinstance(value.value, cst.Name) \
                and value.value.value == method.self_name:
            earlier = [a for a in site.cls.assigns_to(value.attr.value)
                       if a.method == site.method and not a.nested and a.order < site.order
                       and a.value is not None]
            return _sequence(max(earlier, key=lambda a: a.order).value, bindings, set()) \
                if earlier else None
    else:
        bindings = assigned_values(function, added=True)
    if isinstance(value, (cst.Name, cst.Call)):
        return _sequence(value, bindings, set())
    return None


def _sequence_name(name: str, bindings: dict[str, list[cst.BaseExpression]],
                   seen: set[str]) -> Optional[str]:
    """What a local name is bound to, when every binding agrees: "list" or "tuple"."""
    if name in seen:
        return None
    seen.add(name)
    kinds = {_sequence(v, bindings, seen) for v in bindings.get(name, [])}
    return kinds.pop() if len(kinds) == 1 and None not in kinds else None


def _sequence(node: cst.BaseExpression, bindings: dict[str, list[cst.BaseExpression]],
              seen: set[str]) -> Optional[str]:
    if isinstance(node, cst.Call) and dotted(node.func) in ("list", "tuple"):
        return dotted(node.func)
    if isinstance(node, cst.Name):
        return _sequence_name(node.value, bindings, seen)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        # `hidden_layers + output_layer`: two lists make a list
        left, right = _sequence(node.left, bindings, seen), _sequence(node.right, bindings, seen)
        return left if left is not None and left == right else None
    if isinstance(node, cst.IfExp):  # `[nn.Dropout()] if p else []`
        body, orelse = _sequence(node.body, bindings, seen), _sequence(node.orelse, bindings, seen)
        return body if body is not None and body == orelse else None
    return _TYPE_NAMES.get(type(node))


def _report_sequence(ctx: RuleContext, arg: cst.Arg, kind: str) -> None:
    value = arg.value
    start, end = ctx.span(arg)  # the argument's span keeps the value's parentheses
    if isinstance(value, cst.GeneratorExp) and not value.lpar:  # f(x for x in y)
        edits = (Edit(start, start, "*("), Edit(end, end, ")"))
    else:
        edits = (Edit(start, start, "*"),)
    ctx.report(value, f"nn.Sequential takes modules as separate arguments, not a {kind}: "
                      f"TypeError: {kind} is not a Module subclass",
               ctx.fix("Unpack it with `*`", Applicability.SAFE, *edits))


def _elements(call: cst.Call) -> list[cst.BaseExpression]:
    """The modules passed: positional arguments, and the items of list or tuple literals."""
    found = []
    for arg in call.args:
        if arg.keyword is not None or arg.star == "**":
            continue
        if isinstance(arg.value, (cst.List, cst.Tuple)):
            found += [e.value for e in arg.value.elements if not isinstance(e, cst.StarredElement)]
        elif not arg.star:
            found.append(arg.value)
    return found


def _report_class(ctx: RuleContext, node: cst.BaseExpression) -> None:
    if not isinstance(node, (cst.Name, cst.Attribute)):
        return
    local = _local_module_class(ctx.model, node)
    qualified = ctx.model.imports.resolve(node)
    layer = torch_api.torch_nn_class(qualified)
    if local is None and layer is None:
        return
    fix: Optional[Fix] = None
    if layer in torch_api.NO_ARGUMENT_LAYERS or (local is not None
                                                 and _builds_without_arguments(ctx.model, local)):
        fix = ctx.fix("Make an instance", Applicability.SAFE,
                      Edit(ctx.span(node)[1], ctx.span(node)[1], "()"))
    ctx.report(node, f"`{ctx.source(node)}` is a class, not a module: construct it, "
                     f"`{ctx.source(node)}(...)`; as it is, TypeError: ...{node_name(node)} is "
                     "not a Module subclass", fix)


def node_name(node: cst.BaseExpression) -> str:
    return node.attr.value if isinstance(node, cst.Attribute) else getattr(node, "value", "")


def _local_module_class(model: FileModel, node: cst.BaseExpression) -> Optional[ClassInfo]:
    if isinstance(node, cst.Name):
        info = model.local_classes.get(node.value)
        if info is not None and info.is_module:
            return info
    return None


def _builds_without_arguments(model: FileModel, cls: ClassInfo) -> bool:
    for info in model.lineage(cls):
        if info.init is not None:
            params = info.init.node.params
            rest = [*params.posonly_params, *params.params][1:] + list(params.kwonly_params)
            return all(p.default is not None for p in rest)
    return all(torch_api.torch_nn_class(base) == "Module"
               for info in model.lineage(cls) for base in info.bases
               if model.local_class(base) is None)


def _single_module(model: FileModel, value: cst.BaseExpression) -> bool:
    """A constructor call of a module that cannot be iterated (not a container)."""
    if not isinstance(value, cst.Call):
        return False
    layer = torch_api.torch_nn_class(model.imports.resolve(value.func))
    if layer is not None:
        return layer not in torch_api.CONTAINERS and layer != "Sequential"
    local = _local_module_class(model, value.func)
    if local is None:
        return False
    return all("__iter__" not in info.methods and "__getitem__" not in info.methods
               and all(model.local_class(base) is not None
                       or torch_api.torch_nn_class(base) == "Module" for base in info.bases)
               for info in model.lineage(local))


def _wrap(ctx: RuleContext, positional: list[cst.Arg]) -> Fix:
    start, end = ctx.span(positional[0])[0], ctx.span(positional[-1])[1]
    return ctx.fix("Pass them in a list", Applicability.SAFE,
                   Edit(start, start, "["), Edit(end, end, "]"))
