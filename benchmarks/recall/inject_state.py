"""Injectors for a module's state: buffers, parameters, containers (MOD001-MOD007, MOD303)."""

from __future__ import annotations

from typing import Iterable

import libcst as cst

from recall.sites import Injector, Site, Where
from recall.spelling import (assign_line, call_statement, is_constructor, is_parameter_call,
                             is_torch_factory, keyword_arg, last, name_of, positional,
                             self_attr, self_name, single_self_assign, string_value)


def _buffer_call(statement: cst.CSTNode, where: Where):
    """``(name, value)`` of a line ``self.register_buffer("name", value[, ...])`` in
    ``__init__``."""
    call = call_statement(statement)
    if call is None or where.method_name != "__init__" \
            or self_attr(call.func, where) != "register_buffer":
        return None
    args = positional(call)
    name_arg = keyword_arg(call, "name") or (args[0] if args else None)
    value_arg = keyword_arg(call, "tensor") or (args[1] if len(args) > 1 else None)
    if name_arg is None or value_arg is None:
        return None
    name = string_value(name_arg.value)
    value = value_arg.value
    if not name or not name.isidentifier() or \
            (isinstance(value, cst.Name) and value.value == "None"):
        return None
    return name, value


class BufferToPlainTensor(Injector):
    rule = "MOD001"
    kind = "buffer-to-plain"
    doc = ('`self.register_buffer("x", <expr>[, persistent=...])` in `__init__` becomes '
           "`self.x = <expr>` (buffers registered as None are skipped)")
    node_types = (cst.SimpleStatementLine,)

    def sites(self, node: cst.SimpleStatementLine, where: Where) -> Iterable[Site]:
        found = _buffer_call(node, where)
        if found:
            yield self.site(node, assign_line(node, self_name(where), *found), where)


class ParameterToTensor(Injector):
    rule = "MOD001"
    kind = "parameter-to-tensor"
    doc = ("`self.x = nn.Parameter(<t>)` in `__init__` becomes `self.x = <t>`; when `<t>` is "
           "a `torch.<factory>(...)` call without `requires_grad`, it becomes "
           "`torch.<factory>(..., requires_grad=True)` (a learnable tensor that is no "
           "parameter); `nn.Parameter(<t>, requires_grad=False)` becomes `<t>`")
    node_types = (cst.SimpleStatementLine,)

    def sites(self, node: cst.SimpleStatementLine, where: Where) -> Iterable[Site]:
        found = single_self_assign(node, where)
        if found is None or where.method_name != "__init__" or not is_parameter_call(found[1]):
            return
        attr, call = found
        data = keyword_arg(call, "data") or (positional(call) or [None])[0]
        if data is None:
            return
        tensor = data.value
        frozen = keyword_arg(call, "requires_grad")
        if frozen is None and is_torch_factory(tensor) \
                and keyword_arg(tensor, "requires_grad") is None:
            args = list(tensor.args)
            if args:
                args[-1] = args[-1].with_changes(comma=cst.Comma(
                    whitespace_after=cst.SimpleWhitespace(" ")))
            args.append(cst.Arg(cst.Name("True"), keyword=cst.Name("requires_grad"),
                                equal=cst.AssignEqual(cst.SimpleWhitespace(""),
                                                      cst.SimpleWhitespace(""))))
            tensor = tensor.with_changes(args=args)
        elif frozen is not None and name_of(frozen.value) != "False":
            return  # a parameter whose training is chosen at run time
        yield self.site(node, assign_line(node, self_name(where), attr, tensor), where)


_CONTAINERS = {
    "ModuleList": ("MOD002", "list"), "ModuleDict": ("MOD002", "dict"),
    "ParameterList": ("MOD003", "list"), "ParameterDict": ("MOD003", "dict"),
}


def _plain(call: cst.Call, shape: str) -> cst.BaseExpression:
    """The plain list or dict a container call is turned into."""
    if not call.args:
        return cst.List([]) if shape == "list" else cst.Dict([])
    value = call.args[0].value
    if isinstance(value, (cst.List, cst.ListComp, cst.Dict, cst.DictComp, cst.Name)):
        return value
    if isinstance(value, cst.GeneratorExp) and shape == "list":
        return cst.ListComp(value.elt, value.for_in)
    return cst.Call(cst.Name(shape), [cst.Arg(value)])


class _ContainerToPlain(Injector):
    node_types = (cst.SimpleStatementLine,)
    containers: tuple[str, ...] = ()

    def sites(self, node: cst.SimpleStatementLine, where: Where) -> Iterable[Site]:
        found = single_self_assign(node, where)
        if found is None or not isinstance(found[1], cst.Call):
            return
        attr, call = found
        container = last(call.func)
        if container not in self.containers or len(call.args) > 1 or \
                any(a.star or a.keyword for a in call.args):
            return
        plain = _plain(call, _CONTAINERS[container][1])
        yield self.site(node, assign_line(node, self_name(where), attr, plain), where)


