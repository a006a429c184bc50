"""SAFE fixes cannot break working code: the rule book's bad examples and the modules of
tests/data/safe_fixes/, run before and after their SAFE fixes under torch (CPU,
``.double()``, ``meta``, a fake GPU) by benchmarks/fix_verification/."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "fix_verification", ROOT / "benchmarks" / "fix_verification" / "verify.py")
verify = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(verify)
Case = verify.Case

TIME_LIMIT = 30.0

CASES = verify.rulebook_cases() + verify.data_cases()

# Their fixes rewrite torchvision calls and imports, and torchvision is not installed beside
# the pinned torch (each torchvision release requires its own torch build); the rules'
# tests check the fixed code against torchvision's own tables instead.
NEEDS_TORCHVISION = {"MOD408", "MOD906"}


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    """Every case, the hand-made ones below too, verified once in one runner process (a
    forked child per case)."""
    return {r["id"]: r for r in verify.run_cases(CASES + HAND_MADE_CASES,
                                                 time_limit=TIME_LIMIT)}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_safe_fix_keeps_working_code_working(case, results):
    result = results[case.id]
    assert result["status"] not in ("BROKEN", "CRASHED", "TIMEOUT"), result["detail"]


def test_every_safe_fix_is_exercised():
    """Each rule that can make a SAFE fix makes one on the hand-written modules."""
    import modlint.rules

    rules = Path(modlint.rules.__file__).parent
    safe = {f"MOD{m.group(1)}" for path in rules.glob("mod*.py")
            if "Applicability.SAFE" in path.read_text(encoding="utf-8")
            for m in [re.match(r"mod(\d{3})_", path.name)] if m}
    exercised = {c.rule for c in CASES if c.source.endswith(".py")} | NEEDS_TORCHVISION
    assert safe <= exercised, f"no module of tests/data/safe_fixes/ gets a SAFE fix of " \
                              f"{sorted(safe - exercised)}"


# The verifier itself: hand-made "fixes" that break working code must be caught.

_FILTERBANK = '''
import torch
from torch import nn


class Filterbank(nn.Module):
    def __init__(self, n_fft=16, n_bands=8):
        super().__init__()
        self.window = torch.hann_window(n_fft)
        self.bands = torch.rand(n_bands, n_fft)
        self.gains = torch.linspace(0.5, 1.5, n_bands)
        self.proj = nn.Linear(n_bands, n_bands)

    def forward(self, x):
        filters = self.bands * self.window * self.gains[:, None]
        return self.proj(x @ filters.T.to(x.device))
'''
_ONE_REGISTERED = _FILTERBANK.replace(
    "self.gains = torch.linspace(0.5, 1.5, n_bands)",
    'self.register_buffer("gains", torch.linspace(0.5, 1.5, n_bands), persistent=False)')
_ALL_REGISTERED = _ONE_REGISTERED.replace(
    "self.window = torch.hann_window(n_fft)",
    'self.register_buffer("window", torch.hann_window(n_fft), persistent=False)').replace(
    "self.bands = torch.rand(n_bands, n_fft)",
    'self.register_buffer("bands", torch.rand(n_bands, n_fft), persistent=False)')
_INPUT_ON_CPU = _FILTERBANK.replace("self.proj(x @ filters.T.to(x.device))",
                                    "self.proj((x.cpu() @ filters.T).to(x.device))")

HAND_MADE = {
    "one of three tensors registered": (_FILTERBANK, _ONE_REGISTERED, "BROKEN", "meta: "),
    "all three registered": (_FILTERBANK, _ALL_REGISTERED, "OK", ""),
    "one registered, input brought to the CPU": (
        _INPUT_ON_CPU, _INPUT_ON_CPU.replace(
            "self.gains = torch.linspace(0.5, 1.5, n_bands)",
            'self.register_buffer("gains", torch.linspace(0.5, 1.5, n_bands), persistent=False)'),
        "BROKEN", "fake gpu: "),
    "a persistent buffer: new state_dict() keys": (
        _FILTERBANK, _ALL_REGISTERED.replace(", persistent=False", ""), "BROKEN",
        "state_dict keys changed"),
    "another output": (_FILTERBANK, _FILTERBANK.replace("0.5, 1.5", "0.5, 2.5"), "BROKEN",
                       "cpu: the outputs differ"),
    "a fix that hangs": (_FILTERBANK, _FILTERBANK.replace(
        "filters = ", "while True:\n            pass\n        filters = "), "TIMEOUT", ""),
    "a class that needs arguments nobody can guess": (
        _FILTERBANK.replace("n_fft=16, n_bands=8", "n_fft: str, n_bands: str"),
        _FILTERBANK.replace("n_fft=16, n_bands=8", "n_fft: str, n_bands: str"),
        "NOT CONSTRUCTIBLE", ""),
}


HAND_MADE_CASES = [Case(f"hand-made::{name}", "hand-made", "none", "hand_made",
                        "<hand-made>", original, fixed, "Filterbank", time_limit=3.0)
                   for name, (original, fixed, _, _) in HAND_MADE.items()]


@pytest.mark.parametrize("name", HAND_MADE)
def test_the_verifier_catches_what_breaks(name, results):
    _, _, status, detail = HAND_MADE[name]
    result = results[f"hand-made::{name}"]
    assert result["status"] == status and detail in result["detail"], result
