"""MOD002 plain-module-container: precision and fixes beyond the rule book."""

import pytest

from conftest import codes, fixed, lint

HEADER = "import torch\nfrom torch import nn\n\n"


def net(body: str, extra: str = "") -> str:
    return HEADER + f"""
class Net(nn.Module):
    def __init__(self, n=2, names=("a", "b")):
        super().__init__()
        {body}
{extra}"""


@pytest.mark.parametrize("body", [
    "self.layers = [nn.Linear(4, 4), nn.ReLU()]",
    "self.layers = (nn.Linear(4, 4), nn.ReLU())",
    "self.layers = {'a': nn.Linear(4, 4)}",
    "self.layers = {k: nn.Linear(4, 4) for k in names}",
    "self.layers = [Block() for _ in range(n)]",
    "self.layers = [nn.Linear(4, 4), 3]  # mixed",
    "layers = [nn.Linear(4, 4)]\n        self.layers = layers",
    "self.layers = []\n        self.layers.extend([nn.Linear(4, 4) for _ in range(n)])",
    "self.layers = []\n        self.layers.insert(0, nn.Linear(4, 4))",
    "self.layers = {}\n        for k in names:\n            self.layers[k] = nn.Linear(4, 4)",
    "self.layers = list()\n        self.build()",
])
def test_flagged(body):
    extra = """
    def build(self):
        self.layers.append(nn.Conv2d(1, 1, 1))

class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)
"""
    source = net(body, extra)
    found = lint(source)
    assert [d.code for d in found] == ["MOD002"]
    assert source.splitlines()[found[0].line - 1].strip().startswith("self.layers =")


@pytest.mark.parametrize("body", [
    # not modules: numbers, functions, module classes, attributes already registered
    "self.sizes = [1, 2]\n        self.acts = [torch.relu, torch.tanh]\n"
    "        self.kinds = [nn.Linear, nn.Conv2d]",
    "self.fc = nn.Linear(2, 2)\n        self.order = [self.fc]",
    # wrapped later, or reassigned
    "self.layers = [nn.Linear(4, 4)]\n        self.layers = nn.ModuleList(self.layers)",
    "self.layers = []\n        self.layers.append(nn.Linear(4, 4))\n"
    "        self.body = nn.Sequential(*self.layers)",
    "self.layers = [nn.Linear(4, 4)]\n        self.layers = make(self.layers)",
    "self.layers = []\n        self.layers.append(nn.Linear(4, 4))\n        self.body = Stack(self.layers)",
    # handed to a private module class by keyword (reduced from darts' TFT prescalers)
    "self.scalers = {'a': nn.Linear(1, 4)}\n        self.vsn = _Stack(layers=self.scalers)",
    # each element also registered
    "self.layers = []\n        for i in range(n):\n            layer = nn.Linear(4, 4)\n"
    "            self.add_module(f'layer{i}', layer)\n            self.layers.append(layer)",
    "self.layers = [nn.Linear(4, 4) for _ in range(n)]\n"
    "        for i, layer in enumerate(self.layers):\n            setattr(self, f'l{i}', layer)",
    "conv = nn.Conv2d(1, 1, 1)\n        self.conv = conv\n        self.convs = [conv]",
    # a local list that goes into a module
    "layers = [nn.Linear(4, 4)]\n        self.body = nn.Sequential(*layers)\n"
    "        self.layers = layers",
    # filled with things that are not known modules
    "self.outputs = []\n        self.outputs.append(torch.zeros(1))\n"
    "        self.hooks = {}\n        self.hooks['a'] = make()",
])
def test_not_flagged(body):
    extra = """
class Stack(nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.layers = nn.ModuleList(layers)


class _Stack(Stack):
    pass
"""
    assert codes(net(body, extra)) == []


def test_not_flagged_outside_modules_or_for_other_frameworks():
    assert codes("""
        import torch
        from torch import nn
        import flax.linen as fnn

        class Holder:
            def __init__(self):
                self.layers = [nn.Linear(2, 2)]

        class Dense(fnn.Module):
            def setup(self):
                self.layers = [fnn.Dense(4)]
    """) == []


