"""MOD008 layer-in-forward: what is a layer built while the model runs, and what is not."""

import pytest

from conftest import codes, lint

HEADER = "import torch\nfrom torch import nn\n\n"


def test_reports_layers_in_forward_and_in_methods_it_reaches():
    found = lint(HEADER + """
class Net(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        x = nn.Conv2d(3, 3, 1)(x)
        return self.head(x)

    def head(self, x):
        return self.project(x)

    def project(self, x):
        layer = torch.nn.Linear(4, 4)
        return nn.Dropout(0.1)(layer(x))
""")
    assert [(d.code, d.line) for d in found] == [("MOD008", 10), ("MOD008", 17), ("MOD008", 18)]
    assert "`head`" not in found[1].message and "`project` (called by forward)" in found[1].message
    assert "training mode" in found[2].message


@pytest.mark.parametrize("imports,layer", [
    ("from torch.nn import Linear", "Linear(4, 4)"),
    ("import torch.nn as tnn", "tnn.LSTM(4, 4)"),
    ("import torch", "torch.nn.MultiheadAttention(4, 2)"),
    ("from torch import nn", "nn.BatchNorm1d(4)"),
    ("from torch import nn", "nn.InstanceNorm1d(4, affine=True)"),
    ("from torch import nn", "nn.TransformerEncoderLayer(4, 2)"),
])
def test_every_import_form_and_stateful_family(imports, layer):
    source = f"""
import torch
{imports}

class Net(torch.nn.Module):
    def forward(self, x):
        return {layer}(x)
"""
    assert codes(source) == ["MOD008"]


@pytest.mark.parametrize("body", [
    "nn.ReLU()(x)",
    "nn.GELU()(nn.Flatten()(nn.Identity()(x)))",
    "nn.LayerNorm(4, elementwise_affine=False)(x)",
    "nn.InstanceNorm2d(4)(x)",
    "nn.BatchNorm1d(4, affine=False, track_running_stats=False)(x)",
    "nn.GroupNorm(2, 4, affine=flag)(x)",  # not provably stateful
    "nn.LayerNorm(4, 1e-5, False)(x)",  # switch by position: not read
])
def test_stateless_layers_are_not_flagged(body):
    source = HEADER + f"""
class Net(nn.Module):
    def forward(self, x, flag=False):
        return {body}
"""
    assert codes(source) == []


def test_builders_called_only_from_init_are_not_flagged():
    source = HEADER + """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = self._make_layer(4)

    def _make_layer(self, size):
        return nn.Sequential(nn.Linear(size, size), self._norm(size))

    def _norm(self, size):
        return nn.BatchNorm1d(size)

    def reset(self):  # not reached from forward
        return nn.Linear(4, 4)

    def forward(self, x):
        return self.body(x)
"""
    assert codes(source) == []


def test_lookalikes_from_other_frameworks_and_plain_classes_are_not_flagged():
    source = """
from flax import linen as nn
import mlx.nn as mnn

class Dense(nn.Module):
    def forward(self, x):
        return nn.Dense(4)(nn.Dropout(0.1)(x))

class Mlx(mnn.Module):
    def forward(self, x):
        return mnn.Linear(4, 4)(x)
"""
    assert codes(source) == []
    plain = HEADER + """
class Factory:
    def forward(self, size):
        return nn.Linear(size, size)
"""
    assert codes(plain) == []


def test_a_local_class_named_like_a_torch_layer_is_not_flagged():
    source = HEADER + """
class Linear:
    def __init__(self, n, m):
        self.n = n

class Net(nn.Module):
    def forward(self, x):
        return Linear(4, 4)
"""
    assert codes(source) == []


def test_layer_stored_on_self_in_forward_is_left_to_mod010():
    source = HEADER + """
class Net(nn.Module):
    def forward(self, x):
        self.fc = nn.Linear(4, 4).to(x.device)
        return self.fc(x)
"""
    assert codes(source) == ["MOD010"]


def test_a_layer_built_once_and_stored_on_self_through_a_local_is_mod010s():
    # reduced from the corpus review: an embedding table widened once, behind a flag
    source = """
import torch
from torch import nn


class Bias(nn.Module):
    def __init__(self):
        super().__init__()
        self.table = nn.Embedding(4, 2)
        self.expand = True

    def forward(self, x):
        if self.expand:
            wider = nn.Embedding(6, 2)
            wider.weight.data[:4] = self.table.weight.data
            self.table = wider
            self.expand = False
        return self.table(x)
"""
    assert "MOD008" not in codes(source)


def test_a_scratch_layer_whose_results_are_never_kept_is_not_reported():
    # reduced from spikingjelly's AutoSparseLinear, which times a dense product against a
    # sparse one on the first input of each batch size
    source = HEADER + """
class AutoSparse(nn.Linear):
    def forward(self, x):
        if x.shape[0] not in self.timed:
            self.benchmark(x.shape[0])
        return super().forward(x)

    def benchmark(self, batch):
        dense = nn.Linear(self.in_features, self.out_features)
        dense.to(self.weight.device)
        dense(torch.rand(batch, self.in_features)).sum().backward()
        del dense
"""
    assert codes(source) == []


@pytest.mark.parametrize("use", [
    "return layer(x)",
    "self.outputs.append(layer(x))\n        return x",
    "y = layer(x).relu()\n        return y",
])
def test_a_layer_whose_results_are_kept_is_reported(use):
    source = HEADER + f"""
class Net(nn.Module):
    def forward(self, x):
        layer = nn.Linear(4, 4)
        layer.to(x.device)
        {use}
"""
    assert codes(source) == ["MOD008"]
