"""Runtime checks of the forward and container rules: MOD201-MOD204, MOD303, MOD304.

Each check gets the bad example and its fixed version (None for a rule without a fix),
loaded as modules, and shows the bug in the first and its absence in the second.
"""

from __future__ import annotations

import pytest
import torch

from runtime.registry import check


def _hook_calls(model: torch.nn.Module, hooked: torch.nn.Module) -> int:
    """How many times a forward hook on ``hooked`` fires when ``model`` is called."""
    calls = []
    handle = hooked.register_forward_hook(lambda *_: calls.append(1))
    try:
        model(torch.ones(1, 4))
    finally:
        handle.remove()
    return len(calls)


@check("MOD201")
def misspelled_forward(bad, fixed):
    for name, cls in bad.classes.items():
        with pytest.raises(NotImplementedError,
                           match=rf'Module \[{name}\] is missing the required "forward"'):
            cls()(torch.ones(1, 4))
        before, after = cls(), fixed.classes[name]()
        after(torch.ones(1, 4))
        assert set(before.state_dict()) == set(after.state_dict())  # SAFE


@check("MOD202")
def call_override(bad, fixed):
    for name, cls in bad.classes.items():
        before, after = cls(), fixed.classes[name]()
        after.load_state_dict(before.state_dict())
        x = torch.ones(1, 4)
        assert torch.equal(before(x), after(x))  # same result...
        assert _hook_calls(before, before) == 0  # ...but hooks never ran
        assert _hook_calls(after, after) == 1


def _submodule_hook_calls(model: torch.nn.Module) -> int:
    """Forward hook calls on every submodule when ``model`` is called."""
    calls = []
    handles = [m.register_forward_hook(lambda *_: calls.append(1))
               for name, m in model.named_modules() if name]
    try:
        model(torch.ones(1, 4))
    finally:
        for handle in handles:
            handle.remove()
    return len(calls)


@check("MOD203")
def direct_forward_call(bad, fixed):
    for name, cls in bad.classes.items():
        before, after = cls(), fixed.classes[name]()
        after.load_state_dict(before.state_dict())
        x = torch.ones(1, 4)
        assert torch.equal(before(x), after(x))
        # the fix makes the submodule's hooks run; the others ran already
        assert _submodule_hook_calls(after) > _submodule_hook_calls(before)


@check("MOD204")
def train_override_signature(bad, fixed):
    assert fixed is None
    for name, cls in bad.classes.items():
        with pytest.raises(TypeError, match=r"train\(\) takes 1 positional argument but 2"):
            cls().eval()
        parent = torch.nn.Sequential(cls())
        with pytest.raises(TypeError, match=r"train\(\) takes 1 positional argument but 2"):
            parent.train()


@check("MOD303")
def container_constructor_misuse(bad, fixed):
    for name, cls in bad.classes.items():
        with pytest.raises(TypeError, match=r"is not a Module subclass|positional arguments "
                                            r"but \d+ were given|should be called with an "
                                            r"iterable"):
            cls()
        model = fixed.classes[name]()
        model(torch.ones(1, 4))
        assert list(model.parameters())


@check("MOD304")
def uncalled_method(bad, fixed):
    net = bad.classes["Net"]
    before, after = net(), fixed.classes["Net"]()
    x = torch.ones(1, 4)
    bad.namespace["predict"](before, x)
    fixed.namespace["predict"](after, x)
    # the bug: still training, dropout active; the fix: evaluation mode, deterministic
    assert before.training and before.drop.training
    assert not after.training and not after.drop.training
    predict = fixed.namespace["predict"]
    assert torch.equal(predict(after, x), predict(after, x))
