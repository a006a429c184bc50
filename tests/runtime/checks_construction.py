"""Runtime checks of the construction rules: MOD008-MOD010, MOD103-MOD106.

Examples take inputs of 4 features, as ``torch.ones(2, 4)``.
"""

from __future__ import annotations

import inspect

import pytest
import torch

from modlint.semantic.torch_api import MODULE_METHODS
from runtime.registry import check

INPUT = (2, 4)


def _two_calls(model: torch.nn.Module) -> tuple[torch.Tensor, torch.Tensor]:
    x = torch.randn(*INPUT)
    with torch.no_grad():
        return model(x), model(x)


@check("MOD008")
def layer_in_forward(bad, fixed):
    for cls in bad.classes.values():
        model = cls().eval()
        before = list(model.parameters())
        first, second = _two_calls(model)
        # new random weights each call, even in eval mode, and none of them registered
        assert not torch.equal(first, second)
        assert list(model.parameters()) == before
        assert all(not isinstance(m, (torch.nn.Linear, torch.nn.LayerNorm))
                   for m in model.modules())


@check("MOD009")
def shadowed_module_method(bad, fixed):
    for cls in bad.classes.values():
        model = cls()
        stored = set(vars(model)) | set(model._modules) | set(model._parameters)
        shadowed = stored & MODULE_METHODS
        assert shadowed, "the bad example should store an attribute named like a method"
        for name in shadowed:
            if name in vars(model):  # the value hides the method: calling it fails
                with pytest.raises(TypeError, match="object is not callable"):
                    getattr(model, name)()
            else:  # registered, but the method hides the value
                assert inspect.ismethod(getattr(model, name))
                with pytest.raises(TypeError, match="'method' object is not iterable"):
                    model(torch.ones(*INPUT))


@check("MOD010")
def module_created_outside_init(bad, fixed):
    for cls in bad.classes.values():
        model = cls()
        before = list(model.parameters())  # what an optimizer built now would hold
        output = model(torch.ones(*INPUT))
        missing = [p for p in model.parameters() if all(p is not q for q in before)]
        assert missing, "the first call creates parameters the optimizer never saw"
        if not before:
            with pytest.raises(ValueError, match="optimizer got an empty parameter list"):
                torch.optim.SGD(before, lr=1.0)
            continue
        optimizer = torch.optim.SGD(before, lr=1.0)
        start = [p.detach().clone() for p in missing]
        output.sum().backward()
        optimizer.step()
        for parameter, value in zip(missing, start):
            assert parameter.grad is not None  # it took part in the computation...
            assert torch.equal(parameter.detach(), value)  # ...but is never trained
