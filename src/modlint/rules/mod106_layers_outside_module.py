"""MOD106: a plain class that builds torch.nn layers and is called like a module."""

from __future__ import annotations

from modlint.context import RuleContext
from modlint.gate import Gate
from modlint.rules.base import Rule
from modlint.semantic import torch_api
from modlint.semantic.imports import dotted
from modlint.semantic.model import ClassInfo, FileModel
from modlint.semantic.values import root_call, stateful_layer

_CONTAINERS = frozenset({"Sequential", "ModuleList", "ModuleDict", "ParameterList",
                         "ParameterDict"})
# Calls that show the class manages its layers itself (a trainer, a wrapper).
_MANAGING = frozenset({"parameters", "named_parameters", "state_dict", "load_state_dict",
                       "train", "eval"})


class LayersOutsideModule(Rule):
    code = "MOD106"
    name = "layers-outside-module"
    summary = "class that is not an nn.Module builds torch.nn layers and defines forward/__call__"
    fix = "none"
    gate = Gate(module_class=True)

    def check(self, ctx: RuleContext) -> None:
        for cls in ctx.model.classes:
            if cls.is_module or cls.init is None:
                continue
            entry = next((m for m in ("forward", "__call__") if m in cls.methods), None)
            if entry is None or not _plain_bases(ctx.model, cls, set()) or _mixin(cls):
                continue
            layers = _layers(ctx.model, cls)
            if not layers or _manages_layers(ctx.model, cls):
                continue
            ctx.report(cls.node.name,
                       f"`{cls.name}` holds torch.nn layers ({', '.join(layers)}) but is not an "
                       "nn.Module: "
                       "never trained; subclass nn.Module")


def _mixin(cls: ClassInfo) -> bool:
    """A class made to be combined with a module class: named so, or passing arguments to
    ``super().__init__`` (``object.__init__`` takes none, so a partner in the MRO must)."""
    return cls.name.endswith("Mixin") or any(
        s.method == "__init__" and s.form == "super()" and s.call.args for s in cls.super_inits)


def _plain_bases(model: FileModel, cls: ClassInfo, seen: set[int]) -> bool:
    """Every base is known not to be a module: none, object, ABC or Generic, or a plain
    class of this file with such bases."""
    seen.add(id(cls))
    for arg, base in zip((a for a in cls.node.bases if a.keyword is None), cls.bases):
        local = model.local_class(base)
        if local is not None:
            if local.is_module or id(local) in seen or not _plain_bases(model, local, seen):
                return False
        elif base not in torch_api.PLAIN_BASES and dotted(arg.value) != "object":
            return False
    return True


def _layers(model: FileModel, cls: ClassInfo) -> list[str]:
    """``self.<attr>`` of __init__ given a layer with state, a torch.nn container or a
    Parameter."""
    found = []
    for assign in cls.assigns:
        call = root_call(assign.value) if assign.method == "__init__" else None
        site = model.call_site(call) if call is not None else None
        if site is None:
            continue
        name = torch_api.torch_nn_class(site.qualified)
        if site.qualified in torch_api.PARAMETER_CLASSES or name in _CONTAINERS \
                or stateful_layer(site.call, site.qualified):
            found.append(f"`self.{assign.attr}`")
    return found


def _manages_layers(model: FileModel, cls: ClassInfo) -> bool:
    for site in model.calls:
        if site.cls is not cls:
            continue
        if site.qualified and site.qualified.startswith("torch.optim."):
            return True
        func = site.call.func
        if dotted(func) is not None and dotted(func).rpartition(".")[2] in _MANAGING \
                and "." in dotted(func):
            return True
    return False
