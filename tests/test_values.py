"""What the value classifier makes of real expressions: tensors by torch's own tables."""

import textwrap

import libcst as cst
import pytest

from modlint.semantic import torch_api
from modlint.semantic.builder import build_model
from modlint.semantic.imports import ImportTable
from modlint.semantic.model import Kind, Value
from modlint.semantic.values import Classifier

IMPORTS = """\
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import linalg
from torch.nn import init
from einops import rearrange, repeat
"""

# locals of __init__ every expression may use: a tensor, a parameter, a requires-grad tensor
LOCALS = """\
t = torch.ones(2, 3)
p = nn.Parameter(torch.ones(2, 3))
g = torch.zeros(3, requires_grad=True)
"""


def resolved(expr: str) -> Value:
    """What ``self.v = <expr>`` records in a module's __init__."""
    body = textwrap.indent(LOCALS + f"self.v = {expr}\n", " " * 8)
    source = (IMPORTS + "class Net(nn.Module):\n    def __init__(self, x):\n"
              "        super().__init__()\n" + body)
    (cls,) = build_model(cst.parse_module(source)).module_classes
    (assign,) = cls.assigns_to("v")
    return assign.resolved


@pytest.mark.parametrize("expr", [
    "F.normalize(t)", "F.one_hot(t.long())", "F.softmax(t, dim=-1)", "F.linear(t, t)",
    "F.pad(t, (1, 1))", "F.interpolate(t[None], scale_factor=2.0)",
    "torch.sqrt(t)", "torch.nn.functional.gelu(t)", "torch.linalg.norm(t)", "linalg.inv(t)",
    "torch.fft.fft(t)", "torch.fft.rfft(t)", "torch.special.expit(t)", "torch.einsum('ij->j', t)",
    "torch.cat([t, t])", "torch.stack((t, t))", "torch.where(t > 0, t, t)[0]",
    "torch.cdist(t, t)", "torch.norm(t)", "torch.sum(t)", "torch.max(t)",
    "t.sum()", "t.sqrt()", "t.max()", "t.mean(dim=0)", "t.new_zeros(3)", "t.float()",
    "t.masked_fill(t > 0, 0.0)", "t.T", "t.mT", "t.data", "t.T.contiguous()", "p.T", "p.sum()",
    "torch.chunk(t, 2)[0]", "t.chunk(2)[1]", "t.split(1)[0]", "torch.max(t, dim=1)[0]",
    "t.sort()[0]", "t.unbind(0)[-1]", "torch.sqrt(t)[0] * 2", "-torch.exp(t)",
    "torch.arange(3)", "torch.normal(0.0, 1.0, (3,))", "torch.linspace(0, 1, 5)",
    "torch.zeros_like(x)", "torch.fft.fftfreq(8)", "torch.FloatTensor(3)", "torch.tensor([1.0])",
    "torch.hann_window(4)", "rearrange(t, 'h w -> w h')", "repeat(t, 'h w -> b h w', b=2)",
])
def test_tensors(expr):
    assert resolved(expr).kind is Kind.TENSOR


@pytest.mark.parametrize("expr", [
    "t.item()", "t.size()", "t.tolist()", "t.dim()", "t.numel()", "t.shape",
    "t.chunk(2)", "torch.split(t, 1)", "torch.max(t, dim=1)", "torch.max(t, 1)",
    "t.max(dim=1)", "t.chunk(2)[1:]", "init.calculate_gain('relu')",
    "torch.sqrt(x)", "F.normalize(self.w)", "x.sum()", "x.T",  # nothing says x is a tensor
    "torch.is_tensor(t)", "torch.numel(t)", "F.max_pool2d(x, 2)",
    "rearrange(x, 'h w -> w h')",  # nor here
])
def test_not_tensors(expr):
    assert resolved(expr).kind is not Kind.TENSOR


@pytest.mark.parametrize("expr,grad", [
    ("torch.zeros(3, requires_grad=True)", True),
    ("torch.randn_like(t, requires_grad=True)", True),
    ("torch.exp(t)", False),
    ("t.requires_grad_()", True),
    ("g.sum()", True),  # as every other method of a tensor that requires grad
    ("torch.exp(g)", False),
])
def test_requires_grad(expr, grad):
    value = resolved(expr)
    assert value.kind is Kind.TENSOR and value.requires_grad is grad


