"""MOD005 module-requires-grad-attribute: precision and fixes beyond the rule book."""

from conftest import codes, fixed, lint

HEADER = "import torch\nfrom torch import nn\n\n"


def test_flagged_on_self_and_on_module_attributes():
    found = lint(HEADER + """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Linear(2, 2)
        self.block = Block()
        self.maybe = None

    def freeze(this):
        this.enc.requires_grad = False
        this.block.requires_grad = False
        this.requires_grad = False

    def build(self):
        self.maybe = nn.Linear(2, 2)
        self.maybe.requires_grad = False

class Block(nn.Module):
    pass
""")
    assert [(d.code, d.line) for d in found] == [("MOD005", line) for line in (13, 14, 15, 19)]
    assert "`this.enc.requires_grad_(False)`" in found[0].message


def test_tensors_and_parameters_are_fine():
    assert codes(HEADER + """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.zeros(2))
        self.w.requires_grad = False
        self.fc = nn.Linear(2, 2)
        self.fc.weight.requires_grad = False
        for p in self.fc.parameters():
            p.requires_grad = False
        t = torch.zeros(2)
        t.requires_grad = True
""") == []


def test_unknown_types_are_not_judged():
    assert codes(HEADER + """
from transformers import AutoModel

class Net(nn.Module):
    def __init__(self, backbone):
        super().__init__()
        self.backbone = backbone
        self.backbone.requires_grad = False
        self.bert = AutoModel.from_pretrained("bert-base-uncased")
        self.bert.requires_grad = False
        self.mixed = nn.Linear(2, 2)

    def swap(self):
        self.mixed = make()
        self.mixed.requires_grad = False

model = nn.Linear(2, 2)
model.requires_grad = False  # outside a class: the type of a name is not tracked
""") == []


def test_a_flag_of_the_class_or_a_property_is_fine():
    assert codes(HEADER + """
class Flagged(nn.Module):
    def __init__(self, requires_grad=True):
        super().__init__()
        self.requires_grad = requires_grad

    def forward(self, x):
        return x if self.requires_grad else x.detach()

class WithProperty(nn.Module):
    @property
    def requires_grad(self):
        return all(p.requires_grad for p in self.parameters())

    @requires_grad.setter
    def requires_grad(self, value):
        self.requires_grad_(value)

    def freeze(self):
        self.requires_grad = False

class NotAModule:
    def __init__(self):
        self.requires_grad = False
""") == []


def test_no_fix_in_init_before_the_weights_exist():
    source = HEADER + """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.requires_grad = False
        self.fc = nn.Linear(2, 2)
"""
    found = lint(source)
    assert [d.code for d in found] == ["MOD005"] and found[0].fix is None


def test_fix_in_init_after_the_weights():
    assert fixed(HEADER + """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)
        self.requires_grad = not True
""") == HEADER + """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)
        self.requires_grad_(not True)
"""


def test_a_recorded_flag_the_class_implements_or_nothing_to_freeze():
    assert codes("""
        import torch
        from torch import nn

        class Filterbank(nn.Module):
            def __init__(self, freeze=True):
                super().__init__()
                self.band = nn.Parameter(torch.ones(4), requires_grad=not freeze)

        class Fbank(nn.Module):
            def __init__(self, requires_grad=False):
                super().__init__()
                self.requires_grad = requires_grad
                self.filters = Filterbank(freeze=not requires_grad)

        class Normalization(nn.Module):
            def __init__(self, requires_grad=False):
                super().__init__()
                self.requires_grad = requires_grad
                self.count = 0
    """) == []


def test_a_flag_set_but_never_implemented_is_reported():
    assert codes("""
        from torch import nn

        class Encoder(nn.Module):
            def __init__(self, trainable=False):
                super().__init__()
                self.fc = nn.Linear(4, 4)
                self.requires_grad = trainable
    """) == ["MOD005"]


def test_flagged_where_the_receiver_is_proven_a_module_outside_module_classes():
    # gfpgan's trainer (`self.net_d` from a factory, its parameters optimised) and lightly's
    # `activate_requires_grad(model: nn.Module)`
    found = lint(HEADER + """
class Trainer:
    def __init__(self, opt):
        self.net_d = build_network(opt)
        self.optimizer = torch.optim.Adam(self.net_d.parameters())
        self.x = torch.zeros(3)

    def freeze(self):
        self.net_d.requires_grad = False
        self.x.requires_grad = False
        self.optimizer.requires_grad = False


def activate(model: nn.Module):
    model.requires_grad = True


def deactivate(model):
    for name, _ in model.named_parameters():
        print(name)
    model.requires_grad = False


def leaf(x: torch.Tensor, y):
    x.requires_grad = True
    y.requires_grad = True
""")
    assert [(d.code, d.line) for d in found] == [
        ("MOD005", 12), ("MOD005", 18), ("MOD005", 24)]
    fixed_source = fixed(HEADER + "def activate(model: nn.Module):\n"
                                  "    model.requires_grad = True\n")
    assert "model.requires_grad_(True)" in fixed_source


def test_a_local_name_bound_only_to_modules():
    # reduced from pyiqa's DBCNN: a pretrained SCNN built in a local, then frozen
    source = """
import torch
from torch import nn


class SCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)


class DBCNN(nn.Module):
    def __init__(self, frozen):
        super().__init__()
        scnn = SCNN()
        helper = make_helper()
        if frozen:
            scnn.requires_grad = False
            helper.requires_grad = False
        self.features = scnn.fc
"""
    assert [(d.code, d.line) for d in lint(source)] == [("MOD005", 18)]
