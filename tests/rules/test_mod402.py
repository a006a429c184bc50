"""MOD402 deprecated-function: uses, imports, fixes and the target version."""

import textwrap

import pytest

from conftest import ALL, fixed
from modlint.api import lint_source
from modlint.diagnostics import Applicability


def lint(source: str):
    result = lint_source(textwrap.dedent(source), ALL)
    assert result.errors == []
    return result.diagnostics


@pytest.mark.parametrize("before,after", [
    ("torch.qr(a)", "torch.linalg.qr(a)"),
    ("torch.qr(a, some=False)", 'torch.linalg.qr(a, mode="complete")'),
    ("torch.qr(a, True)", "torch.linalg.qr(a)"),
    ("torch.cholesky(a)", "torch.linalg.cholesky(a)"),
    ("torch.cholesky(a, upper=True)", "torch.linalg.cholesky(a).mH"),
    ("torch.chain_matmul(a, b, c)", "torch.linalg.multi_dot([a, b, c])"),
    ("torch.ger(a, b)", "torch.outer(a, b)"),
    ("torch.cuda.amp.autocast(dtype=d)", 'torch.amp.autocast("cuda", dtype=d)'),
    ("torch.cpu.amp.autocast()", 'torch.amp.autocast("cpu")'),
    ("torch.cuda.amp.GradScaler(2.0)", 'torch.amp.GradScaler("cuda", 2.0)'),
    ("torch.cuda.amp.custom_fwd(f)", 'torch.amp.custom_fwd(f, device_type="cuda")'),
    ("functorch.vmap(f)(x)", "t.func.vmap(f)(x)"),  # the shortest binding of torch
    ("torch.utils._pytree._register_pytree_node(C, f, g)",
     "torch.utils._pytree.register_pytree_node(C, f, g)"),
    ("t.qr(a)", "t.linalg.qr(a)"),
])
def test_safe_fixes(before, after):
    source = f"import torch\nimport torch as t\nimport functorch\nx = {before}\n"
    [diagnostic] = lint(source)
    assert diagnostic.code == "MOD402"
    assert diagnostic.fix.applicability is Applicability.SAFE
    assert fixed(source, unsafe=False).splitlines()[-1] == f"x = {after}"


@pytest.mark.parametrize("before,after", [
    ("torch.range(0, 3)", "torch.arange(0, 4)"),
    ("torch.range(0, n - 1)", "torch.arange(0, n)"),
    ("torch.range(0, n)", "torch.arange(0, n + 1)"),
    ("torch.range(4, 0, -2)", "torch.arange(4, -2, -2)"),
    ("torch.nn.utils.weight_norm(m)", "torch.nn.utils.parametrizations.weight_norm(m)"),
])
def test_unsafe_fixes(before, after):
    source = f"import torch\nx = {before}\n"
    [diagnostic] = lint(source)
    assert diagnostic.fix.applicability is Applicability.UNSAFE
    assert fixed(source, unsafe=False) == source
    assert fixed(source).splitlines()[-1] == f"x = {after}"


@pytest.mark.parametrize("call", [
    "torch.qr(a, some=flag)",  # not a literal
    "torch.cholesky(a, out=o)",
    "torch.chain_matmul(a)",  # multi_dot needs two
    "torch.cuda.amp.autocast(True)",  # positional order differs
    "torch.range(0, 1, 0.5)",  # a float step
    "torch.backends.cuda.sdp_kernel(enable_math=False)",
    "torch.utils._pytree._register_pytree_node(C, f, g, to_str)",
])
def test_reported_without_fix(call):
    [diagnostic] = lint(f"import torch\nx = {call}\n")
    assert diagnostic.code == "MOD402" and diagnostic.fix is None


def test_imports_and_uses_through_aliases():
    found = lint("""\
        from torch.cuda import amp
        from torch import qr as old_qr
        from torch.linalg import qr as new_qr
        with amp.autocast():
            pass
        a = old_qr(x)
        b = new_qr(x)
    """)
    assert [(d.line, d.code) for d in found] == [(2, "MOD402"), (4, "MOD402"), (6, "MOD402")]


def test_renamed_import_is_rewritten_with_its_uses():
    assert fixed("""\
        from torch import ger
        y = ger(a, b)
    """) == "from torch import outer\ny = outer(a, b)\n"
    assert fixed("""\
        from functorch import vmap, grad
        y = vmap(f)(x)
    """) == "from torch.func import vmap, grad\ny = vmap(f)(x)\n"


def test_import_of_a_name_kept_elsewhere_is_not_rewritten():
    # make_functional has no torch.func counterpart: the statement stays
    source = "from functorch import vmap, make_functional\n"
    [diagnostic] = lint(source)
    assert diagnostic.fix is None


def test_decorator_gets_the_device_type():
    assert fixed("""\
        import torch
        @torch.cuda.amp.custom_fwd
        def f(x):
            return x
    """).splitlines()[1] == '@torch.amp.custom_fwd(device_type="cuda")'


def test_a_name_imported_later_is_not_used_by_the_fix():
    source = textwrap.dedent("""\
        from torch.utils.data import _utils
        y = _utils.collate.default_collate(b)
        import torch
    """)
    [diagnostic] = lint(source)
    assert diagnostic.fix is None


def test_no_finding_for_replacements_or_other_objects():
    assert lint("""\
        import torch
        q, r = torch.linalg.qr(a)
        x = torch.arange(3)
        y = other.qr(a)
        for i in range(3):
            pass
        with torch.amp.autocast("cuda"):
            pass
    """) == []


