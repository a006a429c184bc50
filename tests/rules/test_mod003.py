"""MOD003 plain-parameter-container: precision and fixes beyond the rule book."""

import pytest

from conftest import codes, fixed, lint

HEADER = "import torch\nfrom torch import nn\n\n"


def net(body: str) -> str:
    return HEADER + f"""
class Net(nn.Module):
    def __init__(self, n=2, names=("a", "b")):
        super().__init__()
        {body}
"""


@pytest.mark.parametrize("body", [
    "self.ws = [nn.Parameter(torch.zeros(2)), nn.Parameter(torch.ones(2))]",
    "self.ws = {'a': nn.Parameter(torch.zeros(2))}",
    "self.ws = []\n        for _ in range(n):\n            self.ws.append(nn.Parameter(torch.zeros(2)))",
    "self.ws = {}\n        for k in names:\n            self.ws[k] = nn.Parameter(torch.zeros(2))",
])
def test_flagged(body):
    found = lint(net(body))
    assert [(d.code, d.line) for d in found] == [("MOD003", 8)]


@pytest.mark.parametrize("body", [
    # plain tensors and other values
    "self.ts = [torch.zeros(2) for _ in range(n)]\n        self.shapes = [(2,), (3,)]",
    # already registered containers, wrapped later
    "self.ws = nn.ParameterList([nn.Parameter(torch.zeros(2))])",
    "self.ws = [nn.Parameter(torch.zeros(2))]\n        self.ws = nn.ParameterList(self.ws)",
    # each element registered, or an alias of registered parameters
    "self.ws = []\n        for i in range(n):\n            w = nn.Parameter(torch.zeros(2))\n"
    "            self.register_parameter(f'w{i}', w)\n            self.ws.append(w)",
    "self.bias = nn.Parameter(torch.zeros(2))\n        self.tied = [self.bias]",
    "w = nn.Parameter(torch.zeros(2))\n        self.w = w\n        self.ws = [w]",
])
def test_not_flagged(body):
    assert codes(net(body)) == []


def test_modules_and_parameters_mixed_is_mod002_only():
    assert codes(net("self.xs = [nn.Linear(2, 2), nn.Parameter(torch.zeros(2))]")) == ["MOD002"]
    assert codes(net("self.xs = []\n        self.xs.append(nn.Linear(2, 2))\n"
                     "        self.xs.append(nn.Parameter(torch.zeros(2)))")) == ["MOD002"]


def test_fixes():
    assert fixed(net("self.ws = (nn.Parameter(torch.zeros(2)),)\n"
                     "        self.d = {}\n        self.d[1] = nn.Parameter(torch.zeros(2))\n"
                     "        self.e = []\n        self.e.append(nn.Parameter(torch.zeros(2)))")) \
        == net("self.ws = nn.ParameterList((nn.Parameter(torch.zeros(2)),))\n"
               "        self.d = {}\n        self.d[1] = nn.Parameter(torch.zeros(2))\n"
               "        self.e = nn.ParameterList()\n"
               "        self.e.append(nn.Parameter(torch.zeros(2)))")


def test_a_dict_of_parameters_a_helper_registers_and_returns_is_not_reported():
    # ncps' LTC cell: `self._params[k] = self.add_weight(...)`, which registers each one
    source = """\
import torch
from torch import nn


class Cell(nn.Module):
    def __init__(self):
        super().__init__()
        self._params = {}
        self._params["w"] = self.add_weight("w", torch.ones(3))

    def add_weight(self, name, value):
        param = nn.Parameter(value)
        self.register_parameter(name, param)
        return param
"""
    assert "MOD003" not in codes(source)
