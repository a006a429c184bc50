"""MOD001 unregistered-tensor: precision and fixes."""

import pytest

from conftest import ALL, codes, fixed, lint
from modlint.api import lint_source

HEADER = "import torch\nfrom torch import nn\n\n"


def test_reports_factory_local_and_chained_tensors():
    found = lint(HEADER + """
class Net(nn.Module):
    def __init__(self, n=3):
        super().__init__()
        self.a = torch.zeros(n)
        self.b = torch.randn(n, n).to("cpu").float()
        pe = torch.arange(n)
        pe = pe.unsqueeze(0)
        self.c = pe
        self.d = torch.FloatTensor(n)
        self.e = torch.triu(torch.ones(n, n), diagonal=1)
        self.f = torch.ones_like(self.a) * 2
        self.fc = nn.Linear(n, n)  # trained state beside them: .to() moves it, not them


def total(net):  # read from outside the class
    return net.b + net.c + net.d + net.e + net.f
""")
    assert [(d.code, d.line) for d in found] == [("MOD001", line) for line in (9, 12, 13, 14, 15)]


@pytest.mark.parametrize("body", [
    # registered later
    "self.m = torch.ones(2)\n        self.other = 1\n        self.register_buffer('m2', self.m)\n"
    "        self.register_parameter('m', None)",
    # wrapped later
    "self.w = torch.randn(2)\n        self.w = nn.Parameter(self.w)",
    # None, devices, dtypes, sizes, plain numbers
    "self.cache = None\n        self.dev = torch.device('cpu')\n        self.dt = torch.float32\n"
    "        self.shape = torch.Size([2])\n        self.n = 3",
    # managed by hand elsewhere: a cache moved to the input's device
    "self.pe = torch.zeros(4)",
    # names registered in a loop: cannot tell which
    "self.x = torch.zeros(1)\n        for k in ['x']:\n            self.register_buffer(k + '_', torch.ones(1))",
])
def test_not_flagged(body):
    source = HEADER + f"""
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        {body}

    def forward(self, x):
        self.pe = self.pe.to(x.device)
        return x
"""
    assert "MOD001" not in codes(source)


def test_not_flagged_outside_modules_and_in_scripted_modules():
    source = HEADER + """
class Holder:
    def __init__(self):
        self.t = torch.zeros(2)

class Scripted(torch.jit.ScriptModule):
    def __init__(self):
        super().__init__()
        self.t = torch.zeros(2)
"""
    assert codes(source) == []


def test_not_flagged_for_flax_or_numpy_lookalikes():
    source = """
import numpy as torch
from flax import linen as nn

class Net(nn.Module):
    def __init__(self):
        self.t = torch.zeros(2)
"""
    assert codes(source) == []


def test_buffer_fix_keeps_comments_and_uses_the_self_name():
    source = HEADER + """
class Net(nn.Module):
    def __init__(me):
        super().__init__()
        me.mask = torch.ones(  # shape
            2, 2
        )  # trailing

    def forward(me, x):
        return x * me.mask
"""
    assert fixed(source, unsafe=False) == HEADER + """
class Net(nn.Module):
    def __init__(me):
        super().__init__()
        me.register_buffer("mask", torch.ones(  # shape
            2, 2
        ), persistent=False)  # trailing

    def forward(me, x):
        return x * me.mask
"""


def test_no_buffer_fix_before_super_init_or_on_a_second_assignment():
    source = HEADER + """
class Net(nn.Module):
    def __init__(self):
        self.a = torch.ones(2)
        super().__init__()
        self.b = None
        self.b = torch.ones(2)
        self.fc = nn.Linear(2, 2)

    def forward(self, x):
        return self.fc(x) + self.a + self.b
"""
    found = [d for d in lint(source) if d.code == "MOD001"]
    assert [d.line for d in found] == [7, 10]
    assert all(d.fix is None for d in found)


