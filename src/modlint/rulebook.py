"""The rule book: one Markdown page per rule, shipped inside the package."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

_PACKAGED = Path(__file__).parent / "rulebook"  # wheels: copied in at build time
_CHECKOUT = Path(__file__).parents[2] / "rules"  # a source checkout or editable install

# ```python fixed buffer-style=nn.Buffer: an example checked under configuration options
_EXAMPLE = re.compile(r"^```python (bad|fixed|good)((?: [a-z-]+=[^\s`]+)*)\n(.*?)^```$",
                      re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Example:
    kind: str  # "bad", "fixed" or "good"
    code: str
    line: int  # where the block starts in the page, for test messages
    # `[tool.modlint]` keys and values the example is checked under (a fixed block: the
    # fix's configuration), from the fence: ```python fixed buffer-style=nn.Buffer
    options: tuple[tuple[str, str], ...] = ()


def pages_dir() -> Optional[Path]:
    for candidate in (_PACKAGED, _CHECKOUT):
        if candidate.is_dir():
            return candidate
    return None


def page_path(code: str) -> Optional[Path]:
    folder = pages_dir()
    if folder is None:
        return None
    matches = sorted(folder.glob(f"{code}-*.md"))
    return matches[0] if matches else None


def page(code: str) -> Optional[str]:
    path = page_path(code)
    return path.read_text(encoding="utf-8") if path else None


def examples(text: str) -> list[Example]:
    return [Example(m.group(1), m.group(3), text.count("\n", 0, m.start()) + 1,
                    tuple(tuple(o.split("=", 1)) for o in m.group(2).split()))
            for m in _EXAMPLE.finditer(text)]


HOME_URL = "https://github.com/modlint/modlint"


@lru_cache(maxsize=None)
def page_url(code: str) -> Optional[str]:
    """The rule's page on the project's site, for links in reports and editors."""
    path = page_path(code)
    return f"{HOME_URL}/blob/main/rules/{path.name}" if path else None


def section(text: str, title: str) -> str:
    """The body of a page's ``## title`` section, stripped ("" if absent)."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text,
                      re.MULTILINE | re.DOTALL)
    return match.group(1).strip() if match else ""
