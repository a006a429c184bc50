"""MOD102: module state assigned to ``self`` before the base initialiser ran."""

from __future__ import annotations

from typing import Optional, Union

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability, Fix
from modlint.gate import Gate
from modlint.rules.base import Rule
from modlint.semantic.model import ClassInfo, Kind, Method, Registration, SelfAssign, SuperInit
from modlint.semantic.names import names_read, names_written

# A plain tensor set early fails nothing: it is a plain attribute, as it would be after
# the call (MOD001's matter when it meets the model's inputs). An nn.Buffer does fail.
_STATE = (Kind.MODULE, Kind.PARAMETER)
_WHAT = {Kind.MODULE: "a module", Kind.PARAMETER: "a parameter", Kind.TENSOR: "a buffer"}
_ERROR = {Kind.MODULE: "module", Kind.PARAMETER: "parameters", Kind.TENSOR: "buffer"}
_BUFFER = ("torch.nn.Buffer", "torch.nn.parameter.Buffer")


class AssignedBeforeSuperInit(Rule):
    code = "MOD102"
    name = "assigned-before-super-init"
    summary = "module, parameter or tensor assigned to self before super().__init__()"
    fix = "safe (when the call can move)"
    gate = Gate(module_class=True)

    def check(self, ctx: RuleContext) -> None:
        for cls in ctx.model.module_classes:
            init = cls.init
            calls = [s for s in cls.super_inits if s.method == "__init__"]
            if init is None or not calls:
                continue  # no call at all is MOD101's
            if ctx.model.initialises_itself(cls):
                continue  # its metaclass set the module up before __init__ ran
            first_call = min(calls, key=lambda s: s.order)
            early = _first_early_state(ctx, cls, first_call.order)
            if early is None:
                continue
            if isinstance(early, SelfAssign):
                kind = early.resolved.kind if _is_state(ctx, early) != "buffer" else Kind.TENSOR
                node: cst.CSTNode = early.small
                what = f"`self.{early.attr}` is assigned {_WHAT[kind]}"
                error = _ERROR[kind]
            else:
                node = early.call
                what = f"`{early.func}()` is called"
                error = "buffer" if early.func == "register_buffer" else (
                    "parameters" if early.func == "register_parameter" else "module")
            ctx.report(node,
                       f"{what} before super().__init__() (AttributeError: cannot assign "
                       f"{error}); call it first",
                       _fix(ctx, init, first_call, early))


def _is_state(ctx: RuleContext, assign: SelfAssign) -> Optional[str]:
    """"state" for a module or parameter, "buffer" for an nn.Buffer, None otherwise."""
    if assign.resolved.kind in _STATE:
        return "state"
    value = assign.value
    site = ctx.model.call_site(value) if isinstance(value, cst.Call) else None
    return "buffer" if site is not None and site.qualified in _BUFFER else None


def _first_early_state(ctx: RuleContext, cls: ClassInfo,
                       before: int) -> Optional[Union[SelfAssign, Registration]]:
    found: list[Union[SelfAssign, Registration]] = [
        a for a in cls.assigns
        if a.method == "__init__" and not a.nested and a.order < before
        and _is_state(ctx, a) is not None
    ]
    found += [r for r in cls.registrations
              if r.method == "__init__" and r.order < before and r.func != "setattr"]
    return min(found, key=lambda f: f.order) if found else None


def _fix(ctx: RuleContext, init: Method, call: SuperInit,
         early: Union[SelfAssign, Registration]) -> Optional[Fix]:
    body = init.node.body
    if not isinstance(body, cst.IndentedBlock) or call.statement is None \
            or len(call.statement.body) != 1:
        return None
    statements = list(body.body)
    call_index = _index_of(statements, call.statement)
    target_index = _top_level_index(ctx, statements, early)
    if call_index is None or target_index is None or target_index >= call_index:
        return None
    moved_past = statements[target_index:call_index]
    reads = set().union(*(names_read(arg) for arg in call.call.args))
    if reads & names_written(moved_past):
        return None  # the call's arguments are computed by the statements it would skip
    anchor = statements[target_index]
    r = ctx.range(call.statement)
    lines = [ctx.text.line_text(n) for n in range(r.start.line, r.end.line + 1)]
    insert = ctx.insert_at_line(
        ctx.range(anchor).start.line - len(anchor.leading_lines), ctx.newline.join(lines))
    return ctx.fix("Move super().__init__() up", Applicability.SAFE,
                   insert, ctx.delete_line(call.statement))


def _index_of(statements: list[cst.BaseStatement], stmt: cst.CSTNode) -> Optional[int]:
    for index, candidate in enumerate(statements):
        if candidate is stmt:
            return index
    return None


def _top_level_index(ctx: RuleContext, statements: list[cst.BaseStatement],
                     early: Union[SelfAssign, Registration]) -> Optional[int]:
    node = early.small if isinstance(early, SelfAssign) else early.call
    line = ctx.range(node).start.line
    for index, stmt in enumerate(statements):
        r = ctx.range(stmt)
        if r.start.line <= line <= r.end.line:
            return index
    return None
