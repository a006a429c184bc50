"""Where a tensor attribute goes: what each read of ``self.<attr>`` in a class does with it.

MOD001 reports a plain tensor only when the code gives evidence that it meets other
tensors where devices or dtypes must agree. A read that is brought to another tensor's
device (``.to(x.device)``, ``.type_as(x)``, ``torch.as_tensor(t, device=...)``), used as an
index, copied into another tensor, iterated into Python values, or only asked for its shape
works on any device. A read is followed through slices, tensor methods, local variables,
the class's methods and the file's functions it is passed to, and their return values.

Computed on demand, for one class at a time: most classes never need it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Callable, Mapping, Optional

import libcst as cst

from modlint.semantic import torch_tables
from modlint.semantic.imports import dotted
from modlint.semantic.model import ClassInfo, Method
from modlint.semantic.names import returned_values
from modlint.semantic.walk import children_of


class Use(enum.Enum):
    MOVED = "moved"  # brought to another tensor's device or dtype
    INDEX = "index"  # indexes another tensor (indices may live on the CPU)
    COPIED = "copied"  # copied into another tensor (copy_ crosses devices)
    NEUTRAL = "neutral"  # shape, dtype, len(), `is None`, Python values: no device involved
    # combined with a value on the model's device (an input of forward, a parameter,
    # buffer or submodule): after .to(), the tensor left behind fails there
    MEETS_MODEL = "meets-model"
    # combined with values the analysis cannot place: a bug if they are on the model's
    # device, working code if they are other CPU tensors
    MEETS = "meets"

    @property
    def safe(self) -> bool:
        return self not in (Use.MEETS, Use.MEETS_MODEL)


@dataclass
class AttributeUse:
    method: str
    node: cst.Attribute  # the read
    use: Use


# Tensor methods that only describe the tensor.
# attributes that are the same tensor, or a view of it: followed like the tensor
_SAME_TENSOR = frozenset({"T", "mT", "H", "mH", "data"})
_DESCRIBE = frozenset({
    "shape", "size", "dim", "ndim", "ndimension", "numel", "nelement", "dtype", "device",
    "is_cuda", "tolist", "item", "numpy", "cpu", "data_ptr", "element_size", "is_floating_point",
    "requires_grad", "__len__", "stride", "is_contiguous", "storage_offset",
})
# Tensor methods that, called without arguments, reduce the whole tensor to 0-dim.
_FULL_REDUCTIONS = frozenset({"all", "any", "sum", "mean", "max", "min", "prod", "norm",
                              "std", "var", "amax", "amin", "median"})
# Tensor methods that bring the tensor to the device of their argument.
_MOVE = frozenset({"to", "type_as", "cuda", "new_tensor"})
# Functions that only look at their argument.
_DESCRIBING_FUNCTIONS = frozenset({"len", "int", "float", "bool", "isinstance", "print",
                                   "repr", "str", "id", "hash", "hasattr", "getattr"})
# Functions whose result hands out the elements of their argument.
_ITERATING = frozenset({"enumerate", "zip", "reversed", "iter", "list", "tuple", "sorted"})
_CONVERTING = frozenset({"torch.as_tensor", "torch.tensor", "torch.asarray"})
_DTYPES = frozenset({"float", "double", "half", "bfloat16", "long", "int", "bool", "short",
                     "float16", "float32", "float64", "int8", "int16", "int32", "int64",
                     "uint8", "complex64", "complex128"})
# Factories whose result's device follows a tensor argument, not the default device.
_FOLLOWING = frozenset({"torch.normal", "torch.tensor", "torch.as_tensor", "torch.asarray"})
_PUNCTUATION = (cst.BaseBinaryOp, cst.BaseCompOp, cst.BaseUnaryOp, cst.LeftParen,
                cst.RightParen, cst.LeftSquareBracket, cst.RightSquareBracket, cst.Comma)
_ANCHOR_DEPTH = 4  # how far a local's value is traced back to the model's device


class _Parents(cst.CSTVisitor):
    """Every node of a function with its parent, its reads of ``self.<attr>``, and the
    reads and bindings of each plain name in source order."""

    def __init__(self, function: cst.FunctionDef, self_name: Optional[str]) -> None:
        self.self_name = self_name
        self.parameters = {p.name.value for p in (*function.params.posonly_params,
                                                  *function.params.params,
                                                  *function.params.kwonly_params)}
        self.parent: dict[int, cst.CSTNode] = {}
        self.stack: list[cst.CSTNode] = []
        self.reads: list[cst.Attribute] = []
        # name -> (node, bound): a binding is recorded when its statement is left, after
        # the reads of its value (`mean = torch.as_tensor(mean, ...)` reads the old mean)
        self.names: dict[str, list[tuple[cst.CSTNode, bool]]] = {}
        function.visit(self)

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.stack:
            self.parent[id(node)] = self.stack[-1]
        self.stack.append(node)
        if type(node) is cst.Attribute and type(node.value) is cst.Name \
                and node.value.value == self.self_name:
            self.reads.append(node)
        elif type(node) is cst.Name and _is_load(self, node):
            self.names.setdefault(node.value, []).append((node, False))
        elif type(node) is cst.For:  # the loop's names are bound before its body runs
            self._bind(node.target, node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.stack.pop()
        kind = type(original_node)
        if kind is cst.Assign:
            for target in original_node.targets:
                self._bind(target.target, original_node)
        elif kind in (cst.AnnAssign, cst.AugAssign):
            self._bind(original_node.target, original_node)

    def _bind(self, target: cst.BaseExpression, statement: cst.CSTNode) -> None:
        if type(target) is cst.Name:
            self.names.setdefault(target.value, []).append((statement, True))
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind(element.value, statement)

    def reads_of(self, name: str, binding: Optional[cst.CSTNode]) -> list[cst.Name]:
        """The reads of ``name`` that see the value bound at ``binding`` (None: the
        parameter's value on entry), up to the next binding."""
        found: list[cst.Name] = []
        active = binding is None
        for node, bound in self.names.get(name, ()):
            if bound:
                if active and node is not binding:
                    break
                active = active or node is binding
            elif active:
                found.append(node)  # type: ignore[arg-type]
        return found

    def bindings_of(self, name: str) -> list[cst.CSTNode]:
        return [node for node, bound in self.names.get(name, ()) if bound]


def discarded(function: cst.FunctionDef, call: cst.Call) -> bool:
    """``call``'s value is bound to a local name and nothing made from it is ever kept:
    every read of the name is the start of a chain of method calls and attributes that
    is a statement of its own (``layer.to(d)``, ``layer(x).sum().backward()``) or a
    ``del``. A scratch object, used and thrown away."""
    parents = _Parents(function, None)
    statement = parents.parent.get(id(call))
    if type(statement) is not cst.Assign or len(statement.targets) != 1 \
            or type(statement.targets[0].target) is not cst.Name:
        return False
    reads = parents.reads_of(statement.targets[0].target.value, statement)
    for read in reads:
        holder = parents.parent.get(id(read))
        while type(holder) in (cst.Element, cst.Tuple):  # `del a, b`
            holder = parents.parent.get(id(holder))
        if type(holder) is cst.Del:
            continue
        node, parent = read, parents.parent.get(id(read))
        while (type(parent) is cst.Call and parent.func is node) or (
                type(parent) is cst.Attribute and parent.value is node):
            node, parent = parent, parents.parent.get(id(parent))
        if type(parent) is not cst.Expr:
            return False
    return bool(reads)


class ClassUses:
    """The uses of every tensor attribute read in one class."""

    def __init__(self, cls: ClassInfo, resolve: Callable[[cst.BaseExpression], Optional[str]],
                 place: Callable[[str], Optional[bool]],
                 functions: Mapping[str, cst.FunctionDef]) -> None:
        """``place(attr)``: whether ``self.<attr>`` is on the model's device (True: a
        parameter, buffer or submodule), stays where it was made (False: a plain value),
        or is unknown (None). ``functions``: the module-level functions of the file."""
        self.cls = cls
        self.resolve = resolve
        self.place = place
        self.module_functions = functions
        self._functions = {m.name: _Parents(m.node, m.self_name) for m in cls.methods.values()}
        self._plain: dict[str, _Parents] = {}  # module-level functions, parsed when followed
        # the calls whose callee is being followed: a return goes back to the caller
        self._calls: list[tuple[_Parents, Method, cst.Call]] = []
        self._returning: set[str] = set()  # methods whose returned values are being judged

    def of(self, attr: str) -> list[AttributeUse]:
        found = []
        for name, function in self._functions.items():
            for read in function.reads:
                if read.attr.value == attr and not _is_store(function, read):
                    use = self._follow(function, self.cls.methods[name], read, set())
                    found.append(AttributeUse(name, read, use))
        return found

    def _follow(self, function: _Parents, method: Method, node: cst.CSTNode,
                seen: set[int]) -> Use:
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
            if kind is cst.Attribute and parent.attr.value in _SAME_TENSOR:
                node = parent  # `self.eps.data.normal_()`: still the tensor
                continue
            if kind is cst.Attribute:
                step = self._attribute(function, method, parent)
                if step is None:
                    node = function.parent[id(parent)]  # the method call's result
                    continue
                return step
            if kind is cst.ComparisonTarget and isinstance(parent.operator, (cst.Is, cst.IsNot)):
                return Use.NEUTRAL
            if kind in (cst.BinaryOperation, cst.Comparison, cst.ComparisonTarget,
                        cst.UnaryOperation, cst.List, cst.Tuple, cst.Element,
                        cst.StarredElement):
                others = [c for c in children_of(parent)
                          if c is not node and not isinstance(c, _PUNCTUATION)]
                others = [c.comparator if isinstance(c, cst.ComparisonTarget) else
                          c.value if isinstance(c, (cst.Element, cst.StarredElement)) else c
                          for c in others]
                if any(isinstance(o, cst.Call) and self._made_on_the_default_device(function, o)
                       for o in others):
                    return Use.NEUTRAL  # it must stay where that new tensor is made
                if not all(self._stays(function, other) for other in others):
                    return self._meets(function, method, others)
                node = parent
                continue
            if kind is cst.Arg:
                return self._argument(function, method, parent, seen)
            if kind is cst.AssignTarget or (kind is cst.AugAssign and parent.target is node):
                return Use.NEUTRAL  # `t[0] = v`: written into, which copies across devices
            if kind is cst.Assign:
                return self._assigned(function, method, parent, seen)
            if kind is cst.For and parent.iter is node:
                names = _names_in(parent.target)
                return _worst([self._local(function, method, n, parent, seen) for n in names])
            if kind is cst.Return:
                if self._calls:  # in a function followed from a call: back to the caller
                    back = self._calls.pop()
                    try:
                        return self._follow(back[0], back[1], back[2], seen)
                    finally:
                        self._calls.append(back)
                return self._returned(method, seen)
            if kind is cst.IfExp and parent.test is not node \
                    and _moved_in_the_other_branch(parent, node):
                return Use.MOVED  # `x.to(device) if device is not None else x`
            if kind is cst.Call or (kind is cst.IfExp and parent.test is node):
                return Use.NEUTRAL  # the callee itself, or a test
            if kind in (cst.If, cst.While, cst.Assert, cst.BooleanOperation):
                return Use.NEUTRAL
            return Use.MEETS

    def _attribute(self, function: _Parents, method: Method,
                   parent: cst.Attribute) -> Optional[Use]:
        """``<value>.name``: None to go on with the method's result."""
        name = parent.attr.value
        call = function.parent.get(id(parent))
        if name in _DESCRIBE:
            return Use.NEUTRAL
        if not (isinstance(call, cst.Call) and call.func is parent):
            return Use.MEETS
        if name in _MOVE:
            return Use.MOVED if name != "to" or self._moves(call) else None
        if name == "copy_":
            return Use.NEUTRAL  # written into: copy_ crosses devices
        if name in _FULL_REDUCTIONS and not call.args:
            return Use.NEUTRAL  # a 0-dim result, which combines with tensors on any device
        args = [a.value for a in call.args]
        if all(self._stays(function, a) for a in args):
            return None  # `.float()`, `.view(-1, 1)`, `.sum()`: still a tensor of ours
        return self._meets(function, method, args)

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
            if resolved and resolved.startswith("torch.") \
                    and resolved.rpartition(".")[2] in _DTYPES:
                continue
            return True
        return False

    def _stays(self, function: _Parents, node: cst.BaseExpression,
               depth: int = _ANCHOR_DEPTH) -> bool:
        """A value that is not on the model's device: a number, a shape, an attribute of
        self that stays where it was made, or a local name only ever bound to those."""
        kind = type(node)
        if kind in (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString):
            return True
        if kind is cst.Name:
            if node.value in ("None", "True", "False"):
                return True
            bindings = function.bindings_of(node.value)
            return depth > 0 and node.value not in function.parameters and bool(bindings) \
                and all(isinstance(b, cst.Assign) and len(b.targets) == 1
                        and self._stays(function, b.value, depth - 1) for b in bindings)
        if kind is cst.Subscript:
            return self._stays(function, node.value, depth)
        if kind is cst.UnaryOperation:
            return self._stays(function, node.expression, depth)
        if kind is cst.Attribute:
            if type(node.value) is cst.Name and node.value.value == function.self_name:
                return self.place(node.attr.value) is False
            if type(node.value) is cst.Name and node.value.value in function.parameters \
                    and function is not self._functions.get("forward") \
                    and self.place(node.attr.value) is False:
                return True  # `self.idx == other.idx`: another instance's plain value
            if node.attr.value in _SAME_TENSOR:
                return self._stays(function, node.value, depth)
            return node.attr.value in _DESCRIBE
        if kind is cst.BinaryOperation:
            return self._stays(function, node.left, depth) \
                and self._stays(function, node.right, depth)
        if kind in (cst.Tuple, cst.List):
            return all(self._stays(function, e.value, depth) for e in node.elements)
        if kind is cst.Comparison:
            return self._stays(function, node.left, depth) and all(
                self._stays(function, c.comparator, depth) for c in node.comparisons)
        if kind is cst.Call:  # x.size(0), len(x), math.sqrt(d)
            return isinstance(node.func, cst.Attribute) and node.func.attr.value in _DESCRIBE \
                or isinstance(node.func, cst.Name) and node.func.value in _DESCRIBING_FUNCTIONS \
                or self._made_on_the_default_device(function, node) \
                or depth > 0 and self._computed_from_staying(function, node, depth - 1)
        return False

    def _computed_from_staying(self, function: _Parents, call: cst.Call, depth: int) -> bool:
        """A torch function, or a method of a value that stays, whose arguments all stay
        (``torch.fft.rfft(frames).abs()``), or a method of the class returning only such
        values: the result is where its inputs are."""
        func = call.func
        if any(a.star or a.keyword is not None and a.keyword.value == "device"
               for a in call.args) \
                or not all(self._stays(function, a.value, depth) for a in call.args):
            return False
        if isinstance(func, cst.Attribute) and type(func.value) is cst.Name \
                and func.value.value == function.self_name:
            method = self.cls.methods.get(func.attr.value)
            if method is None or method.name in self._returning:
                return False
            self._returning.add(method.name)
            try:
                returned = returned_values(method.node)
                parsed = self._functions[method.name]
                return bool(returned) and all(
                    r is not None and self._stays(parsed, r, depth) for r in returned)
            finally:
                self._returning.discard(method.name)
        resolved = self.resolve(func)
        if resolved is not None:
            return resolved.startswith("torch.") \
                and resolved not in torch_tables.FACTORY_FUNCTIONS
        return isinstance(func, cst.Attribute) and self._stays(function, func.value, depth)

    def _made_on_the_default_device(self, function: _Parents, call: cst.Call) -> bool:
        """``torch.ones(shape)``: a new tensor on the default device, which the module's
        .to() does not change; a tensor of the module that only meets such tensors works
        on that device, and would fail registered and moved."""
        resolved = self.resolve(call.func)
        if resolved not in torch_tables.FACTORY_FUNCTIONS or resolved.endswith("_like") \
                or any(a.keyword is not None and a.keyword.value == "device" or a.star
                       for a in call.args):
            return False
        return resolved not in _FOLLOWING or all(self._stays(function, a.value)
                                                 for a in call.args)

    def _meets(self, function: _Parents, method: Method,
               others: list[cst.CSTNode]) -> Use:
        """Combined with ``others``: is one of them surely on the model's device?"""
        if any(self._on_model(function, method, other, _ANCHOR_DEPTH) for other in others):
            return Use.MEETS_MODEL
        return Use.MEETS

    def _on_model(self, function: _Parents, method: Method, node: cst.CSTNode,
                  depth: int) -> bool:
        """Whether a value is on the model's device: made from an input of forward, a
        parameter, buffer or submodule of the class."""
        if depth == 0:
            return False
        kind = type(node)
        if kind is cst.Name:
            if node.value in function.parameters:
                return method.name == "forward" and function is self._functions.get("forward") \
                    and node.value != function.self_name
            return any(isinstance(b, (cst.Assign, cst.AnnAssign, cst.AugAssign))
                       and b.value is not None
                       and self._on_model(function, method, b.value, depth - 1)
                       for b in function.bindings_of(node.value))
        if kind is cst.Attribute and type(node.value) is cst.Name \
                and node.value.value == function.self_name:
            return self.place(node.attr.value) is True
        if kind is cst.Call:
            func = node.func
            if isinstance(func, cst.Attribute) and func.attr.value in ("cpu", "numpy", "tolist"):
                return False  # brought to the CPU (or out of torch) whatever it came from
            if isinstance(func, cst.Attribute) and type(func.value) is cst.Name \
                    and func.value.value == function.self_name \
                    and self.place(func.attr.value) is True:
                return True  # a submodule's output
            parts: list[cst.CSTNode] = [a.value for a in node.args]
            if isinstance(func, cst.Attribute):
                parts.append(func.value)
            return any(self._on_model(function, method, p, depth) for p in parts)
        if kind in (cst.BinaryOperation, cst.UnaryOperation, cst.Subscript, cst.Attribute,
                    cst.Tuple, cst.List, cst.Element, cst.Arg, cst.IfExp):
            return any(self._on_model(function, method, c, depth) for c in children_of(node)
                       if isinstance(c, (cst.BaseExpression, cst.Element, cst.Arg)))
        return False

    def _argument(self, function: _Parents, method: Method, arg: cst.Arg,
                  seen: set[int]) -> Use:
        call = function.parent.get(id(arg))
        if not isinstance(call, cst.Call):
            return Use.MEETS
        func = call.func
        if isinstance(func, cst.Name) and func.value in _DESCRIBING_FUNCTIONS:
            return Use.NEUTRAL
        if isinstance(func, cst.Name) and func.value in _ITERATING:
            return self._follow(function, method, call, seen)
        if isinstance(func, cst.Attribute) and func.attr.value == "copy_":
            return Use.COPIED
        resolved = self.resolve(func)
        if resolved == "torch.Size":
            return Use.NEUTRAL  # a shape: Python integers
        if resolved in _CONVERTING and any(
                a.keyword is not None and a.keyword.value == "device" for a in call.args):
            return Use.MOVED
        target = self._callee(function, func)
        if target is not None:
            callee, parsed, callee_method, skip = target
            parameter = _parameter_for(callee, call, arg, skip)
            if parameter is not None:
                self._calls.append((function, method, call))
                try:
                    return self._local(parsed, callee_method or method, parameter, None, seen)
                finally:
                    self._calls.pop()
        others = [a.value for a in call.args if a is not arg]
        if resolved is not None and resolved.startswith("torch.") \
                and all(self._stays(function, o) for o in others):
            return self._follow(function, method, call, seen)  # a tensor of ours
        if isinstance(func, cst.Attribute):
            others.append(func)  # a submodule called on it, or a method of another tensor
        return self._meets(function, method, others)

    def _callee(self, function: _Parents, func: cst.BaseExpression,
                ) -> Optional[tuple[cst.FunctionDef, _Parents, Optional[Method], int]]:
        """A function the analysis can follow an argument into: ``self.<method>`` of this
        class (or ``<ThisClass>.<static method>``) or a function of the file; with the
        parameters the call does not fill."""
        if isinstance(func, cst.Attribute) and type(func.value) is cst.Name and (
                func.value.value == function.self_name or func.value.value == self.cls.name):
            method = self.cls.methods.get(func.attr.value)
            by_class = func.value.value == self.cls.name
            # `SrpPhat._srp_phat(...)`: through the class, only a static method is whole
            if method is not None and not (by_class and method.self_name is not None):
                return (method.node, self._functions[method.name], method,
                        0 if method.self_name is None else 1)
        if isinstance(func, cst.Name) and func.value in self.module_functions:
            node = self.module_functions[func.value]
            if func.value not in self._plain:
                self._plain[func.value] = _Parents(node, None)
            return node, self._plain[func.value], None, 0
        return None

    def _assigned(self, function: _Parents, method: Method, assign: cst.Assign,
                  seen: set[int]) -> Use:
        targets = [t.target for t in assign.targets]
        if all(isinstance(t, cst.Subscript) for t in targets):
            return Use.COPIED  # `out[:, :k] = self.x`: copied into out, across devices
        if all(isinstance(t, cst.Name) for t in targets):
            return _worst([self._local(function, method, t.value, assign, seen)
                           for t in targets])
        return Use.MEETS

    def _local(self, function: _Parents, method: Method, name: str,
               binding: Optional[cst.CSTNode], seen: set[int]) -> Use:
        """What becomes of the value a local name is bound to: the worst of its reads."""
        return _worst([self._follow(function, method, read, seen)
                       for read in function.reads_of(name, binding)])

    def _returned(self, method: Method, seen: set[int]) -> Use:
        """A value returned by a method: what its callers in the class do with it."""
        uses = []
        for caller, function in self._functions.items():
            for read in function.reads:
                call = function.parent.get(id(read))
                if read.attr.value == method.name and isinstance(call, cst.Call) \
                        and call.func is read:
                    uses.append(self._follow(function, self.cls.methods[caller], call, seen))
        return _worst(uses) if uses else Use.MEETS


def _worst(uses: list[Use]) -> Use:
    for worst in (Use.MEETS, Use.MEETS_MODEL):
        if worst in uses:
            return worst
    return uses[0] if uses else Use.NEUTRAL


def _is_store(function: _Parents, read: cst.Attribute) -> bool:
    parent = function.parent.get(id(read))
    if isinstance(parent, (cst.AssignTarget, cst.AnnAssign, cst.AugAssign)) \
            and parent.target is read:
        return True
    return isinstance(parent, cst.Del)


def _is_load(function: _Parents, name: cst.Name) -> bool:
    """Whether a name node (its parent already known) reads the name."""
    parent = function.parent.get(id(name))
    if parent is None:
        return False
    if isinstance(parent, (cst.AnnAssign, cst.AugAssign)) and parent.target is name:
        return False
    if isinstance(parent, cst.Attribute) and parent.attr is name:
        return False
    if isinstance(parent, (cst.Arg, cst.Param)):
        return isinstance(parent, cst.Arg) and parent.value is name
    child: cst.CSTNode = name
    while isinstance(parent, (cst.Tuple, cst.List, cst.Element, cst.StarredElement)):
        child, parent = parent, function.parent.get(id(parent))  # `a, b = ...`
    if isinstance(parent, (cst.AssignTarget, cst.For, cst.CompFor)) \
            and getattr(parent, "target", None) is child:
        return False
    return not isinstance(parent, (cst.FunctionDef, cst.ClassDef, cst.ImportAlias,
                                   cst.AsName, cst.NameItem, cst.Decorator))


def _moved_in_the_other_branch(choice: cst.IfExp, node: cst.CSTNode) -> bool:
    """The other branch of the conditional is this same value moved (``.to(...)``,
    ``.cuda()``): the code chooses the device by the test, and keeps it here on purpose."""
    other = choice.orelse if choice.body is node else choice.body
    spelled = dotted(node) if isinstance(node, cst.BaseExpression) else None
    return spelled is not None and isinstance(other, cst.Call) \
        and isinstance(other.func, cst.Attribute) and other.func.attr.value in _MOVE \
        and dotted(other.func.value) == spelled


def _names_in(target: cst.BaseExpression) -> list[str]:
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [name for e in target.elements for name in _names_in(e.value)]
    return []


def _parameter_for(function: cst.FunctionDef, call: cst.Call, arg: cst.Arg,
                   skip: int) -> Optional[str]:
    """The parameter of ``function`` that receives ``arg``; ``skip`` leading parameters
    are filled by the call itself (self)."""
    if arg.star:
        return None
    if arg.keyword is not None:
        return arg.keyword.value
    params = function.params
    positional = [p.name.value for p in (*params.posonly_params, *params.params)][skip:]
    index = [a for a in call.args if a.keyword is None and not a.star].index(arg)
    return positional[index] if index < len(positional) else None
