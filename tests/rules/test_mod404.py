"""MOD404 load-without-weights-only, and that the gate lets scripts through."""

import textwrap

from conftest import ALL, fixed
from modlint.api import lint_source
from modlint.config import Config
from modlint.diagnostics import Applicability


def lint(source: str, config: Config = ALL):
    result = lint_source(textwrap.dedent(source), config)
    assert result.errors == []
    return [(d.line, d.code) for d in result.diagnostics]


def test_a_script_without_any_class_is_reported_with_the_default_rules():
    # the gate must not ask for a module class: most loads are in scripts
    assert lint("""\
        import sys
        import torch
        state = torch.load(sys.argv[1])
    """, Config()) == [(3, "MOD404")]


def test_every_import_form():
    assert lint("""\
        import torch as t
        from torch import load
        from torch.serialization import load as load2
        def restore(p):
            return t.load(p), load(p, map_location="cpu"), load2(p)
    """) == [(5, "MOD404"), (5, "MOD404"), (5, "MOD404")]


def test_fix_is_unsafe_and_appends_the_argument():
    source = "import torch\nx = torch.load(p, map_location='cpu')\n"
    [diagnostic] = lint_source(source, ALL).diagnostics
    assert diagnostic.fix.applicability is Applicability.UNSAFE
    assert fixed(source).splitlines()[1] == "x = torch.load(p, map_location='cpu', weights_only=True)"


def test_not_reported():
    assert lint("""\
        import torch
        a = torch.load(p, weights_only=True)
        b = torch.load(p, weights_only=flag)
        c = torch.load(p, None, None, None, False)  # weights_only by position
        d = torch.load(p, **options)  # may pass it
        e = json.load(f)
        f = pickle.load(f)
        # a pickle module of its own (avalanche's dill checkpoints): the default stays
        # weights_only=False, and weights_only=True beside it raises RuntimeError
        g = torch.load(p, pickle_module=dill)
        h = torch.load(p, "cpu", dill)
    """) == []


def test_the_fallback_for_a_pytorch_without_weights_only_is_not_reported():
    assert lint("""\
        import torch
        def load(path):
            try:
                return torch.load(path, weights_only=False)
            except TypeError:
                return torch.load(path)
        def other(path):
            try:
                return open(path)
            except OSError:
                return torch.load(path)
    """) == [(11, "MOD404")]
