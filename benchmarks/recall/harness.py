"""Injecting bugs into one file and asking modlint's rules whether they see them.

Each file is parsed once. Its sites are grouped into batches holding at most one site per
*family* (a top-level statement, joined with the top-level statements of its bases defined
in the same file), so the bugs of one batch sit in classes and functions that cannot see
each other. A batch's bugged tree shares every untouched node with the original; the
file's model is rebuilt from it with the module bases the whole project gives the file
(as ``modlint`` computes them for a run over the package: no injection changes what the
project index reads of a file, its imports and its top-level class headers) and only the
rules expected to fire run. A site is caught when its rule reports a node inside the
bugged code; ``tests/test_recall.py`` checks that this answers as linting the printed
bugged file does.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Sequence

import libcst as cst

from modlint.context import RuleContext
from modlint.gate import base_words, may_hold_findings
from modlint.config import Config
from modlint.parsing import ParseFailure, parse_module
from modlint.rules import load
from modlint.semantic.builder import build_model
from modlint.semantic.model import ClassInfo, FileModel, Kind
from modlint.source_text import SourceText

from recall.causes import explain
from recall.injectors import IN_MODULE_CLASS, all_injectors
from recall.sites import Site, find_sites, inject, subtree_ids

CAUGHT, MISSED, SILENT, BEFORE, ERROR = "caught", "missed", "silent", "reported-before", "error"


@dataclass
class Outcome:
    rule: str
    kind: str
    path: str
    line: int  # of the idiom in the original file; 0 when caught (not computed)
    status: str
    cause: str = ""


class _Collector(RuleContext):
    """Records the node of each report; positions are never computed (fixes built on
    the way get meaningless spans, and are dropped)."""

    def __init__(self, model: FileModel, text: SourceText) -> None:
        super().__init__(model, text)
        self.reported: dict[str, list[cst.CSTNode]] = defaultdict(list)
        self.failed: set[str] = set()

    def range(self, node: cst.CSTNode):
        from libcst.metadata import CodePosition, CodeRange
        return CodeRange(CodePosition(1, 0), CodePosition(1, 0))

    def report(self, node, message, fix=None) -> None:
        self.reported[self.rule.code].append(node)


def run_rules(model: FileModel, text: SourceText, codes: Sequence[str]) -> _Collector:
    ctx = _Collector(model, text)
    for code in codes:
        ctx.rule = load(code)
        try:
            ctx.rule.check(ctx)
        except Exception:  # a rule that crashes on a bugged file is a finding of its own
            ctx.failed.add(code)
    return ctx


def looks_like_module(cls: ClassInfo) -> bool:
    """Whether a class is an nn.Module by modlint, or by what it does (defines forward as
    a method, not a static one as autograd Functions do; registers state; holds modules or
    parameters): the second catches the classes modlint fails to recognise."""
    forward = cls.methods.get("forward")
    return cls.is_module or (forward is not None and forward.self_name is not None) \
        or bool(cls.registrations) or any(
        a.resolved.kind in (Kind.MODULE, Kind.PARAMETER)
        or a.resolved.element in (Kind.MODULE, Kind.PARAMETER) for a in cls.assigns)


def _families(model: FileModel, class_top: dict[cst.ClassDef, int]) -> Callable[[int], int]:
    """Top-level statement -> the root of its family (union through local bases)."""
    parent: dict[int, int] = {}

    def root(top: int) -> int:
        while parent.get(top, top) != top:
            top = parent[top]
        return top

    for cls in model.classes:
        for base in cls.bases:
            if base and base.startswith("<local>."):
                other = model.local_classes.get(base.split(".", 1)[1])
                if other is not None and cls.node in class_top and other.node in class_top:
                    parent[root(class_top[cls.node])] = root(class_top[other.node])
    return root


def batches(sites: Sequence[Site], family: Callable[[int], int]) -> list[list[Site]]:
    """The k-th site of every family goes to batch k."""
    by_family: dict[int, list[Site]] = defaultdict(list)
    for site in sites:
        by_family[family(site.where.top)].append(site)
    count = max((len(group) for group in by_family.values()), default=0)
    return [[group[k] for group in by_family.values() if k < len(group)] for k in range(count)]


def check_source(text: str, path: str, config: Config, injectors=None,
                 plain: frozenset[str] = frozenset()) -> list[Outcome]:
    """The outcome of every site of one file's text; ``plain``: the class names the file
    spells that the project proves are no modules (``run.plain_classes``)."""
    stars = tuple(local for local, _ in config.project_facts.bindings) \
        if config.project_facts is not None else ()
    if not any(word in text for word in base_words(config) + stars):
        return []  # no name of torch or of a module base: no module code to inject into
    try:
        module = parse_module(text)
    except (ParseFailure, RecursionError):
        return []
    bases = config.extend_module_bases
    model = build_model(module, bases, config.project_facts)  # as the lint builds it
    sites, class_top = find_sites(module, injectors or all_injectors())
    classes = {c.node: c for c in model.classes}
    proven_plain = {n for n in module.body if isinstance(n, cst.ClassDef)
                    and n.name.value in plain}
    # `self.model.forward(x)` is the bug in a trainer too: MOD203 asks only the attribute
    sites = [s for s in sites if s.rule not in IN_MODULE_CLASS or (
        s.where.cls in classes and looks_like_module(classes[s.where.cls])
        and (s.where.cls not in proven_plain or s.rule == "MOD203"))]
    if not sites:
        return []
    source = SourceText(text)
    gated_out = not may_hold_findings(text, config)
    codes = sorted({s.rule for s in sites})
    before = run_rules(model, source, codes)
    outcomes: list[tuple[Site, str, str]] = []
    family = _families(model, class_top)
    for batch in batches(sites, family):
        bugged, copies = inject(module, batch)
        bugged_model = build_model(bugged, bases, config.project_facts)
        after = run_rules(bugged_model, source, sorted({s.rule for s in batch}))
        for site in batch:
            outcomes.append(_judge(site, copies, before, after, gated_out, model,
                                   bugged_model, plain))
    return _located(outcomes, module, text, path)


def _judge(site: Site, copies: dict, before: _Collector, after: _Collector, gated_out: bool,
           model: FileModel, bugged_model: FileModel, plain: frozenset[str]
           ) -> tuple[Site, str, str]:
    if site.rule in after.failed:
        return site, ERROR, "the rule raised an exception"
    original = subtree_ids(site.anchor if site.new_expected else site.expected)
    for node in site.alternatives:
        original |= subtree_ids(node)
    if any(id(node) in original for node in before.reported.get(site.rule, ())):
        return site, BEFORE, "already reported in the original code"
    expected = copies.get(site.expected, site.expected)
    inside = subtree_ids(expected)
    for node in site.alternatives:
        inside |= subtree_ids(node)
    if not gated_out and any(id(node) in inside for node in after.reported.get(site.rule, ())):
        return site, CAUGHT, ""
    if gated_out:
        return site, MISSED, "file dismissed by the gate"
    try:
        silent, cause = explain(site, copies, model, bugged_model, plain)
    except Exception as error:  # the semantic model changes under the rules' owners
        silent, cause = False, f"unexplained ({type(error).__name__} while explaining)"

    return site, (SILENT if silent else MISSED), cause


def _located(outcomes: list[tuple[Site, str, str]], module: cst.Module,
              text: str, path: str) -> list[Outcome]:
    """Outcomes with the original line of every site that was not caught. Sites are
    numbered in the source order of their anchors, so each anchor's first line is looked
    for in the text from where the previous one was found (positions from LibCST would
    cost more than everything else); caught sites are passed too, so that a line written
    the same way twice is not taken for the other."""
    lines = {}
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    cursor = 0
    for site in sorted({s.order: s for s, _, _ in outcomes}.values(), key=lambda s: s.order):
        found = text.find(_first_line(module, site.anchor), cursor)
        if found >= 0:
            cursor = found  # sites may share an anchor
            lines[site.order] = bisect.bisect_right(starts, found)
    return [Outcome(site.rule, site.kind, path,
                    lines.get(site.order, 0) if status != CAUGHT else 0, status, cause)
            for site, status, cause in outcomes]


def _first_line(module: cst.Module, node: cst.CSTNode) -> str:
    if hasattr(node, "leading_lines"):
        node = node.with_changes(leading_lines=())
    code = module.code_for_node(node).strip()
    return code.split("\n", 1)[0].strip()
