"""Files to check speed features against: the benchmark corpus when it was fetched
(``python benchmarks/corpus/fetch.py``), else None."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]


def corpus_files() -> Optional[list[Path]]:
    spec = importlib.util.spec_from_file_location(
        "corpus_fetch", ROOT / "benchmarks" / "corpus" / "fetch.py")
    assert spec is not None and spec.loader is not None
    fetch = sys.modules.setdefault("corpus_fetch", importlib.util.module_from_spec(spec))
    spec.loader.exec_module(fetch)
    corpus = fetch.present()
    return corpus.files() if corpus is not None else None


def project_files() -> list[Path]:
    """Varied real code that is always there: modlint's own sources, tests and examples."""
    return sorted(p for folder in ("src", "tests", "examples", "benchmarks")
                  for p in (ROOT / folder).rglob("*.py") if ".cache" not in p.parts)
