"""Classify an expression: a tensor, a Parameter, a module, a container of them..."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Mapping, Optional

import libcst as cst

from modlint.semantic import torch_api, torch_tables
from modlint.semantic.model import OTHER, Kind, Value
from modlint.semantic.names import assigned_values, returned_values

_CONTAINERS = (cst.List, cst.Tuple, cst.Set)
_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.GeneratorExp)
# Expressions whose value is never a tensor, parameter, module or container of them.
_UNTRACKED = frozenset({cst.Integer, cst.Float, cst.SimpleString, cst.ConcatenatedString,
                         cst.FormattedString, cst.Ellipsis, cst.Comparison})
_PARTIALS = frozenset({"functools.partial"})
_TENSOR_TYPES = frozenset({"torch.Tensor", "torch.FloatTensor", "torch.LongTensor"})
_TENSORS = (Kind.TENSOR, Kind.PARAMETER)
TENSOR = Value(Kind.TENSOR)
# Calls giving a tuple of tensors, or a tensor or a tuple of them by the arguments.
_SEQUENCE_FUNCTIONS = (torch_tables.TENSOR_SEQUENCE_FUNCTIONS
                       | torch_tables.TENSOR_OR_SEQUENCE_FUNCTIONS)
# einops' functions, common in research code: a new tensor from the first argument.
_RESHAPING = frozenset({"einops.rearrange", "einops.repeat", "einops.reduce"})
_SEQUENCE_METHODS = torch_tables.TENSOR_SEQUENCE_METHODS | torch_tables.TENSOR_OR_SEQUENCE_METHODS


def is_true(node: Optional[cst.BaseExpression]) -> bool:
    return isinstance(node, cst.Name) and node.value == "True"


def keyword(call: cst.Call, name: str) -> Optional[cst.Arg]:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


def replaces_object(value: Optional[cst.BaseExpression],
                    resolve: Callable[[cst.BaseExpression], Optional[str]]) -> bool:
    """Whether assigning ``value`` to an attribute outside ``__init__`` replaces its tensor
    by another object (a cache, a state, the tensor moved by hand): not an in-place update
    (``self.x += ...``: None here), nor the same CPU constant made again."""
    if value is None:
        return False
    return not (isinstance(value, cst.Call) and keyword(value, "device") is None
                and resolve(value.func) in torch_tables.FACTORY_FUNCTIONS)


class Classifier:
    """Knows the file's imports and which names are nn.Module classes."""

    def __init__(self, resolve: Callable[[cst.BaseExpression], Optional[str]],
                 is_module_class: Callable[[cst.BaseExpression], bool],
                 functions: Mapping[str, cst.FunctionDef] = {},
                 globals_: Mapping[str, cst.BaseExpression] = {}) -> None:
        """``functions``: the file's module-level functions, ``globals_``: its module-level
        ``name = value`` assignments (the last of each name)."""
        self.resolve = resolve
        self.is_module_class = is_module_class
        self.functions = functions
        self.globals = globals_
        self._made: dict[str, Value] = {}  # what a module-level function or factory makes
        # in a method: its self name and the class's own methods, for `self.helper(...)`
        self.helpers: Optional[tuple[str, Mapping[str, cst.FunctionDef]]] = None
        self._helped: dict[int, Value] = {}  # id(method) -> what it returns

    def classify(self, node: cst.BaseExpression, local: Mapping[str, Value]) -> Value:
        kind = type(node)  # exact types first: the common cases, without ABC checks
        if kind is cst.Name:
            if node.value == "None":
                return Value(Kind.NONE)
            if node.value in local:
                return local[node.value]
            if self.is_module_class(node):
                return Value(Kind.MODULE_CLASS)
            if node.value in self.globals:  # `LayerNorm = partial(nn.LayerNorm, eps=1e-6)`
                return self._global(node.value)
            return OTHER
        if kind is cst.Attribute:
            if self.is_module_class(node):
                return Value(Kind.MODULE_CLASS)
            if node.attr.value in torch_tables.TENSOR_ATTRIBUTES \
                    and self.classify(node.value, local).kind in _TENSORS:
                return TENSOR  # x.T, x.data
            return OTHER
        if kind is cst.Call:
            return self._call(node, local)
        if kind in _UNTRACKED:
            return OTHER
        if kind is cst.Lambda:  # a factory: `lambda n: Scorer(n, 4)`
            params = {p.name.value for p in (*node.params.params, *node.params.kwonly_params,
                                             *node.params.posonly_params)}
            made = self.classify(node.body, {k: v for k, v in local.items()
                                             if k not in params})
            return Value(Kind.OTHER, returns=made) if made.kind is not Kind.OTHER else OTHER
        if isinstance(node, cst.BinaryOperation):
            left = self.classify(node.left, local)
            right = self.classify(node.right, local)
            if Kind.TENSOR in (left.kind, right.kind) or Kind.PARAMETER in (left.kind, right.kind):
                return Value(Kind.TENSOR)
            return OTHER
        if isinstance(node, cst.UnaryOperation):
            inner = self.classify(node.expression, local)
            return Value(Kind.TENSOR) if inner.kind in (Kind.TENSOR, Kind.PARAMETER) else OTHER
        if isinstance(node, cst.Subscript):
            if self.classify(node.value, local).kind in _TENSORS:
                return TENSOR
            if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index) \
                    and self._tensor_sequence(node.value, local):
                return TENSOR  # x.chunk(2)[0], torch.max(x, dim=1)[0]
            return OTHER
        if isinstance(node, cst.IfExp):
            body = self.classify(node.body, local)
            orelse = self.classify(node.orelse, local)
            kinds = {body.kind, orelse.kind} - {Kind.NONE}
            if len(kinds) == 1:
                return body if body.kind is not Kind.NONE else orelse
            return OTHER
        if isinstance(node, _CONTAINERS):
            return self._container([e.value for e in node.elements
                                    if not isinstance(e, (cst.StarredElement,))], local)
        if isinstance(node, cst.Dict):
            return self._container([e.value for e in node.elements
                                    if isinstance(e, cst.DictElement)], local)
        if isinstance(node, _COMPREHENSIONS):
            return self._container([node.elt], local)
        if isinstance(node, cst.DictComp):
            return self._container([node.value], local)
        return OTHER

    def _global(self, name: str) -> Value:
        """A module-level factory or module class: other module-level values are not
        followed (a constant assigned to self is a matter of its own)."""
        key = f"global {name}"
        if key not in self._made:
            self._made[key] = OTHER  # a cycle stays unknown
            found = self.classify(self.globals[name], {})
            if found.returns is not None or found.kind is Kind.MODULE_CLASS:
                self._made[key] = found
        return self._made[key]

    def _function(self, name: str) -> Value:
        """What a module-level function returns (``returned``), guarded against recursion."""
        if name not in self._made:
            self._made[name] = OTHER  # recursion stays unknown
            self._made[name] = self.returned(self.functions[name])
        return self._made[name]

    def _helper(self, method: cst.FunctionDef) -> Value:
        """What one of the class's own methods returns, classified in its own context."""
        key = id(method)
        if key not in self._helped:
            self._helped[key] = OTHER  # recursion stays unknown
            self._helped[key] = self.returned(method)
        return self._helped[key]

    def returned(self, function: cst.FunctionDef) -> Value:
        """What a function returns when every return statement agrees, its locals followed
        binding by binding; else what its return annotation names (``-> torch.Tensor``,
        ``-> nn.Module``)."""
        returned = returned_values(function)
        if returned and all(v is not None for v in returned):
            local: dict[str, Value] = {}
            for local_name, values in assigned_values(function).items():
                for value in values:  # `pe = torch.zeros(n)`, then `pe = pe.to(device)`
                    local[local_name] = self.classify(value, local)
            kinds = {self.classify(v, local) for v in returned if v is not None}
            if len(kinds) == 1:
                found = kinds.pop()
                if found.kind is not Kind.OTHER:
                    return replace(found, origin=None)
        annotation = function.returns.annotation if function.returns is not None else None
        if annotation is None:
            return OTHER
        if self.is_module_class(annotation):
            return Value(Kind.MODULE)
        return TENSOR if self.resolve(annotation) in _TENSOR_TYPES else OTHER

    def unpacked(self, node: cst.BaseExpression, local: Mapping[str, Value]) -> Value:
        """What each target of ``a, b = node`` holds: a tensor when ``node`` is a call
        giving a tuple of tensors (``x.chunk(2)``, ``torch.max(x, dim=1)``) or a tensor
        (its rows)."""
        if self.classify(node, local).kind in _TENSORS or self._tensor_sequence(node, local):
            return TENSOR
        return OTHER

    def _tensor_sequence(self, node: cst.BaseExpression, local: Mapping[str, Value]) -> bool:
        """Whether ``node`` calls torch for a tuple (or list) of tensors."""
        if not isinstance(node, cst.Call):
            return False
        func = node.func
        if self.resolve(func) in _SEQUENCE_FUNCTIONS:
            return self._takes_tensor(node, local)
        return isinstance(func, cst.Attribute) and func.attr.value in _SEQUENCE_METHODS \
            and self.classify(func.value, local).kind in _TENSORS

    def _takes_tensor(self, call: cst.Call, local: Mapping[str, Value]) -> bool:
        """Whether an argument is a tensor, or a list or tuple holding one, or the tensors
        a torch function returns (``torch.stack(torch.meshgrid(h, w))``)."""
        for arg in call.args:
            value = arg.value
            if arg.star:
                continue
            if isinstance(value, (cst.List, cst.Tuple)):
                if any(not isinstance(e, cst.StarredElement)
                       and self.classify(e.value, local).kind in _TENSORS
                       for e in value.elements):
                    return True
            elif isinstance(value, (cst.ListComp, cst.GeneratorExp)):
                if self.classify(value.elt, local).kind in _TENSORS:
                    return True
            elif isinstance(value, cst.Call) \
                    and self.resolve(value.func) in torch_tables.TENSOR_SEQUENCE_FUNCTIONS:
                return True
            elif self.classify(value, local).kind in _TENSORS:
                return True
        return False

    def _container(self, elements: list[cst.BaseExpression], local: Mapping[str, Value]) -> Value:
        kinds = {self.classify(e, local).kind for e in elements}
        for kind in (Kind.MODULE, Kind.PARAMETER):
            if kind in kinds:
                return Value(Kind.CONTAINER, element=kind, uniform=kinds == {kind})
        return Value(Kind.CONTAINER)

    def _call(self, call: cst.Call, local: Mapping[str, Value]) -> Value:
        func = call.func
        held = None
        if type(func) is cst.Name:
            if func.value in local:
                held = local[func.value]
            elif func.value in self.globals and not self.is_module_class(func):
                # a module-level factory; other globals are resolved below (`gelu = F.gelu`)
                held = self._global(func.value)
                if held is OTHER:
                    held = None
        if held is not None:
            if held.kind is Kind.MODULE_CLASS:  # `layer = nn.Linear if a else nn.Conv1d`
                return Value(Kind.MODULE, origin=call)
            made = held.returns  # a factory held in a local name
            if made is None:
                return OTHER
            return replace(made, origin=call) if made.kind is Kind.MODULE else made
        if self.helpers is not None and type(func) is cst.Attribute \
                and type(func.value) is cst.Name and func.value.value == self.helpers[0] \
                and func.attr.value in self.helpers[1]:
            made = self._helper(self.helpers[1][func.attr.value])  # `self._make_layer(n)`
            return replace(made, origin=call) if made.kind is Kind.MODULE else made
        if type(func) is cst.Name and func.value in self.functions:
            made = self._function(func.value)  # `def conv3x3(...): return nn.Conv2d(...)`
            return replace(made, origin=call) if made.kind is Kind.MODULE else made
        name = self.resolve(func)
        if name in _PARTIALS:  # `partial(nn.BatchNorm2d, eps=1e-3)`: a factory of modules
            first = call.args[0] if call.args else None
            if first is None or first.star or first.keyword is not None:
                return OTHER
            made = self.classify(cst.Call(func=first.value), local)
            return Value(Kind.OTHER, returns=made) if made.kind is not Kind.OTHER else OTHER
        if name in torch_api.TENSOR_FACTORIES:
            return _made(call)
        if name in torch_api.IN_PLACE_FUNCTIONS:  # nn.init.zeros_(t) is t
            first = call.args[0] if call.args else None
            if first is None or first.star or first.keyword is not None:
                return OTHER
            return self.classify(first.value, local)
        if name in torch_api.TENSOR_TRANSFORMS:
            return _made(call) if self._takes_tensor(call, local) else OTHER
        if name in torch_tables.SCALAR_REDUCTIONS:  # torch.max(x): a tensor, not two
            if len(call.args) == 1 and call.args[0].keyword is None and not call.args[0].star \
                    and self.classify(call.args[0].value, local).kind in _TENSORS:
                return TENSOR
            return OTHER
        if name in _RESHAPING:  # einops.rearrange(x, ...): x rearranged, a tensor
            first = call.args[0] if call.args else None
            if first is not None and first.keyword is None and not first.star \
                    and self.classify(first.value, local).kind in _TENSORS:
                return TENSOR
            return OTHER
        if name in torch_api.PARAMETER_CLASSES:
            return Value(Kind.PARAMETER)
        if self.is_module_class(func):
            return Value(Kind.MODULE, origin=call)
        if isinstance(func, cst.Attribute):
            receiver = self.classify(func.value, local)
            method = func.attr.value
            if receiver.kind is Kind.PARAMETER and method in torch_tables.IN_PLACE_METHODS:
                return receiver  # changed in place, still the parameter
            # x.max() is a tensor, x.max(dim=1) two
            gives_tensor = method in torch_api.TENSOR_METHODS or (
                not call.args and method in torch_tables.SCALAR_REDUCTION_METHODS)
            if receiver.kind is Kind.TENSOR and gives_tensor:
                grad = receiver.requires_grad
                if method == "requires_grad_":
                    grad = not call.args or is_true(call.args[0].value)
                return Value(Kind.TENSOR, requires_grad=grad,
                             converted_parameter=receiver.converted_parameter)
            if receiver.kind is Kind.PARAMETER and gives_tensor:
                return Value(Kind.TENSOR, converted_parameter=(
                    method in torch_api.CONVERSION_METHODS
                    and isinstance(func.value, cst.Call)))
            if receiver.kind is Kind.MODULE and method in ("to", "cuda", "cpu", "float",
                                                           "double", "half", "bfloat16",
                                                           "train", "eval",
                                                           "requires_grad_"):
                return receiver  # Module.to() and friends return the module itself
        return OTHER


