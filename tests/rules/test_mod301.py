"""MOD301 training-flag-not-passed: what is reported, what is not, and the fix."""

import pytest

import textwrap

from conftest import ALL, fixed, lint
from modlint.api import lint_source


def codes(source: str) -> list[str]:
    result = lint_source(textwrap.dedent(source), ALL)
    assert result.errors == []
    return [d.code for d in result.diagnostics]


HEAD = """
import torch
import torch.nn.functional as F
from torch import nn


class Block(nn.Module):
    def __init__(self, p=0.1):
        super().__init__()
        self.p = p

"""


def mod301(body: str) -> list[str]:
    return [c for c in codes(HEAD + body) if c == "MOD301"]


@pytest.mark.parametrize("call", [
    "F.dropout(x, self.p)",
    "F.dropout(x, p=self.p)",
    "F.dropout1d(x)",
    "F.dropout2d(x, 0.3, inplace=False)",
    "F.dropout3d(x)",
    "F.alpha_dropout(x, 0.2)",
    "F.feature_alpha_dropout(x, 0.2)",
    "F.rrelu(x, 0.1, 0.3)",
    "F.batch_norm(x, self.mean, self.var, None, None)",
    "torch.nn.functional.scaled_dot_product_attention(x, x, x, dropout_p=self.p)",
    "F.scaled_dot_product_attention(x, x, x, None, 0.1)",
])
def test_reported(call):
    assert mod301(f"    def forward(self, x):\n        return {call}\n") == ["MOD301"]


def test_resolved_through_other_import_forms():
    source = """
    import torch.nn as tnn
    from torch.nn.functional import dropout as drop
    from torch.nn import functional


    class Block(tnn.Module):
        def forward(self, x):
            return drop(x, 0.5) + functional.dropout(x, 0.5)
    """
    assert codes(source) == ["MOD301", "MOD301"]


# -- look-alikes that are fine ------------------------------------------------

@pytest.mark.parametrize("call", [
    "F.dropout(x, self.p, self.training)",  # third positional
    "F.dropout(x, self.p, training=True)",  # Monte-Carlo dropout: deliberate
    "F.dropout(x, self.p, training=False)",
    "F.dropout(x, p=0.0)",  # nothing to drop
    "F.rrelu(x, 0.1, 0.3, self.training)",
    "F.batch_norm(x, self.mean, self.var, None, None, self.training)",
    "F.gelu(x)",
    "F.scaled_dot_product_attention(x, x, x)",
    "F.scaled_dot_product_attention(x, x, x, dropout_p=0.0)",
    "F.scaled_dot_product_attention(x, x, x, dropout_p=self.p if self.training else 0.0)",
    "F.dropout(*self.args)",  # which argument is which is unknown
    "F.dropout(x, self.p) if self.training else x",
])
def test_not_reported(call):
    assert mod301(f"    def forward(self, x):\n        return {call}\n") == []


def test_not_reported_under_a_training_guard():
    assert mod301("""\
    def forward(self, x):
        if self.training:
            x = F.dropout(x, self.p)
        if not self.training:
            pass
        else:
            x = F.dropout(x, self.p)
        return x
""") == []


def test_not_reported_after_an_early_return_in_eval_mode():
    assert mod301("""\
    def forward(self, x):
        if not self.training or self.p == 0:
            return x
        return F.dropout(x, self.p)
""") == []


def test_not_reported_when_dropout_p_follows_the_training_flag():
    assert mod301("""\
    def forward(self, q, k, v, dropout_p=0.0):
        p = self.p if self.training else 0.0
        a = F.scaled_dot_product_attention(q, k, v, dropout_p=p)
        b = F.scaled_dot_product_attention(q, k, v, dropout_p=dropout_p)  # the caller's
        return a + b
""") == []


def test_not_reported_outside_modules():
    source = """
    import torch
    import torch.nn.functional as F


    def regularise(x):
        return F.dropout(x, 0.5)


    class Helper:  # not a module: no self.training
        def apply(self, x):
            return F.dropout(x, 0.5)


    class Static(torch.nn.Module):
        @staticmethod
        def drop(x):
            return F.dropout(x, 0.5)
    """
    assert codes(source) == []


def test_not_reported_for_other_frameworks_dropout():
    source = """
    import flax.linen as nn
    from jax.nn import functional as F


    class Block(nn.Module):
        def __call__(self, x):
            return F.dropout(x, 0.5)
    """
    assert codes(source) == []


def test_frozen_batch_norm_is_not_reported():
    assert codes(HEAD.replace("class Block", "class FrozenBatchNorm2d") + """\
    def forward(self, x):
        return F.batch_norm(x, self.mean, self.var, None, None)
""") == []


# -- the fix ----------------------------------------------------------------------

def test_fix_adds_the_flag_and_keeps_the_layout():
    source = HEAD + """\
    def forward(this, x):
        x = F.dropout(
            x,
            p=this.p,
        )
        return F.alpha_dropout(x, 0.2)
"""
    assert fixed(source).endswith("""\
    def forward(this, x):
        x = F.dropout(
            x,
            p=this.p, training=this.training,
        )
        return F.alpha_dropout(x, 0.2, training=this.training)
""")


def test_fix_gates_dropout_p():
    source = HEAD + """\
    def forward(self, q, k, v):
        return F.scaled_dot_product_attention(q, k, v, None, self.p * 2)
"""
    assert fixed(source).endswith(
        "F.scaled_dot_product_attention(q, k, v, None, (self.p * 2 if self.training else 0.0))\n")


def test_fix_is_unsafe_only():
    source = HEAD + "    def forward(self, x):\n        return F.dropout(x, self.p)\n"
    assert "training=" not in fixed(source, unsafe=False)
    [diagnostic] = lint(source)
    assert diagnostic.fix is not None and diagnostic.fix.applicability.value == "unsafe"


def test_not_reported_when_a_method_or_property_of_the_class_reads_the_flag():
    source = HEAD + """\
    @property
    def dropout_p(self):
        return self.p if self.training else 0.0

    def dropout_active(self):
        return self.training and self.p > 0

    def forward(self, q, k, v):
        if self.dropout_active():
            q = F.dropout(q, self.p)
        return F.scaled_dot_product_attention(q, k, v, dropout_p=self.dropout_p)
"""
    assert codes(source) == []


def test_not_reported_when_an_attribute_follows_the_flag():
    source = HEAD + """\
    def train(self, mode=True):
        self.attn_p = self.p if mode and self.training else 0.0
        return super().train(mode)

    def forward(self, q, k, v):
        return F.scaled_dot_product_attention(q, k, v, dropout_p=self.attn_p)
"""
    assert codes(source) == []


def test_reported_when_the_guard_does_not_read_the_flag():
    source = HEAD + """\
    def forward(self, x):
        if self.p > 0:
            x = F.dropout(x, self.p)
        return x
"""
    assert codes(source) == ["MOD301"]
