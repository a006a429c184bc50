"""The generated torch tables, checked against the installed torch."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from conftest import load_tool
from modlint.semantic import torch_tables as tables

GENERATOR = Path(__file__).resolve().parents[2] / "tools" / "generate_torch_tables.py"


def _generator():
    return load_tool("generate_torch_tables")


def _resolve(dotted: str):
    """The object a dotted path names, importing the longest module prefix."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        try:
            value = importlib.import_module(".".join(parts[:end]))
        except ImportError:
            continue
        for part in parts[end:]:
            value = getattr(value, part)
        return value
    raise ImportError(dotted)


@pytest.mark.skipif(torch.__version__.split("+")[0] != tables.TORCH_VERSION,
                    reason="the table describes another torch version")
def test_committed_table_is_what_the_generator_reads_from_torch():
    assert GENERATOR.is_file()
    committed = Path(tables.__file__).read_text(encoding="utf-8")
    assert _generator().render() == committed


def test_every_name_exists_in_torch():
    for name in (tables.TENSOR_FUNCTIONS | tables.TENSOR_SEQUENCE_FUNCTIONS
                 | tables.TENSOR_OR_SEQUENCE_FUNCTIONS | tables.FACTORY_FUNCTIONS):
        assert callable(_resolve(name)), name
    for name in (tables.TENSOR_RETURNING_METHODS | tables.TENSOR_SEQUENCE_METHODS
                 | tables.TENSOR_OR_SEQUENCE_METHODS | tables.NON_TENSOR_METHODS
                 | tables.TENSOR_ATTRIBUTES):
        assert hasattr(torch.Tensor, name), name


def test_subsets():
    assert tables.FACTORY_FUNCTIONS <= tables.TENSOR_FUNCTIONS
    assert tables.IN_PLACE_FUNCTIONS <= tables.TENSOR_FUNCTIONS
    assert tables.IN_PLACE_METHODS <= tables.TENSOR_RETURNING_METHODS
    assert tables.SCALAR_REDUCTIONS <= tables.TENSOR_FUNCTIONS | tables.TENSOR_OR_SEQUENCE_FUNCTIONS
    assert tables.MODULE_PATHS_WITHOUT_FORWARD <= tables.MODULE_CLASS_PATHS
    assert tables.MODULE_PATHS_WITHOUT_ARGUMENTS <= tables.MODULE_CLASS_PATHS


T = torch.arange(6.0).reshape(2, 3)
LABELS = torch.tensor([0, 2])

# (dotted name, a call of it) for functions listed as returning a tensor
TENSOR_CALLS = [
    ("torch.sqrt", lambda: torch.sqrt(T)),
    ("torch.cat", lambda: torch.cat([T, T])),
    ("torch.einsum", lambda: torch.einsum("ij->j", T)),
    ("torch.cdist", lambda: torch.cdist(T, T)),
    ("torch.norm", lambda: torch.norm(T)),
    ("torch.tensordot", lambda: torch.tensordot(T, T.T, dims=1)),
    ("torch.nn.functional.normalize", lambda: F.normalize(T)),
    ("torch.nn.functional.one_hot", lambda: F.one_hot(LABELS)),
    ("torch.nn.functional.softmax", lambda: F.softmax(T, dim=-1)),
    ("torch.nn.functional.linear", lambda: F.linear(T, T)),
    ("torch.nn.functional.pad", lambda: F.pad(T, (1, 1))),
    ("torch.nn.functional.interpolate", lambda: F.interpolate(T[None], scale_factor=2.0)),
    ("torch.nn.functional.scaled_dot_product_attention",
     lambda: F.scaled_dot_product_attention(T[None], T[None], T[None])),
    ("torch.linalg.norm", lambda: torch.linalg.norm(T)),
    ("torch.linalg.inv", lambda: torch.linalg.inv(torch.eye(2))),
    ("torch.fft.fft", lambda: torch.fft.fft(T)),
    ("torch.fft.fftshift", lambda: torch.fft.fftshift(T)),
    ("torch.special.expit", lambda: torch.special.expit(T)),
]

