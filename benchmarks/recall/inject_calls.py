"""Injectors for ``forward`` and the calls around a module (MOD005, MOD2xx, MOD30x)."""

from __future__ import annotations

from typing import Iterable

import libcst as cst

from recall.sites import Injector, Site, Where
from recall.spelling import (is_constructor, keyword_arg, last, name_of, positional,
                             self_attr, self_name, without_arg)


class _ForwardRenamed(Injector):
    node_types = (cst.FunctionDef,)
    new_name = ""

    def sites(self, node: cst.FunctionDef, where: Where) -> Iterable[Site]:
        cls = where.cls
        if node.name.value != "forward" or cls is None or \
                cls.body is not (where.parents[-1] if where.parents else None):
            return
        if any(isinstance(s, cst.FunctionDef) and s.name.value == self.new_name
               for s in cls.body.body):
            return
        yield self.site(node, node.with_changes(name=cst.Name(self.new_name)), where)


class ForwardMisspelled(_ForwardRenamed):
    rule = "MOD201"
    kind = "forward-misspelled"
    doc = "`def forward` becomes `def foward`"
    new_name = "foward"


class ForwardToCall(_ForwardRenamed):
    rule = "MOD202"
    kind = "forward-to-__call__"
    doc = "`def forward` becomes `def __call__` (classes without a `__call__` of their own)"
    new_name = "__call__"


class DirectForwardCall(Injector):
    rule = "MOD203"
    kind = "call-to-forward"
    doc = "`self.sub(...)` becomes `self.sub.forward(...)` where the class assigns `self.sub` " \
          "a capitalised constructor's result (`nn.Linear(...)`, `Block(...)`)"
    node_types = (cst.Call,)

    def __init__(self) -> None:
        self.submodules: dict[cst.ClassDef, set[str]] = {}

    def prepare(self, module: cst.Module) -> None:
        self.submodules = {}

    def _submodules(self, cls: cst.ClassDef, where: Where) -> set[str]:
        if cls not in self.submodules:
            names = set()
            todo: list[cst.CSTNode] = [cls.body]
            while todo:
                node = todo.pop()
                if isinstance(node, cst.Assign) and len(node.targets) == 1 \
                        and is_constructor(node.value):
                    attr = self_attr(node.targets[0].target, where)
                    if attr:
                        names.add(attr)
                todo.extend(c for c in node.children if not isinstance(c, cst.ClassDef))
            self.submodules[cls] = names
        return self.submodules[cls]

    def sites(self, node: cst.Call, where: Where) -> Iterable[Site]:
        cls = where.cls
        attr = self_attr(node.func, where)
        if cls is None or attr is None or where.method_name == "__init__" \
                or attr not in self._submodules(cls, where):
            return
        func = cst.Attribute(node.func, cst.Name("forward"))
        yield self.site(node, node.with_changes(func=func), where)


_DROPOUTS = {"dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout",
             "feature_alpha_dropout"}


def _functional(node: cst.BaseExpression) -> bool:
    """``F.x``, ``nn.functional.x``, ``torch.nn.functional.x`` as spelled."""
    owner = name_of(node).rpartition(".")[0]
    return owner == "F" or owner.endswith("functional")


class TrainingFlagDropped(Injector):
    rule = "MOD301"
    kind = "training-flag-dropped"
    doc = "`F.dropout(..., training=self.training)` (and the other functional dropouts, " \
          "also with the flag passed by position) loses the flag"
    node_types = (cst.Call,)

    def sites(self, node: cst.Call, where: Where) -> Iterable[Site]:
        if last(node.func) not in _DROPOUTS or not _functional(node.func):
            return
        flag = keyword_arg(node, "training")
        args = positional(node)
        if flag is None:
            flag = args[2] if len(args) > 2 else None
        if flag is None or self_attr(flag.value, where) != "training":
            return
        bugged = without_arg(node, flag)
        if flag in args and len(args) > 3:  # `inplace` after it: named, not moved up
            inplace = bugged.args[2]
            named = inplace.with_changes(keyword=cst.Name("inplace"),
                                         equal=cst.AssignEqual())
            bugged = bugged.with_changes(args=[named if a is inplace else a
                                               for a in bugged.args])
        yield self.site(node, bugged, where)


class AttentionDropoutAlwaysOn(Injector):
    rule = "MOD301"
    kind = "sdpa-dropout-always-on"
    doc = "`F.scaled_dot_product_attention(..., dropout_p=<p> if self.training else 0.0)` " \
          "becomes `dropout_p=<p>`"
    node_types = (cst.Call,)

    def sites(self, node: cst.Call, where: Where) -> Iterable[Site]:
        if last(node.func) != "scaled_dot_product_attention":
            return
        arg = keyword_arg(node, "dropout_p")
        if arg is None or not isinstance(arg.value, cst.IfExp) or \
                self_attr(arg.value.test, where) != "training":
            return
        args = [a.with_changes(value=a.value.body) if a is arg else a for a in node.args]
        yield self.site(node, node.with_changes(args=args), where)