def _check_with_target(source: str, torch_version):
    """MOD402 alone, with the configuration's target version handed to the rules."""
    from modlint.config import Config
    from modlint.context import RuleContext
    from modlint.parsing import parse_module
    from modlint.rules import load
    from modlint.semantic.builder import build_model
    from modlint.source_text import SourceText

    ctx = RuleContext(build_model(parse_module(source)), SourceText(source))
    ctx.config = Config(target_torch=torch_version)
    ctx.rule = load("MOD402")
    ctx.rule.check(ctx)
    return [d.message.split("`")[1] for d in ctx.diagnostics]


def test_target_version_keeps_only_replacements_that_exist():
    source = ("import torch\n"
              "a = torch.qr(x)\n"  # torch.linalg.qr: 1.9
              "b = torch.cuda.amp.GradScaler()\n"  # torch.amp.GradScaler: 2.3
              "c = torch.cuda.amp.custom_fwd(f)\n")  # device_type=: 2.4
    assert _check_with_target(source, None) == ["torch.qr", "torch.cuda.amp.GradScaler",
                                                "torch.cuda.amp.custom_fwd"]
    assert _check_with_target(source, (2, 3)) == ["torch.qr", "torch.cuda.amp.GradScaler"]
    assert _check_with_target(source, (1, 13)) == ["torch.qr"]
    assert _check_with_target(source, (1, 8)) == []


def test_target_version_key(tmp_path):
    from modlint.config import ConfigError, load_config

    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.modlint]\ntarget-version = { torch = "2.4" }\n')
    assert load_config(str(path)).target_torch == (2, 4)
    for bad in ('"2.4"', '{ torch = "2" }', '{ torch = 2.4 }', '{ python = "3.9" }'):
        path.write_text(f"[tool.modlint]\ntarget-version = {bad}\n")
        with pytest.raises(ConfigError, match="target-version"):
            load_config(str(path))


def test_target_version_through_lint_source():
    from modlint.config import Config

    source = "import torch\nb = torch.cuda.amp.GradScaler()\n"
    assert lint_source(source, Config(select=("ALL",), target_torch=(2, 2))).diagnostics == []


def _lookup(dotted: str):
    """What ``dotted`` names at run time: attributes first, as Python resolves it."""
    import importlib

    parts = dotted.split(".")
    value = importlib.import_module(parts[0])
    for index, part in enumerate(parts[1:], 2):
        try:
            value = getattr(value, part)
        except AttributeError:  # a submodule not imported by its package
            value = importlib.import_module(".".join(parts[:index]))
    return value


def test_every_name_and_replacement_exists_in_the_installed_torch():
    pytest.importorskip("torch")
    from modlint.rules.mod401_removed_function import REMOVED
    from modlint.rules.mod402_deprecated_function import DEPRECATED
    from modlint.rules.mod403_non_public_function import NON_PUBLIC

    for table in (REMOVED, DEPRECATED, NON_PUBLIC):
        for name, entry in table.items():
            assert callable(_lookup(name)), name
            assert callable(_lookup(entry.replacement)), entry.replacement


def lines(source: str):
    return [(d.line, d.code) for d in lint(source)]


def test_compatibility_fallbacks_are_not_reported():
    # code for several PyTorch versions: the old API only where the new one is missing
    assert lines("""\
        import torch
        from torch import nn
        from packaging import version
        TORCH_GE_1_8 = version.parse(torch.__version__) >= version.parse("1.8")
        try:
            from torch import vmap
        except ImportError:
            from functorch import vmap
        if version.parse(torch.__version__) > version.parse("1.7.1"):
            from torch.linalg import qr
        else:
            from torch import qr
        def orth(x):
            if TORCH_GE_1_8:
                q, r = torch.linalg.qr(x)
            elif x.ndim == 3:
                q, r = torch.qr(x)
            else:
                q, r = torch.qr(x)
            return vmap(q)
        def norm(conv):
            weight_norm = nn.utils.weight_norm
            if hasattr(nn.utils.parametrizations, "weight_norm"):
                weight_norm = nn.utils.parametrizations.weight_norm
            return weight_norm(conv)
        def decompose(a):
            if is_torch_version(">=", "1.13"):
                return torch.linalg.lu_factor(a)
            return torch.lu(a)
    """) == []


def test_loops_after_an_early_return_of_a_version_test_are_fallbacks_too():
    # a `for` used to leave the fallback without entering it, so the statements after it
    # were taken for code every PyTorch runs
    source = """\
        import torch
        from torch import nn
        def norm(m):
            if hasattr(nn.utils.parametrizations, "weight_norm"):
                return nn.utils.parametrizations.weight_norm(m)
            for _ in range(1):
                m = nn.utils.weight_norm(m)
            while True:
                m = nn.utils.weight_norm(m)
                break
            return m
        def plain(m):
            return nn.utils.weight_norm(m)
    """
    assert lines(source) == [(13, "MOD402")]


def test_tests_of_other_things_are_no_fallback():
    assert lines("""\
        import torch
        from torch import nn
        def f(x, model):
            if hasattr(model, "weight"):
                nn.utils.weight_norm(model)
            if x.version > 2:
                torch.qr(x)
            try:
                torch.qr(x)
            except ImportError:
                pass
            weight_norm = nn.utils.weight_norm
            if use_new:
                weight_norm = nn.utils.parametrizations.weight_norm
    """) == [(5, "MOD402"), (7, "MOD402"), (9, "MOD402"), (12, "MOD402")]
