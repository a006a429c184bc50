"""MOD402: a deprecated PyTorch function (used or imported), with its replacement."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from modlint.context import RuleContext
from modlint.diagnostics import Applicability
from modlint.gate import Gate, last_parts
from modlint.rules import api_migrations as api
from modlint.rules.deprecations import Deprecation, Rewrite, rename, report_migrations, \
    spell
from modlint.rules.base import Rule
from modlint.semantic.calls import argument, has_star_args

def _call_text(func: str, args: list[str]) -> str:
    return f"{func}({', '.join(args)})"


def _arg_text(ctx: RuleContext, arg: cst.Arg) -> str:
    if arg.keyword is not None:
        return f"{arg.keyword.value}={ctx.source(arg.value)}"
    return f"{arg.star}{ctx.source(arg.value)}"


def _args(ctx: RuleContext, call: cst.Call, skip: tuple[cst.Arg, ...] = ()) -> list[str]:
    return [_arg_text(ctx, arg) for arg in call.args if all(arg is not s for s in skip)]


def _rename_unsafe(ctx, ref, entry):
    found = rename(ctx, ref, entry)
    return None if found is None else (*found[:3], Applicability.UNSAFE)


def _pytree_accepts(call: cst.Call) -> bool:
    # the private function's 4th and 5th parameters (to_str_fn, maybe_from_str_fn) do not
    # exist in the public one
    return not has_star_args(call) and argument(call, "to_str_fn", 3) is None \
        and argument(call, "maybe_from_str_fn", 4) is None


def _pytree(ctx, ref, entry):
    if ref.call is None or not _pytree_accepts(ref.call):
        return None
    return rename(ctx, ref, entry)


def _multi_dot(ctx, ref, entry):
    call = ref.call
    if call is None or has_star_args(call):
        return None
    matrices = [a for a in call.args if a.keyword is None]
    if len(matrices) < 2:  # chain_matmul(a) copies a; multi_dot([a]) raises
        return None
    spelled = spell(ctx, ref, entry.replacement)
    if spelled is None:
        return None
    listed = "[" + ", ".join(ctx.source(a.value) for a in matrices) + "]"
    rest = [_arg_text(ctx, a) for a in call.args if a.keyword]
    return call, _call_text(spelled[0], [listed, *rest]), spelled[1], Applicability.SAFE


def _flag(call: cst.Call, name: str,
          position: int) -> tuple[bool, Optional[bool], Optional[cst.Arg]]:
    """(readable, value, arg) of a boolean argument; value None when not given."""
    arg = argument(call, name, position)
    if arg is None:
        return True, None, None
    value = api.literal_bool(arg.value)
    return value is not None, value, arg


def _cholesky(ctx, ref, entry):
    call = ref.call
    if call is None or has_star_args(call) or argument(call, "out", 99) is not None:
        return None
    readable, upper, arg = _flag(call, "upper", 1)
    spelled = spell(ctx, ref, entry.replacement)
    if not readable or spelled is None:
        return None
    skip = (arg,) if arg is not None else ()
    text = _call_text(spelled[0], _args(ctx, call, skip))
    return call, text + (".mH" if upper else ""), spelled[1], Applicability.SAFE


def _qr(ctx, ref, entry):
    call = ref.call
    if call is None or has_star_args(call):
        return None
    readable, some, arg = _flag(call, "some", 1)
    spelled = spell(ctx, ref, entry.replacement)
    if not readable or spelled is None:
        return None
    args = _args(ctx, call, (arg,) if arg is not None else ())
    if some is False:
        args.insert(1, 'mode="complete"')
    return call, _call_text(spelled[0], args), spelled[1], Applicability.SAFE


def _int(node: cst.BaseExpression) -> Optional[int]:
    if isinstance(node, cst.Integer):
        return int(node.evaluated_value)
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus) \
            and isinstance(node.expression, cst.Integer):
        return -int(node.expression.evaluated_value)
    return None


def _arange(ctx, ref, entry):
    """``torch.range(a, b, s)`` includes ``b``; ``torch.arange(a, b + s, s)`` is the same
    sequence for an integer step."""
    call = ref.call
    if call is None or has_star_args(call):
        return None
    end = argument(call, "end", 1)
    step_arg = argument(call, "step", 2)
    step = 1 if step_arg is None else _int(step_arg.value)
    if end is None or step is None or step == 0:
        return None
    spelled = spell(ctx, ref, entry.replacement)
    if spelled is None:
        return None
    value = end.value
    literal = _int(value)
    if literal is not None:
        new_end = str(literal + step)
    elif isinstance(value, cst.BinaryOperation) and isinstance(
            value.operator, cst.Subtract if step > 0 else cst.Add) \
            and _int(value.right) == abs(step):
        new_end = ctx.source(value.left)  # `n - 1` + 1
    else:
        new_end = f"{ctx.source(value)} {'+' if step > 0 else '-'} {abs(step)}"
    args = [_arg_text(ctx, arg) if arg is not end
            else (f"{arg.keyword.value}={new_end}" if arg.keyword else new_end)
            for arg in call.args]
    return call, _call_text(spelled[0], args), spelled[1], Applicability.UNSAFE


def _with_device(device: str, keyword_only: bool) -> Rewrite:
    """``torch.cuda.amp.X(...)`` -> ``torch.amp.X("cuda", ...)``."""

    def rewrite(ctx, ref, entry):
        call = ref.call
        spelled = spell(ctx, ref, entry.replacement)
        if spelled is None:
            return None
        if call is None:
            if not ref.decorator:
                return None
            return (ref.node, f'{spelled[0]}(device_type="{device}")', spelled[1],
                    Applicability.SAFE)
        if has_star_args(call):
            return None
        if keyword_only:
            if any(a.keyword is None for a in call.args):
                return None  # positional arguments mean different things
            args = [f'"{device}"', *_args(ctx, call)]
        else:
            args = [*_args(ctx, call), f'device_type="{device}"']
        return call, _call_text(spelled[0], args), spelled[1], Applicability.SAFE

    return rewrite


def _scaler(device: str) -> Rewrite:
    """``GradScaler(...)``: the device comes first, the other parameters keep their order."""

    def rewrite(ctx, ref, entry):
        call = ref.call
        spelled = spell(ctx, ref, entry.replacement)
        if call is None or spelled is None or has_star_args(call):
            return None
        args = [f'"{device}"', *_args(ctx, call)]
        return call, _call_text(spelled[0], args), spelled[1], Applicability.SAFE

    return rewrite


_FUNC = ("vmap", "grad", "grad_and_value", "vjp", "jvp", "jacrev", "jacfwd", "hessian",
         "functionalize")

DEPRECATED: dict[str, Deprecation] = {
    "torch.chain_matmul": Deprecation(
        "torch.linalg.multi_dot", (1, 9), "pass the matrices as one list", _multi_dot),
    "torch.cholesky": Deprecation(
        "torch.linalg.cholesky", (1, 9), "`upper=True` becomes `.mH` of the result",
        _cholesky),
    "torch.qr": Deprecation(
        "torch.linalg.qr", (1, 9), '`some=False` becomes `mode="complete"`', _qr),
    "torch.range": Deprecation(
        "torch.arange", (1, 0), "`arange` excludes its end: `arange(start, end + step, step)`",
        _arange),
    "torch.ger": Deprecation("torch.outer", (1, 8), "", rename, renamed=True),
    "torch.lu": Deprecation(
        "torch.linalg.lu_factor", (1, 11), "`get_infos=True` becomes `lu_factor_ex`"),
    "torch.lu_solve": Deprecation(
        "torch.linalg.lu_solve", (1, 13), "the right-hand side moves from first to last "
        "argument: `lu_solve(LU, pivots, B)`"),
    "torch.triangular_solve": Deprecation(
        "torch.linalg.solve_triangular", (1, 11), "the arguments are swapped and `upper` "
        "is keyword-only"),
    "torch.testing.assert_allclose": Deprecation(
        "torch.testing.assert_close", (1, 9), "its default tolerances depend on the dtype"),
    "torch.nn.UpsamplingNearest2d": Deprecation(
        "torch.nn.Upsample", (1, 0), '`nn.Upsample(..., mode="nearest")` or `F.interpolate`'),
    "torch.nn.UpsamplingBilinear2d": Deprecation(
        "torch.nn.Upsample", (1, 0),
        '`nn.Upsample(..., mode="bilinear", align_corners=True)` or `F.interpolate`'),
    "torch.nn.utils.weight_norm": Deprecation(
        "torch.nn.utils.parametrizations.weight_norm", (2, 1),
        "its state_dict() keys are `parametrizations.weight.original0/1`, not "
        "`weight_g`/`weight_v`", _rename_unsafe),
    "torch.backends.cuda.sdp_kernel": Deprecation(
        "torch.nn.attention.sdpa_kernel", (2, 3),
        "it takes a list of `SDPBackend`s: one for each flag that was True"),
    "torch.utils._pytree._register_pytree_node": Deprecation(
        "torch.utils._pytree.register_pytree_node", (2, 2), "", _pytree, renamed=True,
        accepts=_pytree_accepts),
    "torch.cuda.amp.autocast": Deprecation(
        "torch.amp.autocast", (1, 10), '`torch.amp.autocast("cuda", ...)`',
        _with_device("cuda", keyword_only=True)),
    "torch.cpu.amp.autocast": Deprecation(
        "torch.amp.autocast", (1, 10), '`torch.amp.autocast("cpu", ...)`',
        _with_device("cpu", keyword_only=True)),
    "torch.cuda.amp.GradScaler": Deprecation(
        "torch.amp.GradScaler", (2, 3), '`torch.amp.GradScaler("cuda", ...)`', _scaler("cuda")),
    "torch.cpu.amp.GradScaler": Deprecation(
        "torch.amp.GradScaler", (2, 3), '`torch.amp.GradScaler("cpu", ...)`', _scaler("cpu")),
    "torch.cuda.amp.custom_fwd": Deprecation(
        "torch.amp.custom_fwd", (2, 4), '`torch.amp.custom_fwd(device_type="cuda")`',
        _with_device("cuda", keyword_only=False)),
    "torch.cuda.amp.custom_bwd": Deprecation(
        "torch.amp.custom_bwd", (2, 4), '`torch.amp.custom_bwd(device_type="cuda")`',
        _with_device("cuda", keyword_only=False)),
    **{f"functorch.{name}": Deprecation(f"torch.func.{name}", (2, 0), "", rename,
                                        renamed=True) for name in _FUNC},
}
api.look_for(DEPRECATED)


class DeprecatedFunction(Rule):
    code = "MOD402"
    name = "deprecated-function"
    summary = "a deprecated PyTorch function, used or imported, with its replacement"
    fix = "sometimes"
    gate = Gate(words=last_parts(DEPRECATED))

    def check(self, ctx: RuleContext) -> None:
        report_migrations(ctx, DEPRECATED, "deprecated")


