"""The shape of a rule: its metadata next to its check."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from modlint.gate import Gate
from modlint.rules import is_default

if TYPE_CHECKING:
    from modlint.context import RuleContext


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]  # one line for `modlint rule --all`
    fix: ClassVar[str]  # "safe", "unsafe", "sometimes" or "none"
    # What a file must contain, besides the name of torch or of a module base that every
    # rule needs, for this rule to find anything in it (gate.py). The default: nothing.
    gate: ClassVar[Gate] = Gate()

    @property
    def default(self) -> bool:
        """On without being selected (every rule but the MOD9xx ones)."""
        return is_default(self.code)

    def check(self, ctx: RuleContext) -> None:
        raise NotImplementedError
