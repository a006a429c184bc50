"""MOD105: a module whose ``__init__`` is misspelled, so Python never runs it."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability, Fix
from modlint.gate import Gate
from modlint.rules.base import Rule
from modlint.semantic.imports import dotted
from modlint.semantic.model import ClassInfo, FileModel, Kind, Method
from modlint.semantic.names import own_statements

_STATE = (Kind.MODULE, Kind.PARAMETER)


class MisspelledInit(Rule):
    code = "MOD105"
    name = "misspelled-init"
    summary = "module without __init__ but with _init_/__int__/__inti__... that builds layers"
    fix = "safe"
    gate = Gate(module_class=True)

    def check(self, ctx: RuleContext) -> None:
        for cls in ctx.model.module_classes:
            if "__init__" in cls.methods or "__init__" in cls.class_attrs:
                continue
            for method in cls.methods.values():
                if not is_misspelled_init(method.name) or method.self_name is None \
                        or not (_builds_state(cls, method.name)
                                or _keeps_arguments(cls, method)) \
                        or _called(ctx.model, cls, method):
                    continue
                ctx.report(method.node.name,
                           f"`{method.name}` looks like a misspelled `__init__`: never called, "
                           "so no layers; rename it to __init__",
                           _fix(ctx, cls, method))


def is_misspelled_init(name: str) -> bool:
    """``_init_``, ``__init``, ``init__``, ``__int__``, ``__inti__``...: underscores around
    a word one edit (or one swap) away from ``init``."""
    core = name.strip("_")
    return name != "__init__" and core != name and _near(core, "init")


def _near(word: str, target: str) -> bool:
    if word == target:
        return True
    if len(word) == len(target):
        diffs = [i for i in range(len(word)) if word[i] != target[i]]
        return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                                   and word[diffs[0]] == target[diffs[1]]
                                   and word[diffs[1]] == target[diffs[0]])
    shorter, longer = sorted((word, target), key=len)
    if len(longer) - len(shorter) != 1:
        return False
    return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def _builds_state(cls: ClassInfo, method: str) -> bool:
    """The method does what an initialiser does: runs the base's, or gives the module
    layers, parameters, buffers or tensors."""
    return any(s.method == method for s in cls.super_inits) or any(
        a.method == method and (a.resolved.kind in _STATE or a.resolved.element in _STATE
                                or a.resolved.kind is Kind.TENSOR)
        for a in cls.assigns) or any(r.method == method for r in cls.registrations)


def _keeps_arguments(cls: ClassInfo, method: Method) -> bool:
    """The method takes arguments, keeps them on ``self`` and returns nothing: what an
    initialiser does with its parameters (a conversion such as ``__int__`` takes none and
    returns a value)."""
    params = method.node.params
    stars = [p for p in (params.star_arg, params.star_kwarg) if isinstance(p, cst.Param)]
    if not [*params.posonly_params, *params.params[1:], *params.kwonly_params, *stars]:
        return False
    if any(isinstance(node, cst.Return) and node.value is not None
           for node in own_statements(method.node)):
        return False
    return any(a.method == method.name and not a.nested for a in cls.assigns)


def _super_calls(model: FileModel, cls: ClassInfo, method: Method) -> list[cst.Call]:
    """``super(...).<name>(...)`` inside the method itself: renamed along with it."""
    return [site.call for site in model.calls
            if site.cls is cls and site.method == method.name
            and isinstance(site.call.func, cst.Attribute)
            and site.call.func.attr.value == method.name
            and isinstance(site.call.func.value, cst.Call)
            and dotted(site.call.func.value.func) == "super"]


def _called(model: FileModel, cls: ClassInfo, method: Method) -> bool:
    """Whether anything in the file calls the method by name (a two-phase init)."""
    own = {id(call) for call in _super_calls(model, cls, method)}
    return any(isinstance(site.call.func, cst.Attribute)
               and site.call.func.attr.value == method.name and id(site.call) not in own
               for site in model.calls)


def _fix(ctx: RuleContext, cls: ClassInfo, method: Method) -> Optional[Fix]:
    edits = [ctx.replace(method.node.name, "__init__")]
    edits += [ctx.replace(call.func.attr, "__init__")
              for call in _super_calls(ctx.model, cls, method)
              if isinstance(call.func, cst.Attribute)]
    safe = Applicability.SAFE if _fails_without(ctx.model, cls, method) \
        else Applicability.UNSAFE
    return ctx.fix("Rename it to __init__", safe, *edits)


def _fails_without(model: FileModel, cls: ClassInfo, method: Method) -> bool:
    """Whether the class as it is fails for want of the method: another method reads an
    attribute only this one sets, and every base is known (torch's, or of this file) not
    to set it. Otherwise the module works through a base's initialiser, and the rename
    adds what the method builds (new state_dict() keys): a change, not only a fix."""
    lineage = [cls]
    for base in model.base_chain(cls):
        if isinstance(base, ClassInfo):
            lineage.append(base)
        elif base is None or not base.startswith("torch."):
            return False
    own = {a.attr for a in cls.assigns if a.method == method.name}
    own |= {r.name for r in cls.registrations if r.method == method.name and r.name}
    elsewhere = {a.attr for c in lineage for a in c.assigns
                 if c is not cls or a.method != method.name}
    read = {attr for name, attrs in cls.reads.items() if name != method.name for attr in attrs}
    return bool(own & read - elsewhere)
