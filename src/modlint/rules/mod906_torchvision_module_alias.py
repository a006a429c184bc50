"""MOD906 (opt-in): ``import torchvision.models as models``, for ``from torchvision import
models``."""

from __future__ import annotations

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability
from modlint.gate import Gate
from modlint.rules import api_migrations as api
from modlint.rules.base import Rule

SUBPACKAGES = ("torchvision.models", "torchvision.datasets", "torchvision.transforms")


class TorchvisionModuleAlias(Rule):
    code = "MOD906"
    name = "torchvision-module-alias"
    summary = "opt-in: import torchvision.models as models -> from torchvision import models"
    fix = "safe"
    gate = Gate(words=SUBPACKAGES)

    def check(self, ctx: RuleContext) -> None:
        for imported in api.references(ctx).imported(SUBPACKAGES):
            package, _, name = imported.qualified.rpartition(".")
            if not isinstance(imported.statement, cst.Import) or imported.local != name:
                continue
            fix = None
            if len(imported.statement.names) == 1:
                fix = ctx.fix(f"Write `from {package} import {name}`", Applicability.SAFE,
                              ctx.replace(imported.statement, f"from {package} import {name}"))
            ctx.report(imported.alias, (
                f"`import {imported.qualified} as {name}` binds the name the shorter "
                f"`from {package} import {name}` binds"), fix)
