"""MOD203 direct-forward-call: precision and fixes."""

from conftest import codes, fixed, lint

HEADER = "import torch\nfrom torch import nn\n\n"


def test_submodule_and_local_module_forward_calls_are_reported_and_fixed():
    source = HEADER + """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)
        self.head = None

    def build(self):
        self.head = nn.Linear(2, 1)

    def forward(self, x):
        return self.head.forward(self.fc.forward(x))

def main():
    model = Net()
    model = model.to("cpu")
    return model.forward(torch.ones(1, 2))

net = Net()
y = net.forward(torch.ones(1, 2))
"""
    found = lint(source)
    assert [d.code for d in found] == ["MOD203"] * 4
    assert fixed(source, unsafe=False) == source
    after = fixed(source)
    assert "return self.head(self.fc(x))" in after
    assert "return model(torch.ones(1, 2))" in after and "y = net(torch.ones(1, 2))" in after


def test_base_class_calls_are_not_reported():
    source = HEADER + """
class A(nn.Linear):
    def forward(self, x):
        return super().forward(x) + super(A, self).forward(x) + nn.Linear.forward(self, x)

class B(A):
    def forward(self, x):
        return A.forward(self, x) + self.forward_features(x)

    def forward_features(self, x):
        return x

    def predict(self, x):
        return self.forward(x)
"""
    assert codes(source) == []


def test_receivers_not_known_to_be_modules_are_not_reported():
    source = HEADER + """
class Wrapper(nn.Module):
    def __init__(self, inner, fallback=None):
        super().__init__()
        self.inner = inner
        self.mixed = nn.Linear(2, 2) if fallback is None else fallback
        self.layers = nn.ModuleList([nn.Linear(2, 2)])

    def forward(self, x):
        x = self.inner.forward(x) + self.mixed.forward(x)
        for layer in self.layers:
            x = layer.forward(x)
        return self.layers[0].forward(x)

def run(model, x):
    return model.forward(x)

class Pipeline:  # not a module: self.step is a plain attribute
    def __init__(self):
        self.step = Step()

    def run(self, x):
        return self.step.forward(x)

class Step:
    def forward(self, x):
        return x
"""
    assert codes(source) == []


def test_a_name_rebound_to_something_else_is_not_reported():
    source = HEADER + """
def main(make):
    model = nn.Linear(2, 2)
    model = make(model)
    return model.forward(torch.ones(2))
"""
    assert codes(source) == []


def test_flax_style_names_are_not_torch_modules():
    source = """
import flax.linen as nn

def run(x):
    layer = nn.Dense(2)
    return layer.forward(x)
"""
    assert codes(source) == []


def test_a_module_on_one_path_and_a_layer_factory_on_the_other():
    source = """
        from torch import nn

        def passthrough(h, x):
            return h

        class Block(nn.Module):
            def __init__(self, norm_layer=None, gru=True):
                super().__init__()
                self.norm = norm_layer(4) if norm_layer else nn.Identity()
                if norm_layer:
                    self.q_norm = norm_layer(4)
                else:
                    self.q_norm = nn.Identity()
                self.gru = nn.GRUCell(4, 4) if gru else passthrough

            def forward(self, x):
                x = self.q_norm.forward(x)
                return self.gru.forward(x, x)
    """
    assert [(d.code, d.line) for d in lint(source)] == [("MOD203", 18)]


def test_a_module_on_one_path_and_a_lambda_on_another_is_still_bypassed():
    # facexlib's NormLayer: `self.norm = nn.LayerNorm(...)` or `lambda x: x * 1.0`
    source = """
        from torch import nn

        class Norm(nn.Module):
            def __init__(self, kind, n=4):
                super().__init__()
                if kind == "layer":
                    self.norm = nn.LayerNorm(n)
                else:
                    self.norm = lambda x: x * 1.0

            def forward(self, x):
                return self.norm.forward(x)
    """
    assert codes(source) == ["MOD203"]
    assert codes(source.replace("lambda x: x * 1.0", "identity")) == []  # may have .forward


def test_a_value_replaced_later_in_the_same_method_is_never_called():
    # reduced from pythae's MADE: a list built, then wrapped under the same name
    source = """
import torch
from torch import nn


class MADE(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.net = []
        for size in sizes:
            self.net.append(nn.Linear(size, size))
        self.net = nn.Sequential(*self.net)
        self.tail = []
        for size in sizes:
            self.tail = nn.Linear(size, size)

    def forward(self, x):
        return self.tail.forward(self.net.forward(x))
"""
    # the loop's assignment may never run: the empty list may still be there
    assert [(d.code, d.column) for d in lint(source)] == [("MOD203", 33)]
