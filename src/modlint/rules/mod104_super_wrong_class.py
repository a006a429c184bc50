"""MOD104: ``super(X, self)`` in a class that is not X."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability, Fix
from modlint.gate import Gate
from modlint.rules.base import Rule
from modlint.semantic import torch_api
from modlint.semantic.imports import dotted
from modlint.semantic.model import CallSite, ClassInfo
from modlint.semantic.walk import path_to

_INNER_SCOPES = (cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp,
                 cst.FunctionDef, cst.ClassDef)


class SuperWrongClass(Rule):
    code = "MOD104"
    name = "super-wrong-class"
    summary = "super(X, self) in a class that is not X: TypeError, or X's own method skipped"
    fix = "unsafe"
    gate = Gate(module_class=True, words=("super",))

    def check(self, ctx: RuleContext) -> None:
        for site in ctx.model.calls:
            cls = site.cls
            if cls is None or not cls.is_module or site.qualified not in (None, "builtins.super"):
                continue
            call = site.call
            if dotted(call.func) != "super" or len(call.args) != 2 \
                    or any(arg.keyword or arg.star for arg in call.args):
                continue
            self_name = cls.methods[site.method].self_name if site.method in cls.methods else None
            named = dotted(call.args[0].value)
            if self_name is None or dotted(call.args[1].value) != self_name or named is None \
                    or named.split(".")[0] == self_name or named.rpartition(".")[2] == cls.name:
                continue  # not super(X, self), or super(self.__class__, self), or right
            message = _message(ctx, cls, named, self_name, call)
            if message is not None:
                ctx.report(call, message, _fix(ctx, site))


def _message(ctx: RuleContext, cls: ClassInfo, named: str, self_name: str,
             call: cst.Call) -> Optional[str]:
    """What goes wrong, or None when it cannot be shown (then skipping may be deliberate)."""
    written = f"super({named}, {self_name})"
    model = ctx.model
    qualified = f"<local>.{named}" if named in model.local_classes \
        else model.imports.resolve(call.args[0].value)
    ancestors = model.ancestors(cls)
    initialises = any(s.call.func.value is call for s in cls.super_inits
                      if isinstance(s.call.func, cst.Attribute))
    if qualified == "torch.nn.Module" and initialises:
        return (f"`{written}` in `{cls.name}` skips nn.Module.__init__ itself; "
                "use super()")
    base = model.local_class(qualified)
    if qualified in ancestors or qualified == "torch.nn.Module":
        # another method of an ancestor skipped on purpose: `super(nn.Module, self).__hash__`
        missing = _left_unbuilt(cls, base) if base is not None and initialises else []
        if not missing:
            return None  # a base from elsewhere, or rebuilt here: a deliberate skip
        return (f"`{written}` in `{cls.name}` skips `{named}.__init__`: "
                f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} never "
                "created; use super()")
    known = all(model.local_class(a) is not None or torch_api.is_module_class_name(a)
                for a in ancestors)
    if base is None and not known:
        return None  # may be a base of a base from elsewhere
    return (f"`{written}` in `{cls.name}` names a class that is not one of its bases "
            "(a TypeError); use super()")


def _left_unbuilt(cls: ClassInfo, base: ClassInfo) -> list[str]:
    """``self.<attr>`` that ``base.__init__`` builds and ``cls`` never assigns itself."""
    own = {a.attr for a in cls.assigns}
    found: list[str] = []
    for assign in base.assigns:
        if assign.method == "__init__" and assign.attr not in own \
                and f"`self.{assign.attr}`" not in found:
            found.append(f"`self.{assign.attr}`")
    return found


def _fix(ctx: RuleContext, site: CallSite) -> Optional[Fix]:
    # super() without arguments needs the method's own frame: not in nested scopes
    if site.nested or _in_inner_scope(site):
        return None
    return ctx.fix("Use super()", Applicability.UNSAFE, ctx.replace(site.call, "super()"))


def _in_inner_scope(site: CallSite) -> bool:
    """Whether the call sits in a lambda or comprehension of its method."""
    assert site.cls is not None and site.method is not None
    path = path_to(site.cls.methods[site.method].node.body, site.call) or []
    return any(isinstance(node, _INNER_SCOPES) for node in path[1:-1])
