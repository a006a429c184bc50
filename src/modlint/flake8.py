"""The flake8 plugin: ``flake8 --select=MOD`` reports modlint's problems.

flake8 runs every installed plugin on every file whatever ``--select`` says, so the plugin
decides once, from flake8's own options, which of its rules flake8 would report, and
returns at once when none is or when the file cannot hold a finding. flake8 applies
``# noqa`` (and ``--disable-noqa``) itself, so modlint's own noqa filter is off here.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import os
from functools import lru_cache
from typing import Iterator, Sequence

from modlint import __version__
from modlint.config import ConfigError
from modlint.gate import may_hold_findings
from modlint.rules import CODES, is_default
from modlint.workspace import Workspace

Problem = tuple[int, int, str, type]


@lru_cache(maxsize=2)
def _workspace(isolated: bool) -> Workspace:
    """One per process: the configurations and the project index, read once."""
    return Workspace(isolated=isolated)


class Plugin:
    name = "modlint"
    version = __version__

    # The rule codes flake8 reports with the options of this run (set by parse_options).
    selected: tuple[str, ...] = ()
    isolated = False

    def __init__(self, tree: ast.AST, filename: str, lines: Sequence[str]) -> None:
        # `tree` makes this a plugin that runs once per file; modlint parses with LibCST.
        self.filename = filename
        self.lines = lines

    @staticmethod
    def add_options(manager) -> None:
        manager.extend_default_ignore([code for code in CODES if not is_default(code)])

    @classmethod
    def parse_options(cls, options: argparse.Namespace) -> None:
        from flake8.style_guide import Decision, DecisionEngine

        decide = DecisionEngine(options).decision_for
        cls.selected = tuple(code for code in CODES if decide(code) is Decision.Selected)
        cls.isolated = bool(getattr(options, "isolated", False))

    def run(self) -> Iterator[Problem]:
        if not self.selected:
            return
        text = "".join(self.lines)
        try:  # the file's settings and what the project's other files tell it
            config = _workspace(self.isolated).file_config(
                os.path.abspath(self.filename) if self.filename not in ("-", "stdin")
                else os.path.join(os.getcwd(), "stdin.py"), text)
        except ConfigError as error:
            yield 1, 0, f"MOD000 configuration error: {error}", type(self)
            return
        # flake8's options choose the rules; modlint's file and the project say what a
        # module base is.
        config = dataclasses.replace(config, selections=(), select=self.selected,
                                     extend_select=(), ignore=())
        if not may_hold_findings(text, config):
            return
        from modlint.api import lint_source  # LibCST: imported by the first file that needs it
        result = lint_source(text, config, gate=False, noqa=False)
        for diagnostic in result.diagnostics:
            # flake8 adds 1 to the column: give it modlint's 0-based one.
            yield (diagnostic.line, diagnostic.column,
                   f"{diagnostic.code} {diagnostic.message}", type(self))
        for error in result.errors:
            yield (1, 0, f"MOD000 internal error in {error.where}: {error.message}",
                   type(self))
