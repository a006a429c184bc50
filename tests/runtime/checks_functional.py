"""Runtime checks of the functional-call and device rules: MOD301, MOD302, MOD901-MOD903.

Each check gets the bad example and its fixed version (None for a rule without a fix),
loaded as modules, and shows the bug in the first and its absence in the second.
"""

from __future__ import annotations

import warnings

import pytest
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


@check("MOD901")
def hardcoded_cuda(bad, fixed):
    assert fixed is None
    if torch.cuda.is_available():
        pytest.skip("the CPU-only failure needs a PyTorch without CUDA")
    for cls in bad.classes.values():
        with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
            cls()(torch.randn(2, 16))


@check("MOD902")
def uninitialized_parameter(bad, fixed):
    assert fixed is None
    deterministic = torch.are_deterministic_algorithms_enabled()
    fill = torch.utils.deterministic.fill_uninitialized_memory
    torch.use_deterministic_algorithms(True)
    torch.utils.deterministic.fill_uninitialized_memory = True
    try:
        for cls in bad.classes.values():
            model = cls()
            # uninitialised memory, made visible: every value of the parameter is NaN
            assert any(bool(p.isnan().all()) for p in model.parameters())
            assert bool(model(torch.randn(2, 4), torch.randn(2, 3)).isnan().all())
    finally:
        torch.use_deterministic_algorithms(deterministic)
        torch.utils.deterministic.fill_uninitialized_memory = fill


@check("MOD903")
def tensor_without_device_in_forward(bad, fixed):
    x = torch.randn(2, 5)
    for name, cls in bad.classes.items():
        before, after = cls(), fixed.classes[name]()
        assert torch.equal(before(x), after(x))  # the same computation on one device
        # `meta` stands in for a GPU: the input lives on a device the factory ignored
        with pytest.raises(RuntimeError, match="is not on the expected device meta"):
            before(x.to("meta"))
        assert after(x.to("meta")).device.type == "meta"