@pytest.mark.parametrize("imports,spelling,added", [
    ("import torch\nfrom torch import nn\n", "nn.Parameter", ""),
    ("import torch\n", "torch.nn.Parameter", ""),
    ("import torch\nimport torch.nn as tnn\n", "tnn.Parameter", ""),
    ("import torch\nfrom torch.nn import Parameter\n", "Parameter", ""),
    ("from torch import ones\nimport torch as T\n", "T.nn.Parameter", ""),
])
def test_parameter_fix_reuses_the_binding(imports, spelling, added):
    factory = "T.ones" if "as T" in imports else "torch.ones"
    base = "T.nn.Module" if "as T" in imports else "torch.nn.Module"
    source = imports + f"""
class Net({base}):
    def __init__(self):
        super().__init__()
        self.scale = {factory}(1, requires_grad=True, dtype=None)
"""
    result = fixed(source)
    assert f"self.scale = {spelling}({factory}(1, dtype=None))" in result
    assert result.count("import") == imports.count("import")


def test_parameter_fix_adds_one_import_when_nothing_binds_torch_nn():
    source = '''"""Doc."""
from torch.nn import Module
from torch import ones


class A(Module):
    def __init__(self):
        super().__init__()
        self.a = ones(1, requires_grad=True)
        self.b = ones(1, requires_grad=True)
'''
    assert fixed(source) == '''"""Doc."""
from torch.nn import Module
from torch import ones
from torch import nn


class A(Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Parameter(ones(1))
        self.b = nn.Parameter(ones(1))
'''


def test_parameter_fix_reuses_torch_bound_by_a_submodule_import():
    source = """import torch.jit
from torch.nn import Module


class A(Module):
    def __init__(self):
        super().__init__()
        self.a = torch.ones(requires_grad=True)
"""
    assert "self.a = torch.nn.Parameter(torch.ones())" in fixed(source)


def test_parameter_fix_removes_only_the_keyword():
    source = HEADER + """
class A(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = torch.zeros(
            2,  # rows
            requires_grad=True,
        )
        self.b = torch.zeros(requires_grad=True, size=(2,))
"""
    assert fixed(source) == HEADER + """
class A(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Parameter(torch.zeros(
            2,  # rows
        ))
        self.b = nn.Parameter(torch.zeros(size=(2,)))
"""


def test_cache_moved_to_the_input_device_in_another_method():
    assert codes("""
        import torch
        from torch import nn

        class PositionalEncoding(nn.Module):
            def __init__(self, size=4, length=16):
                super().__init__()
                pe = torch.zeros(length, size)
                self.pe = pe

            def extend_pe(self, x):
                pe = torch.zeros(x.size(1), x.size(2))
                self.pe = pe.to(device=x.device, dtype=x.dtype)

            def forward(self, x):
                self.extend_pe(x)
                return x + self.pe[: x.size(1)]
    """) == []


def test_a_tensor_only_assigned_in_init_is_still_reported():
    assert codes("""
        import torch
        from torch import nn

        class PositionalEncoding(nn.Module):
            def __init__(self, size=4, length=16):
                super().__init__()
                self.pe = torch.zeros(length, size)

            def forward(self, x):
                return x + self.pe[: x.size(1)]
    """) == ["MOD001"]


@pytest.mark.parametrize("use", [
    "x + self.t.to(x.device)[: x.size(1)]",
    "x + self.t.type_as(x)",
    "x + self.t.to(x)",
    "x + torch.as_tensor(self.t, device=x.device)",
    "x[:, self.t.long()]",
    "x.index_select(1, self.t.long().to(x.device))",
    "(self.t * 2 + 1).to(x.device) + x",
    "x + self._move(self.t, x)",
    "x.new_zeros(self.t.shape)",
])
def test_not_flagged_when_every_use_works_on_any_device(use):
    assert codes(f"""
        import torch
        from torch import nn

        class Encoding(nn.Module):
            def __init__(self, size=4):
                super().__init__()
                self.t = torch.zeros(size)
                self.linear = nn.Linear(size, size)

            def _move(self, t, like):
                return torch.as_tensor(t, device=like.device)

            def forward(self, x):
                x = self.linear(x)
                return {use}
    """) == []


def test_cpu_tensors_combined_then_moved_are_not_flagged():
    assert codes("""
        import torch
        from torch import nn

        class Features(nn.Module):
            def __init__(self, n=8):
                super().__init__()
                self.window = torch.hann_window(n)
                self.basis = torch.ones(n, n)
                self.offset = torch.zeros(n)

            def forward(self, x):
                kernel = self.window * self.basis + self.offset
                return x @ kernel.to(x.device)
    """) == []


