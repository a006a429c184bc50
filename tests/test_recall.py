"""Recall by bug injection on hand-written models (tests/data/recall/), and each injector
on a snippet. The full run is ``python benchmarks/recall/run.py``."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from modlint.api import lint_source  # noqa: E402
from modlint.config import Config  # noqa: E402
from modlint.parsing import parse_module  # noqa: E402

from modlint.semantic.builder import build_model  # noqa: E402
from modlint.source_text import SourceText  # noqa: E402

from recall.harness import CAUGHT, check_source, run_rules  # noqa: E402
from recall.injectors import all_injectors  # noqa: E402
from recall.sites import find_sites, inject, subtree_ids  # noqa: E402

# Sites caught in tests/data/recall today, per rule: a floor to raise as rules improve.
FLOORS = {
    "MOD001": 7, "MOD002": 3, "MOD003": 2, "MOD005": 1, "MOD006": 1, "MOD007": 4,
    "MOD101": 16, "MOD102": 15, "MOD103": 15, "MOD104": 3, "MOD105": 32, "MOD201": 15,
    "MOD202": 15, "MOD203": 29, "MOD301": 2, "MOD302": 3, "MOD303": 3, "MOD304": 3,
}

FIXTURES = sorted((ROOT / "tests" / "data" / "recall").glob("*.py"))


@pytest.fixture(scope="module")
def outcomes():
    return [o for path in FIXTURES for o in check_source(path.read_text(), str(path), Config())]


def test_recall_floors(outcomes):
    caught = Counter(o.rule for o in outcomes if o.status == CAUGHT)
    below = {rule: (caught[rule], floor) for rule, floor in FLOORS.items()
             if caught[rule] < floor}
    assert not below, f"caught below the floor (caught, floor): {below}"


def test_every_injector_has_a_site_in_the_fixtures(outcomes):
    kinds = {o.kind for o in outcomes}
    missing = {i.kind for i in all_injectors()} - kinds - {
        "convert-after-wrapping", "sdpa-dropout-always-on"}  # covered by the snippets below
    assert not missing


def test_fast_path_agrees_with_lint_source():
    """Whether a rule reports a bug, found by node identity in the bugged tree, is what
    linting the printed bugged code as a user would says: the first site of each injector
    in the fixtures, one bug per file."""
    first = {}
    for path in FIXTURES:
        module = parse_module(path.read_text())
        for site in find_sites(module, all_injectors())[0]:
            first.setdefault(site.kind, (module, site))
    assert len(first) >= 20
    for module, site in first.values():
        bugged, copies = inject(module, [site])
        ctx = run_rules(build_model(bugged), SourceText(bugged.code), [site.rule])
        inside = subtree_ids(copies.get(site.expected, site.expected))
        for node in site.alternatives:
            inside |= subtree_ids(node)
        fast = any(id(node) in inside for node in ctx.reported.get(site.rule, ()))
        linted = any(d.code == site.rule for d in
                     lint_source(bugged.code, Config(select=(site.rule,))).diagnostics)
        assert fast == linted, (site.kind, bugged.code)


SNIPPETS = [
    ("buffer-to-plain",
     '    def __init__(self):\n        self.register_buffer("m", torch.ones(3), persistent=False)\n',
     "    def __init__(self):\n        self.m = torch.ones(3)\n"),
    ("parameter-to-tensor",
     "    def __init__(self):\n        self.w = nn.Parameter(torch.zeros(3))\n",
     "    def __init__(self):\n        self.w = torch.zeros(3, requires_grad=True)\n"),
    ("module-container-to-plain",
     "    def __init__(self):\n        self.l = nn.ModuleList(nn.Linear(2, 2) for _ in range(2))\n",
     "    def __init__(self):\n        self.l = [nn.Linear(2, 2) for _ in range(2)]\n"),
    ("parameter-container-to-plain",
     "    def __init__(self):\n        self.p = nn.ParameterDict()\n",
     "    def __init__(self):\n        self.p = {}\n"),
    ("convert-after-wrapping",
     "    def __init__(self):\n        self.w = nn.Parameter(torch.ones(2).to(dev))\n",
     "    def __init__(self):\n        self.w = nn.Parameter(torch.ones(2)).to(dev)\n"),
    ("freeze-loop-to-attribute",
     "    def f(self):\n        for p in self.enc.parameters():\n            p.requires_grad = False\n",
     "    def f(self):\n        self.enc.requires_grad = False\n"),
    ("comprehension-to-repeat",
     "    def __init__(self):\n        self.l = nn.ModuleList([nn.Linear(2, 2) for _ in range(n)])\n",
     "    def __init__(self):\n        self.l = nn.ModuleList([nn.Linear(2, 2)] * n)\n"),
    ("assign-then-register",
     '    def __init__(self):\n        self.register_buffer("m", torch.ones(3))\n',
     '    def __init__(self):\n        self.m = torch.ones(3)\n'
     '        self.register_buffer("m", self.m)\n'),
    ("super-init-removed",
     "    def __init__(self):\n        super().__init__()\n",
     "    def __init__(self):\n        pass\n"),
    ("super-init-moved-late",
     "    def __init__(self):\n        super().__init__()\n        n = 2\n"
     "        self.fc = nn.Linear(n, n)\n        self.k = 1\n",
     "    def __init__(self):\n        n = 2\n        self.fc = nn.Linear(n, n)\n"
     "        super().__init__()\n        self.k = 1\n"),
    ("super-init-not-called",
     "    def __init__(self):\n        super().__init__()\n",
     "    def __init__(self):\n        super().__init__\n"),
    ("init-renamed-__int__", "    def __init__(self):\n        pass\n",
     "    def __int__(self):\n        pass\n"),
    ("init-renamed-_init_", "    def __init__(self):\n        pass\n",
     "    def _init_(self):\n        pass\n"),
    ("forward-misspelled", "    def forward(self, x):\n        return x\n",
     "    def foward(self, x):\n        return x\n"),
    ("forward-to-__call__", "    def forward(self, x):\n        return x\n",
     "    def __call__(self, x):\n        return x\n"),
    ("call-to-forward",
     "    def __init__(self):\n        self.fc = nn.Linear(2, 2)\n\n"
     "    def forward(self, x):\n        return self.fc(x)\n",
     "    def __init__(self):\n        self.fc = nn.Linear(2, 2)\n\n"
     "    def forward(self, x):\n        return self.fc.forward(x)\n"),
    ("training-flag-dropped",
     "    def forward(self, x):\n        return F.dropout(x, 0.1, training=self.training)\n",
     "    def forward(self, x):\n        return F.dropout(x, 0.1)\n"),
    ("sdpa-dropout-always-on",
     "    def forward(self, q):\n        return F.scaled_dot_product_attention(q, q, q, "
     "dropout_p=self.p if self.training else 0.0)\n",
     "    def forward(self, q):\n        return F.scaled_dot_product_attention(q, q, q, "
     "dropout_p=self.p)\n"),
    ("softmax-dim-dropped",
     "    def forward(self, x):\n        return F.softmax(x, dim=-1)\n",
     "    def forward(self, x):\n        return F.softmax(x)\n"),
    ("sequential-list",
     "    def __init__(self):\n        self.s = nn.Sequential(nn.ReLU(), nn.Tanh())\n",
     "    def __init__(self):\n        self.s = nn.Sequential([nn.ReLU(), nn.Tanh()])\n"),
    ("method-not-called",
     "    def run(self, model):\n        model.eval()\n",
     "    def run(self, model):\n        model.eval\n"),
]


@pytest.mark.parametrize("kind,before,after", SNIPPETS, ids=[s[0] for s in SNIPPETS])
def test_injector_snippet(kind, before, after):
    injector = next(i for i in all_injectors() if i.kind == kind)
    module = parse_module(f"class Net(nn.Module):\n{before}")
    sites, _ = find_sites(module, [injector])
    assert len(sites) == 1
    bugged, _ = inject(module, sites)
    assert bugged.code == f"class Net(nn.Module):\n{after}"


def test_wrong_class_names_another_class_of_the_file():
    injector = next(i for i in all_injectors() if i.kind == "super-wrong-class")
    module = parse_module("class A(nn.Module):\n    pass\n\n\nclass B(nn.Module):\n"
                          "    def __init__(self):\n        super(B, self).__init__()\n")
    sites, _ = find_sites(module, [injector])
    bugged, _ = inject(module, sites)
    assert "super(A, self).__init__()" in bugged.code
