"""MOD007: ``self.x = ...`` and then ``self.register_buffer("x", ...)``: a KeyError."""

from __future__ import annotations

from typing import Optional, Sequence

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability, Edit, Fix
from modlint.gate import Gate
from modlint.rules.base import Rule
from modlint.semantic.calls import argument
from modlint.semantic.imports import dotted
from modlint.semantic.model import CallSite, ClassInfo, Kind, Registration, SelfAssign
from modlint.semantic.names import dotted_names, identifiers, names_written
from modlint.semantic.walk import path_to

_REGISTER = ("register_buffer", "register_parameter")
_VALUE_KEYWORD = {"register_buffer": "tensor", "register_parameter": "param"}


class BufferNameConflict(Rule):
    code = "MOD007"
    name = "buffer-name-conflict"
    summary = "self.x assigned, then register_buffer(\"x\", ...) or register_parameter: KeyError"
    fix = "safe"
    gate = Gate(module_class=True)

    def check(self, ctx: RuleContext) -> None:
        for cls in ctx.model.module_classes:
            registrations = [r for r in cls.registrations
                             if r.func in _REGISTER and r.name is not None]
            if not registrations:
                continue
            sites = {id(s.call): s for s in ctx.model.calls if s.cls is cls}
            for reg in registrations:
                site = sites.get(id(reg.call))
                earlier = [a for a in cls.assigns_to(reg.name or "") if _conflicts(a, reg, site)
                           and not _deleted_between(ctx, cls, a, reg)
                           and not _fallback_of(cls, a, reg)]
                if not earlier or any(r.name == reg.name and r.func == reg.func
                                      and r.order < earlier[0].order for r in registrations):
                    continue  # already registered: the assignment updates the registration
                assign = earlier[-1]
                ctx.report(assign.small,
                           f"`self.{reg.name}` is assigned before `{reg.func}(\"{reg.name}\", ...)`, "
                           f"a KeyError; pass the value to {reg.func}() instead",
                           _fix(ctx, cls, assign, reg) if len(earlier) == 1 else None)


def _conflicts(assign: SelfAssign, reg: Registration, site: Optional[CallSite]) -> bool:
    """Whether the assignment certainly runs before the registration, in the same call."""
    if site is None or site.nested or assign.nested or assign.method != reg.method \
            or assign.order >= reg.order \
            or not isinstance(assign.small, (cst.Assign, cst.AnnAssign)):
        return False
    if reg.func == "register_parameter" and assign.resolved.kind in (Kind.PARAMETER,
                                                                      Kind.OTHER):
        return False  # assigning a Parameter registers it: register_parameter accepts that
    guards = assign.guards
    return len(guards) <= len(site.guards) and all(
        a[0] is b[0] and a[1] == b[1] for a, b in zip(guards, site.guards))


def _deleted_between(ctx: RuleContext, cls: ClassInfo, assign: SelfAssign,
                     reg: Registration) -> bool:
    """``del self.x`` between the assignment and the registration: the name is free again
    (code that sets the attribute first for a base's validation does this)."""
    deletions = [d.node for d in cls.deletions
                 if d.attr == reg.name and d.method == assign.method and not d.nested]
    if not deletions:
        return False
    start, end = ctx.span(assign.small)[1], ctx.span(reg.call)[0]
    return any(start <= ctx.span(node)[0] < end for node in deletions)


def _fallback_of(cls: ClassInfo, assign: SelfAssign, reg: Registration) -> bool:
    """The registration is in an ``except`` handler of a ``try`` holding the assignment:
    it runs when the ``try`` failed, typically because ``self.x`` did not exist yet
    (``try: self.x = cat([self.x, y]) except AttributeError: register_buffer("x", y)``)."""
    body = cls.methods[assign.method].node.body
    to_assign, to_reg = path_to(body, assign.small), path_to(body, reg.call)
    if to_assign is None or to_reg is None:
        return False
    around_reg = {id(node) for node in to_reg}
    return any(isinstance(outer, cst.Try) and inner is outer.body
               and any(id(handler) in around_reg for handler in outer.handlers)
               for outer, inner in zip(to_assign, to_assign[1:]))


def _value_arg(reg: Registration) -> Optional[cst.Arg]:
    for index, arg in enumerate(reg.call.args):
        if arg.keyword is None and index == 1 and not arg.star:
            return arg
        if arg.keyword is not None and arg.keyword.value == _VALUE_KEYWORD[reg.func]:
            return arg
    return None


