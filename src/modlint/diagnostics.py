"""The data every front-end consumes: diagnostics and the fixes attached to them."""

from __future__ import annotations

import enum
import traceback
from dataclasses import dataclass, field
from typing import Optional


class Applicability(enum.Enum):
    """How sure a fix is, as in ruff.

    SAFE fixes keep ``state_dict()`` keys and change nothing but the bug; ``--fix``
    applies them. UNSAFE fixes need ``--unsafe-fixes``. DISPLAY_ONLY fixes are shown,
    never applied.
    """

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"


@dataclass(frozen=True)
class Edit:
    """Replace ``source[start:end]`` (character offsets) by ``content``."""

    start: int
    end: int
    content: str


@dataclass(frozen=True)
class Fix:
    title: str
    applicability: Applicability
    edits: tuple[Edit, ...]

    def is_applied(self, unsafe: bool) -> bool:
        if self.applicability is Applicability.SAFE:
            return True
        return unsafe and self.applicability is Applicability.UNSAFE


@dataclass(frozen=True)
class Diagnostic:
    """One problem. Lines are 1-based, columns 0-based (characters), as LibCST counts."""

    code: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    fix: Optional[Fix] = field(default=None, compare=False)
    # in a notebook: the cell (1-based, every cell counted); line and end_line are then
    # lines of that cell
    cell: Optional[int] = None

    def sort_key(self) -> tuple[int, int, str]:
        return (self.line, self.column, self.code)


@dataclass
class InternalError:
    """A rule (or the fixer) failed on this input: a bug in modlint, not in the file."""

    where: str  # a rule code, or "fix"
    message: str


def describe(error: BaseException) -> str:
    frame = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
    where = f" at {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}" if frame else ""
    return f"{type(error).__name__}: {error}{where}"