def test_a_value_copied_into_another_tensor_is_not_flagged():
    assert codes("""
        import torch
        from torch import nn

        class Pad(nn.Module):
            def __init__(self, n=8):
                super().__init__()
                self.fc = nn.Linear(n, n)
                self.fill = torch.zeros(n)

            def forward(self, x):
                out = self.fc(x)
                out[:, 0] = self.fill[0]
                return out
    """) == []


@pytest.mark.parametrize("value", [
    "torch.tensor(math.sqrt(dim))",
    "torch.sqrt(torch.tensor(dim).float())",
    "torch.tensor(2.0) * 3",
    # reductions of a whole tensor, sizes taken from shapes
    "torch.prod(torch.tensor(shape[2:]))",
    "torch.ones(dim).sum()",
    "torch.tensor(weights.shape[-1])",
    "torch.tensor(size)",
])
def test_zero_dim_constants_are_not_flagged(value):
    assert codes(f"""
        import math
        import torch
        from torch import nn

        class Attention(nn.Module):
            def __init__(self, dim: int, shape, weights):
                super().__init__()
                size = len(shape)
                self.proj = nn.Linear(dim, dim)
                self.scale = {value}

            def forward(self, x):
                return self.proj(x) / self.scale
    """) == []


def test_a_reduction_along_a_dim_is_no_zero_dim_constant():
    assert codes("""
        import torch
        from torch import nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.proj = nn.Linear(4, 4)
                self.w = torch.prod(torch.ones(3, 4), dim=0)
                self.total = torch.sum(torch.ones(3, 4), 0)

            def forward(self, x):
                return self.proj(x) * self.w + self.total
    """) == ["MOD001", "MOD001"]


def test_a_zero_dim_constant_is_not_flagged():
    assert codes("""
        import math
        import torch
        from torch import nn

        class Attention(nn.Module):
            def __init__(self, dim):
                super().__init__()
                self.proj = nn.Linear(dim, dim)
                self.scale = torch.tensor(math.sqrt(dim))

            def forward(self, x):
                return self.proj(x) / self.scale
    """) == []


def test_uses_are_followed_through_locals_and_helpers():
    assert codes("""
        import torch
        from torch import nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 4)
                self.mask = torch.ones(4)
                self.bias = torch.zeros(4)

            def _masked(self, t, m):
                return t * m

            def forward(self, x):
                bias = self.bias[None]
                return self._masked(self.fc(x), self.mask) + bias
    """) == ["MOD001", "MOD001"]


def test_not_flagged_when_a_base_of_the_file_registered_the_name():
    source = HEADER + """
class Norm(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("steps", torch.tensor(0))

class LazyNorm(Norm):
    def __init__(self):
        super().__init__()
        self.steps = torch.tensor(0, dtype=torch.long)
"""
    assert codes(source) == []


def test_not_flagged_in_subclasses_of_scripted_modules():
    source = HEADER + """
from torch.jit import ScriptModule

class Scripted(ScriptModule):
    def __init__(self):
        super().__init__()

class Child(Scripted):
    def __init__(self):
        super().__init__()
        self.t = torch.zeros(2)

class GrandChild(Child):
    def __init__(self):
        super().__init__()
        self.u = torch.zeros(2)
"""
    assert codes(source) == []


def test_not_flagged_for_a_constant_of_a_stateless_module_that_forward_never_reads():
    source = HEADER + """
class RandomCrop(nn.Module):
    def __init__(self, ratio=(0.75, 1.33)):
        super().__init__()
        self._log_ratio = torch.log(torch.tensor(ratio))

    def make_params(self):  # called by a base class, not by forward here
        log_ratio = self._log_ratio
        return torch.empty(1).uniform_(log_ratio[0], log_ratio[1]).item()
"""
    assert codes(source) == []


def test_flagged_when_forward_reads_it_even_without_other_state():
    # the pytorch/audio#457 shape: a parameterless transform whose tensor meets the input
    source = HEADER + """
class Stretch(nn.Module):
    def __init__(self, n=4):
        super().__init__()
        self.phase = torch.linspace(0, 1, n)

    def forward(self, x):
        return x * self._phase()

    def _phase(self):
        return self.phase
"""
    assert codes(source) == ["MOD001"]


