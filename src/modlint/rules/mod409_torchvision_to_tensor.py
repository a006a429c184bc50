"""MOD409: the deprecated ``torchvision.transforms.v2.ToTensor``."""

from __future__ import annotations

from modlint.context import RuleContext
from modlint.gate import Gate
from modlint.rules import api_migrations as api
from modlint.rules.base import Rule
from modlint.rules.deprecations import Deprecation, report_migrations

TO_TENSOR = {
    "torchvision.transforms.v2.ToTensor": Deprecation(
        "torchvision.transforms.v2.ToImage", (1, 0),
        "then `ToDtype(scale=True)`"),
}
api.look_for(TO_TENSOR)


class TorchvisionToTensor(Rule):
    code = "MOD409"
    name = "torchvision-to-tensor"
    summary = "torchvision.transforms.v2.ToTensor (deprecated): ToImage + ToDtype(scale=True)"
    fix = "none"
    gate = Gate(words=("ToTensor",))

    def check(self, ctx: RuleContext) -> None:
        report_migrations(ctx, TO_TENSOR, "deprecated")
