"""What MOD002 and MOD003 share: Python containers of modules or parameters on ``self``.

Two shapes: ``self.x = [..]`` / ``(..)`` / ``{..}`` / a comprehension holding them, and
``self.x = []`` / ``{}`` filled later by ``self.x.append(..)``, ``.extend``, ``.insert``
or ``self.x[k] = ..``. Not reported when the attribute is reassigned something else,
handed to a module (``nn.ModuleList(self.x)``, ``nn.Sequential(*self.x)``), registered
under its own name, when its elements are also registered one by one, or when the method
filling it returns the element (the caller places the module).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability, Edit, Fix
from modlint.semantic import torch_api
from modlint.semantic.builder import string_value
from modlint.semantic.imports import dotted
from modlint.semantic.model import ClassInfo, Fill, Kind, SelfAssign, exclusive
from modlint.semantic.names import dotted_names, returned_values
from modlint.semantic.values import stateful_layer

_LISTS = (cst.List, cst.Tuple, cst.ListComp, cst.GeneratorExp)
_DICTS = (cst.Dict, cst.DictComp)
# register_* calls: the argument that holds the registered object
_VALUE_ARG = {"add_module": 1, "register_module": 1, "register_parameter": 1, "setattr": 2}


@dataclass
class Finding:
    assign: SelfAssign  # the container literal, or the empty one that is filled later
    what: str  # "list", "tuple", "dict", ...
    fix: Optional[Fix]


def find(ctx: RuleContext, cls: ClassInfo, element: Kind, wrappers: tuple[str, str]
         ) -> list[Finding]:
    """Containers of ``element`` (MODULE or PARAMETER) on ``self`` in one module class.

    ``wrappers`` are the qualified names of the list and dict classes that register them.
    """
    registering = {"add_module", "register_module", "setattr"} if element is Kind.MODULE \
        else {"register_parameter", "setattr"}
    registrations = [r for r in cls.registrations if r.func in registering]
    # registered under names computed at run time: the elements may be among them, unless
    # each is made in place (`self.x.append(nn.Conv2d(...))`: no other reference exists)
    named_late = [r for r in registrations if r.name is None]
    # local names whose object is registered some other way: a list of them is an alias
    registered_values = {_name(r.call.args[_VALUE_ARG[r.func]].value) for r in registrations
                         if len(r.call.args) > _VALUE_ARG[r.func]}
    registered_values |= {_name(a.value) for a in cls.assigns
                          if a.value is not None and a.resolved.kind is element}
    found: list[Finding] = []
    for attr in dict.fromkeys(a.attr for a in cls.assigns):
        assigns = [a for a in cls.assigns_to(attr) if isinstance(a.small, (cst.Assign,
                                                                            cst.AnnAssign))]
        literal = [a for a in assigns if a.resolved.kind is Kind.CONTAINER
                   and a.resolved.element is element and not _passed_on(ctx, cls, a)]
        empty = [a for a in assigns if _empty(a.value)]
        fills = [f for f in cls.fills if f.attr == attr]
        fill_kinds = [_fill_kind(f) for f in fills]
        if element not in fill_kinds or (element is Kind.PARAMETER and Kind.MODULE in fill_kinds):
            empty = []  # nothing of ours goes in (modules first: MOD002 takes mixed fills)
        if not literal and not empty:
            continue
        # another value on the other branch of an `if` (`self.head = nn.Linear(...)` for
        # one target, a list of them for several) never meets this one
        ours = literal + empty
        others = [a for a in assigns if a not in literal and not _empty(a.value)
                  and a.resolved.kind is not Kind.NONE and not _slice_of_itself(cls, a)
                  and not all(a.method == o.method and exclusive(a.guards, o.guards)
                              for o in ours)]
        elements = [e for a in literal for e in _elements(a.value)] + [f.value for f in fills]
        if named_late and (not _made_in_place(literal, fills) or any(
                f"{cls.methods[r.method].self_name}.{attr}"
                in dotted_names(cls.methods[r.method].node) for r in named_late)):
            continue
        if others or attr in cls.registered_names() or _handed_to_module(ctx, cls, attr) \
                or any(_name(e) in registered_values for e in elements if _name(e)) \
                or any(_returned_by_its_method(cls, f) for f in fills) \
                or _holds_itself(cls, literal, fills) \
                or (element is Kind.MODULE and _all_stateless(ctx, elements)):
            continue
        for assign in literal:
            found.append(Finding(assign, _what(assign.value),
                                 _literal_fix(ctx, assign, wrappers)))
        if empty:
            first = min(empty, key=lambda a: a.order)
            uniform = all(kind is element for kind in fill_kinds)
            found.append(Finding(first, _what(first.value),
                                 _empty_fix(ctx, first, fills, wrappers) if uniform else None))
    # `self.y = list(self.x)` of such a container is one too; copied into itself
    # (`self.x = list(self.x)`), it is reported there, where the wrapper belongs
    plain = {f.assign.attr for f in found}
    for assign in cls.assigns:
        source = _copied(cls, assign)
        if source in plain and isinstance(assign.small, (cst.Assign, cst.AnnAssign)):
            if source == assign.attr:
                found = [f for f in found if f.assign.attr != source]
            found.append(Finding(assign, _what(assign.value), None))
    return found


def _holds_itself(cls: ClassInfo, literal: list[SelfAssign], fills: list[Fill]) -> bool:
    """The container holds the module itself (``self.m.append(self)``): a view of the
    module tree kept plain on purpose; registered, the module would be its own child."""
    def is_self(value: Optional[cst.BaseExpression], method: str) -> bool:
        return isinstance(value, cst.Name) and value.value == cls.methods[method].self_name
    return any(is_self(f.value, f.method) for f in fills) or any(
        is_self(e, a.method) for a in literal for e in _elements(a.value))


def _made_in_place(literal: list[SelfAssign], fills: list[Fill]) -> bool:
    """Every element a class constructed in the container or its fill: nothing else can
    refer to it."""
    made: list[cst.BaseExpression] = [f.value for f in fills]
    for assign in literal:
        value = assign.value
        if isinstance(value, (cst.ListComp, cst.GeneratorExp, cst.SetComp)):
            made.append(value.elt)
        elif isinstance(value, cst.DictComp):
            made.append(value.value)
        elif isinstance(value, (cst.List, cst.Tuple, cst.Set, cst.Dict)):
            made.extend(_elements(value))
        else:
            return False  # a local list: its elements may be registered too
    return all(isinstance(e, cst.Call) and _constructor(e) for e in made)


def _constructor(call: cst.Call) -> bool:
    """``nn.Conv2d(...)``, ``Block(...)``: a class called, so a new object; not a helper
    (``self.add_weight(...)`` may register what it returns)."""
    return _spelled_as_class(dotted(call.func))


def _spelled_as_class(name: Optional[str]) -> bool:
    """``Block``, ``nn.Conv2d``, a private ``_Block``: capitalised, as Python classes are."""
    return name is not None and name.rpartition(".")[2].lstrip("_")[:1].isupper()


def _all_stateless(ctx: RuleContext, elements: list[cst.BaseExpression]) -> bool:
    """Only modules with nothing to register: torch.nn's without parameters, buffers or
    training switch (losses without weights, activations), or classes of the file that
    make none in __init__ and never read ``self.training``. Unregistered, they lose
    nothing."""
    for element in elements:
        site = ctx.model.call_site(element) if isinstance(element, cst.Call) else None
        if site is None:
            return False
        local = ctx.model.local_classes.get(dotted(site.call.func) or "")
        if local is not None:
            if not _stateless_class(ctx, local):
                return False
        elif torch_api.torch_nn_class(site.qualified) is None \
                or stateful_layer(site.call, site.qualified) is not None \
                or any(a.keyword is None or a.keyword.value in ("weight", "pos_weight")
                       for a in site.call.args):
            return False
    return bool(elements)


def _stateless_class(ctx: RuleContext, cls: ClassInfo) -> bool:
    for base in ctx.model.base_chain(cls):
        if isinstance(base, ClassInfo):
            continue
        if base not in ("torch.nn.Module", "torch.nn.modules.module.Module"):
            return False
    for owner in ctx.model.lineage(cls):
        building = owner.reachable_from("__init__")
        if owner.registrations or any("training" in owner.reads.get(m, ()) for m in owner.reads) \
                or any(a.method in building and (
                    a.resolved.kind in (Kind.MODULE, Kind.PARAMETER, Kind.TENSOR)
                    or a.resolved.element is not None) for a in owner.assigns):
            return False
    return True


def _returned_by_its_method(cls: ClassInfo, fill: Fill) -> bool:
    """``self.blocks[name] = block; return block``: the caller places the module where it
    belongs, the container only indexes it."""
    name = _name(fill.value)
    return name is not None and any(
        _name(value) == name for value in returned_values(cls.methods[fill.method].node)
        if value is not None)


def _slice_of_itself(cls: ClassInfo, assign: SelfAssign) -> bool:
    """``self.blocks = self.blocks[:n]`` or ``list(self.blocks)``: still the same kind of
    container."""
    return _copied(cls, assign) == assign.attr


def _copied(cls: ClassInfo, assign: SelfAssign) -> Optional[str]:
    """``x`` when ``self.<attr> = list(self.x)``, ``tuple(self.x)`` or ``self.x[...]``: a
    plain container copied from another (or itself)."""
    value = assign.value
    if isinstance(value, cst.Call) and dotted(value.func) in ("list", "tuple") \
            and len(value.args) == 1 and not value.args[0].star \
            and value.args[0].keyword is None:
        value = value.args[0].value
    elif not isinstance(value, cst.Subscript):
        return None
    else:
        value = value.value
    me = cls.methods[assign.method].self_name
    if isinstance(value, cst.Attribute) and isinstance(value.value, cst.Name) \
            and value.value.value == me:
        return value.attr.value
    return None


def _passed_on(ctx: RuleContext, cls: ClassInfo, assign: SelfAssign) -> bool:
    """``self.x = layers`` where the local ``layers`` also goes to a call of the method
    (``nn.Sequential(*layers)``): the list may be an alias of registered modules."""
    local = _name(assign.value) if assign.value is not None else None
    if local is None:
        return False
    return any(site.cls is cls and site.method == assign.method
               and any(_name(arg.value) == local for arg in site.call.args)
               for site in ctx.model.calls)


def _name(node: cst.BaseExpression) -> Optional[str]:
    return node.value if isinstance(node, cst.Name) else None


def _empty(node: Optional[cst.BaseExpression]) -> bool:
    if isinstance(node, (cst.List, cst.Dict)):
        return not node.elements
    return isinstance(node, cst.Call) and dotted(node.func) in ("list", "dict") and not node.args


def _is_dict(node: Optional[cst.BaseExpression]) -> bool:
    return isinstance(node, _DICTS) or (isinstance(node, cst.Call)
                                        and dotted(node.func) == "dict")


def _fill_kind(fill: Fill) -> Kind:
    if fill.how == "extend":
        return fill.resolved.element or Kind.OTHER
    return fill.resolved.kind


def _elements(node: Optional[cst.BaseExpression]) -> list[cst.BaseExpression]:
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return [e.value for e in node.elements]
    if isinstance(node, cst.Dict):
        return [e.value for e in node.elements if isinstance(e, cst.DictElement)]
    return []


def _what(node: Optional[cst.BaseExpression]) -> str:
    if isinstance(node, cst.Call) and dotted(node.func) in ("list", "tuple"):
        return dotted(node.func)  # type: ignore[return-value]
    if _is_dict(node):
        return "dict"
    if isinstance(node, cst.Tuple):
        return "tuple"
    if isinstance(node, (cst.Set, cst.SetComp)):
        return "set"
    if isinstance(node, cst.GeneratorExp):
        return "generator"
    if isinstance(node, (cst.List, cst.ListComp)) or _empty(node):
        return "list"
    return "container"


def _handed_to_module(ctx: RuleContext, cls: ClassInfo, attr: str) -> bool:
    """``nn.ModuleList(self.x)``, ``nn.Sequential(*self.x)``, ``Stack(self.x)``: passed to
    a torch.nn class, a module class of the file, or any other class (by its spelling)."""
    if attr in cls.wrapped:
        return True
    for site in ctx.model.calls:
        if site.cls is not cls or site.method is None:
            continue
        if not _spelled_as_class(dotted(site.call.func)):
            continue
        spelled = f"{cls.methods[site.method].self_name}.{attr}"
        if any(dotted(arg.value) == spelled for arg in site.call.args):
            return True
    return False


def _string_key(node: Optional[cst.BaseExpression]) -> bool:
    """A key nn.ModuleDict accepts: a string (a literal must be non-empty, without dots)."""
    if isinstance(node, cst.SimpleString):
        value = string_value(node)
        return bool(value) and "." not in value
    if isinstance(node, cst.Call):
        return dotted(node.func) == "str"
    return isinstance(node, (cst.FormattedString, cst.ConcatenatedString))


def _literal_fix(ctx: RuleContext, assign: SelfAssign, wrappers: tuple[str, str]
                 ) -> Optional[Fix]:
    value = assign.value
    if not assign.resolved.uniform or _many_targets(assign):
        return None
    if isinstance(value, cst.Dict):
        if not all(isinstance(e, cst.DictElement) and _string_key(e.key)
                   for e in value.elements):
            return None
        wrapper = wrappers[1]
    elif isinstance(value, cst.DictComp):
        if not _string_key(value.key):
            return None
        wrapper = wrappers[1]
    elif isinstance(value, _LISTS):
        wrapper = wrappers[0]
    else:
        return None
    if isinstance(value, cst.Tuple) and not value.lpar:
        value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    name, imports = ctx.name_for(wrapper)
    wrapped = cst.Call(func=cst.parse_expression(name), args=[cst.Arg(value)])
    return ctx.fix(f"Wrap `{assign.attr}` in {name}", Applicability.UNSAFE,
                   _replace_value(ctx, assign, wrapped), *imports)


def _empty_fix(ctx: RuleContext, assign: SelfAssign, fills: list[Fill],
               wrappers: tuple[str, str]) -> Optional[Fix]:
    if _many_targets(assign) or assign.value is None:
        return None
    if _is_dict(assign.value):
        if not all(f.how == "setitem" and _string_key(f.key) for f in fills):
            return None
        wrapper = wrappers[1]
    else:
        if any(f.how == "setitem" for f in fills):
            return None  # an index into an empty list: not something to rewrite
        wrapper = wrappers[0]
    name, imports = ctx.name_for(wrapper)
    return ctx.fix(f"Make `{assign.attr}` a {name}", Applicability.UNSAFE,
                   _replace_value(ctx, assign, cst.parse_expression(f"{name}()")), *imports)


def _replace_value(ctx: RuleContext, assign: SelfAssign, value: cst.BaseExpression) -> Edit:
    """Rewrite the whole assignment: a value's own parentheses lie outside its span."""
    return ctx.replace(assign.small, ctx.code(assign.small.with_changes(value=value)))


def _many_targets(assign: SelfAssign) -> bool:
    return isinstance(assign.small, cst.Assign) and len(assign.small.targets) > 1