def test_the_buffer_fix_is_unsafe_where_the_tensor_meets_values_it_cannot_place():
    # `window` is a Parameter only when learned: with learn=False both stay on the CPU,
    # the forward works there and after .to(device) (the result is moved); registering
    # `basis` alone would break it
    source = HEADER + """
class Filterbank(nn.Module):
    def __init__(self, n=8, learn=False):
        super().__init__()
        self.fc = nn.Linear(n, n)
        self.basis = torch.eye(n)
        self.window = torch.ones(n)
        if learn:
            self.window = nn.Parameter(self.window)

    def forward(self, x):
        return self.fc(x) @ (self.basis * self.window).to(x.device)
"""
    found = lint(source)
    assert [(d.code, d.line, d.fix.applicability.name) for d in found] == [
        ("MOD001", 9, "UNSAFE")]
    assert fixed(source, unsafe=False) == source


def test_the_buffer_fix_is_safe_where_the_tensor_meets_the_model():
    # on another device the original fails here; registering either tensor alone fails
    # no more than that, and registering both fixes it
    source = HEADER + """
class Features(nn.Module):
    def __init__(self, n=8):
        super().__init__()
        self.fc = nn.Linear(n, n)
        self.window = torch.ones(n)
        self.basis = torch.eye(n)

    def forward(self, x):
        h = self.fc(x)
        return h @ (self.window * self.basis)
"""
    found = lint(source)
    assert [(d.code, d.fix.applicability.name) for d in found] == [
        ("MOD001", "SAFE"), ("MOD001", "SAFE")]


@pytest.mark.parametrize("elsewhere", [
    "self.steps += 1",
    "self.steps = torch.zeros(1)",
    "nn.init.zeros_(self.steps)",
    "F.linear(x, self.steps)",
])
def test_uses_and_in_place_updates_do_not_silence(elsewhere):
    assert codes(HEADER + f"""
import torch.nn.functional as F

class Counter(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(1, 1)
        self.steps = torch.zeros(1)

    def reset(self, x):
        {elsewhere}

    def forward(self, x):
        return self.fc(x) * self.steps
""") == ["MOD001"]


def test_a_parameter_on_another_branch_does_not_silence():
    assert codes(HEADER + """
class Scale(nn.Module):
    def __init__(self, learnable=True):
        super().__init__()
        if learnable:
            self.scale = nn.Parameter(torch.ones(1))
        else:
            self.scale = torch.ones(1)

    def forward(self, x):
        return x * self.scale
""") == ["MOD001"]


def test_a_function_of_the_file_that_moves_its_argument_is_followed():
    assert codes(HEADER + """
def normalize(data, mean, std):
    mean = torch.as_tensor(mean, device=data.device, dtype=data.dtype)
    std = torch.as_tensor(std, device=data.device, dtype=data.dtype)
    return (data - mean[..., None, None]) / std[..., None, None]

class Normalize(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.mean = torch.tensor(mean)
        self.std = torch.tensor(std)

    def forward(self, x):
        return normalize(x, self.mean, self.std)
""") == []


def test_a_tensor_iterated_into_python_values_is_not_flagged():
    assert codes(HEADER + """
class Embeddings(nn.Module):
    def __init__(self, n=4):
        super().__init__()
        self.embed = nn.Embedding(3, 2)
        self.continuous = torch.ones(n, dtype=torch.bool)

    def forward(self, x):
        cols = []
        for i, is_continuous in enumerate(self.continuous):
            if is_continuous:
                cols.append(x[:, i:i + 1])
            else:
                cols.append(self.embed(x[:, i].long()))
        return torch.cat(cols, dim=1)
""") == []


def test_a_tensor_used_on_the_cpu_to_sample_indices_is_not_flagged():
    assert codes(HEADER + """
class RandomApply(nn.Sequential):
    def __init__(self, *layers):
        super().__init__(*layers)
        self.weights = torch.ones(len(layers))

    def forward(self, x):
        weights = self.weights.clone()
        weights[0] = 0
        order = torch.multinomial(weights, 2, replacement=2 > weights.sum().item())
        for i in order.tolist():
            x = self[i](x)
        return x
""") == []


