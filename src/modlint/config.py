"""Which rules run and how: the effective configuration of one run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

from modlint.rules import ALL_RULES
from modlint.rules.base import Rule


class ConfigError(Exception):
    """Bad configuration: the message names the source, the key and what is allowed."""


def check_codes(codes: Iterable[str], where: str) -> tuple[str, ...]:
    """Validate rule codes or prefixes (``MOD1``, ``MOD001``, ``ALL``)."""
    result = []
    for code in codes:
        code = code.strip().upper()
        if not code:
            continue
        if code != "ALL" and not any(rule.code.startswith(code) for rule in ALL_RULES):
            raise ConfigError(f"{where}: unknown rule code or prefix {code!r} "
                              f"(known: {', '.join(r.code for r in ALL_RULES)})")
        result.append(code)
    return tuple(result)


def _matches(code: str, prefixes: Iterable[str]) -> bool:
    return any(p == "ALL" or code.startswith(p) for p in prefixes)


@dataclass(frozen=True)
class Config:
    select: Optional[tuple[str, ...]] = None  # None: the default rules
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_module_bases: frozenset[str] = field(default_factory=frozenset)

    def rules(self) -> tuple[Rule, ...]:
        chosen = []
        for rule in ALL_RULES:
            if self.select is None:
                on = rule.default
            else:
                on = _matches(rule.code, self.select)
            on = on or _matches(rule.code, self.extend_select)
            if on and not _matches(rule.code, self.ignore):
                chosen.append(rule)
        return tuple(chosen)
