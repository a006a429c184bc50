"""MOD006 repeated-module-instance: precision and fixes beyond the rule book."""

from conftest import codes, fixed, lint


def test_reported_in_both_orders_and_outside_classes():
    source = """
        from torch import nn

        a = nn.Sequential(*[nn.Conv2d(3, 3, 3)] * 4)
        b = nn.ModuleList(2 * [nn.LSTM(4, 4)])
    """
    found = lint(source)
    assert [d.code for d in found] == ["MOD006", "MOD006"]
    assert (found[0].line, found[0].column) == (4, 19)


def test_stateless_layers_are_fine():
    assert codes("""
        from torch import nn

        class Act(nn.Module):
            def forward(self, x):
                return x * 2

        acts = nn.ModuleList([nn.ReLU()] * 3 + [nn.Dropout(0.1)] * 2 + [Act()] * 2)
    """) == []


def test_module_classes_and_plain_values_are_fine():
    assert codes("""
        from torch import nn

        kinds = [nn.Linear] * 3
        sizes = [4] * 3
        names = ["fc"] * 2
        other = [make_layer()] * 2
    """) == []


def test_one_instance_per_position_is_fine():
    assert codes("""
        import copy
        from torch import nn

        layer = nn.Linear(4, 4)
        a = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])
        b = nn.ModuleList([copy.deepcopy(layer) for _ in range(3)])
        c = [layer] * 3  # a bound name: sharing is more plausibly meant
    """) == []


def test_not_torch():
    assert codes("""
        import flax.linen as nn

        layers = [nn.Dense(4)] * 3
    """) == []


def test_local_block_with_state_through_a_base():
    assert codes("""
        from torch import nn

        class Base(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(2, 2)

        class Child(Base):
            pass

        layers = [Child()] * 2
    """) == ["MOD006"]


def test_fix_and_no_fix():
    assert fixed("""
        from torch import nn
        layers = nn.Sequential(*[nn.Linear(4, 4)] * (n + 1))
    """) == """
from torch import nn
layers = nn.Sequential(*[nn.Linear(4, 4) for _ in range(n + 1)])
"""
    source = """
        from torch import nn
        a = [nn.Linear(4, 4), nn.ReLU()] * 2
        b = [nn.Linear(_, 4)] * 2
    """
    found = lint(source)
    assert len(found) == 2 and all(d.fix is None for d in found)


def test_sharing_chosen_by_a_flag_against_one_per_position_is_fine():
    # schnetpack's SchNet: `coupled_interactions` shares one block on purpose
    source = """
        from torch import nn

        class Net(nn.Module):
            def __init__(self, n=3, coupled=False):
                super().__init__()
                if coupled:
                    self.blocks = nn.ModuleList([nn.Linear(4, 4)] * n)
                else:
                    self.blocks = nn.ModuleList([nn.Linear(4, 4) for _ in range(n)])
                self.heads = ([nn.Linear(4, 2)] * n if coupled
                              else [nn.Linear(4, 2) for _ in range(n)])
    """
    assert codes(source) == []
    assert codes(source.replace("for _ in range(n)]", "] * n").replace(
        "[nn.Linear(4, 4) ] * n", "[nn.Linear(4, 4)] * n")) == ["MOD006"] * 4
    unrelated = source.replace("[nn.Linear(4, 4) for _ in range(n)]", "[nn.ReLU()]")
    assert codes(unrelated) == ["MOD006"]
