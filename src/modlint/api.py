"""The pure core: text in, diagnostics (and fixed text) out. No I/O, no printing."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace
from typing import Optional

from modlint.config import Config
from modlint.context import RuleContext
from modlint.source_text import SourceText
from modlint.diagnostics import Diagnostic, Edit, Fix, InternalError, describe
from modlint.fixing import apply_fixes
from modlint.gate import may_hold_findings
from modlint.noqa import file_noqa, is_suppressed, suppressed_by_file
from modlint.parsing import (NotAnalysable, ParseFailure, TabMap, check_with_python,
                             parse_for_analysis, run_deep)
from modlint.semantic.builder import build_model

MAX_FIX_ROUNDS = 10


@dataclass
class LintResult:
    diagnostics: list[Diagnostic]
    errors: list[InternalError] = field(default_factory=list)
    # why a file CPython compiles was not analysed ("": it was); never a syntax error
    not_analysed: str = ""


@dataclass
class FixResult:
    source: str
    diagnostics: list[Diagnostic]  # what remains after fixing
    fixed: int  # number of fixes applied
    errors: list[InternalError] = field(default_factory=list)
    fixed_codes: list[str] = field(default_factory=list)  # the rule of each fix applied
    not_analysed: str = ""  # as in LintResult


def _parse_problem(source: str, failure: ParseFailure,
                   python_error: Optional[SyntaxError] = None) -> Diagnostic:
    """MOD000; a syntax error is placed and worded as Python itself would when it can
    (``python_error``: CPython's own, from ``check_with_python``)."""
    line, column, message = failure.line, failure.column, failure.message
    if failure.syntax:
        if python_error is None:
            try:  # CPython's parser points at the real culprit, with a clearer message
                compile(source, "<file>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
            except SyntaxError as error:
                python_error = error
            except (RecursionError, MemoryError, ValueError):
                pass
        if python_error is not None and python_error.lineno:
            line = python_error.lineno
            column = max((python_error.offset or 1) - 1, 0)
            message = python_error.msg
        message = f"syntax error: {' '.join(str(message).split())}"
    return Diagnostic("MOD000", message, line, column, line, column)


def lint_source(source: str, config: Config = Config(), *, gate: bool = True,
                noqa: bool = True) -> LintResult:
    """Lint one file's text. Never raises on bad code. ``# noqa`` comments are honoured
    unless ``noqa`` is False (flake8 applies its own).

    ``gate=False`` parses every file; the result is the same, only slower.

    CPython compiles the text first: what it refuses for its own limits is MOD000 at
    once, before LibCST (whose parser is quadratic on such input) sees it, and a file it
    compiles is never MOD000 (``not_analysed`` says why when modlint cannot analyse it).
    """
    try:
        python_error = check_with_python(source)
    except ParseFailure as failure:  # refused for one of CPython's limits
        return LintResult([_parse_problem(source, failure)])
    compiles = python_error is None
    if gate and compiles and not may_hold_findings(source, config):
        return LintResult([])
    try:
        return run_deep(_lint, source, config, noqa, python_error)
    except RecursionError:
        failure = ParseFailure("too deeply nested to analyse (the recursion limit was reached)")
    except MemoryError:
        failure = ParseFailure("too large to analyse (out of memory)")
    if compiles:
        return LintResult([], not_analysed=failure.message)
    return LintResult([_parse_problem(source, failure, python_error)])


def _lint(source: str, config: Config, noqa: bool,
          python_error: Optional[SyntaxError]) -> LintResult:
    try:
        module, tabs = parse_for_analysis(source, python_error is None)
    except ParseFailure as failure:
        return LintResult([_parse_problem(source, failure, python_error)])
    except NotAnalysable as reason:
        return LintResult([], not_analysed=str(reason))
    text = SourceText(source if tabs is None else tabs.text)
    model = build_model(module, config.extend_module_bases, config.project_facts)
    ctx = RuleContext(model, text, config)
    errors: list[InternalError] = []
    for rule in config.rules():
        ctx.rule = rule
        before = len(ctx.diagnostics)
        try:
            rule.check(ctx)
        except (RecursionError, MemoryError):  # the file is too deep or big, not a bug
            raise
        except Exception as error:  # one broken rule must not stop the others
            del ctx.diagnostics[before:]
            errors.append(InternalError(rule.code, describe(error)))
    whole = file_noqa(source)  # `# modlint: noqa`: flake8 does not know it, so always
    kept = [d for d in ctx.diagnostics
            if not (noqa and is_suppressed(d.code, text.line_text(d.line)))
            and not suppressed_by_file(d.code, whole)]
    if tabs is not None:
        kept = [_tab_mapped(d, tabs) for d in kept]
    return LintResult(sorted(kept, key=Diagnostic.sort_key), errors)


def _tab_mapped(diagnostic: Diagnostic, tabs: TabMap) -> Diagnostic:
    """A diagnostic of the tab-expanded copy, placed in the original text. Its fix is
    kept only where the mapping is exact: no edit inside a changed indentation, no new
    line (it would be indented with spaces among tabs)."""
    fix = diagnostic.fix
    if fix is not None:
        edits = []
        for edit in fix.edits:
            start, end = tabs.offset(edit.start), tabs.offset(edit.end)
            if start is None or end is None or "\n" in edit.content or "\r" in edit.content:
                fix = None
                break
            edits.append(Edit(start, end, edit.content))
        else:
            fix = replace(fix, edits=tuple(edits))
    return replace(diagnostic, column=tabs.column(diagnostic.line, diagnostic.column),
                   end_column=tabs.column(diagnostic.end_line, diagnostic.end_column),
                   fix=fix)


def _python_parses(source: str) -> bool:
    """Whether CPython compiles ``source`` (``check_with_python``): a fraction of
    LibCST's cost. When it does not, LibCST decides: code newer than this interpreter
    parses there, and a real error is reported as always."""
    try:
        return check_with_python(source) is None
    except ParseFailure:
        return False


def fix_source(source: str, config: Config = Config(), unsafe: bool = False) -> FixResult:
    """Apply fixes until none is left (bounded); the result always parses."""
    fixed = 0
    errors: list[InternalError] = []
    codes: list[str] = []
    python_parses = None  # whether CPython parses the input, asked once fixes exist
    for _ in range(MAX_FIX_ROUNDS):
        result = lint_source(source, config)
        if result.not_analysed:
            return FixResult(source, [], fixed, result.errors,
                             not_analysed=result.not_analysed)
        errors = result.errors
        fixes = [d.fix for d in result.diagnostics if d.fix is not None and d.fix.is_applied(unsafe)]
        if not fixes:
            return FixResult(source, result.diagnostics, fixed, errors, codes)
        chosen: list[Fix] = []
        new_source, applied = apply_fixes(source, fixes, chosen)
        if python_parses is None:
            python_parses = _python_parses(source)
        problem = _unparsable(new_source, python_parses)
        if problem:  # a fix that breaks the code is a modlint bug
            errors.append(InternalError("fix", f"a fix produced code that does not parse "
                                               f"({problem}); nothing was written"))
            return FixResult(source, result.diagnostics, fixed, errors, codes)
        source = new_source
        fixed += applied
        code_of = {id(d.fix): d.code for d in result.diagnostics}
        codes.extend(code_of[id(fix)] for fix in chosen)
    result = lint_source(source, config)
    return FixResult(source, result.diagnostics, fixed, result.errors + errors, codes)


def _unparsable(source: str, python_parses: bool) -> str:
    """Why fixed code is broken ('' when it is not): LibCST must parse it, and CPython
    too when it parsed the code before the fix."""
    compiles = _python_parses(source)
    if python_parses and not compiles:
        return "Python's own parser rejects it"
    try:
        run_deep(parse_for_analysis, source, compiles)
    except Exception as error:
        return describe(error)
    return ""


__all__ = ["Diagnostic", "Edit", "Fix", "FixResult", "InternalError", "LintResult",
           "fix_source", "lint_source"]
