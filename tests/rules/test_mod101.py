"""MOD101 missing-super-init: precision and fixes."""

import pytest

from conftest import codes, fixed, lint

HEADER = "import torch\nfrom torch import nn\n\n"


@pytest.mark.parametrize("init", [
    "super().__init__()",
    "super(Net, self).__init__()",
    "nn.Module.__init__(self)",
    "torch.nn.Module.__init__(self)",
    "if True:\n            super().__init__()\n        else:\n            super().__init__()",
    "try:\n            super().__init__()\n        except Exception:\n            raise",
    "if kwargs:\n            raise ValueError()\n        super().__init__()",
    "self._build()",
])
def test_every_valid_form_is_accepted(init):
    source = HEADER + f"""
class Net(nn.Module):
    def __init__(self, **kwargs):
        {init}

    def _build(self):
        super().__init__()
"""
    assert "MOD101" not in codes(source)


def test_not_flagged_without_own_init_or_outside_modules():
    source = HEADER + """
class Inherits(nn.Module):
    def forward(self, x):
        return x

class Plain:
    def __init__(self):
        self.fc = nn.Linear(2, 2)

class Helper:
    @staticmethod
    def __init__():
        pass
"""
    assert codes(source) == []


def test_call_on_one_path_only_is_reported_without_fix():
    source = HEADER + """
class Net(nn.Module):
    def __init__(self, small):
        if small:
            super().__init__()
"""
    found = lint(source)
    assert [d.code for d in found] == ["MOD101"]
    assert "every path" in found[0].message and found[0].fix is None


def test_reported_at_the_def_line():
    found = lint(HEADER + "class Net(nn.Module):\n    @staticmethod\n    def f(): pass\n\n"
                 "    def __init__(self):\n        pass\n")
    assert [(d.line, d.column) for d in found] == [(8, 8)]


def test_fix_after_docstring_and_in_one_line_bodies():
    source = HEADER + '''
class A(nn.Module):
    def __init__(self):
        """Doc."""
        # the layer
        self.fc = nn.Linear(2, 2)


class B(nn.Module):
    def __init__(self): self.fc = nn.Linear(2, 2)


class C(nn.Module):
    def __init__(self):
        # the layer
        self.fc = nn.Linear(2, 2)
'''
    assert fixed(source, unsafe=False) == HEADER + '''
class A(nn.Module):
    def __init__(self):
        """Doc."""
        super().__init__()
        # the layer
        self.fc = nn.Linear(2, 2)


class B(nn.Module):
    def __init__(self): super().__init__(); self.fc = nn.Linear(2, 2)


class C(nn.Module):
    def __init__(self):
        super().__init__()
        # the layer
        self.fc = nn.Linear(2, 2)
'''


@pytest.mark.parametrize("base,fixable", [
    ("nn.Module", True),
    ("nn.Sequential", True),
    ("nn.Linear", False),
    ("Local", True),
    ("NeedsArgs", False),
    ("nn.Module, Mixin", False),
])
def test_fix_only_when_the_base_takes_no_arguments(base, fixable):
    source = HEADER + f"""
class Mixin:
    pass

class Local(nn.Module):
    def __init__(self, size=2):
        super().__init__()

class NeedsArgs(nn.Module):
    def __init__(self, size):
        super().__init__()

class Net({base}):
    def __init__(self):
        self.x = 1
"""
    found = [d for d in lint(source) if d.code == "MOD101"]
    assert len(found) == 1
    assert (found[0].fix is not None) == fixable


def test_overload_stubs_are_not_the_init():
    source = HEADER + """
from typing import overload

class Seq(nn.Module):
    @overload
    def __init__(self, *args: nn.Module) -> None: ...

    @overload
    def __init__(self, arg: dict) -> None: ...

    def __init__(self, *args):
        super().__init__()
        if args:
            self.add_module("0", args[0])
"""
    assert codes(source) == []


def test_an_init_that_only_raises_builds_nothing():
    assert codes("""
        from torch import nn

        class Abstract(nn.Module):
            def __init__(self, *args, **kwargs):
                raise NotImplementedError("use Abstract.from_config")
    """) == []


def test_a_mixin_initialised_by_name_after_another_base_is_not_flagged():
    source = """
        import torch
        from torch import nn

        class Attention(nn.Module):
            def __init__(self, dim):
                super().__init__()
                self.q = nn.Linear(dim, dim)

        class Monotonic(nn.Module):
            def __init__(self, eps):
                self.eps = eps
                self.bias = nn.Parameter(torch.zeros(1))

        class MonotonicAttention(Monotonic, Attention):
            def __init__(self, dim, eps):
                Attention.__init__(self, dim)
                Monotonic.__init__(self, eps)
    """
    assert codes(source) == []
    assert codes(source + "\n        standalone = Monotonic(0.1)\n") == ["MOD101"]


@pytest.mark.parametrize("bases, init, reported", [
    # a mixin's initialiser that never calls super().__init__ (skrl's GaussianMixin)
    ("Mixin, nn.Module", "Mixin.__init__(self, 2)", True),
    # a cooperative mixin after the module base: its super() passes nn.Module by
    ("nn.Module, Cooperative", "Cooperative.__init__(self)", True),
    ("nn.Module, Mixin", "object.__init__(self)", True),
    # a cooperative mixin first: its super().__init__() runs nn.Module's
    ("Cooperative, nn.Module", "Cooperative.__init__(self)", False),
    ("Mixin, nn.Module", "nn.Module.__init__(self)", False),
])
def test_a_mixins_initialiser_is_no_module_initialiser(bases, init, reported):
    source = f"""
import torch
from torch import nn


class Mixin:
    def __init__(self, scale):
        self.scale = scale


class Cooperative:
    def __init__(self):
        super().__init__()
        self.ready = True


class Net({bases}):
    def __init__(self):
        {init}
        self.fc = nn.Linear(2, 2)

    def forward(self, x):
        return self.fc(x)
"""
    assert codes(source) == (["MOD101"] if reported else [])
