"""What the analysis knows of PyTorch's API, by dotted name. Never imports torch.

What torch returns and which of its classes are modules comes from ``torch_tables``
(generated from torch); the module classes of the libraries model code subclasses
(torchvision, timm, Lightning, torchmetrics, PyTorch Geometric, segmentation_models_pytorch)
from ``library_tables`` (generated from their wheels); ``tests/runtime/`` checks the
hand-written sets here against the installed torch.
"""

from __future__ import annotations

from typing import Optional

from modlint.semantic import torch_tables
from modlint.semantic.library_tables import (LIBRARY_MODULE_CLASSES,
                                             SELF_INITIALISING_CLASSES)

# Every dotted path of an nn.Module class of torch (torch.nn, its private bases such as
# torch.nn.modules.loss._Loss, torch.ao.nn, ...), and of those, the classes defining no
# forward and those built without arguments: generated from torch.
MODULE_CLASS_PATHS = torch_tables.MODULE_CLASS_PATHS

# The names of the nn.Module classes that torch.nn exports.
TORCH_NN_MODULE_CLASSES = frozenset(
    path[len("torch.nn."):] for path in MODULE_CLASS_PATHS if path.count(".") == 2
    and path.startswith("torch.nn."))

# Module classes whose constructor takes no required argument: a subclass of one of
# these can call a bare ``super().__init__()``.
ZERO_ARG_BASES = torch_tables.MODULE_PATHS_WITHOUT_ARGUMENTS

# Module base classes outside torch.nn that the analysis knows.
KNOWN_MODULE_BASES = frozenset({
    "torch.jit.ScriptModule",
    "lightning.LightningModule",
    "lightning.pytorch.LightningModule",
    "lightning.pytorch.core.LightningModule",
    "pytorch_lightning.LightningModule",
    "transformers.PreTrainedModel",
    "transformers.modeling_utils.PreTrainedModel",
})

# torch.nn module classes that do not define forward (Module's raises NotImplementedError).
WITHOUT_FORWARD = frozenset(
    name for name in TORCH_NN_MODULE_CLASSES
    if "torch.nn." + name in torch_tables.MODULE_PATHS_WITHOUT_FORWARD)

# Containers: they hold modules and are not called, so a missing forward is by design.
CONTAINERS = frozenset({"Container", "ModuleList", "ModuleDict", "ParameterList",
                        "ParameterDict"})

# Layers built with no argument at all: `nn.ReLU` passed for `nn.ReLU()` can get the `()`.
# (Not the softmax family, whose dim must be chosen, nor Upsample, whose size must be.)
NO_ARGUMENT_LAYERS = frozenset({
    "AlphaDropout", "CELU", "Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "ELU",
    "FeatureAlphaDropout", "Flatten", "GELU", "GLU", "Hardshrink", "Hardsigmoid",
    "Hardswish", "Hardtanh", "Identity", "LeakyReLU", "LogSigmoid", "Mish", "PReLU",
    "RReLU", "ReLU", "ReLU6", "SELU", "SiLU", "Sigmoid", "Softmax2d", "Softplus",
    "Softshrink", "Softsign", "Tanh", "Tanhshrink",
})

# Imported bases that bring no method of a module with them.
PLAIN_BASES = frozenset({"abc.ABC", "typing.Generic"})

PARAMETER_CLASSES = frozenset({
    "torch.nn.Parameter", "torch.nn.parameter.Parameter",
})

# Tensor methods that convert (device or dtype): on an nn.Parameter they return a plain,
# non-leaf tensor. `type` converts only when given a dtype.
CONVERSION_METHODS = frozenset({
    "to", "cuda", "cpu", "double", "float", "half", "bfloat16", "type",
})

# Functions returning a fresh tensor made from no tensor argument (and the `*_like`
# functions, which take only the shape, dtype and device of theirs).
TENSOR_FACTORIES = torch_tables.FACTORY_FUNCTIONS

# Functions that change their first argument and return it (nn.init.zeros_, F.relu_).
IN_PLACE_FUNCTIONS = torch_tables.IN_PLACE_FUNCTIONS

# Functions that return a tensor built from a tensor argument.
TENSOR_TRANSFORMS = torch_tables.TENSOR_FUNCTIONS - TENSOR_FACTORIES - IN_PLACE_FUNCTIONS

# Tensor methods that return a tensor (``type`` does when given a dtype).
TENSOR_METHODS = torch_tables.TENSOR_RETURNING_METHODS | CONVERSION_METHODS

# torch.nn classes whose instances hold parameters or buffers with their default
# arguments (and the containers, which hold other modules).
WEIGHTED_MODULE_CLASSES = frozenset({
    "Linear", "Bilinear", "LazyLinear",
    "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d",
    "LazyConv1d", "LazyConv2d", "LazyConv3d", "LazyConvTranspose1d", "LazyConvTranspose2d",
    "LazyConvTranspose3d",
    "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LazyBatchNorm1d", "LazyBatchNorm2d",
    "LazyBatchNorm3d", "SyncBatchNorm", "LayerNorm", "GroupNorm", "RMSNorm",
    "Embedding", "EmbeddingBag",
    "RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell",
    "MultiheadAttention", "Transformer", "TransformerEncoder", "TransformerDecoder",
    "TransformerEncoderLayer", "TransformerDecoderLayer",
    "PReLU", "AdaptiveLogSoftmaxWithLoss",
    "Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict",
})


