"""Build a FileModel from a parsed module in one visitor pass.

A cheap pre-pass over the top-level statements first fills the import table and the
table of classes, so that a class used before its definition (``self.block = Block()``
with ``Block`` defined further down) is still known to be a module.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Optional, Union

import libcst as cst

from modlint.semantic import torch_api
from modlint.semantic.imports import ImportTable, dotted
from modlint.semantic.model import (
    OTHER,
    Kind,
    BareAttribute,
    BareInit,
    CallSite,
    ClassInfo,
    Deletion,
    FileModel,
    Fill,
    Method,
    Registration,
    RepeatedList,
    SelfAssign,
    Statement,
    SubAssign,
    SuperInit,
    Value,
)
from modlint.semantic.names import paired_values
from modlint.semantic.values import TENSOR, Classifier
from modlint.semantic.walk import walk

if TYPE_CHECKING:
    from modlint.project import ProjectFacts

REGISTER_METHODS = frozenset({"register_buffer", "register_parameter", "register_module",
                              "add_module"})
FILL_METHODS = frozenset({"append", "extend", "insert"})


def string_value(node: cst.BaseExpression) -> Optional[str]:
    """The value of a plain string literal, None for anything else."""
    if isinstance(node, cst.SimpleString):
        try:
            value = ast.literal_eval(node.value)
        except (ValueError, SyntaxError):
            return None
        return value if isinstance(value, str) else None
    return None


class _Namespace:
    """Names of the file: imports and local classes, in definition order."""

    def __init__(self, extra_bases: frozenset[str]) -> None:
        self.imports = ImportTable()
        self.classes: dict[str, ClassInfo] = {}
        self.functions: dict[str, cst.FunctionDef] = {}  # module-level functions
        self.globals: dict[str, cst.BaseExpression] = {}  # module-level `name = value`
        self.extra_bases = extra_bases

    def add_import(self, node: Union[cst.Import, cst.ImportFrom]) -> None:
        for local in self.imports.add(node):
            self.classes.pop(local, None)

    def alias(self, name: str, value: cst.BaseExpression) -> None:
        """``Base = nn.Module``, ``Block = LocalBlock`` at module level: another name
        for what the value names."""
        if isinstance(value, cst.Name) and value.value in self.classes:
            self.classes[name] = self.classes[value.value]
            self.imports.shadow(name)
            return
        # anything else leaves the name as it was: `except ImportError: nn = None`
        resolved = self.imports.resolve(value) if isinstance(value, (cst.Name, cst.Attribute)) \
            else None
        if resolved is not None:
            self.classes.pop(name, None)
            self.imports.bind(name, resolved)

    def base_name(self, node: cst.BaseExpression) -> Optional[str]:
        if isinstance(node, cst.Subscript):  # Generic[T], Base[T]
            node = node.value
        if isinstance(node, cst.Name) and node.value in self.classes:
            return "<local>." + node.value
        return self.imports.resolve(node)

    def is_module_base(self, qualified: Optional[str]) -> bool:
        if qualified is not None and qualified.startswith("<local>."):
            info = self.classes.get(qualified[len("<local>."):])
            return info is not None and info.is_module
        return torch_api.is_module_class_name(qualified, self.extra_bases)

    def is_module_class(self, node: cst.BaseExpression) -> bool:
        if isinstance(node, cst.Name) and node.value in self.classes:
            return self.classes[node.value].is_module
        if isinstance(node, (cst.Name, cst.Attribute)):
            return self.is_module_base(self.imports.resolve(node))
        return False

    def define_class(self, node: cst.ClassDef) -> ClassInfo:
        bases = [self.base_name(arg.value) for arg in node.bases if arg.keyword is None]
        info = ClassInfo(
            name=node.name.value,
            node=node,
            bases=bases,
            is_module=any(self.is_module_base(b) for b in bases),
        )
        self.imports.shadow(info.name)
        self.classes[info.name] = info
        return info


def _prepass(body: Iterable[cst.CSTNode], ns: _Namespace, seen: dict[int, ClassInfo]) -> None:
    for stmt in body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, (cst.Import, cst.ImportFrom)):
                    ns.add_import(small)
                elif isinstance(small, cst.Assign) and len(small.targets) == 1 \
                        and isinstance(small.targets[0].target, cst.Name):
                    ns.alias(small.targets[0].target.value, small.value)
                    ns.globals[small.targets[0].target.value] = small.value
        elif isinstance(stmt, cst.ClassDef):
            seen[id(stmt)] = ns.define_class(stmt)
        elif isinstance(stmt, cst.FunctionDef):
            ns.functions[stmt.name.value] = stmt
        elif isinstance(stmt, (cst.If, cst.Try, cst.With)):
            # `try: import torch` / `if TYPE_CHECKING:` blocks at module level
            for block in _blocks(stmt):
                _prepass(block.body, ns, seen)


def _blocks(stmt: cst.BaseCompoundStatement) -> Iterable[cst.BaseSuite]:
    yield stmt.body
    if isinstance(stmt, cst.If) and stmt.orelse is not None:
        orelse = stmt.orelse
        if isinstance(orelse, cst.If):
            yield from _blocks(orelse)
        else:
            yield orelse.body
    if isinstance(stmt, cst.Try):
        for handler in stmt.handlers:
            yield handler.body
        if stmt.orelse is not None:
            yield stmt.orelse.body
        if stmt.finalbody is not None:
            yield stmt.finalbody.body


@dataclass
class _MethodScope:
    cls: ClassInfo
    method: Method
    nested: bool
    local: dict[str, Value] = field(default_factory=dict)


def _is_property(node: cst.FunctionDef) -> bool:
    return any((dotted(d.decorator) or "").rpartition(".")[2] in ("property", "cached_property")
               or isinstance(d.decorator, cst.Attribute) and d.decorator.attr.value == "setter"
               for d in node.decorators)


def _is_overload(node: cst.FunctionDef) -> bool:
    return any(dotted(d.decorator) in ("overload", "typing.overload", "typing_extensions.overload")
               for d in node.decorators)


_TENSOR_TYPES = frozenset({"torch.Tensor", "torch.FloatTensor", "torch.DoubleTensor",
                           "torch.HalfTensor", "torch.LongTensor", "torch.IntTensor",
                           "torch.BoolTensor", "torch.ByteTensor"})


def _tensor_params(params: cst.Parameters, resolve) -> list[str]:
    """Parameters annotated as a tensor (``Tensor``, ``Optional[Tensor]``, ``Tensor | None``)."""
    def is_tensor(node: cst.BaseExpression) -> bool:
        if isinstance(node, cst.Subscript):  # Optional[Tensor]
            return resolve(node.value) in ("typing.Optional",) and len(node.slice) == 1 \
                and isinstance(node.slice[0].slice, cst.Index) \
                and is_tensor(node.slice[0].slice.value)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
            sides = (node.left, node.right)
            return any(is_tensor(s) for s in sides) and any(
                isinstance(s, cst.Name) and s.value == "None" for s in sides)
        return resolve(node) in _TENSOR_TYPES

    return [p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params)
            if p.annotation is not None and is_tensor(p.annotation.annotation)]


def _param_names(params: cst.Parameters) -> list[str]:
    names = [p.name.value for p in (*params.posonly_params, *params.params,
                                     *params.kwonly_params)]
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            names.append(star.name.value)
    return names


def _self_name(node: cst.FunctionDef) -> Optional[str]:
    for deco in node.decorators:
        if dotted(deco.decorator) in ("staticmethod", "classmethod"):
            return None
    params = list(node.params.posonly_params) + list(node.params.params)
    return params[0].name.value if params else None


class _Builder(cst.CSTVisitor):
    def __init__(self, ns: _Namespace, prepassed: dict[int, ClassInfo]) -> None:
        self.ns = ns
        self.prepassed = prepassed
        self.classes: list[ClassInfo] = []
        self.scopes: list[Union[ClassInfo, _MethodScope, None]] = []  # None: plain function
        self.classifier = Classifier(ns.imports.resolve, ns.is_module_class, ns.functions,
                                     ns.globals)
        self.class_methods: list[dict[str, cst.FunctionDef]] = []  # of the classes entered
        self.helpers: list = []  # the classifier's helper context of the enclosing methods
        self.order = 0
        self.statement: Optional[Statement] = None
        self.calls: list[CallSite] = []
        # `if` tests around the current node, per function (a def starts a new list)
        self.guards: list[list[tuple[cst.BaseExpression, bool]]] = [[]]
        # the other branch of each enclosing `if` (None: an `if` without `else`)
        self.alternatives: list[Optional[cst.CSTNode]] = []
        # per `if` being visited: the local names before it, and at the end of its body
        self.branches: list[tuple[Optional[dict[str, Value]], dict[str, Value]]] = []
        self.operands: dict[int, cst.BinaryOperation] = {}  # id(operand) -> its operation
        self.repeated_lists: list[RepeatedList] = []
        self.stores: set[int] = set()  # ids of `self.x` nodes that are assignment targets
        # local names outside methods: the module's, then one dict per plain function
        self.plain_locals: list[dict[str, Value]] = [{}]
        self.bare_attributes: list[BareAttribute] = []

    # -- scopes ---------------------------------------------------------------
    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        info = self.prepassed.get(id(node)) or self.ns.define_class(node)
        self.classes.append(info)
        self.scopes.append(info)
        # methods a call of `self.<name>(...)` runs (a property's call is of what it gives)
        self.class_methods.append({s.name.value: s for s in node.body.body
                                   if isinstance(s, cst.FunctionDef) and not _is_property(s)})

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.scopes.pop()
        self.class_methods.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.guards.append([])
        parent = self.scopes[-1] if self.scopes else None
        if isinstance(parent, ClassInfo):
            method = Method(node.name.value, node, _self_name(node))
            if not _is_overload(node):  # the last real definition is the method
                parent.methods[method.name] = method
            scope = _MethodScope(parent, method, nested=False)
            helpers = (method.self_name, self.class_methods[-1]) \
                if method.self_name is not None else None
            self.helpers.append(self.classifier.helpers)
            self.classifier.helpers = helpers
            if method.name == "__init__":  # `x: Tensor`: what the caller passes is a tensor
                method.tensor_params = frozenset(_tensor_params(node.params,
                                                                self.ns.imports.resolve))
                scope.local.update((name, TENSOR) for name in method.tensor_params)
            # `block=Bottleneck`, `norm=partial(nn.BatchNorm2d, eps=1e-3)`: a parameter whose
            # default makes modules is taken to make them (what a caller passes instead
            # stands in for the default)
            for param in (*node.params.params, *node.params.kwonly_params):
                if param.default is not None:
                    default = self.classifier.classify(param.default, {})
                    if default.kind is Kind.MODULE_CLASS or (
                            default.returns is not None and default.returns.kind is Kind.MODULE):
                        scope.local[param.name.value] = default
            self.scopes.append(scope)
        elif isinstance(parent, _MethodScope):
            self.scopes.append(_MethodScope(parent.cls, parent.method, nested=True,
                                            local=dict(parent.local)))
        else:
            self.scopes.append(None)
            # a plain function sees the names around it, except those its parameters hide
            local = dict(self.plain_locals[-1])
            for param in _param_names(node.params):
                local.pop(param, None)
            self.plain_locals.append(local)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        scope = self.scopes.pop()
        if scope is None:
            self.plain_locals.pop()
        elif not scope.nested:
            self.classifier.helpers = self.helpers.pop()
        self.guards.pop()

    def visit_If_body(self, node: cst.If) -> None:
        self.guards[-1].append((node.test, True))
        self.alternatives.append(node.orelse)
        local = self._locals()  # an `if` without `else` needs no copy: nothing to restore
        self.branches.append((dict(local) if local is not None and node.orelse is not None
                              else None, {}))

    def leave_If_body(self, node: cst.If) -> None:
        self.guards[-1].pop()
        self.alternatives.pop()

    def visit_If_orelse(self, node: cst.If) -> None:
        self.guards[-1].append((node.test, False))
        self.alternatives.append(node.body)
        # the other branch starts from the names as they were before the `if`: a value
        # bound in the body (`w = nn.Parameter(w)`) never reaches it
        before, _ = self.branches[-1]
        local = self._locals()
        if node.orelse is not None and before is not None and local is not None:
            self.branches[-1] = (before, dict(local))
            local.clear()
            local.update(before)

    def leave_If_orelse(self, node: cst.If) -> None:
        self.guards[-1].pop()
        self.alternatives.pop()
        before, body = self.branches.pop()
        local = self._locals()
        if before is None or local is None:
            return
        # after the `if`: a name the other branch left alone keeps the body's value
        for name, value in body.items():
            if local.get(name) is before.get(name):
                local[name] = value

    def visit_IfExp_body(self, node: cst.IfExp) -> None:
        self.guards[-1].append((node.test, True))
        self.alternatives.append(node.orelse)

    def leave_IfExp_body(self, node: cst.IfExp) -> None:
        self.guards[-1].pop()
        self.alternatives.pop()

    def visit_IfExp_orelse(self, node: cst.IfExp) -> None:
        self.guards[-1].append((node.test, False))
        self.alternatives.append(node.body)

    def leave_IfExp_orelse(self, node: cst.IfExp) -> None:
        self.guards[-1].pop()
        self.alternatives.pop()

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        self.operands[id(node.left)] = node
        self.operands[id(node.right)] = node
        if isinstance(node.operator, cst.Multiply):
            self._repeated_list(node)

    def visit_Import(self, node: cst.Import) -> None:
        if self.scopes:  # module-level imports were read by the pre-pass
            self.ns.add_import(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if self.scopes:
            self.ns.add_import(node)

    def _method(self) -> Optional[_MethodScope]:
        scope = self.scopes[-1] if self.scopes else None
        if isinstance(scope, _MethodScope) and scope.method.self_name is not None:
            return scope
        return None

    def _locals(self) -> Optional[dict[str, Value]]:
        """The local names where the visitor is; None in a class body."""
        scope = self.scopes[-1] if self.scopes else None
        if isinstance(scope, _MethodScope):
            return scope.local
        return self.plain_locals[-1] if scope is None else None

    def _is_self(self, node: cst.BaseExpression, scope: _MethodScope) -> bool:
        return isinstance(node, cst.Name) and node.value == scope.method.self_name

    # -- statements -----------------------------------------------------------
    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self.order += 1
        self.statement = node

    def leave_SimpleStatementLine(self, original_node: cst.SimpleStatementLine) -> None:
        self.statement = None

    # `def __init__(self): self.fc = ...` keeps its statements in a suite, not in lines
    def visit_SimpleStatementSuite(self, node: cst.SimpleStatementSuite) -> None:
        self.order += 1
        self.statement = node

    def leave_SimpleStatementSuite(self, original_node: cst.SimpleStatementSuite) -> None:
        self.statement = None

    def visit_Assign(self, node: cst.Assign) -> None:
        scope = self._method()
        if scope is None:
            self._assign_outside_methods([t.target for t in node.targets], node.value)
            return
        value = self.classifier.classify(node.value, scope.local)
        for target in node.targets:
            self.stores.add(id(target.target))
            self._assign(scope, target.target, node.value, value, node)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        scope = self._method()
        if node.value is None:
            return
        if scope is None:
            self._assign_outside_methods([node.target], node.value)
            return
        value = self.classifier.classify(node.value, scope.local)
        self.stores.add(id(node.target))
        self._assign(scope, node.target, node.value, value, node)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        scope = self._method()
        if scope is None:
            return
        target = node.target
        if isinstance(target, cst.Name) and isinstance(node.operator, cst.AddAssign):
            current = scope.local.get(target.value)
            added = self.classifier.classify(node.value, scope.local)
            if current is not None and current.kind is Kind.CONTAINER \
                    and added.kind is Kind.CONTAINER:
                # `layers += [nn.Linear(...)]`: the local list grows, as by `extend`
                self._grown(scope.local, target.value, current, added.element)
                return
        self._assign(scope, target, None, OTHER, node)

    def visit_Del(self, node: cst.Del) -> None:
        scope = self._method()
        if scope is None:
            return
        targets: list[cst.BaseExpression] = [node.target]
        while targets:
            target = targets.pop()
            if isinstance(target, (cst.Tuple, cst.List)):
                targets.extend(reversed([element.value for element in target.elements]))
            elif isinstance(target, cst.Attribute) and self._is_self(target.value, scope):
                scope.cls.deletions.append(Deletion(target.attr.value, node,
                                                    scope.method.name, scope.nested))

    def _assign_outside_methods(self, targets: list[cst.BaseExpression],
                                value: cst.BaseExpression) -> None:
        scope = self.scopes[-1] if self.scopes else None
        if isinstance(scope, ClassInfo):  # `forward = _forward_impl` in a class body
            scope.class_attrs.update(t.value for t in targets if isinstance(t, cst.Name))
            return
        local = self._locals()
        if local is None:
            return
        resolved = self.classifier.classify(value, local)
        for target in targets:
            if isinstance(target, cst.Name):
                local[target.value] = resolved

    def visit_Expr(self, node: cst.Expr) -> None:
        if not isinstance(node.value, cst.Attribute):
            return
        local = self._locals()
        receiver = OTHER if local is None else self.classifier.classify(node.value.value, local)
        scope = self._method()
        self.bare_attributes.append(BareAttribute(
            node, node.value, receiver, scope.cls if scope else None,
            scope.method.name if scope else None))
        if scope is not None and node.value.attr.value == "__init__":
            form, named = self._init_form(scope, node.value.value, None, bare=True)
            if form is not None:
                scope.cls.bare_inits.append(BareInit(node, scope.method.name, form, named))

    def _assign(self, scope: _MethodScope, target: cst.BaseExpression,
                value_node: Optional[cst.BaseExpression], value: Value,
                small: Union[cst.Assign, cst.AnnAssign, cst.AugAssign]) -> None:
        if isinstance(target, cst.Name):
            scope.local[target.value] = value
            scope.method.local_kinds.setdefault(target.value, []).append(value.kind)
            if value_node is not None:
                scope.method.local_values.setdefault(target.value, []).append(value_node)
        elif isinstance(target, (cst.Tuple, cst.List)):
            values = paired_values(target, value_node)
            # each name bound to its own element (`n, d = x.shape[-1], x.device`),
            # classified before any of them is rebound; other targets stay unknown
            resolved = [OTHER if v is None or not isinstance(e.value, cst.Name)
                        else self.classifier.classify(v, scope.local)
                        for e, v in zip(target.elements, values)]
            for element, element_value, element_resolved in zip(target.elements, values,
                                                                 resolved):
                if not isinstance(element.value, cst.Name):
                    element_value = None
                self._assign(scope, element.value, element_value, element_resolved, small)
        elif isinstance(target, cst.Attribute) and self._is_self(target.value, scope):
            assert self.statement is not None
            scope.cls.assigns.append(SelfAssign(
                attr=target.attr.value, value=value_node, resolved=value,
                method=scope.method.name, nested=scope.nested, statement=self.statement,
                target=target, small=small, order=self.order, guards=tuple(self.guards[-1]),
            ))
        elif isinstance(target, (cst.Attribute, cst.Subscript)):
            root = target.value
            while isinstance(root, (cst.Attribute, cst.Subscript)) and not (
                    isinstance(root, cst.Attribute) and self._is_self(root.value, scope)):
                root = root.value
            if isinstance(root, cst.Attribute):
                scope.cls.written_through.add(root.attr.value)
            if value_node is not None and not isinstance(small, cst.AugAssign):
                self._store(scope, target, value_node, value, small)

    def _store(self, scope: _MethodScope, target: Union[cst.Attribute, cst.Subscript],
               value_node: cst.BaseExpression, value: Value,
               small: Union[cst.Assign, cst.AnnAssign, cst.AugAssign]) -> None:
        """``self.a.b = v`` and ``self.a[k] = v``."""
        if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Attribute) \
                and self._is_self(target.value.value, scope) \
                and isinstance(small, (cst.Assign, cst.AnnAssign)):
            scope.cls.sub_assigns.append(SubAssign(
                owner=target.value.attr.value, attr=target.attr.value, value=value_node,
                method=scope.method.name, small=small, order=self.order,
            ))
        elif isinstance(target, cst.Subscript) and isinstance(target.value, cst.Attribute) \
                and self._is_self(target.value.value, scope) and len(target.slice) == 1 \
                and isinstance(target.slice[0].slice, cst.Index):
            scope.cls.fills.append(Fill(
                attr=target.value.attr.value, how="setitem", value=value_node, resolved=value,
                key=target.slice[0].slice.value, method=scope.method.name, order=self.order,
            ))

    def visit_Attribute(self, node: cst.Attribute) -> None:
        scope = self._method()
        if id(node) in self.stores:
            return
        if scope is not None and self._is_self(node.value, scope):
            scope.cls.reads.setdefault(scope.method.name, set()).add(node.attr.value)

    def _repeated_list(self, node: cst.BinaryOperation) -> None:
        """``[Layer(...)] * n`` and ``n * [Layer(...)]``."""
        for items, count in ((node.left, node.right), (node.right, node.left)):
            if isinstance(items, cst.List):
                constructors = [
                    (e.value, self.ns.base_name(e.value.func) or "") for e in items.elements
                    if isinstance(e.value, cst.Call) and self.ns.is_module_class(e.value.func)
                ]
                if constructors:
                    scope = self._method()
                    self.repeated_lists.append(RepeatedList(
                        node, items, count, constructors, scope.cls if scope else None,
                        self.alternatives[-1] if self.alternatives else None))
                return

    def visit_Call(self, node: cst.Call) -> None:
        scope = self._method()
        qualified = self.ns.imports.resolve(node.func)
        receiver = None
        if isinstance(node.func, cst.Attribute) and isinstance(node.func.value, cst.Name):
            local = self._locals()
            if local is not None:
                receiver = self.classifier.classify(node.func.value, local)
                if receiver.kind is Kind.CONTAINER and node.func.attr.value in FILL_METHODS \
                        and node.args:
                    receiver = self._filled(local, node, receiver)
        self.calls.append(CallSite(
            node, qualified, scope.cls if scope else None,
            scope.method.name if scope else None, scope.nested if scope else False,
            tuple(self.guards[-1]), self.order, self.operands.pop(id(node), None),
            receiver=receiver,
        ))
        if scope is None:
            return
        func = node.func
        if isinstance(func, cst.Attribute) and self._is_self(func.value, scope):
            scope.method.self_calls.add(func.attr.value)
        if isinstance(func, cst.Attribute):
            if func.attr.value == "__init__" and not scope.nested:
                self._super_init(scope, node, func.value)
            elif func.attr.value in FILL_METHODS and isinstance(func.value, cst.Attribute) \
                    and self._is_self(func.value.value, scope) and node.args:
                self._fill(scope, node, func.value.attr.value, func.attr.value)
            elif func.attr.value in REGISTER_METHODS and self._is_self(func.value, scope):
                self._register(scope, node, func.attr.value)
        elif isinstance(func, cst.Name) and func.value == "setattr" and node.args \
                and self._is_self(node.args[0].value, scope):
            self._register(scope, node, "setattr", first=1)
        # read back into a torch.nn class (nn.Parameter(self.x), nn.ModuleList(self.x));
        # a torch.nn function (F.linear(x, self.w), nn.init.zeros_(self.b)) only uses it
        if qualified is not None and qualified.startswith("torch.nn.") \
                and qualified.rpartition(".")[2][:1].isupper():
            for arg in node.args:
                if isinstance(arg.value, cst.Attribute) and self._is_self(arg.value.value, scope):
                    scope.cls.wrapped.add(arg.value.attr.value)

    def _filled(self, local: dict[str, Value], node: cst.Call, container: Value) -> Value:
        """``layers.append(Block())`` on a local list: the list now holds modules."""
        assert isinstance(node.func, cst.Attribute) and isinstance(node.func.value, cst.Name)
        value = self.classifier.classify(node.args[-1].value, local)
        added = value.element if node.func.attr.value == "extend" else value.kind
        return self._grown(local, node.func.value.value, container, added)

    @staticmethod
    def _grown(local: dict[str, Value], name: str, container: Value,
               added: Optional[Kind]) -> Value:
        """The local list ``name`` after elements of kind ``added`` go in."""
        if added in (Kind.MODULE, Kind.PARAMETER) and container.element in (None, added):
            container = Value(Kind.CONTAINER, element=added,
                              uniform=container.element is None or container.uniform)
            local[name] = container
        elif added is not None and container.element != added:
            # something else goes in: a container of modules, but not only of them
            container = Value(Kind.CONTAINER, element=container.element or Kind.OTHER)
            local[name] = container
        return container

    def _fill(self, scope: _MethodScope, node: cst.Call, attr: str, how: str) -> None:
        value = node.args[-1].value  # insert(index, value)
        scope.cls.fills.append(Fill(
            attr=attr, how=how, value=value,
            resolved=self.classifier.classify(value, scope.local), key=None,
            method=scope.method.name, order=self.order,
        ))

    def _register(self, scope: _MethodScope, node: cst.Call, func: str, first: int = 0) -> None:
        name = string_value(node.args[first].value) if len(node.args) > first else None
        scope.cls.registrations.append(Registration(
            func, name, node, scope.method.name, self.order, tuple(self.guards[-1])))

    def _super_init(self, scope: _MethodScope, node: cst.Call, receiver: cst.BaseExpression) -> None:
        first = node.args[0].value if node.args else None
        form, named = self._init_form(scope, receiver, first)
        if form is not None:
            scope.cls.super_inits.append(SuperInit(
                node, scope.method.name, self.statement, form, named, self.order))

    def _init_form(self, scope: _MethodScope, receiver: cst.BaseExpression,
                   first: Optional[cst.BaseExpression], bare: bool = False,
                   ) -> tuple[Optional[str], Optional[str]]:
        """How ``<receiver>.__init__`` reaches the base initialiser, and the class it names.
        ``first`` is the call's first argument; a ``bare`` attribute is not called."""
        if isinstance(receiver, cst.Call) and dotted(receiver.func) == "super":
            if not receiver.args:
                return "super()", None
            if len(receiver.args) == 2:
                return "super(X, self)", dotted(receiver.args[0].value)
            return None, None
        if bare and self._is_self(receiver, scope):
            return None, None
        if (bare or (first is not None and self._is_self(first, scope))) \
                and dotted(receiver) is not None:
            return "Base.__init__(self)", dotted(receiver)
        return None, None



def build_model(module: cst.Module, extra_bases: frozenset[str] = frozenset(),
                project: Optional[ProjectFacts] = None) -> FileModel:
    ns = _Namespace(extra_bases)
    for local, target in project.bindings if project is not None else ():
        ns.imports.bind(local, target)  # what the file's star imports bring
    prepassed: dict[int, ClassInfo] = {}
    _prepass(module.body, ns, prepassed)
    builder = _Builder(ns, prepassed)
    walk(module, builder)
    return FileModel(module=module, imports=ns.imports, classes=builder.classes,
                     local_classes=ns.classes, functions=ns.functions, calls=builder.calls,
                     repeated_lists=builder.repeated_lists,
                     bare_attributes=builder.bare_attributes, project=project)