SEQUENCE_CALLS = [
    ("torch.chunk", lambda: torch.chunk(T, 2)),
    ("torch.split", lambda: torch.split(T, 1)),
    ("torch.unbind", lambda: torch.unbind(T)),
    ("torch.meshgrid", lambda: torch.meshgrid(T[0], T[1], indexing="ij")),
    ("torch.topk", lambda: torch.topk(T, 1)),
    ("torch.linalg.qr", lambda: torch.linalg.qr(T)),
    ("torch.nn.functional.max_pool1d_with_indices",
     lambda: F.max_pool1d_with_indices(T[None], 2)),
]

FACTORY_CALLS = [
    ("torch.zeros", lambda: torch.zeros(2)),
    ("torch.arange", lambda: torch.arange(3)),
    ("torch.tensor", lambda: torch.tensor([1.0])),
    ("torch.full", lambda: torch.full((2,), 1.0)),
    ("torch.eye", lambda: torch.eye(2)),
    ("torch.linspace", lambda: torch.linspace(0, 1, 3)),
    ("torch.normal", lambda: torch.normal(0.0, 1.0, (2,))),
    ("torch.from_numpy", lambda: torch.from_numpy(T.numpy())),
    ("torch.FloatTensor", lambda: torch.FloatTensor(2)),
    ("torch.fft.fftfreq", lambda: torch.fft.fftfreq(4)),
]


@pytest.mark.parametrize("name,call", TENSOR_CALLS + FACTORY_CALLS,
                         ids=[n for n, _ in TENSOR_CALLS + FACTORY_CALLS])
def test_listed_functions_return_a_tensor(name, call):
    assert name in tables.TENSOR_FUNCTIONS
    assert type(call()) is torch.Tensor


@pytest.mark.parametrize("name,call", FACTORY_CALLS, ids=[n for n, _ in FACTORY_CALLS])
def test_factories_are_listed(name, call):
    assert name in tables.FACTORY_FUNCTIONS


def test_functions_of_tensors_are_no_factories():
    for name, _ in TENSOR_CALLS:
        assert name not in tables.FACTORY_FUNCTIONS, name


@pytest.mark.parametrize("name,call", SEQUENCE_CALLS, ids=[n for n, _ in SEQUENCE_CALLS])
def test_listed_functions_return_tensors_in_a_sequence(name, call):
    assert name in tables.TENSOR_SEQUENCE_FUNCTIONS
    result = call()
    assert isinstance(result, (tuple, list)) and len(result) > 1
    assert all(type(item) is torch.Tensor for item in result)


def test_either_depends_on_dim():
    assert "torch.max" in tables.TENSOR_OR_SEQUENCE_FUNCTIONS
    assert type(torch.max(T)) is torch.Tensor
    values, indices = torch.max(T, dim=1)
    assert type(values) is torch.Tensor and type(indices) is torch.Tensor
    assert "max" in tables.TENSOR_OR_SEQUENCE_METHODS


def test_in_place_functions_return_their_argument():
    weight = nn.Parameter(torch.empty(2, 3))
    for name in ("torch.nn.init.zeros_", "torch.nn.init.normal_", "torch.nn.init.kaiming_uniform_",
                 "torch.nn.init.trunc_normal_", "torch.nn.functional.relu_", "torch.relu_"):
        assert name in tables.IN_PLACE_FUNCTIONS
        with torch.no_grad():
            assert _resolve(name)(weight) is weight
    assert "torch.nn.init.calculate_gain" not in tables.TENSOR_FUNCTIONS
    t = T.clone()
    for name in ("add_", "mul_", "uniform_", "zero_", "requires_grad_"):
        assert name in tables.IN_PLACE_METHODS
    assert t.add_(1) is t and t.zero_() is t


