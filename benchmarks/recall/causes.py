"""Why a rule stayed silent on an injected bug, asked of modlint's semantic model.

``explain`` returns ``(legitimately_silent, cause)``. Legitimately silent means the rule's
page documents the silence (the bugged code works, or cannot be judged from the file).
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from modlint.semantic.imports import dotted
from modlint.semantic.model import ClassInfo, FileModel, Kind, exclusive
from modlint.semantic.uses import ClassUses
from modlint.semantic.values import replaces_object

from recall.sites import Site, subtree_ids
from recall.spelling import name_of, self_attr, self_name, single_self_assign


def explain(site: Site, copies: dict, model: FileModel,
            bugged: FileModel, plain: frozenset[str] = frozenset()) -> tuple[bool, str]:
    cls = _class(site, copies, bugged)
    if site.rule == "MOD203" and cls is not None and _holds_plain(site, cls, bugged, plain):
        return True, "the attribute holds an object of a class the package proves is no " \
                     "module: its `.forward` is no module's, documented as not flagged"
    if site.where.cls is not None and cls is not None and not cls.is_module:
        return False, "class not recognised as a module"
    if site.rule in ("MOD101", "MOD102", "MOD103") and _mixin_init(site, model):
        return True, "the call changed runs a mixin's initialiser, which cannot reach " \
                     "nn.Module's: the module is set up as before"
    why = _BY_RULE.get(site.rule)
    if why is None or cls is None and site.where.cls is not None:
        return False, "unexplained"
    return why(site, cls, bugged)


def _mixin_init(site: Site, model: FileModel) -> bool:
    """The injection touched a ``Mixin.__init__(self)`` that never runs nn.Module's
    (``FileModel.runs_module_init``), in the original code."""
    cls = next((c for c in model.classes if c.node is site.where.cls), None)
    if cls is None:
        return False
    touched = subtree_ids(site.anchor) | subtree_ids(site.expected)
    return any(id(s.call) in touched and not model.runs_module_init(cls, s)
               for s in cls.super_inits)


def _class(site: Site, copies: dict, bugged: FileModel) -> Optional[ClassInfo]:
    node = site.where.cls
    if node is None:
        return None
    node = copies.get(node, node)
    return next((c for c in bugged.classes if c.node is node), None)


def _kind(cls: ClassInfo, attr: str) -> str:
    kinds = sorted({a.resolved.kind.value for a in cls.assigns_to(attr)})
    return "/".join(kinds) or "never assigned"


def _mod001(site: Site, cls: ClassInfo, model: FileModel) -> tuple[bool, str]:
    found = single_self_assign(site.replacement, site.where) \
        if isinstance(site.replacement, cst.SimpleStatementLine) else None
    if found is None:
        return False, "unexplained"
    attr = found[0]
    assigns = cls.assigns_to(attr)
    first = next((a for a in assigns if a.method == "__init__"), None)
    if first is not None and _zero_dim_constant(first.value):
        return True, "a 0-dim constant (`torch.tensor(0.5)`): combines with tensors on any " \
                     "device, documented as not flagged"
    if first is None or first.resolved.kind is not Kind.TENSOR:
        return False, f"value not classified as a tensor ({_kind(cls, attr)})"
    if first.resolved.converted_parameter:
        return False, "value taken for a converted parameter (MOD004's)"
    registrations = [r for c in model.lineage(cls) for r in c.registrations
                     if r.func in ("register_buffer", "register_parameter")]
    if any(r.name is None for r in registrations):
        return False, "a registration by computed name in the class silences every tensor"
    same = [r for r in registrations if r.name == attr]
    if any(r.method != "__init__" for r in same):
        return False, "registered under the same name in another method (a re-initialiser)"
    if any(r.order > first.order and not exclusive(r.guards, first.guards) for r in same):
        return True, "registered under the same name after the assignment: the conflict " \
                     "is MOD007's, documented as not flagged here"
    if same:
        return False, "registered under the same name on another path of __init__"
    if attr in cls.wrapped:
        return False, "read back into a torch.nn wrapper or call (`nn.Parameter(self.x)`, ...)"
    others = [a for a in assigns if a is not first]
    if any(a.resolved.kind in (Kind.PARAMETER, Kind.MODULE) for a in others):
        return False, "made a parameter or module on another path"
    if any((a.method != "__init__" or a.nested) and replaces_object(a.value, model.imports.resolve) for a in others):
        return True, "given a new value outside __init__ (moved or replaced by hand): " \
                     "documented as not flagged"
    if cls.init is None:
        return False, "unexplained"
    functions = getattr(model, "functions", None)  # newer models index plain functions
    place = lambda _: True  # noqa: E731 - every other attribute taken to move with the model
    uses = (ClassUses(cls, model.imports.resolve, place, functions) if functions is not None
            else ClassUses(cls, model.imports.resolve, place)).of(attr)
    if not uses:
        return False, "unexplained (read nowhere in the class)"
    if all(u.use.safe for u in uses):
        return True, "every use is device-safe (moved, index, shape): documented as not flagged"
    if all(u.use.safe or u.method == "__init__" for u in uses):
        return True, "read only while building (in __init__, before any move): documented " \
                     "as not flagged"
    forward = cls.reachable_from("forward")
    if not any(u.method in forward for u in uses if not u.use.safe):
        return False, "met only outside forward in a class judged stateless"
    return False, "unexplained"


def _zero_dim_constant(value) -> bool:
    if not isinstance(value, cst.Call) or not value.args or value.args[0].keyword:
        return False
    if not isinstance(value.func, cst.Attribute) or \
            value.func.attr.value not in ("tensor", "scalar_tensor"):
        return False
    return _numeric(value.args[0].value)


def _numeric(node) -> bool:
    if isinstance(node, (cst.Integer, cst.Float)):
        return True
    if isinstance(node, cst.UnaryOperation):
        return _numeric(node.expression)
    if isinstance(node, cst.BinaryOperation):
        return _numeric(node.left) and _numeric(node.right)
    if isinstance(node, cst.Call):  # math.sqrt(d), float(x): a Python number
        name = name_of(node.func)
        return name in ("float", "int") or name.startswith("math.")
    return False


def _container(site: Site, cls: ClassInfo, model: FileModel) -> tuple[bool, str]:
    found = single_self_assign(site.replacement, site.where)
    if found is None:
        return False, "unexplained"
    attr, value = found
    fills = [f for f in cls.fills if f.attr == attr]
    assigns = cls.assigns_to(attr)
    elements = {a.resolved.element for a in assigns} | {f.resolved.kind for f in fills}
    empty = isinstance(value, (cst.List, cst.Dict)) and not (
        value.elements if isinstance(value, cst.List) else value.elements)
    if empty and not fills:
        return True, "empty container never filled in the class: holds nothing to register"
    wanted = Kind.MODULE if site.rule == "MOD002" else Kind.PARAMETER
    if wanted not in elements:
        what = "filled with" if fills else "elements"
        return False, f"{what} values not classified as {wanted.value}s"
    if len(assigns) > 1:
        return False, "assigned again elsewhere in the class"
    return False, "unexplained"


def _init_family(site: Site, cls: ClassInfo, model: FileModel) -> tuple[bool, str]:
    if site.rule == "MOD102":
        found = single_self_assign(site.expected, site.where)
        if found is not None:
            kinds = {a.resolved.kind for a in cls.assigns_to(found[0])}
            if not kinds & {Kind.MODULE, Kind.PARAMETER, Kind.TENSOR}:
                return False, f"assigned value not classified ({_kind(cls, found[0])})"
    if len(cls.node.bases) and all(b is None for b in cls.bases):
        return False, "a base does not resolve"
    return False, "unexplained"


def _misspelled_init(site: Site, cls: ClassInfo, model: FileModel) -> tuple[bool, str]:
    name = site.replacement.name.value
    built = [a for a in cls.assigns if a.method == name and (
        a.resolved.kind in (Kind.MODULE, Kind.PARAMETER, Kind.TENSOR)
        or a.resolved.element in (Kind.MODULE, Kind.PARAMETER))]
    if not built:
        return False, "the misspelled __init__ assigns no module, parameter or tensor to " \
                      "self (only super().__init__(...), registrations or plain values)"
    return _init_family(site, cls, model)


def _forward(site: Site, cls: ClassInfo, model: FileModel) -> tuple[bool, str]:
    renamed = site.replacement
    if isinstance(renamed, cst.FunctionDef) and _only_raises(renamed):
        return True, "the renamed forward only raised NotImplementedError (an abstract " \
                     "base): nn.Module's own forward raises the same, nothing changed"
    if site.rule == "MOD201" and model.subclass_defines(cls, "forward"):
        return True, "an abstract base whose subclasses in the file define forward: " \
                     "documented as not flagged"
    defined = model.forward_defined(cls)
    if defined is None:
        return False, "a base comes from another file: whether it defines forward is unknown"
    if defined:
        return False, "a base defines forward (a torch.nn class or a class of the file): " \
                      "the renamed override is dead code, the inherited forward runs"
    return False, "unexplained"


def _only_raises(function: cst.FunctionDef) -> bool:
    """The body is a docstring, `pass` or `...` and a `raise NotImplementedError`."""
    body = function.body.body if isinstance(function.body, cst.IndentedBlock) else ()
    statements = [small for line in body if isinstance(line, cst.SimpleStatementLine)
                  for small in line.body]
    if len(statements) != len(body):
        return False
    raises = [s for s in statements if isinstance(s, cst.Raise)]
    rest = [s for s in statements if not isinstance(s, cst.Raise)]
    return len(raises) == 1 and raises[0].exc is not None \
        and (dotted(raises[0].exc) or dotted(getattr(raises[0].exc, "func", None)) or "") \
        == "NotImplementedError" \
        and all(isinstance(s, cst.Pass) or (isinstance(s, cst.Expr) and isinstance(
            s.value, (cst.SimpleString, cst.ConcatenatedString, cst.Ellipsis))) for s in rest)


def _sequential(site: Site, cls, model: FileModel) -> tuple[bool, str]:
    value = site.replacement.args[0].value
    if isinstance(value, cst.Name):
        return False, "the argument is a local name holding a list (`nn.Sequential(layers)`)"
    return False, "unexplained"


def _repeated(site: Site, cls, model: FileModel) -> tuple[bool, str]:
    found = next((r for r in model.repeated_lists if r.node is site.replacement), None)
    if found is None or not found.constructors:
        return False, "the repeated constructor is not known as a module class"
    return True, "the repeated module holds no weights (activation, dropout, identity): " \
                 "sharing it changes nothing, documented as not flagged"


def _outside_class(site: Site, cls, model: FileModel) -> tuple[bool, str]:
    if site.where.cls is None:
        return False, "in a plain function: the receiver's type is unknown"
    return False, "unexplained"


def _training_only(site: Site, cls, model: FileModel) -> tuple[bool, str]:
    """The dropout is reached only in training: an early return on `not self.training`
    before it in the method (`if not self.training: return x`, also within an `or`)."""
    method = site.where.method
    me = self_name(site.where)
    if method is not None and me is not None and any(
            isinstance(s, cst.If) and _leaves_when_not_training(s, me)
            for s in method.body.body):
        return True, "reached only in training (an early return on `not self.training` " \
                     "before it): documented as not flagged"
    return False, "unexplained"


def _leaves_when_not_training(statement: cst.If, me: str) -> bool:
    tests = [statement.test]
    while tests and isinstance(tests[-1], cst.BooleanOperation) \
            and isinstance(tests[-1].operator, cst.Or):
        tests[-1:] = [tests[-1].left, tests[-1].right]
    body = statement.body.body
    returns = bool(body) and isinstance(body[-1], cst.SimpleStatementLine) \
        and isinstance(body[-1].body[-1], cst.Return)
    return returns and any(
        isinstance(t, cst.UnaryOperation) and isinstance(t.operator, cst.Not)
        and isinstance(t.expression, cst.Attribute) and t.expression.attr.value == "training"
        and isinstance(t.expression.value, cst.Name) and t.expression.value.value == me
        for t in tests)


def _holds_plain(site: Site, cls: ClassInfo, model: FileModel, plain: frozenset[str]) -> bool:
    """Every value assigned to the called attribute is built by a class in ``plain``."""
    attr = self_attr(site.target.func, site.where)
    values = [a.value for a in cls.assigns_to(attr)]
    if not values:
        return False
    for value in values:
        if not isinstance(value, cst.Call):
            return False
        call_site = model.call_site(value)
        if dotted(value.func) not in plain and (
                call_site is None or call_site.qualified not in plain):
            return False
    return True


def _submodule_call(site: Site, cls: ClassInfo, model: FileModel) -> tuple[bool, str]:
    attr = self_attr(site.target.func, site.where)
    kinds = {a.resolved.kind for a in cls.assigns_to(attr)}
    if Kind.MODULE not in kinds:
        return False, f"attribute's constructor not known as a module class, which it may " \
                      f"not be: a helper object, or an import not followed ({_kind(cls, attr)})"
    if len(kinds) > 1:
        return False, "attribute also assigned a non-module"
    return False, "unexplained"


_BY_RULE = {"MOD001": _mod001, "MOD002": _container, "MOD003": _container,
            "MOD101": _init_family, "MOD102": _init_family, "MOD103": _init_family,
            "MOD104": _init_family, "MOD105": _misspelled_init, "MOD201": _forward,
            "MOD202": _forward, "MOD203": _submodule_call, "MOD303": _sequential,
            "MOD005": _outside_class, "MOD304": _outside_class, "MOD006": _repeated,
            "MOD301": _training_only}