@pytest.mark.parametrize("later,expected", [
    ("self.register_buffer('table', torch.zeros(n))", ["MOD001"]),
    ("self.table = nn.Parameter(torch.zeros(n))", ["MOD001"]),
])
def test_what_another_method_does_later_does_not_register_it_now(later, expected):
    assert codes(HEADER + f"""
class Table(nn.Module):
    def __init__(self, n=4):
        super().__init__()
        self.fc = nn.Linear(n, n)
        self.table = torch.zeros(n)

    def resize(self, n):
        del self.table
        {later}

    def forward(self, x):
        return self.fc(x) + self.table
""") == expected


def test_a_parameter_made_by_a_method_init_calls_is_not_flagged():
    assert codes(HEADER + """
class Lazy(nn.Module):
    def __init__(self, n=4):
        super().__init__()
        self.weight = torch.empty(0)
        self.reset_parameters(n)

    def reset_parameters(self, n):
        self.weight = nn.Parameter(torch.zeros(n))

    def forward(self, x):
        return x * self.weight
""") == []


def test_a_layer_size_made_a_zero_dim_tensor_is_not_flagged():
    assert codes(HEADER + """
class KeyValueAttention(nn.Module):
    def __init__(self, enc_dim, attn_dim):
        super().__init__()
        self.key_linear = nn.Linear(enc_dim, attn_dim)
        self.scaling = torch.sqrt(torch.tensor(attn_dim).float())

    def forward(self, enc, query):
        return torch.matmul(self.key_linear(enc), query) / self.scaling
""") == []


def test_a_helper_that_reshapes_then_moves_its_argument():
    assert codes(HEADER + """
def normalize(data, mean, std):
    shape = data.shape
    if len(mean.shape) == 0 or mean.shape[0] == 1:
        mean = mean.expand(shape[1])
    mean = torch.as_tensor(mean, device=data.device, dtype=data.dtype)
    std = torch.as_tensor(std, device=data.device, dtype=data.dtype)
    return (data.view(shape[0], shape[1], -1) - mean[..., None]) / std[..., None]

class Normalize(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.mean = torch.tensor(mean)
        self.std = torch.tensor(std)

    def forward(self, x):
        return normalize(x, self.mean, self.std)
""") == []


def test_cpu_side_sampling_with_python_values_is_not_flagged():
    assert codes(HEADER + """
class RandomOrder(nn.Sequential):
    def __init__(self, *layers):
        super().__init__(*layers)
        self.weights = torch.ones(len(layers))

    def forward(self, x):
        n = int(torch.randint(1, len(self), (1,)).item())
        weights = self.weights.clone()
        order = torch.multinomial(weights, n, replacement=n > weights.sum().item())
        for i in order.tolist():
            x = self[i](x)
        return x
""") == []


def test_a_tensor_that_meets_only_new_tensors_of_the_default_device_is_not_flagged():
    # pyro's MuE models: registered and moved, the prior would fail against torch.ones
    assert codes("""
        import torch
        from torch import nn

        class Model(nn.Module):
            def __init__(self, shape):
                super().__init__()
                self.shape = shape
                self.prior = torch.tensor([0.1, 0.2])
                self.fc = nn.Linear(2, 2)

            def model(self, data):
                return sample(torch.ones(self.shape) * self.prior)

            def forward(self, x):
                return self.fc(x) * torch.zeros(2, device=x.device) * self.prior
    """) == ["MOD001"]


def test_compared_with_another_instances_plain_value_and_used_as_an_index():
    # botorch's input transforms: an index tensor, and `equals` comparing two transforms
    source = HEADER + """
class Normalize(nn.Module):
    def __init__(self, indices):
        super().__init__()
        self.indices = torch.tensor(indices, dtype=torch.long)
        self.scale = nn.Parameter(torch.ones(len(indices)))

    def forward(self, x):
        x = x.clone()
        x[..., self.indices] = x[..., self.indices] * self.scale
        return x

    def equals(self, other):
        return (self.indices == other.indices).all()
"""
    assert codes(source) == []
    # in forward, another object's attribute may be on the model's device
    assert codes(source.replace("x = x.clone()", "x = x.clone() + (self.indices * x.indices)")) \
        == ["MOD001"]


