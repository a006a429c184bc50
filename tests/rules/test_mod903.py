"""MOD903 tensor-without-device-in-forward (opt-in): reported, not reported, the fix."""

import textwrap

import pytest

from modlint.api import fix_source, lint_source
from modlint.config import Config

SELECTED = Config(select=("MOD903",))

HEAD = """\
import torch
from torch import Tensor, nn


class Net(nn.Module):
"""


def forward(body: str, signature: str = "self, x") -> str:
    return (HEAD + f"    def forward({signature}):\n"
            + textwrap.indent(textwrap.dedent(body), " " * 8))


def codes(source: str, config: Config = SELECTED) -> list[str]:
    result = lint_source(source, config)
    assert result.errors == []
    return [d.code for d in result.diagnostics]


@pytest.mark.parametrize("expression", [
    "x + torch.ones(4)",
    "torch.arange(4) * x[0]",
    "x.view(2, 4) @ torch.eye(4)",
    "torch.where(x > 0, x, torch.zeros(2, 4))",
    "torch.cat([x, torch.zeros(2, 4)], dim=0)",
    "torch.stack((torch.rand(2, 4), x))",
    "x - torch.tensor([1.0, 2.0])",
    "torch.full((2, 4), 0.5) * -x",
])
def test_reported(expression):
    assert codes(forward(f"return {expression}\n")) == ["MOD903"]


def test_annotated_tensor_inputs_count():
    source = forward("return mask + torch.ones(4)\n", "self, x, mask: Tensor")
    assert codes(source) == ["MOD903"]


def test_not_reported_unless_selected():
    source = forward("return x + torch.ones(4)\n")
    assert codes(source, Config()) == []
    assert codes(source, Config(select=("ALL",))) == ["MOD903"]


@pytest.mark.parametrize("expression", [
    "x + torch.ones(4, device=x.device)",  # on the input's device
    "x + torch.ones(4).to(x.device)",
    "x + torch.ones_like(x)",
    "x + x.new_ones(4)",
    "x * torch.tensor(0.5)",  # a 0-dim tensor works with any device
    "torch.where(x > 0, x, torch.tensor(0.0))",
    "x * torch.full((), 2.0)",
    "scale * torch.ones(4)",  # not a tensor input
    "count + torch.ones(4)",
    "x.shape[0] + torch.ones(4)",  # an int
    "self.weight + torch.ones(4)",  # not an input
    "torch.ones(4) + torch.zeros(4)",
    "x + torch.ones(4, **self.factory_kwargs)",  # device may be in there
])
def test_not_reported(expression):
    source = forward(f"return {expression}\n", "self, x, scale: float, count=1")
    assert codes(source) == []


def test_not_reported_outside_forward():
    source = HEAD + "    def helper(self, x):\n        return x + torch.ones(4)\n"
    assert codes(source) == []


def test_fix_adds_the_inputs_device():
    source = forward("return torch.cat(\n    [x, torch.zeros(2, 4,)],\n)\n")
    result = fix_source(source, SELECTED, unsafe=True)
    assert result.source.endswith("        return torch.cat(\n            "
                                  "[x, torch.zeros(2, 4, device=x.device,)],\n        )\n")
    assert fix_source(source, SELECTED, unsafe=False).source == source
