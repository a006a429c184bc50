"""MOD004 converted-parameter: precision and fixes beyond the rule book."""

from conftest import codes, fixed, lint


def test_reported_anywhere_and_through_aliases():
    source = """
        import torch
        from torch.nn import Parameter

        def make(device):
            return Parameter(torch.zeros(1)).to(device)

        w = torch.nn.parameter.Parameter(torch.ones(1)).half()
    """
    assert codes(source) == ["MOD004", "MOD004"]


def test_every_conversion_method():
    for method in ("to(d)", "cuda()", "cpu()", "double()", "float()", "half()",
                   "bfloat16()", "type(torch.float64)"):
        source = f"import torch\nw = torch.nn.Parameter(torch.ones(1)).{method}\n"
        assert codes(source) == ["MOD004"], method


def test_reported_once_and_not_with_mod001():
    source = """
        import torch
        from torch import nn

        class Gate(nn.Module):
            def __init__(self):
                super().__init__()
                self.sigma = nn.Parameter(torch.zeros(1)).double().float()
    """
    found = lint(source)
    assert [d.code for d in found] == ["MOD004"]
    assert (found[0].line, found[0].column) == (8, 21)


def test_module_conversion_is_fine():
    assert codes("""
        import torch
        from torch import nn

        layer = nn.Linear(2, 2).to("cpu")
        act = nn.Softmax(dim=-1).double().cuda()
    """) == []


def test_conversion_inside_or_after_is_fine():
    assert codes("""
        import torch
        from torch import nn

        class M(nn.Module):
            def __init__(self, device="cpu"):
                super().__init__()
                self.w = nn.Parameter(torch.zeros(2).to(device))
                self.v = nn.Parameter(torch.zeros(2, device=device))

            def forward(self, x):
                return x * self.w.double() + self.v.to(x.device)
    """) == []


def test_type_without_arguments_reads_the_type():
    assert codes("""
        import torch
        name = torch.nn.Parameter(torch.zeros(1)).type()
    """) == []


def test_other_parameter_classes_are_not_torch():
    assert codes("""
        import flax.linen as nn
        from mylib import Parameter

        w = Parameter(3).to("cpu")
        v = nn.Parameter(3).double()
    """) == []


def test_fix_keeps_keyword_arguments_and_parenthesizes():
    assert fixed("""
        import torch
        from torch import nn

        w = nn.Parameter(torch.ones(1) + 1, requires_grad=False).to("cpu")
        v = nn.Parameter(data=torch.ones(1)).half()
    """) == """
import torch
from torch import nn

w = nn.Parameter((torch.ones(1) + 1).to("cpu"), requires_grad=False)
v = nn.Parameter(data=torch.ones(1).half())
"""


def test_no_fix_without_positional_data():
    source = """
        import torch
        from torch import nn

        w = nn.Parameter(requires_grad=False, data=torch.ones(1)).to("cpu")
        v = nn.Parameter(*args).cuda()
    """
    assert all(d.fix is None for d in lint(source))
    assert len(lint(source)) == 2
