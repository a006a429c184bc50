"""The rule book's pages and their examples, shared by the rule-book and runtime tests."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from modlint.rulebook import Example, examples

PAGES = Path(__file__).resolve().parents[1] / "rules"


def page_files() -> list[Path]:
    return sorted(PAGES.glob("MOD*.md"))


def code_of(path: Path) -> str:
    return path.name.split("-", 1)[0]


def bad_examples(path: Path) -> list[tuple[Example, Optional[Example]]]:
    """Each bad block with the fixed block that follows it (None for rules without a fix)."""
    found: list[tuple[Example, Optional[Example]]] = []
    for example in examples(path.read_text(encoding="utf-8")):
        if example.kind == "bad":
            found.append((example, None))
        elif example.kind == "fixed":
            assert found and found[-1][1] is None, \
                f"{path.name}:{example.line}: a fixed block must follow its bad block"
            found[-1] = (found[-1][0], example)
    return found


def pairs(path: Path) -> list[tuple[Example, Example]]:
    return [(bad, fixed) for bad, fixed in bad_examples(path) if fixed is not None]
