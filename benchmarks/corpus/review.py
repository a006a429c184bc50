"""Lint the corpus and check every finding against the committed review.

    python benchmarks/corpus/review.py

Fetches the pinned corpus (see fetch.py), runs ``modlint`` over each package with its
default rules, and matches every finding to a row of ``review.md`` (file, line, code,
verdict). It prints the findings nobody has reviewed yet, rows whose finding has gone,
and the false-positive rate per package; it exits 1 when a finding is unreviewed.

transformers' ``modular_*.py`` files are excluded: they are templates for transformers'
code generator, which inlines the parent class's ``__init__`` body at the
``super().__init__()`` call; they are never imported, and their Python is not meant to
run as written (``nn.Module.__init__()`` without ``self``, state assigned before the
super call on purpose). A project that keeps such files excludes them the same way.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fetch import PINS, fetch  # noqa: E402

REVIEW = Path(__file__).resolve().parent / "review.md"
EXCLUDES = {"transformers": ["modular_*.py"]}
ROW = re.compile(r"^\| (?P<package>[\w-]+) \| `(?P<path>[^`]+):(?P<line>\d+)` \| "
                 r"(?P<code>MOD\d{3}) \| (?P<verdict>TP|FP) \| (?P<reason>.+) \|$")


def findings(folder: Path, name: str) -> list[tuple[str, int, str]]:
    command = [sys.executable, "-m", "modlint", "check", "--isolated", "--no-cache",
               "--output-format", "json", "--exit-zero", name]
    for pattern in EXCLUDES.get(name, []):
        command += ["--extend-exclude", pattern]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=True)
    return sorted((d["filename"], d["location"]["row"], d["code"])
                  for d in json.loads(done.stdout))


def reviewed() -> dict[tuple[str, str, int, str], str]:
    rows = {}
    for line in REVIEW.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            key = (match["package"], match["path"], int(match["line"]), match["code"])
            rows[key] = match["verdict"]
    return rows


def main() -> int:
    corpus = fetch()
    verdicts = reviewed()
    unreviewed, seen = [], set()
    for name in PINS:
        found = findings(corpus.packages[name], name)
        counts = Counter()
        for path, line, code in found:
            key = (name, path, line, code)
            seen.add(key)
            verdict = verdicts.get(key)
            if verdict is None:
                unreviewed.append(key)
            counts[verdict or "unreviewed"] += 1
        total = len(found)
        rate = counts["FP"] / total if total else 0.0
        print(f"{name}=={PINS[name]}: {total} findings, {counts['TP']} true, "
              f"{counts['FP']} false ({rate:.1%}), {counts['unreviewed']} unreviewed")
    for key in unreviewed:
        print("unreviewed: {} {}:{} {}".format(*key))
    for key in sorted(set(verdicts) - seen):
        print("no longer reported: {} {}:{} {}".format(*key))
    return 1 if unreviewed else 0


if __name__ == "__main__":
    sys.exit(main())