class ModuleContainerToPlain(_ContainerToPlain):
    rule = "MOD002"
    kind = "module-container-to-plain"
    doc = ("`self.x = nn.ModuleList(<list>)` / `nn.ModuleDict(<dict>)` becomes `self.x = <list>` "
           "/ `<dict>` (a generator becomes a list comprehension, another iterable `list(...)`); "
           "`nn.ModuleList()` / `nn.ModuleDict()` filled later becomes `[]` / `{}`")
    containers = ("ModuleList", "ModuleDict")


class ParameterContainerToPlain(_ContainerToPlain):
    rule = "MOD003"
    kind = "parameter-container-to-plain"
    doc = "as for MOD002, with `nn.ParameterList` / `nn.ParameterDict`"
    containers = ("ParameterList", "ParameterDict")


def _names_in(node: cst.CSTNode) -> set[str]:
    names: set[str] = set()
    todo = [node]
    while todo:
        current = todo.pop()
        if isinstance(current, cst.Name):
            names.add(current.value)
        todo.extend(current.children)
    return names


class ComprehensionToRepeat(Injector):
    rule = "MOD006"
    kind = "comprehension-to-repeat"
    doc = ("`[Layer(...) for _ in range(n)]` (a capitalised constructor or `copy.deepcopy`, "
           "the loop variable unused) becomes `[Layer(...)] * n`")
    node_types = (cst.ListComp,)

    def sites(self, node: cst.ListComp, where: Where) -> Iterable[Site]:
        loop = node.for_in
        if loop.ifs or loop.inner_for_in or loop.asynchronous or \
                not isinstance(loop.target, cst.Name) or not isinstance(loop.iter, cst.Call):
            return
        if name_of(loop.iter.func) != "range" or len(loop.iter.args) != 1 or \
                loop.iter.args[0].star or not isinstance(node.elt, cst.Call):
            return
        elt = node.elt
        if not (is_constructor(elt) or last(elt.func) == "deepcopy") or \
                loop.target.value in _names_in(elt):
            return
        repeated = cst.BinaryOperation(cst.List([cst.Element(elt)]), cst.Multiply(),
                                       loop.iter.args[0].value, lpar=node.lpar, rpar=node.rpar)
        yield self.site(node, repeated, where)


class AssignBeforeRegisterBuffer(Injector):
    rule = "MOD007"
    kind = "assign-then-register"
    doc = ('`self.register_buffer("x", <expr>)` in `__init__` becomes `self.x = <expr>` followed '
           'by `self.register_buffer("x", self.x)`')
    node_types = (cst.SimpleStatementLine,)

    def sites(self, node: cst.SimpleStatementLine, where: Where) -> Iterable[Site]:
        found = _buffer_call(node, where)
        block = where.parents[-1] if where.parents else None
        if not found or not isinstance(block, (cst.IndentedBlock, cst.Module)):
            return
        name, value = found
        me = self_name(where)
        assign = assign_line(node, me, name, value)
        call = call_statement(node)
        args = [a.with_changes(value=cst.Attribute(cst.Name(me), cst.Name(name)))
                if a.value is value else a for a in call.args]
        register = cst.SimpleStatementLine(
            [cst.Expr(call.with_changes(args=args))])
        body = []
        for statement in block.body:
            body.extend((assign, register) if statement is node else (statement,))
        yield self.site(block, block.with_changes(body=body), where,
                        expected=assign, anchor=node, new_expected=True)


class ContainerArgumentsMisuse(Injector):
    rule = "MOD303"
    kind = "sequential-list"
    doc = ("`nn.Sequential(a, b, ...)` becomes `nn.Sequential([a, b, ...])`; "
           "`nn.Sequential(*layers)` becomes `nn.Sequential(layers)`")
    node_types = (cst.Call,)

    def sites(self, node: cst.Call, where: Where) -> Iterable[Site]:
        if last(node.func) != "Sequential" or not node.args:
            return
        if len(node.args) == 1 and node.args[0].star == "*":
            yield self.site(node, node.with_changes(
                args=[node.args[0].with_changes(star="")]), where)
        elif len(node.args) >= 2 and all(not a.star and a.keyword is None for a in node.args):
            items = [cst.Element(a.value) for a in node.args]
            yield self.site(node, node.with_changes(args=[cst.Arg(cst.List(items))]), where)


_CONVERSIONS = ("to", "cuda", "double", "float", "half", "bfloat16", "type")


class ConvertAfterWrapping(Injector):
    rule = "MOD004"
    kind = "convert-after-wrapping"
    doc = "`nn.Parameter(<t>.to(...))` (or `.cuda()`, `.double()`, ...) becomes " \
          "`nn.Parameter(<t>).to(...)`"
    node_types = (cst.Call,)

    def sites(self, node: cst.Call, where: Where) -> Iterable[Site]:
        if not is_parameter_call(node) or node.args[0].keyword or node.args[0].star:
            return
        inner = node.args[0].value
        if not isinstance(inner, cst.Call) or not isinstance(inner.func, cst.Attribute) \
                or inner.func.attr.value not in _CONVERSIONS:
            return
        wrapped = node.with_changes(
            args=[node.args[0].with_changes(value=inner.func.value), *node.args[1:]])
        yield self.site(node, inner.with_changes(
            func=inner.func.with_changes(value=wrapped)), where)
