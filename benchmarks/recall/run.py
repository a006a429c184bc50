"""Recall by bug injection: how many injected bugs modlint reports, per rule.

    python benchmarks/recall/run.py                          # the default group
    python benchmarks/recall/run.py --group dev              # another group of the corpus
    python benchmarks/recall/run.py --packages timm,diffusers --jobs 2

For every place of a package where a correct idiom is used, the matching bug is injected
(one per family of classes at a time, see ``harness.py``) and the file is checked with the
module bases the whole package gives it. Results are written to ``results-<group>.json``
and ``RESULTS.md`` (all the groups run) next to this file (``--out`` chooses another
folder); nothing is ever written into the corpus. ``--sample NAME=K`` injects into one file
in K of a package (chosen by a digest of the path), for the largest packages when time is
short. The commit recorded is this checkout's HEAD, or ``MODLINT_COMMIT`` when the modlint
measured is another tree's (an exported commit on ``PYTHONPATH``).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))

from modlint.config import Config  # noqa: E402
from modlint.engine import decode, project_configs  # noqa: E402
from modlint.project import ProjectIndex, module_name, scan  # noqa: E402
from modlint.project import _absolute as absolute  # noqa: E402

from recall.harness import Outcome, check_source  # noqa: E402
from recall.report import write_results  # noqa: E402


def _load_fetch():
    spec = importlib.util.spec_from_file_location(
        "corpus_fetch", ROOT / "benchmarks" / "corpus" / "fetch.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _check(task: tuple[str, Config, frozenset[str]]) -> list[Outcome]:
    path, config, plain = task
    try:
        text = decode(Path(path).read_bytes()).text
    except (OSError, SyntaxError, UnicodeDecodeError, LookupError):
        return []
    return check_source(text, path, config, plain=plain)


def plain_classes(paths: list[str]) -> dict[str, frozenset[str]]:
    """Per file, the class names it spells that the package proves are no modules (every
    base `object` or such a class): its top-level classes (a trainer holding a model is
    not a module to inject into) and the names it imports or constructs through an
    imported module (a helper object's `.forward` is no module's)."""
    declarations = {}
    for path in paths:
        try:
            declarations[path] = scan(Path(path).read_bytes())
        except OSError:
            continue
    index = ProjectIndex(declarations)
    found = {}
    for path, declared in declarations.items():
        module = module_name(path)[0]
        names = {name for name in declared.class_bases
                 if index.is_plain_class(f"{module}.{name}")}
        facts = index.files.get(path)
        if facts is not None:
            spelled = {local: target for local, target in declared.names.items()}
            spelled.update((name, name) for name in declared.constructed)
            names.update(local for local, target in spelled.items()
                         if index.is_plain_class(absolute(facts, target)))
        found[path] = frozenset(names)
    return found


def sampled(path: str, folder: Path, every: int) -> bool:
    """One file in ``every``, chosen by a digest of its path in the package: the same
    files on every machine and every run."""
    name = os.path.relpath(path, folder).encode()
    return every <= 1 or int(hashlib.sha256(name).hexdigest(), 16) % every == 0


def run_package(folder: Path, jobs: int, every: int = 1) -> list[Outcome]:
    paths = sorted(str(p) for p in folder.rglob("*.py"))
    configs = project_configs(paths, Config())  # bases from the whole package
    plain = plain_classes(paths)
    tasks = sorted(((p, configs[p], plain.get(p, frozenset())) for p in paths
                    if sampled(p, folder, every)),
                   key=lambda t: -os.path.getsize(t[0]))
    if jobs <= 1:
        found = [_check(task) for task in tasks]
    else:
        import multiprocessing
        with multiprocessing.Pool(jobs) as pool:
            found = list(pool.imap_unordered(_check, tasks, chunksize=1))
    outcomes = [o for group in found for o in group]
    for outcome in outcomes:
        outcome.path = os.path.relpath(outcome.path, folder)
    return sorted(outcomes, key=lambda o: (o.rule, o.kind, o.path, o.line))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--group", default="default", help="the corpus group to run on")
    parser.add_argument("--packages", help="comma-separated names within the group")
    parser.add_argument("--sample", default="",
                        help="NAME=K,...: inject into one file in K of these packages")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the results")
    args = parser.parse_args(argv)
    fetch = _load_fetch()
    corpus = fetch.fetch(group=args.group)
    names = args.packages.split(",") if args.packages else list(corpus.packages)
    unknown = [n for n in names if n not in corpus.packages]
    if unknown:
        parser.error(f"not in group {args.group}: {', '.join(unknown)}")
    every = {name: int(k) for name, _, k in
             (part.partition("=") for part in args.sample.split(",") if part)}
    results = {}
    started = time.monotonic()
    for name in names:
        began = time.monotonic()
        outcomes = run_package(corpus.packages[name], args.jobs, every.get(name, 1))
        version = corpus.packages[name].name.rpartition("-")[2]
        sample = f" (1 file in {every[name]})" if every.get(name, 1) > 1 else ""
        results[f"{name}=={version}{sample}"] = outcomes
        print(f"{name}=={version}: {len(outcomes)} sites in {time.monotonic() - began:.0f} s",
              file=sys.stderr)
    commit = os.environ.get("MODLINT_COMMIT") or subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
        text=True).stdout.strip()
    command = "python benchmarks/recall/run.py " + " ".join(argv if argv is not None
                                                            else sys.argv[1:])
    write_results(args.out, args.group, results, command.strip(), commit,
                  time.monotonic() - started, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
