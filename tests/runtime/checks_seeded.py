"""Runtime checks of the foundation's rules: MOD001, MOD101, MOD102.

Each check gets the bad example and its fixed version (None for a rule without a fix),
loaded as modules, and shows the bug in the first and its absence in the second.
"""

from __future__ import annotations

import pytest
import torch

from runtime.harness import plain_tensors
from runtime.registry import check


@check("MOD001")
def unregistered_tensor(bad, fixed):
    for name, cls in bad.classes.items():
        before, after = cls(), fixed.classes[name]()
        hidden = plain_tensors(before)
        assert hidden, "the bad example should hold an untracked tensor"
        for attr, tensor in hidden.items():
            buffers = dict(after.named_buffers())
            parameters = dict(after.named_parameters())
            assert attr not in dict(before.named_buffers())
            assert attr not in dict(before.named_parameters())
            assert attr in buffers or attr in parameters
            if attr in buffers:
                # the bug: .double() leaves the tensor behind; the fix: it follows
                assert before.double().__dict__[attr].dtype == tensor.dtype == torch.float32
                assert after.double().get_buffer(attr).dtype == torch.float64
                # SAFE: state_dict() keys unchanged
                assert set(cls().state_dict()) == set(fixed.classes[name]().state_dict())
            else:
                assert tensor.requires_grad and tensor.is_leaf
                assert not any(p is tensor for p in before.parameters())


@check("MOD101")
def missing_super_init(bad, fixed):
    for name, cls in bad.classes.items():
        with pytest.raises(AttributeError,
                           match=r"cannot assign module before Module.__init__\(\) call"
                                 r"|has no attribute '_"):
            model = cls()
            model(torch.ones(1, 4))
        model = fixed.classes[name]()
        model(torch.ones(1, 4))
        assert list(model.parameters())


@check("MOD102")
def assigned_before_super_init(bad, fixed):
    for name, cls in bad.classes.items():
        with pytest.raises(AttributeError, match=r"before Module.__init__\(\) call"):
            cls()
        model = fixed.classes[name]()
        model(torch.ones(1, 4))
        assert list(model.parameters())