def _made(call: cst.Call) -> Value:
    """A fresh tensor from torch, requiring grad when asked to."""
    arg = keyword(call, "requires_grad")
    return Value(Kind.TENSOR, requires_grad=arg is not None and is_true(arg.value))


def stateful_layer(call: cst.Call, qualified: Optional[str]) -> Optional[str]:
    """The torch.nn class name when ``call`` builds a layer with state (parameters,
    buffers, or dropout's training switch), else None. Unknown switches count as off."""
    name = torch_api.torch_nn_class(qualified)
    if name not in torch_api.STATEFUL_LAYERS:
        return None
    if name not in torch_api.STATE_SWITCHES:
        return name
    position, switches = torch_api.STATE_SWITCHES[name]
    if sum(arg.keyword is None for arg in call.args) > position \
            or any(arg.star for arg in call.args):
        return None  # switches given by position or unpacked: cannot tell
    for word, default in switches:
        arg = keyword(call, word)
        if (default and arg is None) or (arg is not None and is_true(arg.value)):
            return name
    return None


def root_call(node: Optional[cst.BaseExpression]) -> Optional[cst.Call]:
    """The call that makes a value through method chains: ``nn.Linear(2, 2)`` in
    ``nn.Linear(2, 2).to(x.device)``."""
    while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
            and isinstance(node.func.value, cst.Call):
        node = node.func.value
    return node if isinstance(node, cst.Call) else None
