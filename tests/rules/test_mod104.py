"""MOD104 super-wrong-class."""

import pytest

from conftest import codes, fixed, lint

HEADER = "import torch\nfrom torch import nn\n\n"


def test_unrelated_and_base_classes_are_reported_with_their_consequence():
    source = HEADER + """
class A(nn.Module):
    def __init__(self):
        super(A, self).__init__()
        self.fc = nn.Linear(2, 2)

class B(nn.Module):
    def __init__(self):
        super(A, self).__init__()

    def forward(self, x):
        return super(A, self).forward(x)

class C(A):
    def __init__(self):
        super(A, self).__init__()
        self.scale = 2
"""
    found = lint(source)
    assert [(d.code, d.line) for d in found] == [("MOD104", 12), ("MOD104", 15), ("MOD104", 19)]
    assert "TypeError" in found[0].message and "TypeError" in found[1].message
    assert "`self.fc` is never created" in found[2].message
    assert fixed(source).count("super()") == 3


def test_skipping_the_base_initialiser_on_purpose_is_not_flagged():
    source = HEADER + """
from diffusers import Attention

class Wrapped(nn.Module):
    def __init__(self, rank):
        super().__init__()
        self.rank = rank
        self.module = nn.Linear(4, 4)

class Variant(Wrapped):
    def __init__(self, rank):
        super(Wrapped, self).__init__()  # rebuilds everything Wrapped builds
        self.rank = rank
        self.module = nn.Sequential(nn.Linear(4, 4))

class HiDream(Attention):
    def __init__(self, dim):
        super(Attention, self).__init__()  # a base from elsewhere: cannot tell

class Child(Wrapped):
    def forward(self, x):
        return super(Wrapped, self).forward(x)  # not the initialiser
"""
    assert codes(source) == []


def test_skipping_nn_module_init_is_reported():
    source = HEADER + """
class Net(nn.Module):
    def __init__(self):
        super(nn.Module, self).__init__()
"""
    found = lint(source)
    assert [d.code for d in found] == ["MOD104"] and "skips nn.Module.__init__" in found[0].message


def test_skipping_another_method_of_nn_module_on_purpose_is_not_flagged():
    # pyro's transforms hash by identity, past nn.Module to object's __hash__
    assert codes(HEADER + """
class Transform(nn.Module):
    def __hash__(self):
        return super(torch.nn.Module, self).__hash__()
""") == []


def test_no_fix_in_nested_scopes():
    source = HEADER + """
class A(nn.Module):
    pass

class B(nn.Module):
    def forward(self, x):
        def inner():
            return super(A, self).forward(x)
        parts = [super(A, self).forward(x) for _ in range(2)]
        return inner()
"""
    found = lint(source)
    assert [d.code for d in found] == ["MOD104", "MOD104"]
    assert all(d.fix is None for d in found)


@pytest.mark.parametrize("call", [
    "super(Net, self).__init__()",  # its own class
    "super(type(self), self).__init__()",  # not a class name
    "super(self.__class__, self).__init__()",
    "super(mod.Net, self).__init__()",  # qualified own name
    "super().__init__()",
    "super(Net, other).__init__()",  # not self
])
def test_lookalikes_are_not_flagged(call):
    source = HEADER + f"""
class Net(nn.Module):
    def __init__(self, other=None):
        {call}
"""
    assert codes(source) == []


def test_not_flagged_outside_modules_or_when_super_is_not_the_builtin():
    source = HEADER + """
from mylib import super

class Plain:
    def __init__(self):
        super(Other, self).__init__()

class Net(nn.Module):
    def __init__(self):
        nn.Module.__init__(self)
        super(Other, self).configure()
"""
    assert codes(source) == []
