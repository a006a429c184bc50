"""MOD007 buffer-name-conflict: precision and fixes beyond the rule book."""

import pytest

from conftest import codes, fixed, lint

HEADER = "import torch\nfrom torch import nn\n\n"


def net(body: str) -> str:
    return HEADER + f"""
class Net(nn.Module):
    def __init__(self, use=True):
        super().__init__()
        {body}
"""


@pytest.mark.parametrize("body", [
    "self.x = torch.zeros(2)\n        self.register_buffer('x', self.x)",
    # in the same `try` body, or before it: the registration still follows the assignment
    "self.x = torch.zeros(2)\n        try:\n            self.register_buffer('x', self.x)\n"
    "        except KeyError:\n            pass",
    "self.x = None\n        if use:\n            self.register_buffer('x', torch.zeros(2))",
    "self.x = torch.zeros(2)\n        self.register_parameter('x', nn.Parameter(self.x))",
    "self.x = nn.Parameter(torch.zeros(2))\n        self.register_buffer('x', self.x.data)",
    "self.x: torch.Tensor = torch.zeros(2)\n        self.register_buffer(name='x', tensor=self.x)",
])
def test_flagged_on_the_assignment(body):
    found = lint(net(body))
    assert [(d.code, d.line) for d in found] == [("MOD007", 8)]


@pytest.mark.parametrize("body", [
    # registered first: the assignment updates the buffer
    "self.register_buffer('x', torch.zeros(2))\n        self.x = torch.ones(2)\n"
    "        self.register_buffer('x', self.x)",
    # a Parameter (or an unknown value) before register_parameter is accepted
    "self.w = nn.Parameter(torch.zeros(2))\n        self.register_parameter('w', self.w)",
    "self.w = make()\n        self.register_parameter('w', self.w)",
    # registered first, assigned after; a different name
    "self.register_buffer('x', torch.zeros(2))\n        self.x = torch.ones(2)",
    "self.x_cache = None\n        self.register_buffer('x', torch.zeros(2))",
    # set for a base's validation, deleted, then registered (gpytorch's priors)
    "self.x = torch.zeros(2)\n        check(self)\n        del self.x\n"
    "        self.register_buffer('x', torch.zeros(2))",
    "self.x = torch.zeros(2)\n        del self.y, self.x\n        self.register_buffer('x', t)",
    # registered when the update failed: the attribute did not exist (botorch's box
    # decompositions)
    "try:\n            self.x = torch.cat([self.x, -t])\n"
    "        except AttributeError:\n            self.register_buffer('x', -t)",
])
def test_not_flagged(body):
    assert codes(net(body)) == []


def test_other_branches_of_an_if_do_not_conflict():
    # MOD001's matter: on the first branch the tensor is plain
    assert codes(net("if use:\n            self.x = torch.zeros(2)\n        else:\n"
                     "            self.register_buffer('x', torch.zeros(2))")
                 + "\n    def forward(self, t):\n        return t + self.x\n") == ["MOD001"]


def test_not_flagged_across_methods_or_in_a_nested_function():
    assert codes(HEADER + """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.x = None
        def later():
            self.register_buffer("x", torch.zeros(2))
        self.later = later

    def reset(self):
        self.register_buffer("y", torch.zeros(2))
""") == []


def test_no_fix_when_the_value_cannot_move():
    for body in (
        # self.x is used in between
        "self.x = torch.zeros(2)\n        self.x[0] = 1\n        self.register_buffer('x', self.x)",
        # a name the value reads is rebound in between
        "t = torch.zeros(2)\n        self.x = t\n        t = torch.ones(2)\n"
        "        self.register_buffer('x', self.x)",
        # the registration is not passed self.x
        "self.x = torch.zeros(2)\n        self.register_buffer('x', torch.ones(2))",
        # the registration sits in another block
        "self.x = torch.zeros(2)\n        if use:\n            self.register_buffer('x', self.x)",
    ):
        found = lint(net(body))
        assert [d.code for d in found] == ["MOD007"] and found[0].fix is None, body


def test_fix_keyword_and_tuple():
    assert fixed(net("self.x = 1, 2\n        self.register_buffer('x', tensor=self.x)")) == \
        net("self.register_buffer('x', tensor=(1, 2))")
