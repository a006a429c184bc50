"""Runtime checks of the functional-call and device rules: MOD301, MOD302, MOD901-MOD903.

Each check gets the bad example and its fixed version (None for a rule without a fix),
loaded as modules, and shows the bug in the first and its absence in the second.
"""

from __future__ import annotations

import warnings

import torch

from runtime.registry import check


def _differs(model: torch.nn.Module, x: torch.Tensor) -> bool:
    """Whether two calls on the same input give different outputs."""
    torch.manual_seed(0)
    first = model(x)
    second = model(x)
    return not torch.equal(first, second)


@check("MOD301")
def training_flag_not_passed(bad, fixed):
    x = torch.randn(2, 5, 8)
    for name, cls in bad.classes.items():
        before, after = cls(), fixed.classes[name]()
        after.load_state_dict(before.state_dict())  # SAFE in keys: same state_dict()
        random_in_eval = _differs(before.eval(), x)
        random_in_training = _differs(before.train(), x)
        # the bug: random after .eval(), or never random even in training
        assert random_in_eval or not random_in_training
        assert not _differs(after.eval(), x)
        assert _differs(after.train(), x)


@check("MOD302")
def softmax_implicit_dim(bad, fixed):
    assert fixed is None
    x = torch.randn(2, 5, 8)  # (batch, tokens, features)
    for cls in bad.classes.values():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = cls()(x)
        assert any("Implicit dimension choice" in str(w.message) for w in caught)
        probs = out.exp() if bool((out <= 0).all()) else out  # log_softmax gives logs
        ones = torch.ones(())
        # normalised across the batch, not over the classes of each token
        assert torch.allclose(probs.sum(0), ones.expand_as(probs.sum(0)))
        assert not torch.allclose(probs.sum(-1), ones.expand_as(probs.sum(-1)))
