"""MOD010 module-created-outside-init."""

import pytest

from conftest import codes, lint

HEADER = "import torch\nfrom torch import nn\n\n"


def test_reports_parameters_and_layers_stored_while_running():
    found = lint(HEADER + """
class Net(nn.Module):
    def forward(self, x):
        self.scale = nn.Parameter(torch.ones(4))
        self.fc = nn.Linear(4, 4).to(x.device)
        return self._head(x)

    def _head(self, x):
        self.norm = torch.nn.LayerNorm(4)
        return x
""")
    assert [(d.code, d.line) for d in found] == [("MOD010", 7), ("MOD010", 8), ("MOD010", 12)]
    assert "every call" in found[0].message and "(called by forward)" in found[2].message


@pytest.mark.parametrize("guard", [
    "if self.proj is None:",
    "if not hasattr(self, 'proj'):",
    "if not self.built:",
    "if self.proj is None or x.shape[-1] != self.size:",
])
def test_lazy_initialisation_gets_the_lazy_hint(guard):
    found = lint(HEADER + f"""
class Net(nn.Module):
    def forward(self, x):
        {guard}
            self.proj = nn.Linear(x.shape[-1], 4)
        return self.proj(x)
""")
    assert [d.code for d in found] == ["MOD010"]
    assert "first call" in found[0].message and "nn.LazyLinear" in found[0].message


def test_guard_on_training_mode_is_not_a_lazy_guard():
    found = lint(HEADER + """
class Net(nn.Module):
    def forward(self, x):
        if not self.training:
            self.drop = nn.Dropout(0.5)
        return x
""")
    assert [d.code for d in found] == ["MOD010"] and "every call" in found[0].message


@pytest.mark.parametrize("statement", [
    "self.act = nn.ReLU()",  # stateless
    "self.cache = x.detach()",  # a tensor
    "self.norm = nn.LayerNorm(4, elementwise_affine=False)",  # stateless
    "self.block = make_block()",  # unknown
    "self.steps = 0",
])
def test_stateless_or_unknown_values_in_forward_are_not_flagged(statement):
    source = HEADER + f"""
def make_block():
    return nn.Linear(2, 2)

class Net(nn.Module):
    def forward(self, x):
        {statement}
        return x
"""
    assert codes(source) == []


def test_methods_not_reached_from_forward_are_not_flagged():
    source = HEADER + """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self._build()

    def _build(self):
        self.fc = nn.Linear(4, 4)

    def reset_parameters(self):
        self.bias = nn.Parameter(torch.zeros(4))

    def forward(self, x):
        return self.fc(x)
"""
    assert codes(source) == []


def test_not_flagged_outside_modules_and_in_other_frameworks():
    source = """
import torch
from flax import linen as nn

class Net(nn.Module):
    def forward(self, x):
        self.fc = nn.Dense(4)
        return x

class Builder:
    def forward(self, x):
        self.fc = torch.nn.Linear(4, 4)
"""
    assert codes(source) == []


def test_a_frozen_parameter_rebuilt_as_a_cache_is_not_flagged():
    # reduced from the corpus review: sinusoidal position weights rebuilt when longer
    # inputs arrive, never trained
    source = """
import torch
from torch import nn


class Sinusoidal(nn.Module):
    def __init__(self, n=4):
        super().__init__()
        self.make_weight(n)

    def make_weight(self, n):
        self.weight = nn.Parameter(torch.zeros(n, 2))
        self.weight.requires_grad = False

    def grow(self, n):
        self.extra = nn.Parameter(torch.zeros(n), requires_grad=False)

    def forward(self, x):
        if x.shape[0] > self.weight.shape[0]:
            self.make_weight(x.shape[0])
            self.grow(x.shape[0])
        return self.weight[: x.shape[0]]
"""
    assert "MOD010" not in codes(source)


def test_a_parameter_cached_from_the_module_own_weights_is_not_flagged():
    assert codes("""
        import torch
        from torch import nn

        class LinearizedConv(nn.Conv1d):
            def __init__(self, cin, cout, k):
                super().__init__(cin, cout, k)
                self._linearized = None

            def forward(self, x):
                return torch.nn.functional.linear(x, self._weight(), self.bias)

            def _weight(self):
                if self._linearized is None:
                    w = self.weight.transpose(2, 1).contiguous()
                    self._linearized = nn.Parameter(w.view(self.out_channels, -1))
                return self._linearized
    """) == []