def test_fixes():
    source = net("""self.a = (nn.Linear(4, 4), nn.ReLU())
        self.b = {f"h{k}": nn.Linear(4, 4) for k in names}
        self.c = {}
        self.c["x.y"] = nn.Linear(4, 4)
        self.d = {1: nn.Linear(4, 4)}
        self.e = [nn.Linear(4, 4), 3]
        self.f = []
        self.f.append(nn.Linear(4, 4))""")
    assert fixed(source) == net("""self.a = nn.ModuleList((nn.Linear(4, 4), nn.ReLU()))
        self.b = nn.ModuleDict({f"h{k}": nn.Linear(4, 4) for k in names})
        self.c = {}
        self.c["x.y"] = nn.Linear(4, 4)
        self.d = {1: nn.Linear(4, 4)}
        self.e = [nn.Linear(4, 4), 3]
        self.f = nn.ModuleList()
        self.f.append(nn.Linear(4, 4))""")


def test_fix_adds_the_import_when_nn_is_not_bound():
    assert fixed("""
        import torch

        class Net(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.layers = [torch.nn.Linear(2, 2)]
    """) == """
import torch

class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = torch.nn.ModuleList([torch.nn.Linear(2, 2)])
"""


def test_a_dict_of_stateless_loss_modules_is_not_flagged():
    # reduced from the corpus review: losses without weights kept in a dict by name
    source = """
from torch import nn
from torch.nn import CrossEntropyLoss, SmoothL1Loss


class Heads(nn.Module):
    def __init__(self):
        super().__init__()
        self.losses = {"l1": SmoothL1Loss(reduction="none"), "ce": CrossEntropyLoss()}
        self.acts = [nn.ReLU(), nn.GELU()]
"""
    assert "MOD002" not in codes(source)


def test_a_dict_of_weighted_losses_is_still_flagged():
    source = """
import torch
from torch import nn


class Heads(nn.Module):
    def __init__(self):
        super().__init__()
        self.losses = {"ce": nn.CrossEntropyLoss(weight=torch.ones(3))}
"""
    assert "MOD002" in codes(source)


def test_a_list_of_modules_of_the_file_without_state_is_not_flagged():
    source = """
        import torch
        from torch import nn

        class Resample(nn.Module):
            def __init__(self, orig, new):
                super().__init__()
                self.orig, self.new = orig, new

            def forward(self, wave):
                return torch.nn.functional.interpolate(wave, scale_factor=self.new / self.orig)

        class Dropping(nn.Module):
            def forward(self, x):
                return x * 0 if self.training else x

        class SpeedPerturb(nn.Module):
            def __init__(self, orig=16000, speeds=(90, 100, 110)):
                super().__init__()
                self.resamplers = []
                for speed in speeds:
                    self.resamplers.append(Resample(orig, orig * speed // 100))
                self.drops = [Dropping() for _ in speeds]

            def forward(self, wave):
                return self.resamplers[0](self.drops[0](wave))
    """
    assert [(d.code, d.line) for d in lint(source)] == [("MOD002", 23)]


def test_a_container_truncated_by_a_slice_of_itself_is_still_reported():
    assert codes(HEADER + """
class Net(nn.Module):
    def __init__(self, n=3):
        super().__init__()
        self.blocks = [nn.Linear(4, 4) for _ in range(n)]

    def prune(self, keep):
        self.blocks = self.blocks[:keep]
""") == ["MOD002"]


@pytest.mark.parametrize("returned, reported", [("block", False), ("name", True)])
def test_an_index_filled_by_a_method_that_returns_the_module_is_not_reported(returned, reported):
    # classy-vision's ClassyModel: `_build_attachable_block` stores each block by name and
    # returns it; subclasses place the block in their own layers
    source = net("self._blocks = {}\n        self.body = nn.Sequential(self._attach('a'))", f"""
    def _attach(self, name):
        block = nn.Linear(4, 4)
        self._blocks[name] = block
        return {returned}
""")
    assert ("MOD002" in codes(source)) is reported


def test_a_helper_returning_a_sequential_of_its_local_list_is_a_module():
    # CLIP's ModifiedResNet: `self.layer1 = self._make_layer(...)`
    source = net("self.layer1 = self._make_layer(2)", """
    def _make_layer(self, blocks):
        layers = [nn.Linear(4, 4)]
        for _ in range(1, blocks):
            layers.append(nn.Linear(4, 4))
        return nn.Sequential(*layers)
""")
    assert "MOD002" not in codes(source)


