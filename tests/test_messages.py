"""One-line messages stay short: what is wrong and the fix, in about 120 characters.

The longer explanation (the PyTorch error, the consequence) is on the rule's page, which
``--output-format full`` quotes under each problem. Every rule is run on every rule-book
example and on every code snippet of the rule tests and the real-world cases.
"""

from __future__ import annotations

import ast
from pathlib import Path

from modlint.api import lint_source
from modlint.config import Config
from modlint.rulebook import examples
from modlint.rules import CODES

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 125  # "about 120": a few characters of slack for long dotted names


def _snippets() -> list[tuple[str, str]]:
    found = []
    for page in sorted((ROOT / "rules").glob("MOD*.md")):
        found.extend((f"{page.name}:{e.line}", e.code)
                     for e in examples(page.read_text(encoding="utf-8")))
    for path in sorted([*(ROOT / "tests" / "rules").glob("*.py"),
                        *(ROOT / "tests" / "real_world").glob("*.py")]):
        text = path.read_text(encoding="utf-8")
        found.append((path.name, text))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and ("import" in node.value or "class " in node.value):
                found.append((f"{path.name}:{node.lineno}", node.value))
    return found


def test_every_message_is_one_short_line():
    config = Config(select=("ALL",))
    seen: dict[tuple[str, str], str] = {}
    for where, code in _snippets():
        for diagnostic in lint_source(code, config).diagnostics:
            if diagnostic.code != "MOD000":
                seen.setdefault((diagnostic.code, diagnostic.message), where)
    reported = {code for code, _ in seen}
    assert reported == set(CODES), f"rules never seen: {set(CODES) - reported}"
    too_long = [f"{where}: {code} ({len(message)}) {message}"
                for (code, message), where in seen.items()
                if len(message) > LIMIT or "\n" in message]
    assert not too_long, "\n".join(too_long)
