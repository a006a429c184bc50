"""MOD101: ``__init__`` of a module that never runs the base initialiser."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from modlint.context import RuleContext, is_docstring
from modlint.diagnostics import Applicability, Edit, Fix
from modlint.gate import Gate
from modlint.rules.base import Rule
from modlint.semantic.imports import dotted
from modlint.semantic.model import ClassInfo, Method
from modlint.semantic.paths import always_reaches, lines_calling


class MissingSuperInit(Rule):
    code = "MOD101"
    name = "missing-super-init"
    summary = "nn.Module subclass defines __init__ but never calls super().__init__()"
    fix = "safe (bases that take no arguments)"
    gate = Gate(module_class=True)

    def check(self, ctx: RuleContext) -> None:
        for cls in ctx.model.module_classes:
            init = cls.init
            if init is None or init.self_name is None:
                continue
            running = cls.reachable_from("__init__")
            if any(bare.method in running for bare in cls.bare_inits):
                continue  # `super().__init__` written without its call: MOD103 fixes that
            statements = _super_init_statements(ctx, cls, init)
            if always_reaches(init.node.body, statements):
                continue  # every path runs the base initialiser, or raises: nothing is built
            if _mixin(ctx, cls) or ctx.model.initialises_itself(cls):
                continue  # a base's metaclass runs nn.Module.__init__ (fastai's Module)
            if statements:
                ctx.report(init.node.name,
                           f"`{cls.name}.__init__` does not call super().__init__() on every "
                           "path: the module is left half-built on the others")
                continue
            ctx.report(init.node.name,
                       f"`{cls.name}.__init__` never calls super().__init__(): the module is not "
                       "set up; call it first",
                       _fix(ctx, cls, init))


def _mixin(ctx: RuleContext, cls: ClassInfo) -> bool:
    """A class never built in the file whose subclasses call its ``__init__`` by name after
    another base's, which runs ``nn.Module.__init__``: an abstract mixin."""
    if any(dotted(site.call.func) == cls.name for site in ctx.model.calls):
        return False
    callers = [other for other in ctx.model.classes
               if f"<local>.{cls.name}" in other.bases and other is not cls]
    return bool(callers) and all(
        any(s.named_class == cls.name for s in other.super_inits if s.method == "__init__")
        and any(s.named_class != cls.name for s in other.super_inits if s.method == "__init__")
        for other in callers)


def _super_init_statements(ctx: RuleContext, cls: ClassInfo, init: Method) -> set[int]:
    """ids of the statements of __init__ that run the base initialiser, directly or
    through a helper method of the same class that does; not a mixin's initialiser
    that cannot reach nn.Module's (``FileModel.runs_module_init``)."""
    found = {id(s.statement) for s in cls.super_inits
             if s.method == "__init__" and s.statement is not None
             and ctx.model.runs_module_init(cls, s)}
    helpers = {s.method for s in cls.super_inits if s.method != "__init__"}
    if helpers and init.self_name is not None:
        found |= lines_calling(init.node.body, init.self_name, helpers)
    return found


def _fix(ctx: RuleContext, cls: ClassInfo, init: Method) -> Optional[Fix]:
    if not ctx.model.base_takes_no_arguments(cls):
        return None
    call = "super().__init__()"
    body = init.node.body
    if isinstance(body, cst.SimpleStatementSuite):  # def __init__(self): self.x = ...
        start, _ = ctx.span(body.body[0])
        edit = Edit(start, start, f"{call}; ")
    else:
        first = body.body[0]
        indent = ctx.text.indent_of(ctx.range(first).start.line)
        if is_docstring(first):
            edit = ctx.insert_at_line(ctx.range(first).end.line + 1, f"{indent}{call}")
        else:  # above the first statement and the comments that lead it
            line = ctx.range(first).start.line - len(first.leading_lines)
            edit = ctx.insert_at_line(line, f"{indent}{call}")
    return ctx.fix("Call super().__init__() first", Applicability.SAFE, edit)
