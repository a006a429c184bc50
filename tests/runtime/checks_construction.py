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


@check("MOD103")
def super_init_not_called(bad, fixed):
    for name, cls in bad.classes.items():
        with pytest.raises(AttributeError, match=r"before Module.__init__\(\) call"):
            cls()
        model = fixed.classes[name]()
        model(torch.ones(*INPUT))
        assert list(model.parameters())


@check("MOD104")
def super_wrong_class(bad, fixed):
    broken = 0
    for name, cls in bad.classes.items():
        model = fixed.classes[name]()
        model(torch.ones(*INPUT))
        try:
            before = cls()
        except TypeError as error:  # X unrelated to the class
            assert "obj must be an instance or subtype of type" in str(error)
            broken += 1
            continue
        # X a base: its __init__ is skipped, its layers are missing
        missing = set(model.state_dict()) - set(before.state_dict())
        if missing:
            broken += 1
            with pytest.raises(AttributeError):
                before(torch.ones(*INPUT))
    assert broken


@check("MOD105")
def misspelled_init(bad, fixed):
    for name, cls in bad.classes.items():
        model = cls()
        assert not list(model.parameters())
        with pytest.raises(ValueError, match="optimizer got an empty parameter list"):
            torch.optim.SGD(model.parameters(), lr=0.1)
        model = fixed.classes[name]()
        assert list(model.parameters())
        torch.optim.SGD(model.parameters(), lr=0.1)
        model(torch.ones(*INPUT))


@check("MOD106")
def layers_outside_module(bad, fixed):
    holders = 0
    for cls in bad.classes.values():
        model = cls()
        registered = {id(p) for p in model.parameters()}
        for value in vars(model).values():
            if isinstance(value, torch.nn.Module):
                continue
            hidden = [p for layer in vars(value).values() if isinstance(layer, torch.nn.Module)
                      for p in layer.parameters()] if hasattr(value, "__dict__") else []
            if hidden:
                holders += 1
                assert not any(id(p) in registered for p in hidden)
                assert all(p.dtype == torch.float32 for p in hidden)
                model.double()  # the model's .to()/.double() does not reach them
                assert all(p.dtype == torch.float32 for p in hidden)
    assert holders, "the bad example should hold an instance of the plain class"
