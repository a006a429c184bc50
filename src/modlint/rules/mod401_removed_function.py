"""MOD401: a function PyTorch has removed (used or imported): it raises when called."""

from __future__ import annotations

from modlint.context import RuleContext
from modlint.gate import Gate, last_parts
from modlint.rules import api_migrations as api
from modlint.rules.base import Rule
from modlint.rules.deprecations import Deprecation, report_migrations

# Removed in 1.13 / 2.0 after deprecation in 1.9; the names still exist and raise
# RuntimeError ("This function was deprecated since version 1.9 and is now removed").
REMOVED: dict[str, Deprecation] = {
    "torch.solve": Deprecation(
        "torch.linalg.solve", (1, 0), "its arguments are swapped, `linalg.solve(A, B)`"),
    "torch.symeig": Deprecation(
        "torch.linalg.eigh", (1, 0), "`UPLO=\"U\"` for `upper=True`; `eigvalsh` for "
        "eigenvalues"),
    "torch.lstsq": Deprecation(
        "torch.linalg.lstsq", (1, 0), "its arguments are swapped: `lstsq(A, B)`"),
    "torch.eig": Deprecation(
        "torch.linalg.eig", (1, 0), "complex results; `eigvals` for eigenvalues"),
    "torch.matrix_rank": Deprecation("torch.linalg.matrix_rank", (1, 0)),
}
api.look_for(REMOVED)


class RemovedFunction(Rule):
    code = "MOD401"
    name = "removed-function"
    summary = "a function PyTorch has removed (torch.solve, torch.symeig, ...), used or imported"
    fix = "none"
    gate = Gate(words=last_parts(REMOVED))

    def check(self, ctx: RuleContext) -> None:
        report_migrations(ctx, REMOVED, "removed (it raises)")
