"""The gate: skip parsing files that cannot hold a finding of the selected rules.

Parsing with LibCST is most of modlint's cost, and most files of a large repository cannot
hold a finding: a rule can only find something where a name resolves to torch or to a
module base, which the file's text must then spell. Each rule says what else it needs
(``Rule.gate``): a class statement, or one of a few words (the last part of every dotted
name it looks for, which a file must spell to refer to it in any import form).

The tests are plain substring and regular-expression searches, and only ever say "cannot
hold a finding": a file that passes is linted as usual. A file that does not pass is
still checked for syntax errors (see ``api.lint_source``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from modlint.semantic import torch_api

if TYPE_CHECKING:
    from modlint.config import Config

_CLASS_KEYWORD = re.compile(r"class\b")


def has_class_statement(text: str) -> bool:
    """A ``class`` keyword that starts a line after indentation only, as a class statement
    must (one regular expression anchored on lines is several times slower)."""
    for match in _CLASS_KEYWORD.finditer(text):
        start = match.start()
        while start and text[start - 1] in " \t\f":
            start -= 1
        if start == 0 or text[start - 1] in "\r\n":
            return True
    return False


@dataclass(frozen=True)
class Gate:
    """What a file must contain, besides a torch or module-base name, for a rule to fire.

    ``module_class``: a class statement (the rule only looks into nn.Module subclasses).
    ``words``: at least one of these substrings (the rule looks for calls of these names).
    """

    module_class: bool = False
    words: tuple[str, ...] = ()

    def admits(self, text: str, has_class: bool) -> bool:
        if self.module_class and not has_class:
            return False
        return not self.words or any(word in text for word in self.words)


def last_parts(names) -> tuple[str, ...]:
    """``torch.nn.functional.dropout`` -> ``dropout``: what any reference must spell."""
    return tuple(sorted({name.rpartition(".")[2] for name in names}))


def base_words(config: Config) -> tuple[str, ...]:
    """Names one of which a file must spell to refer to torch or to a module base."""
    return ("torch",) + last_parts(torch_api.KNOWN_MODULE_BASES | config.extend_module_bases)


def may_hold_findings(text: str, config: Config) -> bool:
    """False only when no selected rule can find anything in ``text``.

    The first test holds for every rule, so it loads none: a file without a name of torch
    or of a module base is dismissed without importing LibCST.
    """
    if not config.codes():
        return False
    # names a star import brings (`nn` from `from .layers import *`) count as spelled
    stars = tuple(local for local, _ in config.project_facts.bindings) \
        if config.project_facts is not None else ()
    if not any(word in text for word in base_words(config) + stars):
        return False
    has_class = has_class_statement(text)
    return any(rule.gate.admits(text, has_class) for rule in config.rules())
