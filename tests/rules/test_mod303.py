"""MOD303 container-constructor-misuse: precision and fixes."""

import pytest

from conftest import codes, fixed, lint

HEADER = "import torch\nfrom torch import nn\n\n"


@pytest.mark.parametrize("bad,good", [
    ("nn.Sequential([nn.ReLU(), nn.Tanh()])", "nn.Sequential(*[nn.ReLU(), nn.Tanh()])"),
    ("nn.Sequential((nn.ReLU(),))", "nn.Sequential(*(nn.ReLU(),))"),
    ("nn.Sequential([nn.ReLU() for _ in range(2)])",
     "nn.Sequential(*[nn.ReLU() for _ in range(2)])"),
    ("nn.Sequential(nn.ReLU() for _ in range(2))",
     "nn.Sequential(*(nn.ReLU() for _ in range(2)))"),
    ("torch.nn.modules.container.Sequential([nn.ReLU()])",
     "torch.nn.modules.container.Sequential(*[nn.ReLU()])"),
    ("nn.ModuleList(nn.ReLU(), nn.Tanh())", "nn.ModuleList([nn.ReLU(), nn.Tanh()])"),
    ("nn.ModuleList((nn.ReLU()), (nn.Tanh()),)", "nn.ModuleList([(nn.ReLU()), (nn.Tanh())],)"),
    ("nn.ModuleList(nn.Linear(2, 2))", "nn.ModuleList([nn.Linear(2, 2)])"),
    ("nn.ParameterList(nn.Parameter(torch.ones(1)), nn.Parameter(torch.ones(1)))",
     "nn.ParameterList([nn.Parameter(torch.ones(1)), nn.Parameter(torch.ones(1))])"),
    ("nn.Sequential(nn.Linear(2, 2), nn.ReLU)", "nn.Sequential(nn.Linear(2, 2), nn.ReLU())"),
    ("nn.ModuleList([nn.Tanh, nn.ReLU()])", "nn.ModuleList([nn.Tanh(), nn.ReLU()])"),
])
def test_misuse_is_reported_and_fixed_safely(bad, good):
    source = HEADER + f"net = {bad}\n"
    assert codes(source) == ["MOD303"]
    assert fixed(source, unsafe=False) == HEADER + f"net = {good}\n"


def test_fixes_combine_over_rounds():
    source = HEADER + "net = nn.ModuleList(nn.ReLU, nn.Tanh)\n"
    assert fixed(source, unsafe=False) == HEADER + "net = nn.ModuleList([nn.ReLU(), nn.Tanh()])\n"


def test_classes_that_need_arguments_get_no_fix():
    source = HEADER + """
class Block(nn.Module):
    def __init__(self, size):
        super().__init__()

class Free(nn.Module):
    def __init__(self, size=2):
        super().__init__()

net = nn.Sequential(nn.Linear, Block, Free, nn.Softmax)
"""
    found = lint(source)
    assert [d.code for d in found] == ["MOD303"] * 4
    assert [d.fix is not None for d in found] == [False, False, True, False]


@pytest.mark.parametrize("good", [
    "nn.Sequential(*[nn.ReLU()])",
    "nn.Sequential(OrderedDict(a=nn.ReLU()))",
    "nn.ModuleList([nn.ReLU(), nn.Tanh()])",
    "nn.ModuleList(nn.Sequential(nn.ReLU()))",
    "nn.ModuleList(nn.ModuleList([nn.ReLU()]))",
    "nn.ModuleList(layers)",
    "nn.ModuleList()",
    "nn.Sequential(layers)",  # a name: what it holds is not followed
    "Stack([nn.ReLU()])",
    "Iterable(nn.ReLU())",
    "nn.ModuleList(Holder())",
    "flax_nn.Sequential([flax_nn.Dense(2)])",
])
def test_look_alikes_are_not_reported(good):
    source = HEADER + f"""
from collections import OrderedDict
import flax.linen as flax_nn

class Stack(nn.Sequential):
    def __init__(self, layers):
        super().__init__(*layers)

class Holder(nn.Module):
    def __iter__(self):
        return iter([nn.ReLU()])

def build(layers):
    return {good}
"""
    assert codes(source) == []


def test_a_class_kept_as_a_factory_is_not_reported():
    source = HEADER + """
class Net(nn.Module):
    def __init__(self, norm_layer=nn.BatchNorm2d):
        super().__init__()
        self.norm_layer = nn.BatchNorm2d
        self.norm = norm_layer(4)
"""
    assert codes(source) == []


def test_a_local_list_passed_without_unpacking_is_reported():
    source = """
        from collections import OrderedDict
        from torch import nn

        class Head(nn.Module):
            def __init__(self, n=2):
                super().__init__()
                layers = []
                for _ in range(n):
                    layers.append(nn.Linear(4, 4))
                self.body = nn.Sequential(layers)
                named = OrderedDict(fc=nn.Linear(4, 4))
                self.named = nn.Sequential(named)
    """
    assert [d.code for d in lint(source)] == ["MOD303"]
    assert "nn.Sequential(*layers)" in fixed(source, unsafe=False)


