"""MOD904 (opt-in): a ``DataLoader`` that loads in the training process."""

from __future__ import annotations

import libcst as cst

from modlint.context import RuleContext
from modlint.gate import Gate
from modlint.rules.base import Rule
from modlint.semantic.calls import argument, has_star_args

DATALOADERS = ("torch.utils.data.DataLoader", "torch.utils.data.dataloader.DataLoader")


class DataLoaderWithoutWorkers(Rule):
    code = "MOD904"
    name = "dataloader-without-workers"
    summary = "opt-in: DataLoader without num_workers (or with 0): batches load synchronously"
    fix = "none"
    gate = Gate(words=("DataLoader",))

    def check(self, ctx: RuleContext) -> None:
        for site in ctx.model.calls_to(DATALOADERS):
            call = site.call
            workers = argument(call, "num_workers", 5)
            if workers is None and has_star_args(call):
                continue  # may be passed through *args / **kwargs
            if workers is not None and not (isinstance(workers.value, cst.Integer)
                                            and workers.value.evaluated_value == 0):
                continue  # workers, or a value known only at run time
            ctx.report(call, (
                "DataLoader without worker processes: the training loop waits for each "
                "batch; set `num_workers` > 0"))
