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
