"""What to verify in one source file: its SAFE fixes, rule by rule, and the classes each
one touches. Static only: modlint's API and Python's ``ast``, never torch."""

from __future__ import annotations

import ast
import difflib
from dataclasses import dataclass, replace
from typing import Optional

from modlint.api import fix_source, lint_source
from modlint.config import Config
from modlint.diagnostics import Applicability

ALL_RULES = Config(select=("ALL",))
TOGETHER = "all"  # the label of every rule's SAFE fixes applied together, as --fix does


@dataclass(frozen=True)
class Case:
    """One class of one source, before and after the SAFE fixes of ``rule``."""

    id: str
    source: str  # where the code comes from: a rule-book page, a file, a package
    rule: str  # a rule code, or TOGETHER
    module: str  # the module name the code is executed as
    file: str
    original: str
    fixed: str
    cls: str
    time_limit: Optional[float] = None  # seconds; None: the runner's default

    def as_json(self) -> dict:
        found = {"id": self.id, "module": self.module, "file": self.file,
                 "original": self.original, "fixed": self.fixed, "cls": self.cls}
        if self.time_limit is not None:
            found["time_limit"] = self.time_limit
        return found


def safe_codes(source: str, config: Config = ALL_RULES) -> list[str]:
    """The rules with a SAFE fix for this source."""
    found = lint_source(source, config).diagnostics
    return sorted({d.code for d in found
                   if d.fix is not None and d.fix.applicability is Applicability.SAFE})


def fixed_versions(source: str, config: Config = ALL_RULES) -> dict[str, str]:
    """The source after each rule's SAFE fixes alone, and after all of them together when
    more than one rule has some."""
    codes = safe_codes(source, config)
    versions = {code: fix_source(source, replace(config, select=(code,))).source
                for code in codes}
    if len(codes) > 1:
        versions[TOGETHER] = fix_source(source, config).source
    return {label: text for label, text in versions.items() if text != source}


def _classes(tree: ast.Module) -> list[ast.ClassDef]:
    """Classes reachable as module attributes: top level, also under ``if`` and ``try``."""
    found: list[ast.ClassDef] = []
    pending = list(tree.body)
    while pending:
        node = pending.pop(0)
        if isinstance(node, ast.ClassDef):
            found.append(node)
        elif isinstance(node, (ast.If, ast.Try)):
            pending += [*node.body, *node.orelse, *getattr(node, "finalbody", []),
                        *(s for h in getattr(node, "handlers", []) for s in h.body)]
    return found


def _changed_lines(original: str, fixed: str) -> list[tuple[int, int]]:
    """Line ranges of the original (1-based, inclusive) that the fix replaced, or where it
    inserted text (then the range is the line before which it did)."""
    matcher = difflib.SequenceMatcher(None, original.splitlines(), fixed.splitlines(),
                                      autojunk=False)
    ranges = []
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag == "replace" or tag == "delete":
            ranges.append((i1 + 1, i2))
        elif tag == "insert":
            ranges.append((i1, i1))  # after line i1: inside a class ending at or after it
    return ranges


def touched_classes(original: str, fixed: str) -> list[str]:
    """The classes whose code the fix changed, then the classes of the same file that
    derive from them (they inherit the change), in source order."""
    classes = _classes(ast.parse(original))
    changed = _changed_lines(original, fixed)
    touched = {c.name for c in classes
               if any(_first_line(c) <= end and start <= (c.end_lineno or c.lineno)
                      for start, end in changed)}
    growing = True
    while growing:
        growing = False
        for c in classes:
            if c.name not in touched and any(_base_name(b) in touched for b in c.bases):
                touched.add(c.name)
                growing = True
    return [c.name for c in classes if c.name in touched]


def _first_line(cls: ast.ClassDef) -> int:
    return min([cls.lineno, *(d.lineno for d in cls.decorator_list)])


def _base_name(base: ast.expr) -> str:
    return base.id if isinstance(base, ast.Name) else ""


def cases_of(source: str, origin: str, module: str, file: str,
             config: Config = ALL_RULES) -> list[Case]:
    """Every (rule, touched class) of one source file."""
    found = []
    for label, fixed in fixed_versions(source, config).items():
        for cls in touched_classes(source, fixed):
            found.append(Case(f"{origin}::{label}::{cls}", origin, label, module, file,
                              source, fixed, cls))
    return found
