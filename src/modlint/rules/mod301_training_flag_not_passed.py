"""MOD301: a functional dropout/normalisation in a module that ignores ``self.training``."""

from __future__ import annotations

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability
from modlint.gate import Gate, last_parts
from modlint.rules.base import Rule
from modlint.rules.guards import guarded
from modlint.semantic.calls import argument, has_star_args, is_training_flag, is_zero, mentions
from modlint.semantic.model import CallSite, ClassInfo, FileModel

_F = "torch.nn.functional."

# function -> (position of `training`, what the default does in the wrong mode)
_TRAINING_DEFAULT_TRUE = "`training` is True by default, even after .eval()"
_TRAINING_DEFAULT_FALSE = "`training` is False by default"
TRAINING_FUNCTIONS: dict[str, tuple[int, str]] = {
    _F + "dropout": (2, _TRAINING_DEFAULT_TRUE),
    _F + "dropout1d": (2, _TRAINING_DEFAULT_TRUE),
    _F + "dropout2d": (2, _TRAINING_DEFAULT_TRUE),
    _F + "dropout3d": (2, _TRAINING_DEFAULT_TRUE),
    _F + "alpha_dropout": (2, _TRAINING_DEFAULT_FALSE + " (never drops)"),
    _F + "feature_alpha_dropout": (2, _TRAINING_DEFAULT_FALSE + " (never drops)"),
    _F + "rrelu": (3, _TRAINING_DEFAULT_FALSE + " (a fixed slope, never random)"),
    _F + "batch_norm": (5, _TRAINING_DEFAULT_FALSE
                        + " (running statistics are used and never updated)"),
}
SDPA = _F + "scaled_dot_product_attention"
_SDPA_DROPOUT_POSITION = 4


class TrainingFlagNotPassed(Rule):
    code = "MOD301"
    name = "training-flag-not-passed"
    summary = "functional dropout/batch_norm/rrelu or SDPA dropout_p that ignores self.training"
    fix = "unsafe"
    gate = Gate(module_class=True, words=last_parts([*TRAINING_FUNCTIONS, SDPA]))

    def check(self, ctx: RuleContext) -> None:
        tests: dict[int, TrainingTest] = {}
        for site in ctx.model.calls_to([*TRAINING_FUNCTIONS, SDPA]):
            cls = site.cls
            if cls is None or not cls.is_module or has_star_args(site.call):
                continue
            self_name = cls.methods[site.method].self_name if site.method else None
            if self_name is None or guarded(site, is_training_flag):
                continue
            test = tests.setdefault(id(cls), TrainingTest(ctx.model, cls))
            if guarded(site, test):
                continue
            if site.qualified == SDPA:
                self._sdpa(ctx, site, test, self_name)
            else:
                self._training(ctx, site, cls, self_name)

    def _training(self, ctx: RuleContext, site: CallSite, cls: ClassInfo, self_name: str) -> None:
        assert site.qualified is not None
        position, effect = TRAINING_FUNCTIONS[site.qualified]
        if argument(site.call, "training", position) is not None:
            return
        function = site.qualified.rsplit(".", 1)[1]
        if function == "batch_norm" and "Frozen" in cls.name:
            return  # frozen batch norm: running statistics on purpose
        if function != "batch_norm" and function != "rrelu":
            p = argument(site.call, "p", 1)
            if p is not None and is_zero(p.value):
                return  # p=0: nothing to drop in any mode
        fix = ctx.fix("Pass `training=self.training`", Applicability.UNSAFE,
                      ctx.append_argument(site.call, f"training={self_name}.training"))
        ctx.report(site.call, f"`F.{function}` without `training=`: {effect}; "
                              f"pass `training={self_name}.training`", fix)

    def _sdpa(self, ctx: RuleContext, site: CallSite, test: "TrainingTest",
              self_name: str) -> None:
        arg = argument(site.call, "dropout_p", _SDPA_DROPOUT_POSITION)
        if arg is None or _respects_training(arg.value, site, test):
            return
        value = ctx.code(arg.value).strip()
        fix = ctx.fix("Gate `dropout_p` with `self.training`", Applicability.UNSAFE,
                      ctx.replace(arg.value, f"({value} if {self_name}.training else 0.0)"))
        ctx.report(arg, "`scaled_dot_product_attention` drops out in eval mode too: "
                        f"pass `dropout_p=({value} if {self_name}.training else 0.0)`", fix)


class TrainingTest:
    """Whether an expression depends on the training flag: `self.training`, `training`, or
    an attribute of the class that does (a method or property reading it, like
    `self.dropout_active()`, or an attribute assigned from it, like `self.p` set in
    `train()`)."""

    def __init__(self, model: FileModel, cls: ClassInfo) -> None:
        self.names: set[str] = set()
        for current in model.lineage(cls):
            for name, method in current.methods.items():
                if mentions(method.node.body, is_training_flag):
                    self.names.add(name)
            for assign in current.assigns:
                if assign.value is not None and mentions(assign.value, is_training_flag):
                    self.names.add(assign.attr)

    def __call__(self, node: cst.CSTNode) -> bool:
        return is_training_flag(node) or (
            isinstance(node, cst.Attribute) and node.attr.value in self.names)


def _respects_training(value: cst.BaseExpression, site: CallSite, test: TrainingTest) -> bool:
    """`dropout_p` is 0, depends on the training flag, or comes from where we cannot see."""
    if is_zero(value) or mentions(value, test):
        return True
    if isinstance(value, cst.Name):
        assert site.cls is not None and site.method is not None
        values = site.cls.methods[site.method].local_values.get(value.value)
        if not values or site.nested:
            return True  # a parameter, a global or a loop variable: the caller decides
        return any(_respects_training(v, site, test) for v in values)
    return False
