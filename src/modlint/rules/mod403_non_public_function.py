"""MOD403: ``default_collate`` / ``default_convert`` taken from the private
``torch.utils.data._utils.collate``."""

from __future__ import annotations

from modlint.context import RuleContext
from modlint.gate import Gate
from modlint.rules import api_migrations as api
from modlint.rules.base import Rule
from modlint.rules.deprecations import Deprecation, rename, report_migrations

NON_PUBLIC: dict[str, Deprecation] = {
    f"torch.utils.data._utils.collate.{name}": Deprecation(
        f"torch.utils.data.dataloader.{name}", (1, 0), "", rename, renamed=True)
    for name in ("default_collate", "default_convert")
}
api.look_for(NON_PUBLIC)


class NonPublicFunction(Rule):
    code = "MOD403"
    name = "non-public-function"
    summary = "default_collate / default_convert from the private torch.utils.data._utils"
    fix = "safe"
    gate = Gate(words=("_utils",))

    def check(self, ctx: RuleContext) -> None:
        report_migrations(ctx, NON_PUBLIC, "private")
