"""The rule registry: every rule, in code order. Adding a rule means adding it here."""

from __future__ import annotations

from modlint.rules.base import Rule
from modlint.rules.mod001_unregistered_tensor import UnregisteredTensor
from modlint.rules.mod002_plain_module_container import PlainModuleContainer
from modlint.rules.mod003_plain_parameter_container import PlainParameterContainer
from modlint.rules.mod004_converted_parameter import ConvertedParameter
from modlint.rules.mod005_module_requires_grad_attribute import ModuleRequiresGradAttribute
from modlint.rules.mod006_repeated_module_instance import RepeatedModuleInstance
from modlint.rules.mod007_buffer_name_conflict import BufferNameConflict
from modlint.rules.mod008_layer_in_forward import LayerInForward
from modlint.rules.mod009_shadowed_module_method import ShadowedModuleMethod
from modlint.rules.mod010_module_created_outside_init import ModuleCreatedOutsideInit
from modlint.rules.mod101_missing_super_init import MissingSuperInit
from modlint.rules.mod102_assigned_before_super_init import AssignedBeforeSuperInit
from modlint.rules.mod103_super_init_not_called import SuperInitNotCalled
from modlint.rules.mod104_super_wrong_class import SuperWrongClass
from modlint.rules.mod105_misspelled_init import MisspelledInit
from modlint.rules.mod106_layers_outside_module import LayersOutsideModule
from modlint.rules.mod201_misspelled_forward import MisspelledForward
from modlint.rules.mod202_call_override import CallOverride
from modlint.rules.mod203_direct_forward_call import DirectForwardCall
from modlint.rules.mod204_train_override_signature import TrainOverrideSignature
from modlint.rules.mod301_training_flag_not_passed import TrainingFlagNotPassed
from modlint.rules.mod302_softmax_implicit_dim import SoftmaxImplicitDim
from modlint.rules.mod303_container_constructor_misuse import ContainerConstructorMisuse
from modlint.rules.mod304_uncalled_method import UncalledMethod
from modlint.rules.mod901_hardcoded_cuda import HardcodedCuda
from modlint.rules.mod902_uninitialized_parameter import UninitializedParameter
from modlint.rules.mod903_tensor_without_device_in_forward import TensorWithoutDeviceInForward

ALL_RULES: tuple[Rule, ...] = tuple(sorted(
    (
        UnregisteredTensor(),
        PlainModuleContainer(),
        PlainParameterContainer(),
        ConvertedParameter(),
        ModuleRequiresGradAttribute(),
        RepeatedModuleInstance(),
        BufferNameConflict(),
        LayerInForward(),
        ShadowedModuleMethod(),
        ModuleCreatedOutsideInit(),
        MissingSuperInit(),
        AssignedBeforeSuperInit(),
        SuperInitNotCalled(),
        SuperWrongClass(),
        MisspelledInit(),
        LayersOutsideModule(),
        TrainingFlagNotPassed(),
        SoftmaxImplicitDim(),
        ContainerConstructorMisuse(),
        UncalledMethod(),
        HardcodedCuda(),
        UninitializedParameter(),
        TensorWithoutDeviceInForward(),
        MisspelledForward(),
        CallOverride(),
        DirectForwardCall(),
        TrainOverrideSignature(),
    ),
    key=lambda rule: rule.code,
))

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in ALL_RULES}