def test_cpu_feature_extractors_get_no_safe_fix():
    # constants kept on the CPU, combined there (also with `x.cpu()` and what torch computes
    # from it) and the result moved to the input's device: the classes work as they are,
    # and registering one tensor alone breaks them after `.to()` (verified in
    # tests/runtime/test_safe_fixes.py, which runs every SAFE fix of this file)
    from pathlib import Path
    path = Path(__file__).parents[1] / "data" / "safe_fixes" / "cpu_feature_tensors.py"
    found = lint(path.read_text(encoding="utf-8"))
    assert [(d.line, d.fix.applicability.name) for d in found
            if d.code == "MOD001" and d.fix is not None
            and d.fix.applicability.name == "SAFE"] == []


PASSED_IN = HEADER + """from typing import Optional
from torch import Tensor


class Penalty(nn.Module):
    def __init__(self, init_point: Tensor, weights: Optional[Tensor] = None):
        super().__init__()
        self.init_point = init_point
        self.neg = -weights
{extra}
    def forward(self, X):
        return (X - self.init_point) * self.neg
"""


def test_a_tensor_the_caller_passes_needs_trained_state_and_gets_an_unsafe_fix():
    # the caller chose its device: left behind only when the module is moved, which a
    # module without trained state rarely is (botorch's penalties)
    assert codes(PASSED_IN.format(extra="")) == []
    source = PASSED_IN.format(extra="        self.fc = nn.Linear(2, 2)\n")
    found = lint(source)
    assert [(d.code, d.line) for d in found] == [("MOD001", 11), ("MOD001", 12)]
    assert all(d.fix.applicability.name == "UNSAFE" for d in found)  # may be a Parameter
    # stored and never read (transformers' OneFormerTextTransformerLayer.attn_mask)
    unread = source.replace("return (X - self.init_point) * self.neg", "return X")
    assert codes(unread) == []


def test_a_value_proven_a_parameter_by_isinstance_is_not_reported():
    # kornia's Invert: a buffer, or the Parameter the caller passes
    source = HEADER + """from torch import Tensor
from torch.nn import Parameter


class Invert(nn.Module):
    def __init__(self, max_val: Tensor = torch.tensor(1.0)):
        super().__init__()
        if not isinstance(max_val, Parameter):
            self.register_buffer("max_val", max_val)
        else:
            self.max_val = max_val

    def forward(self, x):
        return self.max_val - x
"""
    assert codes(source) == []
    assert codes(source.replace("if not isinstance(max_val, Parameter)",
                                "if isinstance(max_val, Parameter)")) == ["MOD001"]


def test_a_local_rebound_from_itself_is_followed_without_end():
    # `s = s * 2 + s`: each binding of s is judged from the others, a bounded number of times
    source = HEADER + """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.t = torch.ones(2)
        self.fc = nn.Linear(2, 2)

    def forward(self, x):
        s = self.t.cpu()
        s = s * 2 + s
        return self.fc(x) * (self.t * s).to(x.device)
"""
    result = lint_source(source, ALL)
    assert not result.not_analysed and result.errors == []


def test_a_tensor_used_through_data_is_followed():
    # bayesian-torch's flipout layers: `self.eps_bias.data.normal_()` times a parameter
    source = """\
import torch
from torch import nn

class Conv(nn.Module):
    def __init__(self, n, bias=True):
        super().__init__()
        self.mu = nn.Parameter(torch.zeros(n))
        if bias:
            self.eps = torch.zeros(n)
        else:
            self.register_buffer('eps', None)

    def forward(self, x):
        return x + self.mu * self.eps.data.normal_()
"""
    assert "MOD001" in codes(source)


def test_a_tensor_read_only_while_building_is_not_reported():
    # kornia's MKD encoding: a Gaussian mask made in __init__ to weigh the embedding
    # registered just after, and never read again
    source = HEADER + """
class Encoding(nn.Module):
    def __init__(self, n=3):
        super().__init__()
        self.fc = nn.Linear(n, n)
        self.gmask = self.get_gmask(n)
        emb = torch.ones(n) * self.gmask
        self.register_buffer("emb", emb)

    def get_gmask(self, n) -> torch.Tensor:
        return torch.exp(-torch.arange(n) / n)

    def forward(self, x):
        return self.fc(x) * self.emb
"""
    assert "MOD001" not in codes(source)



