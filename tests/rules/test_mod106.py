"""MOD106 layers-outside-module."""

import pytest

from conftest import codes, lint

HEADER = "import abc\nimport torch\nfrom torch import nn\n\n"


@pytest.mark.parametrize("bases", ["", "(object)", "(abc.ABC)", "(Mixin)"])
def test_plain_classes_with_layers_and_forward_are_reported(bases):
    source = HEADER + f"""
class Mixin:
    pass

class Expert{bases}:
    def __init__(self):
        self.norm = nn.LayerNorm(4)
        self.w = nn.Parameter(torch.ones(4))
        self.seq = nn.Sequential()

    def forward(self, x):
        return self.norm(x) * self.w
"""
    found = lint(source)
    assert [(d.code, d.line) for d in found] == [("MOD106", 9)]
    assert "`self.norm`, `self.w`, `self.seq`" in found[0].message


@pytest.mark.parametrize("source", [
    # a base from elsewhere may be a module (Flax, Lightning, a project base)
    "from somewhere import Base\n\nclass E(Base):\n    def __init__(self):\n"
    "        self.fc = nn.Linear(4, 4)\n    def forward(self, x):\n        return x\n",
    # a plain local base with an unknown base of its own
    "from somewhere import Base\n\nclass P(Base):\n    pass\n\nclass E(P):\n"
    "    def __init__(self):\n        self.fc = nn.Linear(4, 4)\n"
    "    def __call__(self, x):\n        return x\n",
    # a trainer: builds its optimizer
    "class T:\n    def __init__(self):\n        self.model = nn.Linear(4, 4)\n"
    "        self.opt = torch.optim.SGD(self.model.parameters(), lr=0.1)\n"
    "    def __call__(self, x):\n        return self.model(x)\n",
    # a wrapper switching modes itself
    "class W:\n    def __init__(self):\n        self.net = nn.Linear(4, 4)\n"
    "    def __call__(self, x):\n        self.net.eval()\n        return self.net(x)\n",
    # stateless layers and losses only
    "class L:\n    def __init__(self):\n        self.loss = nn.MSELoss()\n"
    "        self.act = nn.ReLU()\n    def __call__(self, x, y):\n        return self.loss(x, y)\n",
    # no forward or __call__
    "class B:\n    def __init__(self):\n        self.fc = nn.Linear(4, 4)\n"
    "    def build(self):\n        return self.fc\n",
    # layers built outside __init__
    "class Lazy:\n    def __init__(self):\n        self.fc = None\n"
    "    def __call__(self, x):\n        return x\n",
])
def test_lookalikes_are_not_flagged(source):
    assert codes(HEADER + source) == []


def test_flax_modules_are_not_flagged():
    source = """
from flax import linen as nn

class Dense(nn.Module):
    def __init__(self):
        self.fc = nn.Dense(4)

    def __call__(self, x):
        return self.fc(x)
"""
    assert codes(source) == []


def test_cooperative_mixins_are_not_flagged():
    # reduced from the corpus review: classification-head mixins combined with a model
    # class through multiple inheritance
    source = """
import torch.nn as nn


class ForClassification:
    def __init__(self, config):
        super().__init__(config)
        self.score = nn.Linear(4, 2)

    def forward(self, x):
        return self.score(x)


class PatchEmbeddingMixin:
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, x):
        return self.proj(x)
"""
    assert "MOD106" not in codes(source)
