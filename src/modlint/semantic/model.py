"""What one pass over a file learns: its classes, and for nn.Module classes their state.

Rules query these objects; they never walk the tree for facts that are recorded here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Iterable, Iterator, Optional, Union

import libcst as cst

from modlint.semantic import torch_api
from modlint.semantic.imports import ImportTable, dotted

if TYPE_CHECKING:
    from modlint.project import ProjectFacts


class Kind(enum.Enum):
    """What an expression evaluates to, as far as the analysis can tell."""

    NONE = "none"
    TENSOR = "tensor"  # a plain torch.Tensor
    PARAMETER = "parameter"  # an nn.Parameter
    MODULE = "module"  # an nn.Module instance
    MODULE_CLASS = "module-class"  # an nn.Module subclass itself, not an instance
    CONTAINER = "container"  # a Python list/tuple/dict/set; see Value.element
    OTHER = "other"


@dataclass(frozen=True)
class Value:
    kind: Kind
    requires_grad: bool = False  # a tensor made with requires_grad=True
    element: Optional[Kind] = None  # for containers: MODULE or PARAMETER when it holds them
    uniform: bool = False  # for containers: every element is of kind `element`
    converted_parameter: bool = False  # nn.Parameter(...).to(...) and friends: a plain tensor
    # for modules: the constructor call, also when the value reaches self through a local
    origin: Optional[cst.Call] = field(default=None, compare=False)
    # for a factory held in a name (a lambda, `functools.partial(nn.BatchNorm2d, ...)`):
    # what calling it makes
    returns: Optional["Value"] = None


OTHER = Value(Kind.OTHER)

Guards = tuple[tuple[cst.BaseExpression, bool], ...]


def exclusive(first: Guards, second: Guards) -> bool:
    """Whether two places sit on different branches of one `if`: never both run."""
    return any(a is b and x != y for a, x in first for b, y in second)

# The statement holding a small statement: a line, or the body of a one-line `def ...: x`.
Statement = Union[cst.SimpleStatementLine, cst.SimpleStatementSuite]


@dataclass
class Method:
    name: str
    node: cst.FunctionDef
    self_name: Optional[str]  # the first positional parameter, None for static methods
    # plain local names assigned in the method (nested functions included), with each value
    local_values: dict[str, list[cst.BaseExpression]] = field(default_factory=dict)
    # what each value bound to a plain local name is, in order (nested functions included)
    local_kinds: dict[str, list["Kind"]] = field(default_factory=dict)
    # names called as `self.<name>(...)` in the method (nested functions included)
    self_calls: set[str] = field(default_factory=set)
    # parameters annotated as tensors (`x: Tensor`, `Optional[Tensor]`): given by the caller
    tensor_params: frozenset[str] = frozenset()


@dataclass
class SelfAssign:
    """``self.<attr> = value`` (or annotated) anywhere in a class's methods."""

    attr: str
    value: Optional[cst.BaseExpression]  # None for augmented assignments
    resolved: Value
    method: str
    nested: bool  # inside a nested function or lambda of the method
    statement: Statement
    target: cst.BaseAssignTargetExpression
    small: Union[cst.Assign, cst.AnnAssign, cst.AugAssign]
    order: int  # source order of the statement within the class
    # enclosing `if` tests within the function, with the branch taken (True: body)
    guards: Guards = ()


@dataclass
class SubAssign:
    """``self.<owner>.<attr> = value``: an attribute set on an attribute of self."""

    owner: str
    attr: str
    value: cst.BaseExpression
    method: str
    small: Union[cst.Assign, cst.AnnAssign]
    order: int


@dataclass
class Fill:
    """``self.<attr>.append(v)`` / ``.extend(v)`` / ``.insert(i, v)`` / ``self.<attr>[k] = v``."""

    attr: str
    how: str  # "append", "extend", "insert" or "setitem"
    value: cst.BaseExpression
    resolved: Value  # for extend: the container passed
    key: Optional[cst.BaseExpression]  # the subscript of a setitem
    method: str
    order: int


@dataclass
class Deletion:
    """``del self.<attr>`` (alone or among other targets) in a class's methods."""

    attr: str
    node: cst.Del
    method: str
    nested: bool  # inside a nested function of the method