def is_module_class_name(qualified: Optional[str], extra_bases: frozenset = frozenset()) -> bool:
    """Whether a dotted name denotes a torch.nn.Module class (or a known subclass)."""
    if qualified is None:
        return False
    if qualified in MODULE_CLASS_PATHS or qualified in KNOWN_MODULE_BASES \
            or qualified in extra_bases or qualified in LIBRARY_MODULE_CLASSES:
        return True
    last = qualified.rpartition(".")[2]
    # transformers' base of each architecture, `<Name>PreTrainedModel`, derives from
    # PreTrainedModel; the TensorFlow and Flax ones of transformers 4 (TF..., Flax...) do not
    return (qualified.startswith("transformers.") and last.endswith("PreTrainedModel")
            and not last.startswith(("TF", "Flax")))


def initialises_itself(qualified: Optional[str]) -> bool:
    """Whether a library's module class runs nn.Module.__init__ by its metaclass, before
    a subclass's own __init__ (fastai's Module): subclasses need no super().__init__()."""
    return qualified in SELF_INITIALISING_CLASSES


# torch.nn layers that hold parameters or buffers, or behave differently in training
# (dropout): a fresh instance on every call is a bug. Stateless ones (ReLU, Flatten,
# Identity, pooling...) only cost an allocation.
STATEFUL_LAYERS = frozenset({
    "AdaptiveLogSoftmaxWithLoss", "AlphaDropout", "BatchNorm1d", "BatchNorm2d",
    "BatchNorm3d", "Bilinear", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d",
    "ConvTranspose2d", "ConvTranspose3d", "Dropout", "Dropout1d", "Dropout2d", "Dropout3d",
    "Embedding", "EmbeddingBag", "FeatureAlphaDropout", "GRU", "GRUCell", "GroupNorm",
    "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "LSTM", "LSTMCell", "LayerNorm",
    "LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d", "LazyConv1d", "LazyConv2d",
    "LazyConv3d", "LazyConvTranspose1d", "LazyConvTranspose2d", "LazyConvTranspose3d",
    "LazyInstanceNorm1d", "LazyInstanceNorm2d", "LazyInstanceNorm3d", "LazyLinear",
    "Linear", "MultiheadAttention", "PReLU", "RMSNorm", "RNN", "RNNCell", "SyncBatchNorm",
    "Transformer", "TransformerDecoder", "TransformerDecoderLayer", "TransformerEncoder",
    "TransformerEncoderLayer",
})

# Layers whose state depends on switches: (position of the first switch among the
# positional arguments, ((switch, default), ...)). With every switch off the layer is
# stateless.
_NORM_SWITCHES = (("affine", True), ("track_running_stats", True))
_INSTANCE_SWITCHES = (("affine", False), ("track_running_stats", False))
STATE_SWITCHES: dict[str, tuple[int, tuple[tuple[str, bool], ...]]] = {
    **{f"BatchNorm{n}d": (3, _NORM_SWITCHES) for n in (1, 2, 3)},
    **{f"LazyBatchNorm{n}d": (2, _NORM_SWITCHES) for n in (1, 2, 3)},
    "SyncBatchNorm": (3, _NORM_SWITCHES),
    **{f"InstanceNorm{n}d": (3, _INSTANCE_SWITCHES) for n in (1, 2, 3)},
    # unlike InstanceNorm*, the lazy ones default to affine and running stats
    **{f"LazyInstanceNorm{n}d": (2, _NORM_SWITCHES) for n in (1, 2, 3)},
    "LayerNorm": (2, (("elementwise_affine", True),)),
    "RMSNorm": (2, (("elementwise_affine", True),)),
    "GroupNorm": (3, (("affine", True),)),
}

# Public methods of nn.Module (torch 2.13) that an instance attribute would hide.
# `forward` is left out: `self.forward = self._impl` is a working idiom.
MODULE_METHODS = frozenset({
    "add_module", "apply", "bfloat16", "buffers", "children", "compile", "cpu", "cuda",
    "double", "eval", "extra_repr", "float", "get_buffer", "get_extra_state",
    "get_parameter", "get_submodule", "half", "ipu", "load_state_dict", "modules", "mtia",
    "named_buffers", "named_children", "named_modules", "named_parameters", "parameters",
    "register_backward_hook", "register_buffer", "register_forward_hook",
    "register_forward_pre_hook", "register_full_backward_hook",
    "register_full_backward_pre_hook", "register_load_state_dict_post_hook",
    "register_load_state_dict_pre_hook", "register_module", "register_parameter",
    "register_state_dict_post_hook", "register_state_dict_pre_hook", "requires_grad_",
    "set_extra_state", "set_submodule", "share_memory", "state_dict", "to", "to_empty",
    "train", "type", "xpu", "zero_grad",
})


def torch_nn_class(qualified: Optional[str]) -> Optional[str]:
    """``Linear`` for ``torch.nn.Linear`` (or ``torch.nn.modules.linear.Linear``)."""
    if qualified is None:
        return None
    prefix, _, last = qualified.rpartition(".")
    if (prefix == "torch.nn" or prefix.startswith("torch.nn.modules")) \
            and last in TORCH_NN_MODULE_CLASSES and qualified in MODULE_CLASS_PATHS:
        return last
    return None
