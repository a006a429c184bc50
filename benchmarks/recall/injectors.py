"""Every injector, in the order of the rules they test."""

from __future__ import annotations

from recall.inject_calls import (AttentionDropoutAlwaysOn, DirectForwardCall,
                                 ForwardMisspelled, ForwardToCall, FreezeOnModuleAttribute,
                                 MethodNotCalled, SoftmaxDimDropped, TrainingFlagDropped)
from recall.inject_init import (InitTypoInt, InitTypoSingleUnderscore, SuperInitMovedLate,
                                SuperInitNotCalled, SuperInitRemoved, SuperWrongClass)
from recall.inject_state import (AssignBeforeRegisterBuffer, BufferToPlainTensor,
                                 ComprehensionToRepeat, ContainerArgumentsMisuse,
                                 ConvertAfterWrapping, ModuleContainerToPlain,
                                 ParameterContainerToPlain, ParameterToTensor)
from recall.sites import Injector

# Rules that look only into nn.Module classes: their sites must be in one.
IN_MODULE_CLASS = frozenset({
    "MOD001", "MOD002", "MOD003", "MOD007", "MOD101", "MOD102", "MOD103", "MOD104",
    "MOD105", "MOD201", "MOD202", "MOD203",
})


def all_injectors() -> list[Injector]:
    """Fresh instances (some keep per-file state)."""
    return [
        BufferToPlainTensor(), ParameterToTensor(), ModuleContainerToPlain(),
        ParameterContainerToPlain(), ConvertAfterWrapping(), FreezeOnModuleAttribute(),
        ComprehensionToRepeat(), AssignBeforeRegisterBuffer(),
        SuperInitRemoved(), SuperInitMovedLate(), SuperInitNotCalled(), SuperWrongClass(),
        InitTypoInt(), InitTypoSingleUnderscore(),
        ForwardMisspelled(), ForwardToCall(), DirectForwardCall(),
        TrainingFlagDropped(), AttentionDropoutAlwaysOn(), SoftmaxDimDropped(),
        ContainerArgumentsMisuse(), MethodNotCalled(),
    ]