@pytest.mark.parametrize("expr,kind", [
    ("init.zeros_(t)", Kind.TENSOR),
    ("nn.init.normal_(p)", Kind.PARAMETER),
    ("torch.nn.init.kaiming_uniform_(p, a=5 ** 0.5)", Kind.PARAMETER),
    ("nn.init.zeros_(self.b)", Kind.OTHER),  # a use of self.b, no new value
    ("F.relu_(t)", Kind.TENSOR),
    ("p.uniform_(-1, 1)", Kind.PARAMETER),
    ("p.requires_grad_(False)", Kind.PARAMETER),
    ("p.data.uniform_(-1, 1)", Kind.TENSOR),
    ("t.add_(1)", Kind.TENSOR),
])
def test_in_place_calls_return_their_argument(expr, kind):
    assert resolved(expr).kind is kind


@pytest.mark.parametrize("expr,converted", [
    ("nn.Parameter(t).to('cpu')", True),
    ("nn.Parameter(t).cuda().sum()", True),
    ("nn.Parameter(t).double()", True),
    ("nn.Parameter(t).sum()", False),
    ("nn.Parameter(t).view(-1)", False),
    ("p.to('cpu')", False),
    ("torch.exp(nn.Parameter(t))", False),
])
def test_converted_parameter(expr, converted):
    value = resolved(expr)
    assert value.kind is Kind.TENSOR and value.converted_parameter is converted


def test_parameter_stays_a_parameter():
    assert resolved("nn.Parameter(torch.ones(3))").kind is Kind.PARAMETER


def _classifier(source: str) -> tuple[Classifier, dict]:
    imports = ImportTable()
    module = cst.parse_module(IMPORTS)
    for statement in module.body:
        imports.add(statement.body[0])
    classifier = Classifier(imports.resolve, lambda node: False)
    local: dict[str, Value] = {}
    for line in source.splitlines():
        name, _, expr = line.partition(" = ")
        local[name] = classifier.classify(cst.parse_expression(expr), local)
    return classifier, local


@pytest.mark.parametrize("expr,kind", [
    ("x.chunk(2)", Kind.TENSOR), ("torch.split(x, 1)", Kind.TENSOR),
    ("torch.max(x, dim=1)", Kind.TENSOR), ("x.topk(3)", Kind.TENSOR),
    ("torch.meshgrid(x, x, indexing='ij')", Kind.TENSOR), ("x", Kind.TENSOR),
    ("y.chunk(2)", Kind.OTHER), ("x.size()", Kind.OTHER), ("(1, 2)", Kind.OTHER),
])
def test_unpacked(expr, kind):
    classifier, local = _classifier("x = torch.ones(4, 4)")
    assert classifier.unpacked(cst.parse_expression(expr), local).kind is kind


def test_tensors_outside_methods():
    source = IMPORTS + "w = F.normalize(torch.ones(3))\nw.cuda()\nm = torch.max(w)\nm.cuda()\n"
    calls = build_model(cst.parse_module(source)).calls
    receivers = [site.receiver for site in calls if site.call.func.attr.value == "cuda"]
    assert [r.kind for r in receivers] == [Kind.TENSOR, Kind.TENSOR]


@pytest.mark.parametrize("path", [
    "torch.nn.Module", "torch.nn.modules.module.Module", "torch.nn.Linear",
    "torch.nn.modules.linear.Linear", "torch.nn.modules.loss._Loss",
    "torch.nn.modules.loss._WeightedLoss", "torch.nn.modules.conv._ConvNd",
    "torch.nn.modules.batchnorm._BatchNorm", "torch.nn.modules.batchnorm._NormBase",
    "torch.nn.modules.dropout._DropoutNd", "torch.nn.modules.instancenorm._InstanceNorm",
    "torch.nn.modules.pooling._AvgPoolNd", "torch.nn.modules.padding._ConstantPadNd",
    "torch.nn.modules.container.Sequential", "torch.nn.modules.rnn.RNNBase",
    "torch.nn.parallel.DistributedDataParallel",
    "torch.nn.parallel.distributed.DistributedDataParallel",
    "torch.nn.utils.parametrize.ParametrizationList", "torch.ao.nn.quantized.Linear",
    "torch.nn.quantized.Linear", "torch.nn.qat.Conv2d", "torch.ao.nn.intrinsic.ConvReLU2d",
])
def test_torch_module_paths(path):
    assert torch_api.is_module_class_name(path)


