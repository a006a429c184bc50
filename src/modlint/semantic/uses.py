"""Where a tensor attribute goes: what each read of ``self.<attr>`` in a class does with it.

MOD001 reports a plain tensor only when the code gives evidence that it meets other
tensors where devices or dtypes must agree. A read that is brought to another tensor's
device (``.to(x.device)``, ``.type_as(x)``, ``torch.as_tensor(t, device=...)``), used as an
index, copied into another tensor, or only asked for its shape works on any device.

Computed on demand, for one class at a time: most classes never need it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Callable, Optional

import libcst as cst

from modlint.semantic.model import ClassInfo, Method

_Resolve = Callable[[cst.BaseExpression], Optional[str]]


class Use(enum.Enum):
    MOVED = "moved"  # brought to another tensor's device or dtype
    INDEX = "index"  # indexes another tensor (indices may live on the CPU)
    COPIED = "copied"  # copied into another tensor (copy_ crosses devices)
    NEUTRAL = "neutral"  # shape, dtype, len(), `is None`: no device involved
    MEETS = "meets"  # combined with other values: devices must agree

    @property
    def safe(self) -> bool:
        return self is not Use.MEETS


@dataclass
class AttributeUse:
    method: str
    node: cst.Attribute  # the read
    use: Use
    # other `self.<attr>` read in the expressions this value went through
    met: set[str] = field(default_factory=set)


# Tensor methods that only describe the tensor.
_DESCRIBE = frozenset({
    "shape", "size", "dim", "ndim", "ndimension", "numel", "nelement", "dtype", "device",
    "is_cuda", "tolist", "item", "numpy", "cpu", "data_ptr", "element_size", "is_floating_point",
    "requires_grad", "__len__", "stride", "is_contiguous", "storage_offset",
})
# Tensor methods that bring the tensor to the device of their argument.
_MOVE = frozenset({"to", "type_as", "cuda", "new_tensor"})
# Functions that only look at their argument.
_DESCRIBING_FUNCTIONS = frozenset({"len", "int", "float", "bool", "isinstance", "print",
                                   "repr", "str", "id", "hasattr", "getattr"})
_CONVERTING = frozenset({"torch.as_tensor", "torch.tensor", "torch.asarray"})
_DTYPES = frozenset({"float", "double", "half", "bfloat16", "long", "int", "bool", "short",
                     "float16", "float32", "float64", "int8", "int16", "int32", "int64",
                     "uint8", "complex64", "complex128"})


class _Parents(cst.CSTVisitor):
    """Every node of a function with its parent, and its reads of ``self.<attr>``."""

    def __init__(self, self_name: str) -> None:
        self.self_name = self_name
        self.parent: dict[int, cst.CSTNode] = {}
        self.stack: list[cst.CSTNode] = []
        self.reads: list[cst.Attribute] = []
        self.names: dict[str, list[cst.Name]] = {}  # plain names read, by name

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.stack:
            self.parent[id(node)] = self.stack[-1]
        self.stack.append(node)
        if type(node) is cst.Attribute and type(node.value) is cst.Name \
                and node.value.value == self.self_name:
            self.reads.append(node)
        elif type(node) is cst.Name:
            self.names.setdefault(node.value, []).append(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.stack.pop()


class ClassUses:
    """The uses of every tensor attribute read in one class."""

    def __init__(self, cls: ClassInfo, resolve: _Resolve, stays: Callable[[str], bool]) -> None:
        """``stays``: whether an attribute of self stays where it is when the module is
        moved (not a parameter, buffer or submodule)."""
        self.cls = cls
        self.resolve = resolve
        self.stays = stays
        self._functions: dict[str, _Parents] = {}
        for method in cls.methods.values():
            if method.self_name is not None:
                visitor = _Parents(method.self_name)
                method.node.visit(visitor)
                self._functions[method.name] = visitor

    def of(self, attr: str) -> list[AttributeUse]:
        found = []
        for name, function in self._functions.items():
            for read in function.reads:
                if read.attr.value != attr or self._is_store(function, read):
                    continue
                met: set[str] = set()
                use = self._follow(function, self.cls.methods[name], read, met, set())
                found.append(AttributeUse(name, read, use, met - {attr}))
        return found

    def _is_store(self, function: _Parents, read: cst.Attribute) -> bool:
        parent = function.parent.get(id(read))
        if isinstance(parent, cst.AssignTarget) and parent.target is read:
            return True
        if isinstance(parent, (cst.AnnAssign, cst.AugAssign)) and parent.target is read:
            return True
        return isinstance(parent, cst.Del)

    def _follow(self, function: _Parents, method: Method, node: cst.CSTNode,
                met: set[str], seen: set[int]) -> Use:
        """What becomes of the value of ``node``, walking up the expressions it is in."""
        if id(node) in seen:
            return Use.NEUTRAL
        seen.add(id(node))
        while True:
            parent = function.parent.get(id(node))
            kind = type(parent)
            if parent is None or kind is cst.Expr:
                return Use.NEUTRAL
            if kind is cst.Subscript:
                if parent.value is node:  # a slice of the tensor: still the tensor
                    node = parent
                    continue
                return Use.INDEX
            if kind in (cst.Index, cst.Slice, cst.SubscriptElement):
                node = parent  # inside `x[...]`: up to the Subscript, which says INDEX
                continue
            if kind is cst.Attribute:
                step = self._attribute(function, parent, met)
                if step is None:
                    node = function.parent[id(parent)]  # the method call's result
                    continue
                return step
            if kind in (cst.BinaryOperation, cst.Comparison, cst.ComparisonTarget,
                        cst.UnaryOperation, cst.List, cst.Tuple, cst.Element,
                        cst.StarredElement):
                if kind is cst.ComparisonTarget and isinstance(parent.operator,
                                                               (cst.Is, cst.IsNot)):
                    return Use.NEUTRAL
                if not self._constants_only(function, parent, node, met):
                    return Use.MEETS
                node = parent
                continue
            if kind is cst.Arg:
                return self._argument(function, method, parent, met, seen)
            if kind is cst.Assign:
                return self._assigned(function, method, parent, met, seen)
            if kind is cst.Return:
                return self._returned(method, met, seen)
            if kind is cst.Call:  # the callee itself: `self.fn(x)`
                return Use.NEUTRAL
            if kind is cst.IfExp and parent.test is node:
                return Use.NEUTRAL
            if kind in (cst.If, cst.While, cst.Assert, cst.BooleanOperation):
                return Use.NEUTRAL
            return Use.MEETS

    def _attribute(self, function: _Parents, parent: cst.Attribute,
                   met: set[str]) -> Optional[Use]:
        """``<value>.name``: None to go on with the method's result."""
        name = parent.attr.value
        call = function.parent.get(id(parent))
        called = isinstance(call, cst.Call) and call.func is parent
        if name in _DESCRIBE:
            return Use.NEUTRAL
        if not called:
            return Use.NEUTRAL if name in ("T", "mT", "data") else Use.MEETS
        if name == "copy_":
            return Use.MEETS
        if name in _MOVE:
            return Use.MOVED if name != "to" or self._moves(call) else None
        args = [a.value for a in call.args]
        if all(self._constant(function, a, met) for a in args):
            return None  # `.float()`, `.view(-1, 1)`, `.sum()`: still a tensor of ours
        return Use.MEETS

    def _moves(self, call: cst.Call) -> bool:
        """``.to(...)`` changing the device (or to another tensor's), not only the dtype."""
        for arg in call.args:
            if arg.keyword is not None:
                if arg.keyword.value in ("device", "other"):
                    return True
                continue
            value = arg.value
            if isinstance(value, cst.Attribute) and value.attr.value == "dtype":
                continue
            resolved = self.resolve(value)
            if resolved and resolved.rpartition(".")[2] in _DTYPES \
                    and resolved.startswith("torch."):
                continue
            return True
        return False

    def _constant(self, function: _Parents, node: cst.BaseExpression, met: set[str]) -> bool:
        """A value that is not on the inputs' device: a number, a shape, or an attribute of
        self that stays where it is (recorded as met)."""
        kind = type(node)
        if kind in (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString):
            return True
        if kind is cst.Name:
            return node.value in ("None", "True", "False")
        if kind is cst.UnaryOperation:
            return self._constant(function, node.expression, met)
        if kind is cst.Attribute:
            if type(node.value) is cst.Name and node.value.value == function.self_name:
                if not self.stays(node.attr.value):
                    return False
                met.add(node.attr.value)
                return True
            return node.attr.value in _DESCRIBE
        if kind is cst.BinaryOperation:
            return self._constant(function, node.left, met) and \
                self._constant(function, node.right, met)
        if kind in (cst.Tuple, cst.List):
            return all(self._constant(function, e.value, met) for e in node.elements)
        if kind is cst.Call:  # x.size(0), len(x), math.sqrt(d)
            return isinstance(node.func, cst.Attribute) and node.func.attr.value in _DESCRIBE \
                or isinstance(node.func, cst.Name) and node.func.value in _DESCRIBING_FUNCTIONS
        return False

    def _constants_only(self, function: _Parents, parent: cst.CSTNode, node: cst.CSTNode,
                        met: set[str]) -> bool:
        """Whether everything ``node`` meets in ``parent`` is a constant or self's."""
        others = [child for child in parent.children if child is not node]
        for other in others:
            if isinstance(other, (cst.BaseBinaryOp, cst.BaseCompOp, cst.BaseUnaryOp,
                                  cst.LeftParen, cst.RightParen, cst.LeftSquareBracket,
                                  cst.RightSquareBracket, cst.Comma)):
                continue
            if isinstance(other, (cst.Element, cst.StarredElement, cst.ComparisonTarget)):
                other = other.comparator if isinstance(other, cst.ComparisonTarget) else other.value
            if isinstance(other, cst.BaseExpression) and not self._constant(function, other, met):
                return False
        return True

    def _argument(self, function: _Parents, method: Method, arg: cst.Arg,
                  met: set[str], seen: set[int]) -> Use:
        call = function.parent.get(id(arg))
        if not isinstance(call, cst.Call):
            return Use.MEETS
        func = call.func
        if isinstance(func, cst.Name) and func.value in _DESCRIBING_FUNCTIONS:
            return Use.NEUTRAL
        if isinstance(func, cst.Attribute) and func.attr.value == "copy_":
            return Use.COPIED
        if self.resolve(func) in _CONVERTING and any(
                a.keyword is not None and a.keyword.value == "device" for a in call.args):
            return Use.MOVED
        helper = self._helper(function, func)
        if helper is not None:
            parameter = _parameter_for(helper, call, arg)
            if parameter is not None:
                return self._local(self._functions[helper.name], helper, parameter, met, seen)
        return Use.MEETS

    def _helper(self, function: _Parents, func: cst.BaseExpression) -> Optional[Method]:
        """``self.<method>`` of this class, when it is one."""
        if isinstance(func, cst.Attribute) and type(func.value) is cst.Name \
                and func.value.value == function.self_name:
            method = self.cls.methods.get(func.attr.value)
            if method is not None and method.name in self._functions:
                return method
        return None

    def _assigned(self, function: _Parents, method: Method, assign: cst.Assign,
                  met: set[str], seen: set[int]) -> Use:
        targets = [t.target for t in assign.targets]
        if all(isinstance(t, cst.Subscript) for t in targets):
            return Use.COPIED  # `out[:, :k] = self.x`: copied into out, across devices
        if all(isinstance(t, cst.Name) for t in targets):
            uses = [self._local(function, method, t.value, met, seen) for t in targets]
            return _worst(uses)
        return Use.MEETS

    def _local(self, function: _Parents, method: Method, name: str, met: set[str],
               seen: set[int]) -> Use:
        """What becomes of a local name: the worst of its reads."""
        reads = [n for n in function.names.get(name, ()) if _is_load(function, n)]
        return _worst([self._follow(function, method, read, met, seen) for read in reads])

    def _returned(self, method: Method, met: set[str], seen: set[int]) -> Use:
        """A value returned by a method: what its callers in the class do with it."""
        uses = []
        for function in self._functions.values():
            for read in function.reads:
                if read.attr.value != method.name:
                    continue
                call = function.parent.get(id(read))
                if isinstance(call, cst.Call) and call.func is read:
                    caller = next(m for m in self.cls.methods.values()
                                  if self._functions.get(m.name) is function)
                    uses.append(self._follow(function, caller, call, met, seen))
        return _worst(uses) if uses else Use.MEETS


def _worst(uses: list[Use]) -> Use:
    for use in uses:
        if not use.safe:
            return use
    return uses[0] if uses else Use.NEUTRAL


def _is_load(function: _Parents, name: cst.Name) -> bool:
    parent = function.parent.get(id(name))
    if isinstance(parent, cst.AssignTarget) and parent.target is name:
        return False
    if isinstance(parent, cst.Attribute) and parent.attr is name:
        return False
    if isinstance(parent, (cst.Param, cst.Arg)) and getattr(parent, "keyword", None) is name:
        return False
    if isinstance(parent, cst.Param):
        return False
    return not isinstance(parent, (cst.FunctionDef, cst.ClassDef, cst.ImportAlias))


def _parameter_for(method: Method, call: cst.Call, arg: cst.Arg) -> Optional[str]:
    """The parameter of ``method`` (called through self) that receives ``arg``."""
    if arg.star:
        return None
    params = method.node.params
    if arg.keyword is not None:
        return arg.keyword.value
    positional = [p.name.value for p in (*params.posonly_params, *params.params)][1:]
    index = [a for a in call.args if a.keyword is None and not a.star].index(arg)
    return positional[index] if index < len(positional) else None
