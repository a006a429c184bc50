"""MOD902 (opt-in): a Parameter made of uninitialised memory that nothing initialises."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from modlint.context import RuleContext
from modlint.gate import Gate
from modlint.rules.base import Rule
from modlint.semantic import torch_api
from modlint.semantic.calls import argument
from modlint.semantic.model import ClassInfo, FileModel, Kind, SelfAssign

# Legacy constructors: `torch.Tensor(3, 4)` is uninitialised, `torch.Tensor([3, 4])` is data.
_LEGACY = frozenset("torch." + name for name in (
    "Tensor", "FloatTensor", "DoubleTensor", "HalfTensor", "BFloat16Tensor"))
_NOT_INITIALISING = frozenset({"requires_grad_", "share_memory_"})


class UninitializedParameter(Rule):
    code = "MOD902"
    name = "uninitialized-parameter"
    summary = "opt-in: nn.Parameter(torch.empty(...)/torch.Tensor(n, m)) never initialised"
    fix = "none"
    gate = Gate(module_class=True)

    def check(self, ctx: RuleContext) -> None:
        for cls in ctx.model.module_classes:
            candidates = [a for a in cls.assigns if _uninitialised(ctx.model, a)]
            if not candidates or _initialises_elsewhere(ctx.model, cls):
                continue
            initialised = _initialised(ctx.model, cls)
            if initialised is None:
                continue
            for assign in candidates:
                if assign.attr in initialised or assign.attr in cls.written_through \
                        or len(cls.assigns_to(assign.attr)) > 1:
                    continue
                ctx.report(assign.small, (
                    f"`self.{assign.attr}` is an nn.Parameter of uninitialised memory; "
                    "initialise it with `nn.init` or build it from `torch.randn`"))


def _uninitialised(model: FileModel, assign: SelfAssign) -> bool:
    """`nn.Parameter(torch.empty(...))`, `nn.Parameter(torch.Tensor(n, m))`."""
    value = assign.value
    if assign.resolved.kind is not Kind.PARAMETER or not isinstance(value, cst.Call) \
            or model.imports.resolve(value.func) not in torch_api.PARAMETER_CLASSES:
        return False
    data = argument(value, "data", 0)
    if data is None or not isinstance(data.value, cst.Call):
        return False
    factory = model.imports.resolve(data.value.func)
    if factory == "torch.empty":
        return True
    return factory in _LEGACY and _sizes(data.value)


def _sizes(call: cst.Call) -> bool:
    """Arguments that can only be sizes: several, a star, an int literal, arithmetic."""
    args = [a for a in call.args if a.keyword is None]
    if not args:
        return False
    if len(args) > 1 or args[0].star:
        return True
    return isinstance(args[0].value, (cst.Integer, cst.BinaryOperation))


def _initialises_elsewhere(model: FileModel, cls: ClassInfo) -> bool:
    """A method of the class, or of a base of this file, named like an initialiser."""
    return any(name != "__init__" and ("init" in name.lower() or "reset" in name.lower())
               for c in model.lineage(cls) for name in c.methods)


def _initialised(model: FileModel, cls: ClassInfo) -> Optional[set[str]]:
    """Attributes the class's own calls initialise; None when a call may initialise any
    (a loop over `self.parameters()`, `nn.init` on a local, `self.apply(...)`)."""
    found: set[str] = set()
    for site in model.calls:
        if site.cls is not cls or site.method is None:
            continue
        self_name = cls.methods[site.method].self_name
        func = site.call.func
        if isinstance(func, cst.Attribute):
            if _is_name(func.value, self_name) and func.attr.value in (
                    "parameters", "named_parameters", "apply", "modules", "children"):
                return None
            root = _self_attribute(func.value, self_name)
            if root is not None and func.attr.value.endswith("_") \
                    and func.attr.value not in _NOT_INITIALISING:
                found.add(root)  # self.w.normal_(), self.w.data.uniform_(...)
        qualified = site.qualified or ""
        if qualified.startswith("torch.nn.init."):
            first = argument(site.call, "tensor", 0)
            root = _self_attribute(first.value, self_name) if first else None
            if root is None:
                return None
            found.add(root)
        elif not qualified.startswith("torch.") and site.method != "forward":
            # handed to a helper of the project: glorot(self.w), self._fill(self.w)
            for arg in site.call.args:
                root = _self_attribute(arg.value, self_name)
                if root is not None:
                    found.add(root)
    return found


def _is_name(node: cst.BaseExpression, name: Optional[str]) -> bool:
    return isinstance(node, cst.Name) and node.value == name


def _self_attribute(node: cst.BaseExpression, self_name: Optional[str]) -> Optional[str]:
    """``x`` for ``self.x``, ``self.x.data``, ``self.x[0]``, ``self.x.data[:, 0]``."""
    while isinstance(node, (cst.Attribute, cst.Subscript)):
        if isinstance(node, cst.Attribute) and _is_name(node.value, self_name):
            return node.attr.value
        node = node.value
    return None
