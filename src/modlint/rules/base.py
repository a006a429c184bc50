"""The shape of a rule: its metadata next to its check."""

from __future__ import annotations

from typing import ClassVar

from modlint.context import RuleContext


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]  # one line for `modlint rule --all`
    fix: ClassVar[str]  # "safe", "unsafe", "sometimes" or "none"
    default: ClassVar[bool] = True  # opt-in rules say False

    def check(self, ctx: RuleContext) -> None:
        raise NotImplementedError
