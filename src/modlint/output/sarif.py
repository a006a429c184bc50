"""SARIF 2.1.0, as GitHub code scanning reads it: rule metadata with help links, one
result per problem with its region and its fix."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Optional
from urllib.parse import quote

from modlint import __version__, rulebook
from modlint.source_text import SourceText
from modlint.diagnostics import Diagnostic
from modlint.output import location, source_text
from modlint.rules import all_rules

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# Not a rule, but reported like one: a file that cannot be decoded or parsed.
SYNTAX_ERROR = {"id": "MOD000", "name": "syntax-error",
                "shortDescription": {"text": "the file cannot be decoded or parsed"}}


def render(report) -> str:
    rules = [SYNTAX_ERROR] + [_rule(rule) for rule in all_rules()]
    index = {rule["id"]: n for n, rule in enumerate(rules)}
    results = []
    for result in report.results:
        text = source_text(result)
        uri = _uri(result.path)
        results.extend(_result(d, uri, text, index) for d in result.diagnostics)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "modlint",
                "version": __version__,
                "informationUri": rulebook.HOME_URL,
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",  # our columns count characters
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rule(rule) -> dict[str, Any]:
    page = rulebook.page(rule.code) or ""
    described = rulebook.section(page, "What it does") or rule.summary
    entry: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": described},
        "defaultConfiguration": {"level": "error", "enabled": rule.default},
        "properties": {"fix": rule.fix},
    }
    url = rulebook.page_url(rule.code)
    if url:
        entry["helpUri"] = url
    if page:
        entry["help"] = {"text": f"{described}\n\n{url or ''}".strip(), "markdown": page}
    return entry


def _uri(path: str) -> str:
    """Relative to the working folder (the repository root in CI) when inside it, as
    GitHub expects; else an absolute file URI."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute)
    if relative.startswith(os.pardir):
        return Path(absolute).as_uri()
    return quote(relative.replace(os.sep, "/"))


def _region(start: dict[str, int], end: dict[str, int]) -> dict[str, int]:
    return {"startLine": start["row"], "startColumn": start["column"],
            "endLine": end["row"], "endColumn": end["column"]}


def _result(diagnostic: Diagnostic, uri: str, text: Optional[SourceText],
            index: dict[str, int]) -> dict[str, Any]:
    artifact = {"uri": uri}
    region = _region({"row": diagnostic.line, "column": diagnostic.column + 1},
                     {"row": diagnostic.end_line, "column": diagnostic.end_column + 1})
    entry: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "level": "error",
        "message": {"text": diagnostic.message},
        "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
    }
    if diagnostic.code in index:
        entry["ruleIndex"] = index[diagnostic.code]
    fix = diagnostic.fix
    if fix is not None and text is not None and fix.edits:
        entry["fixes"] = [{
            "description": {"text": f"{fix.title} ({fix.applicability.value} fix)"},
            "artifactChanges": [{"artifactLocation": artifact, "replacements": [
                {"deletedRegion": _region(location(text, e.start), location(text, e.end)),
                 "insertedContent": {"text": e.content}} for e in fix.edits]}],
        }]
    return entry
