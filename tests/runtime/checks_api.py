"""Runtime checks of the PyTorch API rules (MOD4xx): the bad example warns or fails under
the installed PyTorch, the fixed one does not, and a safe fix computes the same result.

The examples define plain functions; each check calls them.
"""

from __future__ import annotations

import inspect
import io
import math
import os
import pickle
import warnings
from contextlib import contextmanager

import pytest
import torch

from runtime.registry import check


def _function(example):
    """The one function an example defines."""
    [function] = [v for v in example.namespace.values() if inspect.isfunction(v)
                  and v.__module__ == example.namespace["__name__"]]
    return function


@contextmanager
def _caught():
    """Every warning, each time (PyTorch warns once per process by default)."""
    always = torch.is_warn_always_enabled()
    torch.set_warn_always(True)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield caught
    finally:
        torch.set_warn_always(always)


def _deprecations(caught) -> list[str]:
    return [str(w.message) for w in caught if "deprecated" in str(w.message).lower()]


def _same(a, b) -> bool:
    if isinstance(a, torch.Tensor):
        return a.shape == b.shape and torch.allclose(a.double(), b.double())
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def _arguments(function):
    return [torch.randn(3, 3) for _ in inspect.signature(function).parameters]


@check("MOD401")
def removed_function(bad, fixed):
    assert fixed is None
    with pytest.raises(RuntimeError, match="deprecated since version 1.9 and is now removed"):
        _function(bad)()


def _warns_then_same(bad, fixed):
    """The bad example warns of a deprecation, the fixed one does not; same results."""
    before, after = _function(bad), _function(fixed)
    arguments = _arguments(before)
    with _caught() as caught:
        old = before(*arguments)
    assert _deprecations(caught), "the bad example does not warn"
    with _caught() as caught:
        new = after(*arguments)
    assert not _deprecations(caught), _deprecations(caught)
    return old, new


@check("MOD402")
def deprecated_function(bad, fixed):
    old, new = _warns_then_same(bad, fixed)
    assert _same(old, new)


@check("MOD403")
def non_public_function(bad, fixed):
    import torch.utils.data._utils.collate as private

    before, after = _function(bad), _function(fixed)
    assert before.__globals__["default_collate"] is private.default_collate
    assert after.__globals__["default_collate"] is private.default_collate  # the same function
    assert _same(before(), after())


class _Payload:
    """Unpickling this runs code: what a crafted checkpoint does."""

    ran = False

    def __reduce__(self):
        return (_run_payload, ())


def _run_payload():
    _Payload.ran = True
    return {}


@check("MOD404")
def load_without_weights_only(bad, fixed):
    buffer = io.BytesIO()
    torch.save({"weights": torch.ones(2), "extra": _Payload()}, buffer, pickle_module=pickle)
    before, after = _function(bad), _function(fixed)
    # the environment older PyTorch versions behave as by default
    os.environ["TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD"] = "1"
    try:
        _Payload.ran = False
        buffer.seek(0)
        before(buffer)
        assert _Payload.ran, "the bad example does not run the file's code"
        _Payload.ran = False
        buffer.seek(0)
        with pytest.raises(pickle.UnpicklingError, match="Weights only load failed"):
            after(buffer)
        assert not _Payload.ran
    finally:
        del os.environ["TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD"]
    clean = io.BytesIO()
    torch.save({"weights": torch.ones(2)}, clean)
    clean.seek(0)
    assert torch.equal(after(clean)["weights"], torch.ones(2))


@check("MOD405")
def require_grad_typo(bad, fixed):
    before, after = _function(bad), _function(fixed)
    model = before(torch.nn.Linear(2, 2))
    assert all(p.requires_grad for p in model.parameters())  # nothing frozen
    model = after(torch.nn.Linear(2, 2))
    assert not any(p.requires_grad for p in model.parameters())


@check("MOD406")
def checkpoint_use_reentrant(bad, fixed):
    before, after = bad.namespace["forward"], fixed.namespace["forward"]
    block = fixed.namespace["block"]
    x = torch.randn(2, 3, requires_grad=True)
    w = torch.randn(3, 3, requires_grad=True)
    with _caught() as caught:
        old = before(x, w)
    assert any("use_reentrant parameter should be passed explicitly" in str(w.message)
               for w in caught)
    # the reentrant default does not support torch.autograd.grad
    with pytest.raises(RuntimeError, match="incompatible with .grad()"):
        torch.autograd.grad(old.sum(), (x, w))
    with _caught() as caught:
        new = after(x, w)
    assert not any("use_reentrant" in str(w.message) for w in caught)
    expected = torch.autograd.grad(block(x, w).sum(), (x, w))
    assert all(map(torch.allclose, torch.autograd.grad(new.sum(), (x, w)), expected))


@check("MOD407")
def imprecise_log_exp(bad, fixed):
    before, after = _function(bad), _function(fixed)
    small = torch.full((4,), 1e-8)
    large = torch.full((4,), 100.0)
    old_small, new_small = before(small), after(small)
    assert torch.equal(old_small[0], torch.zeros(4))  # log(1 + x) rounds x away
    assert torch.allclose(new_small[0], small) and torch.allclose(new_small[1], small)
    assert torch.isinf(before(large)[2]).all()  # exp overflows in the sum
    assert torch.allclose(after(large)[2], torch.tensor(100.0 + math.log(4)))
    x = torch.rand(4)  # log(1 + x) is defined for x > -1
    assert all(map(torch.allclose, before(x), after(x)))  # the same values elsewhere


@check("MOD408")
def torchvision_pretrained(bad, fixed):
    with _caught() as caught:
        old = _function(bad)()
    assert any("'pretrained' is deprecated" in str(w.message) for w in caught)
    with _caught() as caught:
        new = _function(fixed)()
    assert not any("deprecated" in str(w.message) for w in caught)
    assert old.state_dict().keys() == new.state_dict().keys()


@check("MOD409")
def torchvision_to_tensor(bad, fixed):
    assert fixed is None
    with _caught() as caught:
        _function(bad)()
    assert any("ToTensor() is deprecated" in str(w.message) for w in caught)


@check("MOD904")
def dataloader_without_workers(bad, fixed):
    assert fixed is None
    loader = _function(bad)()
    assert loader.num_workers == 0
    main = os.getpid()
    seen = []
    dataset = loader.dataset
    loader.dataset.__class__ = type("Watched", (type(dataset),), {
        "__getitem__": lambda self, i: seen.append(os.getpid()) or dataset.tensors[0][i]})
    list(loader)
    assert seen and set(seen) == {main}  # every sample loaded by the training process


@check("MOD905")
def zero_grad_set_to_none(bad, fixed):
    kept = {}
    for name, example in (("bad", bad), ("fixed", fixed)):
        model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Linear(2, 2))
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        model(torch.randn(1, 2)).sum().backward()  # every parameter has a gradient
        # the next loss does not reach the second layer: its gradient is what
        # zero_grad() left
        _function(example)(model, optimizer, model[0](torch.randn(1, 2)).sum())
        kept[name] = model[1].weight.grad
    assert kept["bad"] is not None and not kept["bad"].any()  # held in memory, as zeros
    assert kept["fixed"] is None  # freed


@check("MOD906")
def torchvision_module_alias(bad, fixed):
    import torchvision

    assert bad.namespace["models"] is fixed.namespace["models"] is torchvision.models
