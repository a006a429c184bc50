"""Runtime checks by rule code. Each checks_*.py module of this folder adds its own."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Callable

CHECKS: dict[str, Callable] = {}


def check(code: str):
    def register(function: Callable) -> Callable:
        assert code not in CHECKS, f"two runtime checks for {code}"
        CHECKS[code] = function
        return function
    return register


def load_all() -> dict[str, Callable]:
    import runtime

    for info in pkgutil.iter_modules(runtime.__path__):
        if info.name.startswith("checks_"):
            importlib.import_module(f"runtime.{info.name}")
    return CHECKS
