"""What each LibCST metadata provider costs, next to the parse and modlint's own pass.

    python benchmarks/providers.py [FILE...]   # default: torchvision's models/ from the corpus

CPU time (time.process_time, so other processes' load matters little), summed over the
files, and as a multiple of the parse.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import libcst as cst
from libcst import metadata

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))

import fetch  # noqa: E402

from modlint.semantic import builder  # noqa: E402

PROVIDERS = [
    metadata.PositionProvider,
    metadata.WhitespaceInclusivePositionProvider,
    metadata.ParentNodeProvider,
    metadata.ExpressionContextProvider,
    metadata.ScopeProvider,
    metadata.QualifiedNameProvider,
]


def libcst_visit(module: cst.Module) -> None:
    """The model builder driven by LibCST's own traversal instead of ``walk``."""
    ns = builder._Namespace(frozenset())
    prepassed: dict = {}
    builder._prepass(module.body, ns, prepassed)
    module.visit(builder._Builder(ns, prepassed))


def cpu(action) -> float:
    start = time.process_time()
    action()
    return time.process_time() - start


def main(paths: list[str]) -> int:
    files = [Path(p) for p in paths] or sorted(
        (fetch.fetch().packages["torchvision"] / "torchvision" / "models").glob("*.py"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    modules = []
    parse = cpu(lambda: modules.extend(cst.parse_module(t) for t in texts))
    rows = [("parse (libcst.parse_module)", parse),
            ("modlint model (walk)", cpu(lambda: [builder.build_model(m) for m in modules])),
            ("modlint model (LibCST visit)", cpu(lambda: [libcst_visit(m) for m in modules]))]
    for provider in PROVIDERS:
        def resolve(provider=provider):
            for module in modules:
                metadata.MetadataWrapper(module, unsafe_skip_copy=True).resolve(provider)
        rows.append((provider.__name__ + " (with its dependencies)", cpu(resolve)))
    size = sum(len(t) for t in texts)
    print(f"{len(files)} files, {size / 1e6:.2f} MB")
    print("| pass | CPU s | × parse |\n|---|---:|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} | {seconds / parse:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