@pytest.mark.parametrize("path", [
    "torch.nn.modules.loss.Foo", "torch.nn.modules.linear.Conv2d", "torch.nn.functional",
    "torch.nn.Parameter", "torch.nn.modules.loss", "torch.Tensor", "torch.nn.init._Loss",
])
def test_look_alike_paths(path):
    assert not torch_api.is_module_class_name(path)


def test_torch_nn_class_names_only_torch_nn_classes():
    assert torch_api.torch_nn_class("torch.nn.modules.linear.Linear") == "Linear"
    assert torch_api.torch_nn_class("torch.nn.Linear") == "Linear"
    assert torch_api.torch_nn_class("torch.nn.quantized.Linear") is None
    assert torch_api.torch_nn_class("torch.nn.modules.loss._Loss") is None


@pytest.mark.parametrize("imports,base", [
    ("from torch.nn.modules.loss import _Loss", "_Loss"),
    ("from torch.nn.modules.loss import _WeightedLoss", "_WeightedLoss"),
    ("import torch.nn as nn", "nn.modules.conv._ConvNd"),
    ("from torch.nn.modules.batchnorm import _BatchNorm", "_BatchNorm"),
    ("from torch.nn.parallel import DistributedDataParallel as DDP", "DDP"),
    ("import torch", "torch.ao.nn.quantized.Linear"),
])
def test_classes_on_private_torch_bases_are_modules(imports, base):
    source = f"{imports}\nclass Net({base}):\n    pass\n"
    assert [c.name for c in build_model(cst.parse_module(source)).module_classes] == ["Net"]


def test_init_arguments_annotated_as_tensors_are_tensors():
    source = IMPORTS + (
        "from typing import Optional\nfrom torch import Tensor\n"
        "class Net(nn.Module):\n"
        "    def __init__(self, a: Tensor, b: Optional[torch.Tensor], c: 'Tensor', d: int,\n"
        "                 e: Tensor | None = None, f: torch.LongTensor = None):\n"
        "        super().__init__()\n"
        "        self.a, self.b, self.c = a, b.unsqueeze(0), c\n"
        "        self.d, self.e, self.f = d, -e, f\n")
    (cls,) = build_model(cst.parse_module(source)).module_classes
    assert cls.init.tensor_params == {"a", "b", "e", "f"}  # a string annotation is not read


@pytest.mark.parametrize("setup, call, kind", [
    # stanza's POS tagger: `clf_constructor = lambda insize, outsize: BiaffineScorer(...)`
    ("make = lambda i, o: nn.Linear(i, o)", "make(4, 4)", Kind.MODULE),
    ("import functools\nnorm = functools.partial(nn.BatchNorm1d, eps=1e-3)",
     "norm(4)", Kind.MODULE),
    ("kind = nn.Linear if x else nn.Conv1d", "kind(4, 4)", Kind.MODULE),
    ("make = lambda: torch.zeros(3)", "make()", Kind.TENSOR),
    ("make = lambda x: x * 2", "make(t)", Kind.OTHER),  # `x` is the lambda's, not a local
    ("make = print", "make(4)", Kind.OTHER),
])
def test_factories_held_in_local_names_make_what_they_return(setup, call, kind):
    body = textwrap.indent(f"{setup}\nself.v = {call}\n", " " * 8)
    source = (IMPORTS + "class Net(nn.Module):\n    def __init__(self, x):\n"
              "        super().__init__()\n" + body)
    (cls,) = build_model(cst.parse_module(source)).module_classes
    (assign,) = cls.assigns_to("v")
    assert assign.resolved.kind is kind