@pytest.mark.parametrize("body, reported", [
    # stanza's CNN classifier: a helper registers modules under names given at run time
    ("self.convs = []\n        self.convs.append(nn.Linear(4, 4))", True),
    ("self.convs = [nn.Linear(4, 4) for _ in range(n)]", True),
    ("layer = nn.Linear(4, 4)\n        self.convs = [layer]", False),
    ("layers = [nn.Linear(4, 4)]\n        self.convs = layers", False),
])
def test_registrations_under_run_time_names_hide_only_elements_made_elsewhere(body, reported):
    source = net(body + "\n        self.register('a', nn.ReLU())", """
    def register(self, name, module):
        setattr(self, name, module)
""")
    assert ("MOD002" in codes(source)) is reported


def test_another_value_on_the_other_branch_does_not_hide_the_list():
    # pytorch-forecasting: one output layer for one target, a plain list for several
    source = net("if n == 1:\n            self.out = nn.Linear(4, 1)\n        else:\n"
                 "            self.out = [nn.Linear(4, 1) for _ in range(n)]")
    assert "MOD002" in codes(source)
    source = net("self.out = [nn.Linear(4, 1) for _ in range(n)]\n"
                 "        if n == 1:\n            self.out = nn.Linear(4, 1)")
    assert "MOD002" not in codes(source)


def test_a_list_holding_the_module_itself_is_a_view_kept_plain():
    # tsai's MultiInputNet: `self.m` holds wrappers of registered parts and `self`
    source = """
        import torch
        from torch import nn

        class Multi(nn.Module):
            def __init__(self, *models):
                super().__init__()
                self.m = []
                self.parts = nn.ModuleList(models)
                for part in self.parts:
                    self.m.append(nn.Sequential(part))
                self.m.append(self)

            def forward(self, x):
                return [m(x) for m in self.m[:-1]]
    """
    assert codes(source) == []
    assert codes(source.replace("        self.m.append(self)\n", "")) == ["MOD002"]


@pytest.mark.parametrize("default", [
    "Block", "nn.Conv2d", "partial(nn.Conv2d, kernel_size=3)",
])
def test_modules_made_by_a_parameter_whose_default_makes_modules(default):
    # reduced from pytorch-toolbelt's FPN decoders: `bottleneck_block=FPNBottleneckBlock`
    source = f"""
from functools import partial

import torch
from torch import nn


class Block(nn.Module):
    def __init__(self, a, b):
        super().__init__()
        self.conv = nn.Conv2d(a, b, 1)


class Decoder(nn.Module):
    def __init__(self, sizes, block={default}):
        super().__init__()
        self.blocks = [block(size, size) for size in sizes]
"""
    assert codes(source) == ["MOD002"]


def test_a_parameter_whose_default_is_no_module_class_makes_nothing_known():
    source = """
import torch
from torch import nn


class Decoder(nn.Module):
    def __init__(self, sizes, make=None, act=torch.relu):
        super().__init__()
        self.heads = [make(size) for size in sizes]
        self.acts = [act(size) for size in sizes]
"""
    assert codes(source) == []


def test_a_plain_container_copied_with_list_is_reported_where_the_copy_is_made():
    # reduced from pytorch-toolbelt's UPerNet and darts' N-BEATS with the wrapper gone
    source = """
import torch
from torch import nn


class UPer(nn.Module):
    def __init__(self, scales):
        super().__init__()
        self.pool = []
        for s in scales:
            self.pool.append(nn.AdaptiveAvgPool2d(s))
        self.pool = list(self.pool)
        self.stack_list = []
        for s in scales:
            self.stack_list.append(nn.Linear(s, s))
        self.fc_stack = list(self.stack_list)
        self.kept = [nn.Linear(2, 2)]
        self.registered = nn.ModuleList(self.kept)
        self.view = list(self.registered)
"""
    assert [(d.code, d.line) for d in lint(source)] == [
        ("MOD002", 12), ("MOD002", 13), ("MOD002", 16)]
