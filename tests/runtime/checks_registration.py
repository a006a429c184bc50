"""Runtime checks of the registration rules: MOD002 to MOD007.

Each check gets the bad example and its fixed version (None for a rule without a fix),
loaded as modules, and shows the bug in the first and its absence in the second.
"""

from __future__ import annotations

import pytest
import torch

from runtime.harness import plain_tensors
from runtime.registry import check


def _plain_containers(model: torch.nn.Module, kind: type) -> dict[str, list]:
    """Attributes that are Python lists, tuples or dicts holding objects of ``kind``."""
    found = {}
    for attr, value in vars(model).items():
        if attr.startswith("_"):
            continue  # nn.Module's own registries
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, (list, tuple)) and any(isinstance(v, kind) for v in value):
            found[attr] = list(value)
    return found


@check("MOD002")
def plain_module_container(bad, fixed):
    for name, cls in bad.classes.items():
        before, after = cls(), fixed.classes[name]()
        hidden = _plain_containers(before, torch.nn.Module)
        assert hidden, "the bad example should hold modules in a plain container"
        registered = {id(p) for p in before.parameters()}
        for attr, modules in hidden.items():
            weights = [p for m in modules for p in m.parameters()]
            # the bug: the weights are not parameters of the model, .double() misses them
            assert weights and not any(id(p) in registered for p in weights)
            assert not any(key.startswith(attr + ".") for key in before.state_dict())
            before.double()
            assert all(p.dtype == torch.float32 for p in weights)
            # the fix: a registered container, trained, saved and converted
            container = getattr(after, attr)
            assert isinstance(container, (torch.nn.ModuleList, torch.nn.ModuleDict))
            assert any(key.startswith(attr + ".") for key in after.state_dict())
            after.double()
            assert all(p.dtype == torch.float64 for p in container.parameters())
        assert len(list(after.parameters())) > len(list(before.parameters()))


@check("MOD003")
def plain_parameter_container(bad, fixed):
    for name, cls in bad.classes.items():
        before, after = cls(), fixed.classes[name]()
        hidden = _plain_containers(before, torch.nn.Parameter)
        assert hidden, "the bad example should hold parameters in a plain container"
        assert not list(before.parameters())
        with pytest.raises(ValueError, match="optimizer got an empty parameter list"):
            torch.optim.SGD(before.parameters(), lr=0.1)
        for attr, parameters in hidden.items():
            assert not any(key.startswith(attr + ".") for key in before.state_dict())
            container = getattr(after, attr)
            assert isinstance(container, (torch.nn.ParameterList, torch.nn.ParameterDict))
            assert len(list(container.parameters())) == len(parameters)
            assert any(key.startswith(attr + ".") for key in after.state_dict())
        torch.optim.SGD(after.parameters(), lr=0.1)


@check("MOD004")
def converted_parameter(bad, fixed):
    for name, cls in bad.classes.items():
        before, after = cls(), fixed.classes[name]()
        converted = {k: v for k, v in plain_tensors(before).items() if v.requires_grad}
        assert converted, "the bad example should hold a converted parameter"
        for attr, tensor in converted.items():
            # the bug: a non-leaf plain tensor that nothing trains or saves
            assert not tensor.is_leaf and tensor.dtype == torch.float64
            assert attr not in dict(before.named_parameters())
            assert attr not in before.state_dict()
            with pytest.raises(ValueError, match="can't optimize a non-leaf Tensor"):
                torch.optim.SGD([tensor], lr=0.1)
            # the fix: a leaf Parameter, converted, registered and trained
            parameter = dict(after.named_parameters())[attr]
            assert parameter.is_leaf and parameter.dtype == torch.float64
            assert attr in after.state_dict()
            torch.optim.SGD(after.parameters(), lr=0.1)


def _shared(model: torch.nn.Module) -> int:
    """How many parameter positions reuse a tensor seen at another position."""
    positions = [p.data_ptr() for _, p in model.named_parameters(remove_duplicate=False)]
    return len(positions) - len(set(positions))


@check("MOD006")
def repeated_module_instance(bad, fixed):
    models = {name: cls() for name, cls in bad.classes.items()}
    models = {name: model for name, model in models.items() if _shared(model)}
    assert models, "the bad example should share weights between positions"
    for name, before in models.items():
        after = fixed.classes[name]()
        assert _shared(after) == 0
        # state_dict() keys are the same; before, several keys name one tensor
        assert set(before.state_dict()) == set(after.state_dict())
        assert len(list(after.parameters())) > len(list(before.parameters()))


@check("MOD005")
def module_requires_grad_attribute(bad, fixed):
    for name, cls in bad.classes.items():
        before, after = cls(), fixed.classes[name]()
        for model in (before, after):
            if hasattr(type(model), "freeze"):
                model.freeze()
        # the bug: a plain attribute on a module, every weight still trainable
        holders = [m for m in before.modules() if "requires_grad" in vars(m)]
        assert holders and all(vars(m)["requires_grad"] is False for m in holders)
        assert all(p.requires_grad for m in holders for p in m.parameters())
        # the fix: the same modules' weights are frozen
        frozen = [m for m in after.modules() if list(m.parameters())
                  and not any(p.requires_grad for p in m.parameters())]
        assert frozen and not any("requires_grad" in vars(m) for m in after.modules())
        assert len(frozen) >= len(holders)


@check("MOD007")
def buffer_name_conflict(bad, fixed):
    for name, cls in bad.classes.items():
        with pytest.raises(KeyError, match=r"attribute '\w+' already exists"):
            cls()
        model = fixed.classes[name]()
        model(torch.ones(1, 4, 4))
        buffers = dict(model.named_buffers())
        assert buffers and set(buffers) <= set(model.state_dict())
        model.double()
        assert all(b.dtype == torch.float64 for b in model.buffers())
