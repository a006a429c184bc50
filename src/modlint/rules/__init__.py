"""The rule registry: every rule, in code order. Adding a rule means adding it here.

The rules are listed, not imported: importing them imports LibCST (a fifth of a second),
which a run answered from the cache, a configuration check or flake8 on a file that
cannot hold a finding never needs. ``load`` imports a rule when it is first used.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modlint.rules.base import Rule

# code -> (module of this package, class)
RULES: dict[str, tuple[str, str]] = {
    "MOD001": ("mod001_unregistered_tensor", "UnregisteredTensor"),
    "MOD002": ("mod002_plain_module_container", "PlainModuleContainer"),
    "MOD003": ("mod003_plain_parameter_container", "PlainParameterContainer"),
    "MOD004": ("mod004_converted_parameter", "ConvertedParameter"),
    "MOD005": ("mod005_module_requires_grad_attribute", "ModuleRequiresGradAttribute"),
    "MOD006": ("mod006_repeated_module_instance", "RepeatedModuleInstance"),
    "MOD007": ("mod007_buffer_name_conflict", "BufferNameConflict"),
    "MOD008": ("mod008_layer_in_forward", "LayerInForward"),
    "MOD009": ("mod009_shadowed_module_method", "ShadowedModuleMethod"),
    "MOD010": ("mod010_module_created_outside_init", "ModuleCreatedOutsideInit"),
    "MOD101": ("mod101_missing_super_init", "MissingSuperInit"),
    "MOD102": ("mod102_assigned_before_super_init", "AssignedBeforeSuperInit"),
    "MOD103": ("mod103_super_init_not_called", "SuperInitNotCalled"),
    "MOD104": ("mod104_super_wrong_class", "SuperWrongClass"),
    "MOD105": ("mod105_misspelled_init", "MisspelledInit"),
    "MOD106": ("mod106_layers_outside_module", "LayersOutsideModule"),
    "MOD201": ("mod201_misspelled_forward", "MisspelledForward"),
    "MOD202": ("mod202_call_override", "CallOverride"),
    "MOD203": ("mod203_direct_forward_call", "DirectForwardCall"),
    "MOD204": ("mod204_train_override_signature", "TrainOverrideSignature"),
    "MOD301": ("mod301_training_flag_not_passed", "TrainingFlagNotPassed"),
    "MOD302": ("mod302_softmax_implicit_dim", "SoftmaxImplicitDim"),
    "MOD303": ("mod303_container_constructor_misuse", "ContainerConstructorMisuse"),
    "MOD304": ("mod304_uncalled_method", "UncalledMethod"),
    "MOD401": ("mod401_removed_function", "RemovedFunction"),
    "MOD402": ("mod402_deprecated_function", "DeprecatedFunction"),
    "MOD403": ("mod403_non_public_function", "NonPublicFunction"),
    "MOD404": ("mod404_load_without_weights_only", "LoadWithoutWeightsOnly"),
    "MOD405": ("mod405_require_grad_typo", "RequireGradTypo"),
    "MOD406": ("mod406_checkpoint_use_reentrant", "CheckpointUseReentrant"),
    "MOD407": ("mod407_imprecise_log_exp", "ImpreciseLogExp"),
    "MOD408": ("mod408_torchvision_pretrained", "TorchvisionPretrained"),
    "MOD409": ("mod409_torchvision_to_tensor", "TorchvisionToTensor"),
    "MOD901": ("mod901_hardcoded_cuda", "HardcodedCuda"),
    "MOD902": ("mod902_uninitialized_parameter", "UninitializedParameter"),
    "MOD903": ("mod903_tensor_without_device_in_forward", "TensorWithoutDeviceInForward"),
    "MOD904": ("mod904_dataloader_without_workers", "DataLoaderWithoutWorkers"),
    "MOD905": ("mod905_zero_grad_set_to_none", "ZeroGradSetToNone"),
    "MOD906": ("mod906_torchvision_module_alias", "TorchvisionModuleAlias"),
}
CODES: tuple[str, ...] = tuple(sorted(RULES))
OPT_IN_PREFIX = "MOD9"  # MOD9xx rules run only when selected


def is_default(code: str) -> bool:
    return not code.startswith(OPT_IN_PREFIX)


@lru_cache(maxsize=None)
def load(code: str) -> Rule:
    module, name = RULES[code]
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)()


def all_rules() -> tuple[Rule, ...]:
    return tuple(load(code) for code in CODES)
