"""Run rule-book examples under real PyTorch."""

from __future__ import annotations

import itertools
import types

import torch

_counter = itertools.count()


def load(code: str) -> types.SimpleNamespace:
    """Execute an example as a module of its own; return its nn.Module classes by name."""
    name = f"modlint_example_{next(_counter)}"
    namespace: dict = {"__name__": name}
    exec(compile(code, f"<{name}>", "exec"), namespace)
    classes = {k: v for k, v in namespace.items()
               if isinstance(v, type) and issubclass(v, torch.nn.Module)
               and v.__module__ == name}
    return types.SimpleNamespace(namespace=namespace, classes=classes)


def plain_tensors(module: torch.nn.Module) -> dict[str, torch.Tensor]:
    """Tensor attributes that PyTorch does not track."""
    return {k: v for k, v in vars(module).items()
            if isinstance(v, torch.Tensor) and not isinstance(v, torch.nn.Parameter)}
