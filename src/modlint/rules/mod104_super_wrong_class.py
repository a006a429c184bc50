"""MOD104: ``super(X, self)`` in a class that is not X."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability, Fix
from modlint.gate import Gate
from modlint.rules.base import Rule
from modlint.semantic.imports import dotted
from modlint.semantic.model import CallSite, ClassInfo

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
            ctx.report(call, _message(ctx, cls, named, self_name, call), _fix(ctx, site))


def _message(ctx: RuleContext, cls: ClassInfo, named: str, self_name: str,
             call: cst.Call) -> str:
    written = f"super({named}, {self_name})"
    qualified = f"<local>.{named}" if named in ctx.model.local_classes \
        else ctx.model.imports.resolve(call.args[0].value)
    if qualified is not None and qualified in ctx.model.ancestors(cls):
        return (f"`{written}` in `{cls.name}` starts the lookup after `{named}`, a base: "
                f"`{named}`'s own method (its __init__: its layers) is silently skipped; "
                "use super()")
    return (f"`{written}` in `{cls.name}` names another class: Python raises \"TypeError: "
            "super(type, obj): obj must be an instance or subtype of type\" unless "
            f"`{named}` is a base, whose own method is then skipped; use super()")


def _fix(ctx: RuleContext, site: CallSite) -> Optional[Fix]:
    # super() without arguments needs the method's own frame: not in nested scopes
    if site.nested or _in_inner_scope(site):
        return None
    return ctx.fix("Use super()", Applicability.UNSAFE, ctx.replace(site.call, "super()"))


def _in_inner_scope(site: CallSite) -> bool:
    """Whether the call sits in a lambda or comprehension of its method."""
    assert site.cls is not None and site.method is not None
    finder = _Finder(site.call)
    site.cls.methods[site.method].node.body.visit(finder)
    return finder.inner


class _Finder(cst.CSTVisitor):
    def __init__(self, target: cst.Call) -> None:
        self.target = target
        self.depth = 0
        self.inner = False

    def on_visit(self, node: cst.CSTNode) -> bool:
        if node is self.target:
            self.inner = self.depth > 0
            return False
        if isinstance(node, _INNER_SCOPES):
            self.depth += 1
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        if isinstance(original_node, _INNER_SCOPES):
            self.depth -= 1
