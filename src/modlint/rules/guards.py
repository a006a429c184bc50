"""Whether a call only runs when some condition holds, for rules that respect guards."""

from __future__ import annotations

from typing import Callable

import libcst as cst

from modlint.context import RuleContext
from modlint.semantic.calls import early_exits, mentions
from modlint.semantic.model import CallSite


def guarded(ctx: RuleContext, site: CallSite, predicate: Callable[[cst.CSTNode], bool]) -> bool:
    """The call sits under an `if` (or `... if test else ...`) whose test mentions something
    ``predicate`` accepts, either branch, or after such an `if` that returns or raises
    (`if not self.training: return x`) at the top level of its method."""
    if any(mentions(test, predicate) for test, _ in site.guards):
        return True
    if site.nested or site.cls is None or site.method is None:
        return False
    exits = [stmt for stmt in early_exits(site.cls.methods[site.method].node)
             if mentions(stmt.test, predicate)]
    if not exits:
        return False
    line = ctx.range(site.call).start.line
    return any(ctx.range(stmt).start.line < line for stmt in exits)
