"""Cases from injected bugs: the recall harness's injectors (``benchmarks/recall/``) put
one bug into a copy of a corpus class whose code worked, and the rule's SAFE fix is
verified on that copy. The bugged copy is the "original": a fix that breaks what still
ran of it, or changes its ``state_dict()`` keys, is caught as for any other source.

A deterministic sample: files in the order of a digest of their path, at most
``per_file`` sites of a rule in one file, at most ``per_rule`` sites of a rule in all.
"""

from __future__ import annotations

import collections
import hashlib
import sys
from dataclasses import replace
from pathlib import Path
from typing import Iterable

HERE = Path(__file__).resolve().parent
BENCHMARKS = HERE.parent
sys.path.insert(0, str(BENCHMARKS))
sys.path.insert(0, str(BENCHMARKS / "corpus"))

from modlint.api import fix_source  # noqa: E402
from modlint.config import Config  # noqa: E402
from modlint.engine import decode, project_configs  # noqa: E402
from modlint.gate import base_words  # noqa: E402
from modlint.parsing import ParseFailure, parse_module  # noqa: E402
from modlint.semantic.builder import build_model  # noqa: E402

from safe_fix_cases import Case, touched_classes  # noqa: E402

RULES = ("MOD001", "MOD101", "MOD102", "MOD103", "MOD105", "MOD201", "MOD303")

# How many injected sites each rule had, and how many of them got a SAFE fix.
Tally = dict[str, collections.Counter]


def _order(path: str) -> str:
    return hashlib.sha256(Path(path).name.encode() + path.encode()).hexdigest()


def recall_cases(names: Iterable[str], per_rule: int = 60, per_file: int = 2,
                 tally: Tally = None) -> list[Case]:
    from fetch import PINS, fetch
    from recall.harness import looks_like_module
    from recall.injectors import all_injectors
    from recall.sites import find_sites, inject

    corpus = fetch()
    files = []
    for name in names:
        folder = corpus.packages[name]
        paths = [str(p) for p in corpus.files(name)]
        configs = project_configs(paths, Config())
        files += [(name, folder, path, configs[path]) for path in paths]
    files.sort(key=lambda f: _order(f[2]))
    tally = tally if tally is not None else {}
    taken: collections.Counter = collections.Counter()
    found: list[Case] = []
    for name, folder, path, config in files:
        if all(taken[rule] >= per_rule for rule in RULES):
            break
        text = decode(Path(path).read_bytes()).text
        if not any(word in text for word in base_words(config)):
            continue
        try:
            module = parse_module(text)
        except (ParseFailure, RecursionError):
            continue
        classes = {c.node: c for c in build_model(module, config.extend_module_bases).classes}
        injectors = [i for i in all_injectors() if i.rule in RULES]
        sites, _ = find_sites(module, injectors)
        in_file: collections.Counter = collections.Counter()
        parts = Path(path).relative_to(folder).with_suffix("").parts
        module_name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        for site in sites:
            rule, cls = site.rule, site.where.cls
            if taken[rule] >= per_rule or in_file[rule] >= per_file or cls is None \
                    or len(site.where.classes) != 1 or cls not in classes \
                    or not looks_like_module(classes[cls]):
                continue
            counts = tally.setdefault(rule, collections.Counter())
            counts["injected"] += 1
            bugged = inject(module, [site])[0].code
            fixed = fix_source(bugged, replace(config, select=(rule,))).source
            if fixed == bugged or cls.name.value not in touched_classes(bugged, fixed):
                continue
            counts["safe fix"] += 1
            taken[rule] += 1
            in_file[rule] += 1
            source = f"{name}=={PINS[name]}:{'/'.join(parts)}.py"
            found.append(Case(f"{source}::{site.kind}@{site.order}::{cls.name.value}",
                              source, rule, module_name, path, bugged, fixed,
                              cls.name.value))
    return found
