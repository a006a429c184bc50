"""Lint and fix every .py file of the standard library and of site-packages.

Reports crashes (an exception out of modlint), internal errors (a rule or the fixer
failing), broken fixes (a fixed file that no longer parses, or that still has something
to fix) and the time taken. Fixes are written into a temporary copy, never in place.

    python benchmarks/crash_sweep.py [--jobs N] [--limit N] [ROOT...]

Without ROOT it sweeps the running interpreter's standard library and site-packages.
Exit code 0 when all counts are zero.
"""

from __future__ import annotations

import argparse
import ast
import multiprocessing
import os
import shutil
import site
import sys
import sysconfig
import tempfile
import time
import traceback
import warnings
from typing import Optional

from modlint.api import lint_source
from modlint.config import Config
from modlint.engine import FixMode, Task, check_file

CONFIG = Config(select=("ALL",))


def default_roots() -> list[str]:
    roots = [sysconfig.get_paths()["stdlib"], *site.getsitepackages()]
    return sorted({os.path.realpath(r) for r in roots if os.path.isdir(r)})


def python_files(roots: list[str]) -> list[str]:
    files = []
    for root in roots:
        for parent, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", "site-packages"))
            files.extend(os.path.join(parent, n) for n in sorted(names) if n.endswith(".py"))
    return sorted(dict.fromkeys(files))


def _parses(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def sweep_one(path: str) -> tuple[str, str, Optional[str]]:
    """(path, outcome, detail): outcome is ok, crash, internal, broken or skipped."""
    folder = tempfile.mkdtemp(prefix="modlint-sweep-")
    try:
        copy = os.path.join(folder, "copy.py")
        try:
            shutil.copyfile(path, copy)
        except OSError as error:
            return path, "skipped", str(error)
        with open(copy, "rb") as handle:
            before = handle.read()
        try:
            result = check_file(Task(copy, CONFIG), FixMode.WRITE, unsafe=True)
        except BaseException:  # check_file must never raise
            return path, "crash", traceback.format_exc(limit=-3)
        if result.errors:
            return path, "internal", "; ".join(f"{e.where}: {e.message}" for e in result.errors)
        if result.io_error:
            return path, "internal", result.io_error
        with open(copy, "rb") as handle:
            after = handle.read()
        if after == before:
            return path, "ok", None
        text = result.fixed_source or ""
        if _parses(before) and not _parses(text):
            return path, "broken", "the fixed file does not parse"
        again = lint_source(text, CONFIG)
        left = [d for d in again.diagnostics if d.fix is not None and d.fix.is_applied(True)]
        if left or again.errors:
            return path, "broken", f"not idempotent: {len(left)} fixable after fixing"
        return path, "fixed", None
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="*")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--limit", type=int, default=0, help="sweep only the first N files")
    args = parser.parse_args(argv)
    roots = args.roots or default_roots()
    files = python_files(roots)
    if args.limit:
        files = files[:args.limit]
    print(f"sweeping {len(files)} files under {', '.join(roots)} with {args.jobs} processes",
          flush=True)
    start = time.perf_counter()
    counts = {"ok": 0, "fixed": 0, "crash": 0, "internal": 0, "broken": 0, "skipped": 0}
    with multiprocessing.Pool(args.jobs) as pool:
        for path, outcome, detail in pool.imap_unordered(sweep_one, files, chunksize=4):
            counts[outcome] += 1
            if outcome in ("crash", "internal", "broken", "skipped"):
                print(f"{outcome.upper()}: {path}: {detail}", flush=True)
    elapsed = time.perf_counter() - start
    linted = len(files) - counts["skipped"]
    print(f"files linted: {linted} (fixed: {counts['fixed']}); crashes: {counts['crash']}; "
          f"internal errors: {counts['internal']}; broken fixes: {counts['broken']}; "
          f"time: {elapsed:.0f} s")
    return 1 if counts["crash"] or counts["internal"] or counts["broken"] else 0


if __name__ == "__main__":
    sys.exit(main())