@dataclass
class SuperInit:
    """A call that runs the base class initialiser."""

    call: cst.Call
    method: str
    statement: Optional[Statement]
    form: str  # "super()", "super(X, self)" or "Base.__init__(self)"
    named_class: Optional[str]  # X in super(X, self), or Base
    order: int


@dataclass
class BareInit:
    """``super().__init__`` (or ``Base.__init__``) as a statement of its own: never called."""

    expr: cst.Expr
    method: str
    form: str  # as in SuperInit: "super()", "super(X, self)" or "Base.__init__(self)"
    named_class: Optional[str]


@dataclass
class Registration:
    """``self.register_buffer("x", ...)`` and friends; name is None when not a literal."""

    func: str  # register_buffer, register_parameter, register_module, add_module, setattr
    name: Optional[str]
    call: cst.Call
    method: str
    order: int
    guards: Guards = ()  # as in SelfAssign


@dataclass
class CallSite:
    """Any call in the file, with where it sits."""

    call: cst.Call
    qualified: Optional[str]  # the callee through the imports, e.g. torch.nn.functional.dropout
    cls: Optional["ClassInfo"]  # the class whose method holds it
    method: Optional[str]
    nested: bool  # inside a function nested in the method
    # enclosing `if` tests and conditional expressions (`a if t else b`) within the
    # function, with the branch taken (True: body)
    guards: Guards
    order: int
    operand_of: Optional[cst.BinaryOperation] = None  # the call is `left` or `right` of it
    # what `x` is in a call `x.method(...)` when `x` is a plain name; None otherwise
    receiver: Optional[Value] = None


@dataclass
class BareAttribute:
    """An expression statement that only reads an attribute: ``model.eval``."""

    statement: cst.Expr
    attribute: cst.Attribute
    receiver: Value  # what the analysis knows of the object read from
    cls: Optional["ClassInfo"]  # the class whose method holds it
    method: Optional[str]


@dataclass
class RepeatedList:
    """``[Layer(...)] * n`` or ``n * [Layer(...)]`` with module constructors in the list."""

    node: cst.BinaryOperation
    items: cst.List
    count: cst.BaseExpression
    constructors: list[tuple[cst.Call, str]]  # module constructor calls, with their class
    cls: Optional["ClassInfo"]
    # the other branch of the innermost `if` (statement or expression) it is in
    alternative: Optional[cst.CSTNode] = None


@dataclass
class ClassInfo:
    name: str
    node: cst.ClassDef
    bases: list[Optional[str]]  # dotted names, "<local>.Name" for classes of this file
    is_module: bool
    methods: dict[str, Method] = field(default_factory=dict)
    assigns: list[SelfAssign] = field(default_factory=list)
    super_inits: list[SuperInit] = field(default_factory=list)
    registrations: list[Registration] = field(default_factory=list)
    # attributes read back into a wrapper, e.g. nn.Parameter(self.x)
    wrapped: set[str] = field(default_factory=set)
    # attributes written through, e.g. `self.x.data = ...`, `self.x[0] = ...`
    written_through: set[str] = field(default_factory=set)
    deletions: list[Deletion] = field(default_factory=list)
    sub_assigns: list[SubAssign] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    # attributes read as `self.<attr>`, by method
    reads: dict[str, set[str]] = field(default_factory=dict)
    bare_inits: list[BareInit] = field(default_factory=list)
    # names bound by assignments in the class body, e.g. `forward = _forward_impl`
    class_attrs: set[str] = field(default_factory=set)

    @property
    def init(self) -> Optional[Method]:
        return self.methods.get("__init__")

    def reads_anywhere(self, attr: str) -> bool:
        return any(attr in attrs for attrs in self.reads.values())

    def reachable_from(self, root: str) -> set[str]:
        """``root`` and the methods of this class it calls through ``self``, transitively."""
        if root not in self.methods:
            return set()
        seen = {root}
        todo = [root]
        while todo:
            for name in self.methods[todo.pop()].self_calls:
                if name in self.methods and name not in seen:
                    seen.add(name)
                    todo.append(name)
        return seen

    def running_methods(self) -> set[str]:
        """The methods that run with the model: ``forward`` and what it calls, not __init__."""
        return self.reachable_from("forward") - {"__init__"}

    def registered_names(self) -> set[str]:
        return {r.name for r in self.registrations if r.name is not None}

    def has_dynamic_registration(self) -> bool:
        return any(r.name is None for r in self.registrations)

    def assigns_to(self, attr: str) -> list[SelfAssign]:
        return [a for a in self.assigns if a.attr == attr]


