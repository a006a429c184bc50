"""MOD009 shadowed-module-method."""

import pytest

from conftest import codes, lint

HEADER = "import torch\nfrom torch import nn\n\n"


@pytest.mark.parametrize("statement,registered", [
    ("self.modules = []", False),
    ("self.type = 'resnet'", False),
    ("self.cuda = torch.cuda.is_available()", False),
    ("self.half = 2", False),
    ("self.parameters: dict = {}", False),
    ("self.modules = nn.ModuleList()", True),
    ("self.state_dict = nn.Parameter(torch.ones(1))", True),
])
def test_reports_plain_and_registered_values(statement, registered):
    found = lint(HEADER + f"""
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        {statement}
""")
    assert [(d.code, d.line) for d in found] == [("MOD009", 8)]
    assert ("is registered" in found[0].message) is registered


def test_reports_in_any_method_and_nested_function():
    source = HEADER + """
class Net(nn.Module):
    def forward(self, x):
        def keep():
            self.children = [x]
        self.eval = True
        return x
"""
    assert codes(source) == ["MOD009", "MOD009"]


@pytest.mark.parametrize("statement", [
    "self.training = False",  # an attribute of nn.Module, not a method
    "self.forward = self.fast",  # choosing an implementation: a working idiom
    "self.to_out = nn.Linear(2, 2)",  # only exact names
    "self._modules_cache = {}",
    "self.modules_ = []",
    "self.modules += []",  # augmented: the first assignment is what is reported
])
def test_lookalike_names_are_not_flagged(statement):
    source = HEADER + f"""
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        {statement}

    def fast(self, x):
        return x
"""
    assert "MOD009" not in codes(source)


def test_not_flagged_outside_modules_or_for_the_class_own_property():
    source = HEADER + """
class Config:
    def __init__(self):
        self.type = "resnet"
        self.modules = []

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.type = "mlp"  # goes through the property below

    @property
    def type(self):
        return self._kind

    @type.setter
    def type(self, value):
        self._kind = value
"""
    assert codes(source) == []


def test_other_frameworks_modules_are_not_flagged():
    source = """
from flax import linen as nn

class Net(nn.Module):
    def setup(self):
        self.modules = []
"""
    assert codes(source) == []


def test_a_function_put_in_place_of_the_method_on_purpose():
    assert codes("""
        import functools
        from torch import nn

        class Model(nn.Module):
            def make_generation_fast_(self):
                def train(mode=True):
                    if mode:
                        raise RuntimeError("cannot train after make_generation_fast_")

                self.eval()
                self.train = train

            def freeze(self):
                self.to = lambda *args, **kwargs: self
                self.cuda = functools.partial(self._no_move, "cuda")

            def _no_move(self, where):
                return self
    """) == []
