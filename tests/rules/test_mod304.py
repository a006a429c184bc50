"""MOD304 uncalled-method: precision and fixes."""

import pytest

from conftest import codes, fixed, lint

HEADER = "import torch\nfrom torch import nn\n\n"


@pytest.mark.parametrize("statement", ["model.eval", "model.train", "opt.zero_grad",
                                       "weight.requires_grad_", "self_model.eval"])
def test_in_place_methods_on_any_object(statement):
    source = HEADER + f"def run(model, opt, weight, self_model):\n    {statement}\n"
    found = lint(source)
    assert [d.code for d in found] == ["MOD304"]
    assert fixed(source, unsafe=False) == source
    assert fixed(source) == source.replace(statement, statement + "()")


def test_conversions_on_modules_are_reported_and_fixed():
    source = HEADER + """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)

    def to_half(self):
        self.half
        self.fc.double

model = Net()
model.cuda
"""
    after = fixed(source)
    assert "        self.half()\n        self.fc.double()\n" in after
    assert after.endswith("model.cuda()\n")


def test_conversions_on_tensors_are_reported_without_fix():
    source = HEADER + """
def run():
    t = torch.ones(2)
    t.double
"""
    found = lint(source)
    assert [d.code for d in found] == ["MOD304"]
    assert found[0].fix is None and "`t = t.double()`" in found[0].message


@pytest.mark.parametrize("statement", ["args.cuda", "cfg.half", "x.float", "data.cpu",
                                       "self.double"])
def test_conversions_on_unknown_objects_are_not_reported(statement):
    source = HEADER + f"""
class Plain:
    def run(self, args, cfg, x, data):
        {statement}
"""
    assert codes(source) == []


def test_used_reads_calls_and_properties_are_not_reported():
    source = HEADER + """
class Switch:
    @property
    def train(self):
        return True

    eval = True

def run(model):
    model.zero_grad()
    fn = model.eval
    print(model.train)
    model.train
    model.eval
    return fn
"""
    assert codes(source) == []


def test_other_attributes_are_not_reported():
    source = HEADER + """
def run(model):
    model.training
    model.forward
    model.parameters
"""
    assert codes(source) == []