@dataclass
class FileModel:
    module: cst.Module
    imports: ImportTable
    classes: list[ClassInfo]
    local_classes: dict[str, ClassInfo]
    functions: dict[str, cst.FunctionDef] = field(default_factory=dict)  # module-level
    calls: list[CallSite] = field(default_factory=list)
    repeated_lists: list[RepeatedList] = field(default_factory=list)
    bare_attributes: list[BareAttribute] = field(default_factory=list)
    project: Optional[ProjectFacts] = None  # what other files of the project tell this one

    @property
    def module_classes(self) -> list[ClassInfo]:
        return [c for c in self.classes if c.is_module]

    def lineage(self, cls: ClassInfo) -> list[ClassInfo]:
        """The class and its bases defined in this file, nearest first."""
        return [cls, *(b for b in self.base_chain(cls) if isinstance(b, ClassInfo))]

    def local_class(self, qualified: Optional[str]) -> Optional[ClassInfo]:
        if qualified and qualified.startswith("<local>."):
            return self.local_classes.get(qualified[len("<local>."):])
        return None

    def ancestors(self, cls: ClassInfo) -> set[str]:
        """The dotted names of every base, following this file's classes upwards."""
        found: set[str] = set()
        todo = [cls]
        while todo:
            for base in todo.pop().bases:
                if base is not None and base not in found:
                    found.add(base)
                    local = self.local_class(base)
                    if local is not None:
                        todo.append(local)
        return found

    @cached_property
    def _sites(self) -> dict[int, CallSite]:
        return {id(site.call): site for site in self.calls}

    @cached_property
    def _sites_by_callee(self) -> dict[str, list[CallSite]]:
        by_callee: dict[str, list[CallSite]] = {}
        for site in self.calls:
            if site.qualified is not None:
                by_callee.setdefault(site.qualified, []).append(site)
        return by_callee

    def calls_to(self, names: Iterable[str]) -> list[CallSite]:
        """The calls of any of these resolved names, in source order: for a rule that
        looks for a few functions, cheaper than going through every call of the file."""
        found = [site for name in names for site in self._sites_by_callee.get(name, ())]
        return sorted(found, key=lambda site: site.order)

    def call_site(self, call: cst.Call) -> Optional[CallSite]:
        return self._sites.get(id(call))

    def base_chain(self, cls: ClassInfo) -> Iterator[Union[ClassInfo, Optional[str]]]:
        """Every base of ``cls``, transitively: local classes as ClassInfo, the others as
        their dotted name (None when it does not resolve), each once."""
        seen = {id(cls)}
        stack = list(reversed(cls.bases))
        while stack:
            base = stack.pop()
            local = self.local_class(base)
            if local is None:
                yield base
            elif id(local) not in seen:
                seen.add(id(local))
                yield local
                stack.extend(reversed(local.bases))

    def forward_defined(self, cls: ClassInfo) -> Optional[bool]:
        """Whether calling the module reaches a ``forward``: True when the class or a base
        defines one, False when none does and every base is known, None otherwise."""
        answer: Optional[bool] = False
        for info in [cls, *(a for a in self.base_chain(cls) if isinstance(a, ClassInfo))]:
            if "forward" in info.methods or "forward" in info.class_attrs \
                    or info.assigns_to("forward"):
                return True
            spelled = [dotted(arg.value) for arg in info.node.bases if arg.keyword is None]
            for base, spelling in zip(info.bases, spelled):
                if self.local_class(base) is not None or spelling == "object":
                    continue
                if torch_api.is_module_class_name(base):
                    if base.rpartition(".")[2] not in torch_api.WITHOUT_FORWARD:
                        return True
                elif base not in torch_api.PLAIN_BASES:
                    known = self.project.of(base) if self.project is not None else None
                    if known is not None and known.defines_forward:
                        return True
                    if known is None or known.defines_forward is None:
                        answer = None  # a base from elsewhere may define it
        return answer

    def runs_module_init(self, cls: ClassInfo, init: SuperInit) -> bool:
        """Whether a call that runs a base initialiser may reach nn.Module.__init__. Not
        ``Mixin.__init__(self)`` for a base of the class proven to be no module whose
        ``__init__`` never calls ``super().__init__``, or that comes after every base
        that may be a module (its ``super()`` then passes nn.Module by)."""
        if init.form != "Base.__init__(self)" or init.named_class is None:
            return True
        receiver = init.call.func.value if isinstance(init.call.func, cst.Attribute) else None
        local = self.local_classes.get(init.named_class)
        name = f"<local>.{init.named_class}" if local is not None else (
            "object" if init.named_class == "object"
            else self.imports.resolve(receiver) if receiver is not None else None)
        if name == "object":
            return False
        if name is None or name not in cls.bases:
            return True
        plain, cooperative = self._plain_init(name)
        if not plain:
            return True
        later = cls.bases[cls.bases.index(name) + 1:]
        after_modules = all(self._plain_init(b)[0] for b in later)
        return cooperative and not after_modules

    def _plain_init(self, base: Optional[str],
                    seen: frozenset[str] = frozenset()) -> tuple[bool, bool]:
        """(proven no module, its __init__ may call super().__init__) for a base name."""
        if base is None or base in seen:  # a cycle of local names proves nothing
            return False, True
        if base in ("object", *torch_api.PLAIN_BASES):
            return True, False
        local = self.local_class(base)
        if local is not None:
            if local.is_module:
                return False, True
            bases = [self._plain_init(b, seen | {base}) for b in local.bases]
            own = [s for s in local.super_inits if s.method == "__init__"]
            cooperative = any(s.form != "Base.__init__(self)" for s in own) \
                if local.init is not None else any(b[1] for b in bases)
            return all(b[0] for b in bases), cooperative
        known = self.project.of(base) if self.project is not None and base else None
        if known is not None:
            return known.plain, known.cooperative
        return False, True

    def initialises_itself(self, cls: ClassInfo) -> bool:
        """Whether a base's metaclass runs nn.Module.__init__ before the class's own
        __init__ (fastai's Module): the class needs no super().__init__()."""
        for info in [cls, *(a for a in self.base_chain(cls) if isinstance(a, ClassInfo))]:
            for base in info.bases:
                if base is None or self.local_class(base) is not None:
                    continue
                if torch_api.initialises_itself(base):
                    return True
                known = self.project.of(base) if self.project is not None else None
                if known is not None and known.initialises_itself:
                    return True
        return False

    def base_takes_no_arguments(self, cls: ClassInfo) -> bool:
        """Whether a bare ``super().__init__()`` is right for this class's (single) base."""
        if len(cls.bases) != 1:
            return False
        base = cls.bases[0]
        if base in torch_api.ZERO_ARG_BASES:
            return True
        local = self.local_class(base)
        if local is None:
            known = self.project.of(base) if self.project is not None else None
            return known is not None and known.init_required_args == ()
        if not local.is_module:
            return False
        if local.init is None:
            return self.base_takes_no_arguments(local)
        params = local.init.node.params
        required = [p for p in params.params[1:] if p.default is None]
        required += [p for p in params.kwonly_params if p.default is None]
        return not required and not params.posonly_params

    def attribute_kind(self, cls: ClassInfo, attr: str) -> Optional[Kind]:
        """What ``self.<attr>`` holds when every assignment in the class and its bases of
        this file agrees (``None`` placeholders aside); None when unknown or mixed."""
        kinds = {a.resolved.kind for info in self.lineage(cls) for a in info.assigns_to(attr)}
        kinds.discard(Kind.NONE)
        return kinds.pop() if len(kinds) == 1 else None

    def subclass_defines(self, cls: ClassInfo, method: str) -> bool:
        """Whether a class of this file derived from ``cls`` defines ``method``: then
        ``cls`` is an abstract base."""
        return any(method in other.methods and any(a is cls for a in self.base_chain(other))
                   for other in self.classes if other is not cls)
