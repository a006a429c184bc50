"""MOD407 imprecise-log-exp."""

import textwrap

import pytest

from conftest import ALL, codes, fixed
from modlint.api import lint_source
from modlint.diagnostics import Applicability


def lint(source: str):
    return lint_source(textwrap.dedent(source), ALL).diagnostics


@pytest.mark.parametrize("before,after", [
    ("torch.log(1 + x)", "torch.log1p(x)"),
    ("torch.log(x + 1.0)", "torch.log1p(x)"),
    ("t.log(1 + x)", "t.log1p(x)"),
    ("torch.exp(a * b) - 1", "torch.expm1(a * b)"),
    ("(torch.exp(x) - 1) * 2", "(torch.expm1(x)) * 2"),  # the parentheses stay
    ("torch.log(torch.sum(torch.exp(x), 1, keepdim=True))", "torch.logsumexp(x, 1, keepdim=True)"),
    ("torch.log(torch.sum(torch.exp(x), dim=-1))", "torch.logsumexp(x, dim=-1)"),
])
def test_reported_with_an_unsafe_fix(before, after):
    source = f"import torch\nimport torch as t\ny = {before}\n"
    [diagnostic] = lint(source)
    assert diagnostic.code == "MOD407"
    assert diagnostic.fix.applicability is Applicability.UNSAFE
    assert fixed(source).splitlines()[-1] == f"y = {after}"


@pytest.mark.parametrize("expression", [
    "torch.log(2 + x)",
    "torch.exp(x) - 2",
    "1 - torch.exp(x)",
    "torch.log(torch.sum(torch.exp(x)))",
    "torch.log(torch.sum(torch.exp(x), None))",
    "torch.log(torch.sum(torch.exp(x), dim=None))",
    "torch.log(torch.sum(torch.exp(x), 1) + 2.5)",
    "torch.sum(torch.log(torch.exp(x)), 1)",
    "numpy.log(1 + x)",
    # a stable log-sum-exp already: every exp is of a shifted, non-positive value
    "torch.log(torch.sum(torch.exp(x - x.max(dim=1, keepdim=True)[0]), 1))",
    # `1 + n` of a whole number is exact
    "torch.log(1 + torch.floor(x / 2))",
    "torch.log(1 + (x > 0).long())",
    "torch.log(1 + len(x))",
])
def test_not_reported(expression):
    assert lint(f"import torch\nimport numpy\ny = {expression}\n") == []


MODULE = """
import torch
from torch import nn
from einops import rearrange

class Positions(nn.Module):
    def forward(self, dots, x, start):
        n, device = dots.shape[-1], dots.device
        {line}
        pos = rearrange(pos, '... -> ... 1')
        return torch.sign(pos) * torch.log(pos.abs() + 1)
"""


@pytest.mark.parametrize("line", [
    "pos = torch.arange(-n + 1, n, device=device, dtype=dots.dtype)",
    "pos = torch.arange(n).float() - n // 2",
    "pos = torch.randint(0, 10, (n,)) * 3",
])
def test_whole_numbers_through_local_names_are_not_reported(line):
    # relative positions from an arange: the smallest non-zero |pos| is 1, nothing is lost
    assert lint(MODULE.format(line=line)) == []


@pytest.mark.parametrize("line", [
    "pos = torch.arange(0.5, n)",          # a fractional start
    "pos = torch.arange(0, n, 0.1)",       # a fractional step
    "pos = x / n",                         # a quotient
    "pos = x",                             # a parameter: whatever the caller gives
    "pos = start\n        pos = pos.abs()",  # a rebound parameter
])
def test_values_not_known_to_be_whole_are_reported(line):
    assert [d.code for d in lint(MODULE.format(line=line))] == ["MOD407"]


def test_bindings_after_the_expression_do_not_reach_it_outside_loops():
    source = MODULE.format(line="pos = torch.arange(n)").replace(
        "        return torch.sign(pos) * torch.log(pos.abs() + 1)\n",
        "        pos = torch.sign(pos) * torch.log(pos.abs() + 1)\n"
        "        for layer in self.mlp:\n            pos = layer(pos)\n        return pos\n")
    assert lint(source) == []
    looped = source.replace("        pos = torch.sign", "        for _ in range(2):\n"
                            "            pos = torch.sign").replace(
        "        for layer in self.mlp:\n            pos = layer(pos)\n",
        "            pos = self.mlp(pos)\n")
    assert [d.code for d in lint(looped)] == ["MOD407"]


def test_a_clamp_to_a_fraction_is_no_whole_number():
    source = MODULE.format(line="pos = torch.arange(n)").replace(
        "torch.log(pos.abs() + 1)", "torch.log(pos.clamp(min=1e-6) + 1)")
    assert [d.code for d in lint(source)] == ["MOD407"]


@pytest.mark.parametrize("body, reported", [
    # stanza's CRF: the shift by the maximum through a local name, in a plain function
    ("m = value.max(dim, keepdim=True)[0]\n    shifted = value - m\n"
     "    return m + torch.log(torch.sum(torch.exp(shifted), dim=dim))", False),
    ("shifted = value * 2\n    return torch.log(torch.sum(torch.exp(shifted), dim=dim))",
     True),
    ("return torch.log(torch.sum(torch.exp(value), dim=dim))", True),
])
def test_a_shift_through_a_local_name_is_the_stable_form(body, reported):
    source = f"import torch\n\n\ndef log_sum_exp(value, dim):\n    {body}\n"
    assert ("MOD407" in codes(source)) is reported


@pytest.mark.parametrize("line, reported", [
    # reduced from spikingjelly's latency encoder: the firing step is rounded to an integer
    ("t = (T - 1 - torch.log(a * x + 1)).round().long()", False),
    ("t = torch.floor(-torch.log(x + 1) + T)", False),
    ("t = round(torch.exp(x) - 1 + 3)", False),
    ("t = (torch.exp(x) - 1).long()", False),
    # a quotient can magnify the error before the rounding: still reported
    ("t = (torch.log(x + 1) / x).round()", True),
    ("t = torch.log(x + 1).sigmoid()", True),
])
def test_a_result_rounded_to_a_whole_number_loses_nothing(line, reported):
    found = lint(f"import torch\n\ndef step(x, a, T):\n    {line}\n    return t\n")
    assert [d.code for d in found] == (["MOD407"] if reported else [])
