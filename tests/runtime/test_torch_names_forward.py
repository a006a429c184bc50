"""The names the forward and container rules know of torch.nn, checked against torch 2.13."""

from __future__ import annotations

import pytest
from torch import nn

from modlint.semantic import torch_api


def test_classes_without_forward_are_those_of_torch():
    without = {name for name in torch_api.TORCH_NN_MODULE_CLASSES
               if getattr(nn, name).forward is nn.Module.forward}
    assert torch_api.WITHOUT_FORWARD == without


def test_containers_have_no_forward():
    assert torch_api.CONTAINERS <= torch_api.WITHOUT_FORWARD


@pytest.mark.parametrize("name", sorted(torch_api.NO_ARGUMENT_LAYERS))
def test_no_argument_layers_build_without_arguments(name):
    assert isinstance(getattr(nn, name)(), nn.Module)
