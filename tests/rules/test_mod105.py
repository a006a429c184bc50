"""MOD105 misspelled-init."""

import pytest

from conftest import codes, fixed, lint
from modlint.rules.mod105_misspelled_init import is_misspelled_init

HEADER = "import torch\nfrom torch import nn\n\n"


@pytest.mark.parametrize("name", ["_init_", "__init", "init__", "__int__", "__inti__",
                                  "__innit__", "__initt__", "___init__", "_init"])
def test_misspellings(name):
    assert is_misspelled_init(name)


@pytest.mark.parametrize("name", ["__init__", "init", "_init_weights", "__iter__", "__new__",
                                  "__post_init__", "_int_to_str", "__index__"])
def test_not_misspellings(name):
    assert not is_misspelled_init(name)


def test_reported_at_the_def_and_renamed_with_its_super_call():
    source = HEADER + """
class CNN(nn.Module):
    def __int__(self, n=2):
        super(CNN, self).__int__()
        self.conv = nn.Conv1d(1, n, 3)
        self.heads = [nn.Linear(2, 2)]

    def forward(self, x):
        return self.conv(x)
"""
    found = lint(source)
    assert [(d.code, d.line) for d in found if d.code == "MOD105"] == [("MOD105", 6)]
    result = fixed(source, unsafe=False)
    assert "def __init__(self, n=2):" in result
    assert "super(CNN, self).__init__()" in result and "__int__" not in result


@pytest.mark.parametrize("tail", [
    "",  # nothing reads what it builds
    "\n    def forward(self, x):\n        return x\n",
])
def test_renaming_is_unsafe_when_nothing_fails_without_it(tail):
    # the module works as it is; the rename adds `conv` to its state_dict() keys
    source = HEADER + """
class CNN(nn.Module):
    def __int__(self, n=2):
        super().__int__()
        self.conv = nn.Conv1d(1, n, 3)
""" + tail
    assert [d.code for d in lint(source)] == ["MOD105"]
    assert fixed(source, unsafe=False) == source
    assert "def __init__(self, n=2):" in fixed(source)


def test_renaming_is_unsafe_when_a_base_outside_the_file_may_set_the_attribute():
    source = "from torch import nn\nfrom transformers import BertPreTrainedModel\n\n" + """
class Head(BertPreTrainedModel):
    def _init_(self):
        super()._init_()
        self.fc = nn.Linear(2, 2)

    def forward(self, x):
        return self.fc(x)
"""
    assert codes(source) == ["MOD105"]
    assert fixed(source, unsafe=False) == source


def test_registrations_count_as_building_state():
    source = HEADER + """
class Net(nn.Module):
    def _init_(self):
        self.register_parameter("w", nn.Parameter(torch.ones(1)))
"""
    assert codes(source) == ["MOD105"]


@pytest.mark.parametrize("cls", [
    # a real __int__: builds nothing
    "class Q(nn.Module):\n    def __int__(self):\n        return 3\n",
    # has a real __init__ too
    "class Q(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    "    def _init_(self):\n        self.fc = nn.Linear(2, 2)\n",
    # called by name: a deliberate second phase
    "class Q(nn.Module):\n    def _init_(self):\n        self.fc = nn.Linear(2, 2)\n"
    "q = Q()\nq._init_()\n",
    # __init__ bound in the class body
    "def build(self):\n    nn.Module.__init__(self)\n\n"
    "class Q(nn.Module):\n    __init__ = build\n    def _init(self):\n"
    "        self.fc = nn.Linear(2, 2)\n",
    # stores only plain values
    "class Q(nn.Module):\n    def _init_(self):\n        self.n = 3\n",
])
def test_lookalikes_are_not_flagged(cls):
    assert "MOD105" not in codes(HEADER + cls)


def test_not_flagged_outside_modules():
    source = HEADER + """
class Plain:
    def _init_(self):
        self.fc = nn.Linear(2, 2)
"""
    assert codes(source) == []


def test_a_misspelled_init_that_runs_the_base_or_makes_tensors_is_reported():
    assert codes("""
        import torch
        from torch import nn

        class Getter(nn.ModuleDict):
            def __int__(self, layers):
                super().__init__(layers)

        class Anchors(nn.Module):
            def _init_(self, sizes=(1, 2)):
                self.cell_anchors = torch.tensor(sizes)
    """) == ["MOD105", "MOD105"]


@pytest.mark.parametrize("method, reported", [
    # reduced from tsai's losses: the arguments kept on self, nothing returned
    ("def __int__(self, crit):\n        self.crit = crit\n        self.weights = None", True),
    ("def _init_(self, size, *, scale=1.0):\n        self.size = size", True),
    ("def __int__(self, *dims, contiguous=False): self.dims, self.c = dims, contiguous", True),
    # a conversion: no arguments, a value returned
    ("def __int__(self):\n        self.calls = 1\n        return 3", False),
    ("def __int__(self, base):\n        self.base = base\n        return int(base)", False),
    # takes arguments but keeps nothing
    ("def _init_(self, size):\n        print(size)", False),
])
def test_arguments_kept_on_self_are_an_initialisers_work(method, reported):
    source = f"""
import torch
from torch import nn


class Loss(nn.Module):
    {method}

    def forward(self, x):
        return x
"""
    assert codes(source) == (["MOD105"] if reported else [])
