"""MOD901 hardcoded-cuda (opt-in): what is reported, what is not, and only when selected."""

import textwrap

import pytest

from modlint.api import lint_source
from modlint.config import Config

SELECTED = Config(select=("MOD901",))

HEAD = """
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)

"""


def codes(source: str, config: Config = SELECTED) -> list[str]:
    result = lint_source(textwrap.dedent(source), config)
    assert result.errors == []
    return [d.code for d in result.diagnostics]


def method(body: str) -> str:
    return HEAD + "    def forward(self, x):\n" + textwrap.indent(textwrap.dedent(body), " " * 8)


@pytest.mark.parametrize("statement", [
    "x = x.cuda()",
    "x = x.cuda(0)",
    "x = x.cuda(non_blocking=True)",
    "self.fc.cuda()",
    "return torch.zeros(3, device='cuda')",
    "return torch.zeros(3, device='cuda:1')",
    "return x.to(torch.device('cuda'))",
    "return x.to('cuda:0')",
    "return x.to(torch.cuda.current_device())",
])
def test_reported(statement):
    assert codes(method(statement)) == ["MOD901"]


def test_not_reported_unless_selected():
    source = method("return x.cuda()")
    assert codes(source, Config()) == []
    assert codes(source, Config(select=("MOD1",))) == []
    assert codes(source, Config(extend_select=("MOD901",))) == ["MOD901"]
    assert codes(source, Config(select=("MOD9",))) == ["MOD901"]


@pytest.mark.parametrize("body", [
    # under a cuda-availability or device-flag guard, either branch
    """
    if torch.cuda.is_available():
        x = x.cuda()
    return x
    """,
    """
    if not self.use_cuda:
        return x
    return x.cuda()
    """,
    """
    return x.cuda() if args.gpu else x
    """,
    """
    if x.device.type != "cpu":
        x = x.to("cuda")
    return x
    """,
    # not CUDA
    """
    return torch.zeros(3, device=x.device) + x.to("cpu") + x.to(torch.device("cpu"))
    """,
    """
    return torch.zeros(3, device="meta")
    """,
    # the caller picks the GPU
    """
    return x.cuda(self.rank) + x.to(torch.device("cuda", self.rank))
    """,
])
def test_not_reported(body):
    assert codes(method(body)) == []


def test_not_reported_outside_modules_or_in_an_override_of_cuda():
    source = """
    import torch
    from torch import nn


    def to_gpu(x):  # a script's helper, not a module
        return x.cuda()


    class Loader:
        def batch(self, x):
            return x.cuda()


    class Net(nn.Module):
        def cuda(self, device=None):
            self.cache = self.cache.cuda(device)
            return super().cuda(device)
    """
    assert codes(source) == []


def test_another_frameworks_device_is_not_torchs():
    source = """
    import jax


    class Model:
        def forward(self, x):
            return jax.device_put(x, jax.devices("cuda")[0])
    """
    assert codes(source) == []
