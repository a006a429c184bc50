"""What the migration rules (MOD401-MOD403, MOD409) share: a table of old names with
their replacements, and the reporting of every use and import of them, with fixes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability, Edit
from modlint.rules import api_migrations as api
from modlint.rules.api_migrations import Reference, Version

# A rewrite of one reference: the node it replaces (the reference or its call), the new
# text, the import edits and how safe it is; None: no fix here.
Rewrite = Callable[[RuleContext, Reference, "Deprecation"],
                   Optional[tuple[cst.CSTNode, str, tuple[Edit, ...], Applicability]]]


@dataclass(frozen=True)
class Deprecation:
    replacement: str  # the dotted name to use instead
    since: Version  # the first PyTorch version that has the replacement
    advice: str = ""  # how to migrate, when more than a rename
    rewrite: Optional[Rewrite] = None
    renamed: bool = False  # same arguments: `from x import old` can become `from y import new`
    # for a renamed function: whether a call of the old one suits the new one
    accepts: Optional[Callable[[cst.Call], bool]] = None


def spell(ctx: RuleContext, ref: Reference, qualified: str):
    return api.spelling(ctx, qualified, ref.node)


def rename(ctx, ref, entry):
    spelled = spell(ctx, ref, entry.replacement)
    if spelled is None or (ref.call is None and ref.decorator is False
                           and isinstance(ref.node, cst.Name)):
        return None
    name, edits = spelled
    return ref.node, name, edits, Applicability.SAFE


def report_migrations(ctx: RuleContext, table: dict[str, Deprecation], what: str) -> None:
    """Report every use and import of the table's names, with the fixes the table has."""
    found = api.references(ctx)
    live = {name: entry for name, entry in table.items() if api.available(ctx, entry.since)}
    uses: dict[str, list[Reference]] = {}
    for ref in found.to(live):
        if isinstance(ref.node, cst.Name):
            uses.setdefault(ref.node.value, []).append(ref)
    for ref in found.to(live):
        entry = live[ref.qualified]
        fix = None
        imported_by_name = isinstance(ref.node, cst.Name) and entry.renamed
        if entry.rewrite is not None and not imported_by_name:
            rewritten = entry.rewrite(ctx, ref, entry)
            if rewritten is not None:
                target, text, edits, applicability = rewritten
                fix = ctx.fix(f"Use `{entry.replacement}`", applicability,
                              ctx.replace(target, text), *edits)
        ctx.report(ref.call if ref.call is not None else ref.node,
                   _message(ref.qualified, entry, what), fix)
    statements: dict[int, dict[int, str]] = {}
    for imported in found.imported(live):
        if live[imported.qualified].renamed:
            statements.setdefault(id(imported.statement), {})[id(imported.alias)] = \
                live[imported.qualified].replacement
    for imported in found.imported(live):
        entry = live[imported.qualified]
        fix = None
        renames = statements.get(id(imported.statement))
        if renames and isinstance(imported.statement, cst.ImportFrom) \
                and _all_renamable(uses.get(imported.local, []), entry):
            edits = api.rename_imports(ctx, imported.statement, renames, uses)
            if edits:
                fix = ctx.fix(f"Import `{entry.replacement}`", Applicability.SAFE, *edits)
        ctx.report(imported.alias, "Import of " + _message(imported.qualified, entry, what), fix)


def _all_renamable(uses: list[Reference], entry: Deprecation) -> bool:
    """A rename of the import renames every use: each must suit the new function."""
    return entry.accepts is None or all(
        use.call is not None and entry.accepts(use.call) for use in uses)


def _message(name: str, entry: Deprecation, what: str) -> str:
    advice = f": {entry.advice}" if entry.advice else ""
    return f"`{name}` is {what}; use `{entry.replacement}`{advice}"
