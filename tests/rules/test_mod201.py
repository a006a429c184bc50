"""MOD201 misspelled-forward: precision and fixes."""

import pytest

from conftest import codes, fixed, lint
from modlint.rules.mod201_misspelled_forward import distance

HEADER = "import torch\nfrom torch import nn\n\n"


def module(method: str, base: str = "nn.Module") -> str:
    return HEADER + f"""
class Net({base}):
    def {method}(self, x):
        return x
"""


@pytest.mark.parametrize("name", ["foward", "forwad", "farward", "froward", "Forward",
                                  "FORWARD", "forword", "fowrard", "forwards", "fordward"])
def test_misspellings_are_reported(name):
    found = lint(module(name))
    assert [d.code for d in found] == ["MOD201"]
    assert f"`{name}`" in found[0].message and "NotImplementedError" in found[0].message


@pytest.mark.parametrize("name", ["_forward", "forward_features", "forward2", "forward_",
                                  "toward", "onward", "coward", "foreword", "format",
                                  "reward", "backward", "fwd", "forwarding"])
def test_names_of_their_own_are_not_misspellings(name):
    assert "MOD201" not in codes(module(name))


@pytest.mark.parametrize("base", ["nn.ModuleList", "nn.ModuleDict", "nn.ParameterList",
                                  "torch.nn.modules.container.ModuleList"])
def test_containers_are_not_reported(base):
    assert "MOD201" not in codes(module("foward", base))


@pytest.mark.parametrize("base", ["nn.Linear", "nn.Sequential"])
def test_bases_with_forward_get_the_override_message(base):
    found = [d for d in lint(module("foward", base)) if d.code == "MOD201"]
    assert len(found) == 1 and "misspelled override" in found[0].message


def test_forward_defined_elsewhere_is_not_reported():
    source = HEADER + """
class Base(nn.Module):
    def forward(self, x):
        return x

class Child(Base):
    def Foward(self, x):
        return x

class Wrapper(Base):
    def foward(self, x):
        return self(x) * 2

class Aliased(nn.Module):
    def _impl(self, x):
        return x
    def Forward(self, x):
        return x
    forward = _impl

class Assigned(nn.Module):
    def __init__(self):
        super().__init__()
        self.forward = self.Forward

    def Forward(self, x):
        return x

class Called(nn.Module):
    def __call__(self, x):
        return self.foward(x)

    def foward(self, x):
        return x
"""
    assert "MOD201" not in codes(source)


def test_abstract_base_and_plain_classes_are_not_reported():
    source = HEADER + """
class Base(nn.Module):
    def forwad(self, x):
        return x

class Child(Base):
    def forward(self, x):
        return self.forwad(x)

class Layer:  # numpy-style layer, not a module
    def foward(self, x):
        return x

class Props(nn.Module):
    @property
    def Forward(self):
        return 1
"""
    assert codes(source) == []


def test_local_base_without_forward_is_followed():
    source = HEADER + """
class Base(nn.Module):
    pass

class Net(Base, object):
    def foward(self, x):
        return x
"""
    assert codes(source) == ["MOD201"]


def test_rename_is_safe_when_the_name_is_used_nowhere_else():
    source = module("foward")
    assert fixed(source, unsafe=False) == source.replace("foward", "forward")


def test_calls_of_the_misspelled_name_are_renamed_unsafely():
    source = HEADER + """
class Net(nn.Module):
    def foward(self, x):
        return x

    def predict(self, x):
        return self.foward(x)

net = Net()
out = net.foward(torch.ones(1))
"""
    assert fixed(source, unsafe=False) == source  # not safe: callers may be elsewhere
    after = fixed(source)
    assert "foward" not in after
    assert "return self.forward(x)" in after
    assert "out = net(torch.ones(1))" in after  # MOD203 then calls the module itself


def test_other_uses_leave_no_fix():
    source = HEADER + """
class Net(nn.Module):
    def foward(self, x):
        return x

step = Net().foward
"""
    found = lint(source)
    assert [d.code for d in found] == ["MOD201"] and found[0].fix is None


def test_distance():
    assert distance("foward", "forward") == 1
    assert distance("fowrard", "forward") == 1  # a swap is one edit
    assert distance("toward", "forward") == 2
    assert distance("format", "forward") == 3
    assert distance("forward", "forward") == 0


def test_a_misspelled_static_forward_is_reported():
    assert codes("""
        from torch import nn

        class Act(nn.Module):
            @staticmethod
            def foward(x):
                return x.relu()
    """) == ["MOD201"]


def test_a_misspelled_override_of_an_inherited_forward_is_reported():
    source = HEADER + """
from elsewhere import Block

class Local(nn.Linear):
    def foward(self, x):
        return super().forward(x).relu()
"""
    found = lint(source)
    assert [(d.code, d.line, d.fix.applicability.name) for d in found] == [
        ("MOD201", 8, "UNSAFE")]