@pytest.mark.parametrize("name", sorted(tables.SCALAR_REDUCTION_METHODS))
def test_scalar_reduction_methods(name):
    assert getattr(T.clone(), name)().dim() == 0


def test_scalar_reductions():
    for name in ("torch.sum", "torch.mean", "torch.max", "torch.linalg.norm", "torch.norm"):
        assert name in tables.SCALAR_REDUCTIONS
        assert _resolve(name)(T).dim() == 0
    for name in ("torch.squeeze", "torch.nn.functional.normalize", "torch.softmax", "torch.exp"):
        assert name not in tables.SCALAR_REDUCTIONS


def test_methods():
    for name in ("sum", "sqrt", "view", "reshape", "to", "float", "masked_fill", "__getitem__"):
        assert name in tables.TENSOR_RETURNING_METHODS
    assert all(type(p) is torch.Tensor for p in T.chunk(2) + T.split(1) + T.unbind())
    for name in ("chunk", "split", "unbind", "sort", "topk"):
        assert name in tables.TENSOR_SEQUENCE_METHODS
    for name in ("item", "tolist", "size", "dim", "numel", "__len__", "is_floating_point"):
        assert name not in tables.TENSOR_RETURNING_METHODS
    for name in ("item", "tolist", "size", "dim", "numel"):
        assert name in tables.NON_TENSOR_METHODS
        assert not isinstance(getattr(T[0, 0], name)(), torch.Tensor)
    for name in tables.TENSOR_ATTRIBUTES:
        assert type(getattr(T.to(torch.cfloat), name)) is torch.Tensor


def test_module_paths_resolve_to_module_classes():
    for path in tables.MODULE_CLASS_PATHS:
        value = _resolve(path)
        assert inspect.isclass(value) and issubclass(value, nn.Module), path


@pytest.mark.parametrize("path", [
    "torch.nn.Module", "torch.nn.modules.module.Module", "torch.nn.Linear",
    "torch.nn.modules.linear.Linear", "torch.nn.modules.loss._Loss",
    "torch.nn.modules.loss._WeightedLoss", "torch.nn.modules.conv._ConvNd",
    "torch.nn.modules.batchnorm._BatchNorm", "torch.nn.modules.batchnorm._NormBase",
    "torch.nn.modules.dropout._DropoutNd", "torch.nn.modules.instancenorm._InstanceNorm",
    "torch.nn.modules.pooling._MaxPoolNd", "torch.nn.modules.padding._ReflectionPadNd",
    "torch.nn.modules.container.ModuleList", "torch.nn.modules.rnn.RNNBase",
    "torch.nn.parallel.DistributedDataParallel", "torch.nn.utils.parametrize.ParametrizationList",
    "torch.ao.nn.quantized.Linear", "torch.nn.quantized.Linear", "torch.ao.nn.qat.Conv2d",
])
def test_private_bases_and_re_exports_are_listed(path):
    assert path in tables.MODULE_CLASS_PATHS


def test_forward_and_constructor_facts():
    for path in tables.MODULE_CLASS_PATHS:
        cls = _resolve(path)
        assert (path in tables.MODULE_PATHS_WITHOUT_FORWARD) == (cls.forward is nn.Module.forward)
    assert "torch.nn.modules.loss._Loss" in tables.MODULE_PATHS_WITHOUT_FORWARD
    assert "torch.nn.Linear" not in tables.MODULE_PATHS_WITHOUT_FORWARD
    for path in ("torch.nn.ReLU", "torch.nn.Sequential", "torch.nn.modules.loss._Loss",
                 "torch.nn.ModuleDict", "torch.nn.Identity"):
        assert path in tables.MODULE_PATHS_WITHOUT_ARGUMENTS
        assert isinstance(_resolve(path)(), nn.Module)
    for path in ("torch.nn.Linear", "torch.nn.Conv2d", "torch.nn.modules.conv._ConvNd"):
        assert path not in tables.MODULE_PATHS_WITHOUT_ARGUMENTS
        with pytest.raises(TypeError):
            _resolve(path)()