def test_a_tensor_passed_to_a_static_method_through_the_class_is_followed():
    # speechbrain's SrpPhat: `SrpPhat._srp_phat(XXs=XXs, doas=self.doas)` moves it there
    source = HEADER + """
def sphere():
    return torch.ones(4, 3)


class SrpPhat(nn.Module):
    def __init__(self):
        super().__init__()
        self.doas = sphere()

    def forward(self, x):
        return SrpPhat._srp_phat(x, doas=self.doas)

    @staticmethod
    def _srp_phat(x, doas):
        doas = doas.to(x.device)
        return x @ doas
"""
    assert "MOD001" not in codes(source)
    assert "MOD001" in codes(source.replace("doas = doas.to(x.device)", "pass"))


def test_a_tensor_moved_in_the_other_branch_of_a_conditional_is_chosen_on_purpose():
    # diffusers' NucleusMoE rope: `self.pos_freqs.to(device) if device is not None else ...`
    source = HEADER + """
class Rope(nn.Module):
    def __init__(self, n=4):
        super().__init__()
        self.freqs = torch.ones(n, n)

    def forward(self, x, device=None):
        freqs = self.freqs.to(device) if device is not None else self.freqs
        return x @ freqs
"""
    assert "MOD001" not in codes(source)
    assert "MOD001" in codes(source.replace("self.freqs.to(device) if", "self.freqs * 2 if"))


def test_a_tensor_read_only_for_hashing_and_comparison_never_meets_the_model():
    # e2cnn's basis expansion: the mask is compared with another expansion's and hashed
    source = HEADER + """
class Expansion(nn.Module):
    def __init__(self, n=4):
        super().__init__()
        self._mask = torch.ones(n, dtype=torch.bool)

    def forward(self, x):
        return x

    def __eq__(self, other):
        return isinstance(other, Expansion) and bool((self._mask == other._mask).all())

    def __hash__(self):
        return hash(self._mask)
"""
    assert "MOD001" not in codes(source)
    assert "MOD001" in codes(source.replace("return x\n", "return x * self._mask\n", 1))


def test_a_tensor_used_as_a_size_never_meets_the_model():
    # torchdyn's random harmonics: a 1-element tensor inside `torch.Size([...])`
    source = HEADER + """
class Harmonics(nn.Module):
    def __init__(self, dim=2):
        super().__init__()
        self.dim = dim
        self.n = torch.randint(2, 20, size=(1,))
        self.w = torch.randn(torch.Size([self.dim, self.n, 2]))

    def resample(self):
        return torch.randn(torch.Size([self.dim, self.n, 2]))

    def forward(self, x):
        return x
"""
    assert not [d for d in lint(source) if d.code == "MOD001" and "self.n`" in d.message]
    assert [d for d in lint(source.replace("return x\n", "return x * self.n\n"))
            if d.code == "MOD001" and "self.n`" in d.message]


def test_a_value_bound_in_one_branch_does_not_reach_the_other():
    # reduced from nnAudio's CQT: trainable kernels become parameters in one branch of an
    # `if`; in the other the tensor made before it stays plain
    source = """
import torch
from torch import nn


class Kernel(nn.Module):
    def __init__(self, trainable):
        super().__init__()
        kernel = torch.randn(4, 4)
        if trainable:
            kernel = nn.Parameter(kernel)
            self.weight = kernel
        else:
            self.weight = kernel

    def forward(self, x):
        return x @ self.weight
"""
    found = lint(source)
    assert [(d.code, d.line) for d in found] == [("MOD001", 14)]
    # after the `if`, a name only one branch rebinds may hold either value
    after = source.replace("            self.weight = kernel\n        else:\n"
                           "            self.weight = kernel\n",
                           "        else:\n            pass\n        self.weight = kernel\n")
    assert codes(after) == []


@pytest.mark.parametrize("made", [
    "torch.stack(torch.meshgrid([h, w], indexing='ij'))",
    "torch.stack([torch.ones(2) * i for i in range(3)])",
    "torch.cat(torch.chunk(torch.arange(4), 2))",
])
def test_tensors_stacked_from_what_torch_returns(made):
    # reduced from pytorch-toolbelt's Swin window attention
    source = f"""
import torch
from torch import nn


class Window(nn.Module):
    def __init__(self):
        super().__init__()
        h, w = torch.arange(2), torch.arange(2)
        self.grid = {made}

    def forward(self, x):
        return x + self.grid
"""
    assert codes(source) == ["MOD001"]
