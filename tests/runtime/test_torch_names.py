"""The names the construction rules know of torch.nn, checked against torch 2.13."""

from __future__ import annotations

import inspect

import pytest
import torch
from torch import nn

from modlint.semantic import torch_api


def test_module_methods_are_the_public_methods_of_nn_module():
    public = {name for name in dir(nn.Module) if not name.startswith("_")
              and inspect.isfunction(inspect.getattr_static(nn.Module, name))}
    assert torch_api.MODULE_METHODS == public - {"forward"}
    assert "training" not in torch_api.MODULE_METHODS


# The fewest arguments each layer needs.
ARGS = {
    "AdaptiveLogSoftmaxWithLoss": (4, 10, [5]), "Bilinear": (2, 2, 2), "Embedding": (4, 2),
    "EmbeddingBag": (4, 2), "GroupNorm": (2, 4), "LayerNorm": (4,), "RMSNorm": (4,),
    "MultiheadAttention": (4, 2), "Transformer": (4, 2),
    "TransformerDecoderLayer": (4, 2), "TransformerEncoderLayer": (4, 2),
    "TransformerDecoder": (nn.TransformerDecoderLayer(4, 2), 1),
    "TransformerEncoder": (nn.TransformerEncoderLayer(4, 2, batch_first=True), 1),
}


def _build(name):
    cls = getattr(nn, name)
    if name in ARGS:
        return cls(*ARGS[name])
    if name.startswith("Lazy"):
        return cls(2, 1) if "Conv" in name else cls(2) if "Linear" in name else cls()
    if "Conv" in name:
        return cls(2, 2, 1)
    if name in ("Linear", "RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"):
        return cls(2, 2)
    if "Dropout" in name or name == "PReLU":
        return cls()
    return cls(2)  # the norms: num_features


@pytest.mark.parametrize("name", sorted(torch_api.STATEFUL_LAYERS))
def test_stateful_layers_have_state(name):
    layer = _build(name)
    if "Dropout" in name:  # its state is the training switch
        layer.train()
        x = torch.ones(*[4] * {"Dropout1d": 3, "Dropout2d": 4}.get(name, 5))
        assert not torch.equal(layer(x), layer(x))
        return
    default_on = all(default for _, default in
                     torch_api.STATE_SWITCHES.get(name, (0, ((None, True),)))[1])
    if not default_on:  # InstanceNorm: stateless unless asked
        assert not list(layer.parameters()) and not list(layer.buffers())
        layer = getattr(nn, name)(2, affine=True)
    assert list(layer.parameters()) or list(layer.buffers())


@pytest.mark.parametrize("name", sorted(torch_api.STATE_SWITCHES))
def test_state_switches_are_keywords_at_their_position(name):
    position, switches = torch_api.STATE_SWITCHES[name]
    params = list(inspect.signature(getattr(nn, name).__init__).parameters)[1:]
    assert position == min(params.index(word) for word, _ in switches)
    defaults = inspect.signature(getattr(nn, name).__init__).parameters
    for word, default in switches:
        assert defaults[word].default is default


def test_stateless_layers_are_stateless():
    for layer in (nn.ReLU(), nn.GELU(), nn.Flatten(), nn.Identity(), nn.Tanh()):
        assert not list(layer.parameters()) and not list(layer.buffers())
        assert type(layer).__name__ not in torch_api.STATEFUL_LAYERS