_SOFTMAX_FUNCTIONS = {"softmax", "log_softmax", "softmin"}
_SOFTMAX_MODULES = {"Softmax", "LogSoftmax", "Softmin"}


class SoftmaxDimDropped(Injector):
    rule = "MOD302"
    kind = "softmax-dim-dropped"
    doc = "`F.softmax(x, dim=d)` / `F.softmax(x, d)` (and `log_softmax`, `softmin`) and " \
          "`nn.Softmax(dim=d)` (and `LogSoftmax`, `Softmin`) lose the dimension"
    node_types = (cst.Call,)

    def sites(self, node: cst.Call, where: Where) -> Iterable[Site]:
        name = last(node.func)
        dim = keyword_arg(node, "dim")
        if name in _SOFTMAX_FUNCTIONS and _functional(node.func):
            if dim is None:
                args = positional(node)
                dim = args[1] if len(args) > 1 else None
        elif name in _SOFTMAX_MODULES and name_of(node.func).rpartition(".")[0] in (
                "", "nn", "torch.nn"):
            if dim is None and len(node.args) == 1 and not node.args[0].star:
                dim = node.args[0]
        else:
            return
        if dim is not None:
            yield self.site(node, without_arg(node, dim), where)


_IN_PLACE = ("eval", "train", "zero_grad")


class MethodNotCalled(Injector):
    rule = "MOD304"
    kind = "method-not-called"
    doc = "a statement `x.eval()` / `x.train()` / `x.zero_grad()` (no arguments) becomes " \
          "`x.eval` / `x.train` / `x.zero_grad`"
    node_types = (cst.Expr,)

    def sites(self, node: cst.Expr, where: Where) -> Iterable[Site]:
        call = node.value
        if not isinstance(call, cst.Call) or call.args or \
                not isinstance(call.func, cst.Attribute) or call.func.attr.value not in _IN_PLACE:
            return
        yield self.site(node, node.with_changes(value=call.func), where)


class FreezeOnModuleAttribute(Injector):
    rule = "MOD005"
    kind = "freeze-loop-to-attribute"
    doc = "`for p in m.parameters(): p.requires_grad = v` (or `p.requires_grad_(v)`) becomes " \
          "`m.requires_grad = v`; `self.sub.requires_grad_(v)` on a submodule becomes " \
          "`self.sub.requires_grad = v`"
    node_types = (cst.For, cst.SimpleStatementLine)

    def sites(self, node, where: Where) -> Iterable[Site]:
        if isinstance(node, cst.For):
            found = _freeze_loop(node)
            if found:
                owner, value = found
                line = cst.SimpleStatementLine(
                    [_assign(owner, value)], leading_lines=node.leading_lines)
                yield self.site(node, line, where)
            return
        if len(node.body) != 1 or not isinstance(node.body[0], cst.Expr):
            return
        call = node.body[0].value
        if not isinstance(call, cst.Call) or not isinstance(call.func, cst.Attribute) \
                or call.func.attr.value != "requires_grad_" or len(call.args) > 1:
            return
        owner = call.func.value
        if self_attr(owner, where) is None or not _module_attribute(owner, where):
            return
        value = call.args[0].value if call.args else cst.Name("True")
        yield self.site(node, node.with_changes(body=[_assign(owner, value)]), where)


def _assign(owner: cst.BaseExpression, value: cst.BaseExpression) -> cst.Assign:
    return cst.Assign([cst.AssignTarget(cst.Attribute(owner, cst.Name("requires_grad")))], value)


def _freeze_loop(node: cst.For):
    """``(m, v)`` for ``for p in m.parameters(): p.requires_grad = v``."""
    if not isinstance(node.target, cst.Name) or node.orelse or \
            not isinstance(node.iter, cst.Call) or node.iter.args or \
            not isinstance(node.iter.func, cst.Attribute) or \
            node.iter.func.attr.value != "parameters":
        return None
    body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
    if len(body) != 1 or not isinstance(body[0], cst.SimpleStatementLine) \
            or len(body[0].body) != 1:
        return None
    small, param = body[0].body[0], node.target.value
    if isinstance(small, cst.Assign) and len(small.targets) == 1 and \
            name_of(small.targets[0].target) == f"{param}.requires_grad":
        return node.iter.func.value, small.value
    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) and \
            name_of(small.value.func) == f"{param}.requires_grad_" and len(small.value.args) <= 1:
        args = small.value.args
        return node.iter.func.value, (args[0].value if args else cst.Name("True"))
    return None


def _module_attribute(owner: cst.Attribute, where: Where) -> bool:
    """Whether the class assigns ``self.<attr>`` a capitalised constructor's result."""
    cls = where.cls
    attr = owner.attr.value
    me = self_name(where)
    todo: list[cst.CSTNode] = [cls.body] if cls is not None else []
    while todo:
        node = todo.pop()
        if isinstance(node, cst.Assign) and len(node.targets) == 1 and \
                name_of(node.targets[0].target) == f"{me}.{attr}" and is_constructor(node.value):
            return True
        todo.extend(node.children)
    return False
