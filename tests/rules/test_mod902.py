"""MOD902 uninitialized-parameter (opt-in): what is reported, what is not."""

import textwrap

import pytest

from modlint.api import lint_source
from modlint.config import Config

SELECTED = Config(select=("MOD902",))


def codes(source: str, config: Config = SELECTED) -> list[str]:
    result = lint_source(textwrap.dedent(source), config)
    assert result.errors == []
    return [d.code for d in result.diagnostics]


def module(init: str, extra: str = "") -> str:
    return ("import torch\nimport torch.nn as nn\nfrom torch.nn import Parameter, init\n\n\n"
            "class Layer(nn.Module):\n    def __init__(self, n=3, m=4):\n"
            "        super().__init__()\n"
            + textwrap.indent(textwrap.dedent(init), " " * 8)
            + textwrap.indent(textwrap.dedent(extra), " " * 4))


@pytest.mark.parametrize("value", [
    "nn.Parameter(torch.Tensor(n, m))",
    "nn.Parameter(torch.FloatTensor(4))",
    "nn.Parameter(torch.FloatTensor(n * 2))",
    "nn.Parameter(torch.empty(n, m))",
    "nn.Parameter(torch.empty(n), requires_grad=True)",
    "Parameter(torch.Tensor(*shape))",
    "torch.nn.Parameter(data=torch.empty(n))",
])
def test_reported(value):
    assert codes(module(f"self.weight = {value}\n")) == ["MOD902"]


def test_not_reported_unless_selected():
    source = module("self.weight = nn.Parameter(torch.empty(n))\n")
    assert codes(source, Config()) == []
    assert codes(source, Config(select=("ALL",))) == ["MOD902"]


@pytest.mark.parametrize("init", [
    # initialised in the class, in every usual way
    "self.weight = nn.Parameter(torch.empty(n, m))\nnn.init.xavier_uniform_(self.weight)\n",
    "self.weight = nn.Parameter(torch.empty(n, m))\ninit.zeros_(self.weight.data)\n",
    "self.weight = nn.Parameter(torch.Tensor(n, m))\nself.weight.data.uniform_(-0.1, 0.1)\n",
    "self.weight = nn.Parameter(torch.Tensor(n, m))\nself.weight.data = torch.randn(n, m)\n",
    "self.weight = nn.Parameter(torch.Tensor(n, m))\nglorot(self.weight)\n",
    "self.weight = nn.Parameter(torch.Tensor(n, m))\nfor p in self.parameters():\n"
    "    nn.init.normal_(p)\n",
    "self.weight = nn.Parameter(torch.Tensor(n, m))\nself.apply(self._fill)\n",
    # not uninitialised memory
    "self.weight = nn.Parameter(torch.Tensor([1.0, 2.0]))\n",
    "self.weight = nn.Parameter(torch.FloatTensor(values))\n",
    "self.weight = nn.Parameter(torch.randn(n, m))\n",
    "self.weight = nn.Parameter(torch.empty(n, m).normal_())\n",
])
def test_not_reported(init):
    assert codes(module(init)) == []


def test_not_reported_with_an_initialising_method_here_or_in_a_base():
    reset = """
        def reset_parameters(self):
            nn.init.kaiming_uniform_(self.weight)
    """
    assert codes(module("self.weight = nn.Parameter(torch.empty(n))\n", reset)) == []
    source = """
    import torch
    from torch import nn


    class Base(nn.Module):
        def _init_weights(self):
            for p in self.parameters():
                nn.init.normal_(p)


    class Layer(Base):
        def __init__(self):
            super().__init__()
            self.weight = nn.Parameter(torch.empty(3))
    """
    assert codes(source) == []


def test_not_reported_outside_modules():
    source = """
    import torch
    from flax import linen as nn


    class Layer(nn.Module):
        def __init__(self):
            self.weight = torch.nn.Parameter(torch.empty(3))
    """
    assert codes(source) == []
