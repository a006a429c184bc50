"""Do SAFE fixes break working code? Original and fixed classes run side by side.

    python benchmarks/fix_verification/verify.py [--sources rulebook data corpus recall]

For every source file with a SAFE fix, each rule's SAFE fixes are applied alone (and all
of them together, as ``--fix`` does, when several rules have some); every class the fix
touched, and every class of the file deriving from it, is built and run before and after
under torch by ``runner.py``: on the CPU, then after ``.double()``, after ``.to("meta")``
and on a fake GPU (torch's fake tensors on a private-use device: devices are checked as on
CUDA, and unlike ``meta`` a tensor can go to the CPU and back). A SAFE fix must never turn
a passing forward into a failing one, change the ``state_dict()`` keys or the CPU output.

Sources: ``rulebook`` (the bad examples of ``rules/*.md``), ``data`` (the hand-written
modules of ``tests/data/safe_fixes/``), ``corpus`` (the four pinned packages; the fixed
file is executed as the package's own module, in a folder of packages installed once under
``benchmarks/.cache/``, without torch: the project's torch is used), ``recall`` (bugs
put into corpus classes by the injectors of ``benchmarks/recall/``, see
``recall_cases.py``).
Results go to ``benchmarks/fix_verification/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterable, Optional

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
from safe_fix_cases import ALL_RULES, Case, cases_of  # noqa: E402

from modlint.diagnostics import Applicability  # noqa: E402

RUNNER = HERE / "runner.py"
DATA = ROOT / "tests" / "data" / "safe_fixes"
RESULTS = HERE / "RESULTS.md"
STATUSES = ("OK", "BROKEN", "SIGNATURE CHANGED", "ORIGINAL FAILS", "NOT CONSTRUCTIBLE",
            "NO INPUT", "TIMEOUT", "CRASHED")


def rulebook_cases() -> list[Case]:
    from modlint.rulebook import examples, pages_dir

    found = []
    for page in sorted(pages_dir().glob("MOD*.md")):
        for example in examples(page.read_text(encoding="utf-8")):
            if example.kind == "bad":
                origin = f"{page.stem}:{example.line}"
                module = f"rulebook_{page.stem.split('-')[0].lower()}_{example.line}"
                found += cases_of(example.code, origin, module, f"<{origin}>")
    return found


def data_cases(folder: Path = DATA) -> list[Case]:
    found = []
    for path in sorted(folder.glob("*.py")):
        found += cases_of(path.read_text(encoding="utf-8"), path.name,
                          f"safe_fixes_{path.stem}", str(path))
    return found


def run_cases(cases: list[Case], python: str = sys.executable,
              env: Optional[dict] = None, runner_args: Iterable[str] = (),
              time_limit: Optional[float] = None) -> list[dict]:
    """Each case's result, in order, from one runner process (which forks per case)."""
    if not cases:
        return []
    environment = dict(env if env is not None else os.environ)
    if time_limit is not None:
        environment["FIX_VERIFICATION_TIME_LIMIT"] = str(time_limit)
    process = subprocess.Popen([python, str(RUNNER), *runner_args], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True, env=environment)

    def feed() -> None:
        assert process.stdin is not None
        for case in cases:
            process.stdin.write(json.dumps(case.as_json()) + "\n")
        process.stdin.close()

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    assert process.stdout is not None
    results = {}
    for line in process.stdout:
        result = json.loads(line)
        results[result["id"]] = result
    writer.join()
    process.wait()
    missing = {"status": "CRASHED", "detail": "the runner stopped", "phases": {}}
    return [results.get(case.id, {"id": case.id, **missing}) for case in cases]


# -- the corpus ------------------------------------------------------------------------------

PACKAGES = ROOT / "benchmarks" / ".cache" / "fix-verification-packages"


def install_packages() -> Path:
    """The pinned packages and their dependencies in a folder of their own, never torch:
    transformers and diffusers with their requirements (none is torch), timm and
    torchvision without (theirs would replace torch); numpy held at the project's."""
    sys.path.insert(0, str(ROOT / "benchmarks" / "corpus"))
    from fetch import PINS

    if (PACKAGES / ".complete").exists():
        return PACKAGES
    import numpy

    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(PACKAGES)]
    subprocess.run([*pip, f"numpy=={numpy.__version__}",
                    f"transformers=={PINS['transformers']}",
                    f"diffusers=={PINS['diffusers']}"], check=True)
    subprocess.run([*pip, "--no-deps", "--upgrade", f"timm=={PINS['timm']}",
                    f"torchvision=={PINS['torchvision']}"], check=True)
    if (PACKAGES / "torch").exists():
        raise SystemExit(f"{PACKAGES} holds a torch of its own: remove it")
    (PACKAGES / ".complete").touch()
    return PACKAGES