@pytest.mark.parametrize("top, call, kind", [
    # gfpgan's RestoreFormer: `def Normalize(c): return torch.nn.GroupNorm(...)`
    ("def Normalize(c):\n    return nn.GroupNorm(32, c)\n", "Normalize(64)", Kind.MODULE),
    ("def conv3x3(a, b):\n    layer = nn.Conv2d(a, b, 3)\n    return layer\n",
     "conv3x3(3, 3)", Kind.MODULE),
    ("def pick(a):\n    if a:\n        return nn.ReLU()\n    return None\n", "pick(1)",
     Kind.OTHER),  # not every return agrees
    ("def loop(a):\n    return loop(a)\n", "loop(1)", Kind.OTHER),
    # classy-vision's `LayerNorm = partial(nn.LayerNorm, eps=1e-6)`
    ("import functools\nLayerNorm = functools.partial(nn.LayerNorm, eps=1e-6)\n",
     "LayerNorm(64)", Kind.MODULE),
    ("gelu = F.gelu\n", "gelu(t)", Kind.TENSOR),  # an alias of a torch function
    ("MEAN = torch.zeros(3)\n", "MEAN", Kind.OTHER),  # constants are not followed
])
def test_module_level_functions_and_factories_make_what_they_return(top, call, kind):
    body = textwrap.indent(LOCALS + f"self.v = {call}\n", " " * 8)
    source = (IMPORTS + top + "\n\nclass Net(nn.Module):\n    def __init__(self, x):\n"
              "        super().__init__()\n" + body)
    (cls,) = build_model(cst.parse_module(source)).module_classes
    (assign,) = cls.assigns_to("v")
    assert assign.resolved.kind is kind


@pytest.mark.parametrize("helper, kind", [
    # stanza's SinusoidalEncoding: a static helper rebinding its result before returning it
    ("    @staticmethod\n    def make(n):\n        pe = torch.zeros(n)\n"
     "        pe = pe.to(device='cpu')\n        return pe\n", Kind.TENSOR),
    # texar's position embedder: what the annotation says when the body cannot tell
    ("    def make(self, n) -> torch.Tensor:\n        return compute(n)\n", Kind.TENSOR),
    ("    def make(self, n) -> nn.Module:\n        return build(n)\n", Kind.MODULE),
    ("    def make(self, n) -> int:\n        return build(n)\n", Kind.OTHER),
])
def test_helper_methods_make_what_they_return_or_what_they_are_annotated(helper, kind):
    source = (IMPORTS + "class Net(nn.Module):\n    def __init__(self, x):\n"
              "        super().__init__()\n        self.v = self.make(3)\n\n" + helper)
    (cls,) = build_model(cst.parse_module(source)).module_classes
    (assign,) = cls.assigns_to("v")
    assert assign.resolved.kind is kind


def test_helper_methods_are_followed_in_fills_and_comprehensions():
    # fair-esm's encoders: `self.layers.extend([self.build_encoder_layer(args) ...])`
    source = (IMPORTS + "class Net(nn.Module):\n    def __init__(self, n):\n"
              "        super().__init__()\n        self.layers = []\n"
              "        self.layers.extend([self.build_layer(n) for _ in range(n)])\n"
              "        self.head = self.build_layer(n)\n\n"
              "    def build_layer(self, n):\n        return nn.Linear(n, n)\n")
    (cls,) = build_model(cst.parse_module(source)).module_classes
    (fill,) = cls.fills
    assert fill.resolved.element is Kind.MODULE
    (head,) = cls.assigns_to("head")
    assert head.resolved.kind is Kind.MODULE and head.resolved.origin is not None


def test_calling_a_property_is_not_calling_a_helper():
    # torchgeo's BYOL wrapper: `self._encoded = self.projector(output)`, a property
    source = (IMPORTS + "class Net(nn.Module):\n    def __init__(self, n):\n"
              "        super().__init__()\n        self.v = self.projector(n)\n\n"
              "    @property\n    def projector(self):\n        return nn.Linear(2, 2)\n")
    (cls,) = build_model(cst.parse_module(source)).module_classes
    (assign,) = cls.assigns_to("v")
    assert assign.resolved.kind is Kind.OTHER