def _fix(ctx: RuleContext, cls: ClassInfo, assign: SelfAssign, reg: Registration
         ) -> Optional[Fix]:
    """Drop the assignment and pass its value to the registration, when the registration
    is a later statement of the same block that passes ``self.x`` itself."""
    small, statement = assign.small, assign.statement
    if not isinstance(small, cst.Assign) or len(small.targets) != 1 or assign.value is None \
            or not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    spelled = f"{cls.methods[assign.method].self_name}.{assign.attr}"
    arg = _value_arg(reg)
    if arg is None or dotted(arg.value) != spelled:
        return None
    block = _block_of(cls.methods[assign.method].node.body, statement)
    if block is None:
        return None
    start = next(i for i, s in enumerate(block) if s is statement)
    line = ctx.range(reg.call).start.line
    end = next((i for i in range(start + 1, len(block))
                if ctx.range(block[i]).start.line <= line <= ctx.range(block[i]).end.line), None)
    if end is None:
        return None
    register = block[end]
    if not (isinstance(register, cst.SimpleStatementLine) and len(register.body) == 1
            and isinstance(register.body[0], cst.Expr) and register.body[0].value is reg.call):
        return None
    if spelled in dotted_names(assign.value) \
            or _touches(block[start + 1:end], spelled, identifiers(assign.value)):
        return None
    if reg.func == "register_buffer" and ctx.buffer_style() == "nn.Buffer" \
            and register.trailing_whitespace.comment is None \
            and any(s.method == assign.method and s.order < assign.order
                    for s in cls.super_inits):  # nn.Buffer needs Module.__init__ first
        # `self.x = nn.Buffer(value[, persistent=...])`, the registration dropped
        buffer, imports = ctx.name_for("torch.nn.Buffer")
        persistent = argument(reg.call, "persistent", 2)
        extra = "" if persistent is None else f", persistent={ctx.source(persistent.value)}"
        return ctx.fix(f"Make `{assign.attr}` an nn.Buffer and drop the register_buffer() call",
                       Applicability.SAFE,
                       ctx.replace(assign.value, f"{buffer}({ctx.source(assign.value)}{extra})"),
                       ctx.delete_line(register), *imports)
    value = assign.value
    if isinstance(value, cst.Tuple) and not value.lpar:
        value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    edits = [ctx.delete_line(statement), ctx.replace(arg.value, ctx.code(value).strip())]
    comment = statement.trailing_whitespace.comment
    if comment is not None:  # keep the comment: move it to the registration's line
        if register.trailing_whitespace.comment is not None:
            return None
        _, at = ctx.span(register.body[0])
        edits.append(Edit(at, at, f"  {comment.value}"))
    return ctx.fix(f"Pass the value to {reg.func}() and drop the assignment",
                   Applicability.SAFE, *edits)


def _block_of(suite: cst.BaseSuite, statement: cst.CSTNode
              ) -> Optional[Sequence[cst.BaseStatement]]:
    """The list of statements that holds ``statement``, searched through compound ones."""
    if not isinstance(suite, cst.IndentedBlock):
        return None
    for stmt in suite.body:
        if stmt is statement:
            return suite.body
        for inner in _suites(stmt):
            found = _block_of(inner, statement)
            if found is not None:
                return found
    return None


def _suites(stmt: cst.BaseStatement) -> list[cst.BaseSuite]:
    if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)) \
            or not isinstance(stmt, cst.BaseCompoundStatement):
        return []
    suites = [stmt.body]
    orelse = getattr(stmt, "orelse", None)
    while isinstance(orelse, cst.If):
        suites.append(orelse.body)
        orelse = orelse.orelse
    if orelse is not None:
        suites.append(orelse.body)
    if isinstance(stmt, cst.Try):
        suites += [handler.body for handler in stmt.handlers]
        if stmt.finalbody is not None:
            suites.append(stmt.finalbody.body)
    return suites


def _touches(statements: Sequence[cst.BaseStatement], spelled: str, reads: set[str]) -> bool:
    """Whether the statements use ``self.x`` or rebind a name the value reads."""
    return any(spelled in dotted_names(stmt) for stmt in statements) \
        or bool(names_written(statements) & reads)