def test_a_local_list_of_a_plain_function_and_a_star_parameter_are_sequences():
    # blitz's `make_layers` (a function building VGG) and k-diffusion's ResidualBlock(*main)
    source = """\
import torch
from torch import nn


def make_layers(cfg):
    layers = []
    for v in cfg:
        layers += [nn.Conv2d(3, v, 3)]
    return nn.Sequential(layers)


class Res(nn.Module):
    def __init__(self, *main):
        super().__init__()
        self.main = nn.Sequential(main)
"""
    assert codes(source) == ["MOD303", "MOD303"]
    after = fixed(source)
    assert "nn.Sequential(*layers)" in after and "nn.Sequential(*main)" in after


def test_a_local_made_by_adding_two_lists_is_a_list():
    # pytorch-forecasting's N-HiTS block: `layers = hidden_layers + output_layer`
    source = HEADER + """
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        hidden = []
        hidden.append(nn.Linear(2, 2))
        out = [nn.Linear(2, 1)]
        layers = hidden + out
        self.layers = nn.Sequential(layers)
"""
    assert codes(source) == ["MOD303"]
    assert "nn.Sequential(*layers)" in fixed(source)


def test_lists_chosen_by_a_condition_or_unpacked_from_a_tuple_are_lists():
    # taming's NetLinLayer (`[nn.Dropout()] if use_dropout else []`) and yolov5's
    # parse_model (`layers, save, c2 = [], [], ch[-1]` in a module-level function)
    source = HEADER + """
class Lin(nn.Module):
    def __init__(self, dropout=False):
        super().__init__()
        layers = [nn.Dropout()] if dropout else []
        layers += [nn.Conv2d(2, 1, 1)]
        self.model = nn.Sequential(layers)


def parse_model(n):
    layers, save, c2 = [], [], n
    for _ in range(n):
        layers.append(nn.Linear(c2, c2))
    return nn.Sequential(layers), save
"""
    assert codes(source) == ["MOD303", "MOD303"]
    assert fixed(source).count("nn.Sequential(*layers)") == 2
    assert codes(source.replace("if dropout else []", "if dropout else None").replace(
        "layers, save, c2 = [], [], n", "layers, save, c2 = make(n)")) == []


@pytest.mark.parametrize("body, line", [
    # reduced from pyiqa's NIMA: a list on self, wrapped without `*`
    ("self.head = [nn.Linear(4, 4), nn.ReLU()]\n        self.head = nn.Sequential(self.head)", 2),
    # torchdistill's bottleneck: a slice of a local list
    ("layers = [nn.Linear(4, 4), nn.ReLU()]\n        self.enc = nn.Sequential(layers[:1])", 2),
    # pyiqa's DBCNN: a slice of list(...)
    ("self.body = nn.Sequential(list(nn.Sequential(nn.ReLU()).children())[:-1])", 1),
])
def test_lists_reached_through_slices_calls_and_self(body, line):
    source = "import torch\nfrom torch import nn\n\nclass Net(nn.Module):\n" \
             "    def __init__(self):\n        super().__init__()\n        " + body + "\n"
    found = lint(source)
    assert [(d.code, d.line) for d in found] == [("MOD303", 6 + line)]


@pytest.mark.parametrize("body", [
    # unpacked, or on self a module by the time of the call
    "self.head = [nn.Linear(4, 4)]\n        self.head = nn.Sequential(*self.head)",
    "self.head = nn.Linear(4, 4)\n        self.body = nn.Sequential(self.head)",
    "layers = [nn.Linear(4, 4)]\n        self.enc = nn.Sequential(*layers[:1])",
    "self.body = nn.Sequential(self.make()[:-1])",
])
def test_not_lists_or_unpacked(body):
    source = "import torch\nfrom torch import nn\n\nclass Net(nn.Module):\n" \
             "    def __init__(self):\n        super().__init__()\n        " + body + "\n"
    assert codes(source) == []


def test_lists_in_static_methods_and_annotated_or_grown_in_functions():
    # reduced from pyiqa's make_layers and torchdistill's build_connector
    source = """
from typing import List

import torch
from torch import nn


def make_layers(cfg):
    layers: List[nn.Module] = []
    for v in cfg:
        layers += [nn.ReLU()]
    return nn.Sequential(layers)


class Connector(nn.Module):
    @staticmethod
    def build(conf):
        module_list = [nn.Conv2d(**conf)]
        if conf:
            module_list.append(nn.BatchNorm2d(**conf))
        return nn.Sequential(module_list)
"""
    assert [(d.code, d.line) for d in lint(source)] == [("MOD303", 12), ("MOD303", 21)]
    grown = source.replace("layers += [nn.ReLU()]", "layers += make_more()")
    assert [d.line for d in lint(grown)] == [21]