def corpus_cases(names: Iterable[str]) -> list[Case]:
    """Cases of every corpus file with a SAFE fix, with the bases its package gives it."""
    sys.path.insert(0, str(ROOT / "benchmarks" / "corpus"))
    from fetch import PINS, fetch
    from modlint.engine import FixMode, lint_files, project_configs

    corpus = fetch()
    found = []
    for name in names:
        folder = corpus.packages[name]
        paths = [str(p) for p in corpus.files(name)]
        configs = project_configs(paths, ALL_RULES)
        for result in lint_files(paths, ALL_RULES, FixMode.NONE):
            if result.source is None or not any(
                    d.fix is not None and d.fix.applicability is Applicability.SAFE
                    for d in result.diagnostics):
                continue
            parts = Path(result.path).relative_to(folder).with_suffix("").parts
            module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found += cases_of(result.source, f"{name}=={PINS[name]}:{'/'.join(parts)}.py",
                              module, result.path, configs[result.path])
    return found


# Imported by the runner before it forks: each case then pays only for its own module.
PRELOAD = ",".join(["torchvision", "timm", "diffusers", "transformers",
                    "transformers.modeling_utils", "diffusers.models.modeling_utils"])


def corpus_env(packages: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(packages), "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1", "TRANSFORMERS_VERBOSITY": "error"}


# -- the report ------------------------------------------------------------------------------

def tally(rows: list[tuple[Case, dict]]) -> dict:
    """(rule) -> status -> count."""
    table: dict = collections.defaultdict(collections.Counter)
    for case, result in rows:
        table[case.rule][result["status"]] += 1
    return table


def report(sections: list[tuple[str, list[tuple[Case, dict]], dict]], header: str) -> str:
    lines = [header, ""]
    for title, rows, tally_of_sites in sections:
        lines += [f"## {title}", ""]
        if tally_of_sites:
            lines += ["Injected sites tried, and those that got a SAFE fix of their rule "
                      "(each verified below): " + "; ".join(
                          f"{rule} {c['safe fix']} of {c['injected']}"
                          for rule, c in sorted(tally_of_sites.items())) + ".", ""]
        if not rows:
            lines += ["No class touched by a SAFE fix.", ""]
            continue
        lines += ["| rule | classes touched | " + " | ".join(s.lower() for s in STATUSES) + " |",
                  "|---|---:|" + "---:|" * len(STATUSES)]
        table = tally(rows)
        for rule in sorted(table):
            counts = table[rule]
            lines.append(f"| {rule} | {sum(counts.values())} | "
                         + " | ".join(str(counts[s]) for s in STATUSES) + " |")
        lines.append("")
        for case, result in rows:
            if result["status"] not in ("OK", "NOT CONSTRUCTIBLE", "NO INPUT"):
                lines.append(f"- {result['status']}: `{case.source}` `{case.cls}` "
                             f"({case.rule}): {result['detail']}")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", nargs="+", default=["rulebook", "data", "corpus"],
                        choices=["rulebook", "data", "corpus", "recall"])
    parser.add_argument("--packages", nargs="+",
                        default=["torchvision", "timm", "diffusers", "transformers"])
    parser.add_argument("--per-rule", type=int, default=60,
                        help="recall: injected sites verified per rule, at most")
    parser.add_argument("--output", default=str(RESULTS))
    args = parser.parse_args()
    sections = []
    for source in args.sources:
        tally: dict = {}
        if source == "rulebook":
            cases = rulebook_cases()
        elif source == "data":
            cases = data_cases()
        elif source == "corpus":
            cases = corpus_cases(args.packages)
        else:
            from recall_cases import recall_cases

            cases = recall_cases(args.packages, args.per_rule, tally=tally)
        if source in ("corpus", "recall"):
            results = run_cases(cases, env=corpus_env(install_packages()),
                                runner_args=["--torchvision-ops", "--preload", PRELOAD])
        else:
            results = run_cases(cases)
        rows = list(zip(cases, results))
        for case, result in rows:
            print(f"{result['status']:<18} {case.id}  {result['detail'][:160]}", flush=True)
        sections.append((SOURCE_TITLES[source], rows, tally))
    commit = os.environ.get("MODLINT_COMMIT") or subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
        text=True).stdout.strip()
    header = ("# SAFE fixes run before and after\n\n"
              f"Produced by `python benchmarks/fix_verification/verify.py --sources "
              f"{' '.join(args.sources)}` on commit {commit}; how a class is verified: "
              "`verify.py`'s docstring. A class is BROKEN when a forward that ran (CPU, "
              "`.double()`, `meta` or the fake GPU) fails after the fix, the `state_dict()` keys changed "
              "or the CPU output differs; SIGNATURE CHANGED when the fixed class takes no "
              "argument set the original builds with (a renamed `__init__`), so the two "
              "cannot be compared; ORIGINAL FAILS when the original never built or "
              "ran (the bug itself); NOT CONSTRUCTIBLE / NO INPUT when no guessed "
              "argument or input worked, so nothing was proven.")
    Path(args.output).write_text(report(sections, header))
    broken = sum(r["status"] == "BROKEN" for _, rows, _ in sections for _, r in rows)
    print(f"broken: {broken}; written to {args.output}")
    return 1 if broken else 0


SOURCE_TITLES = {
    "rulebook": "The rule book's bad examples (`rules/*.md`)",
    "data": "Hand-written modules (`tests/data/safe_fixes/`)",
    "corpus": "The corpus (torchvision 0.29.1, timm 1.0.31, diffusers 0.42.1, "
              "transformers 5.24.0)",
    "recall": "Injected bugs (`benchmarks/recall/`)",
}


if __name__ == "__main__":
    sys.exit(main())
