"""Whether a call only runs when some condition holds, for rules that respect guards."""

from __future__ import annotations

from typing import Callable

import libcst as cst

from modlint.semantic.calls import early_exits, mentions
from modlint.semantic.model import CallSite


def guarded(site: CallSite, predicate: Callable[[cst.CSTNode], bool]) -> bool:
    """The call sits under an `if` (or `... if test else ...`) whose test mentions something
    ``predicate`` accepts, either branch, or after such an `if` that returns or raises
    (`if not self.training: return x`) at the top level of its method."""
    if any(mentions(test, predicate) for test, _ in site.guards):
        return True
    if site.nested or site.cls is None or site.method is None:
        return False
    function = site.cls.methods[site.method].node
    exits = [stmt for stmt in early_exits(function) if mentions(stmt.test, predicate)]
    if not exits:
        return False
    # early exits are top-level statements of the method: is one before the call's?
    for stmt in function.body.body:
        if mentions(stmt, lambda node: node is site.call):
            return False
        if any(stmt is exit_ for exit_ in exits):
            return True
    return False
