"""MOD302 softmax-implicit-dim: what is reported, what is not."""

import textwrap

import pytest

from conftest import ALL, fixed
from modlint.api import lint_source

HEAD = """\
import torch
import torch.nn.functional as F
from torch import nn
from torch.nn import LogSoftmax as LS

"""


def lint(source: str):
    result = lint_source(textwrap.dedent(source), ALL)
    assert result.errors == []
    return result.diagnostics


@pytest.mark.parametrize("expression", [
    "F.softmax(x)",
    "F.log_softmax(x)",
    "F.softmin(x)",
    "F.softmax(x, dtype=torch.float32)",
    "torch.nn.functional.softmax(x)",
    "nn.Softmax()",
    "nn.LogSoftmax()",
    "nn.Softmin()",
    "LS()",
])
def test_reported(expression):
    [diagnostic] = lint(HEAD + f"y = {expression}\n")
    assert diagnostic.code == "MOD302"
    assert "dim=-1" in diagnostic.message and diagnostic.fix is None
    assert diagnostic.fix is None


@pytest.mark.parametrize("expression", [
    "F.softmax(x, -1)",  # second positional
    "F.softmax(x, dim=1)",
    "F.log_softmax(x, 2)",
    "nn.Softmax(1)",
    "nn.LogSoftmax(dim=-1)",
    "nn.Softmax2d()",  # takes no dim
    "F.gumbel_softmax(x)",  # dim=-1 by default
    "torch.softmax(x, 1)",
    "x.softmax(-1)",
    "F.softmax(*args)",
    "nn.Softmax(**options)",
])
def test_not_reported(expression):
    assert lint(HEAD + f"y = {expression}\n") == []


def test_not_reported_for_another_frameworks_softmax():
    source = """
    import jax.nn as F
    from flax import linen as nn

    y = F.softmax(x)
    layer = nn.Softmax()
    """
    assert lint(source) == []


def test_no_automatic_fix():
    source = HEAD + "y = F.softmax(x)\n"
    assert fixed(source) == source


@pytest.mark.parametrize("expression, keyword", [
    ("F.softmax(x, dims=-1)", "dims"),  # torchxrayvision's attention map
    ("F.log_softmax(x, axis=1)", "axis"),
    ("nn.Softmax(dims=1)", "dims"),
])
def test_a_misspelt_dim_keyword_is_reported_as_the_type_error_it_raises(expression, keyword):
    torch = pytest.importorskip("torch")  # the message's claim, on the real function
    F, nn = torch.nn.functional, torch.nn
    with pytest.raises(TypeError):
        eval(expression, {"F": F, "nn": nn, "x": torch.ones(2, 3)})
    [found] = lint(HEAD + f"y = {expression}\n")
    assert found.code == "MOD302"
    assert f"has no parameter `{keyword}`: the call raises TypeError" in found.message
