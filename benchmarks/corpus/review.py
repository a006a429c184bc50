"""Lint a corpus group and check every finding against the committed review.

    python benchmarks/corpus/review.py                   # the default four packages
    python benchmarks/corpus/review.py --group sealed    # or dev, heldout, unseen, fresh, blind (see fetch.py)

Fetches the pinned group (see fetch.py), runs ``modlint`` over each package with its
default rules, each package linted as a project of its own, and matches every finding to a
row of ``review.md`` (package, file, line, code, verdict). It prints the findings nobody has
reviewed yet, rows whose finding has gone, and per package the findings, true and false
positives and the precision; it exits 1 when a finding is unreviewed.

transformers' ``modular_*.py`` files are excluded: they are templates for transformers'
code generator, which inlines the parent class's ``__init__`` body at the
``super().__init__()`` call; they are never imported, and their Python is not meant to
run as written (``nn.Module.__init__()`` without ``self``, state assigned before the
super call on purpose). A project that keeps such files excludes them the same way.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fetch import GROUPS, Pin, fetch  # noqa: E402

REVIEW = Path(__file__).resolve().parent / "review.md"
EXCLUDES = {"transformers": ["modular_*.py"]}
ROW = re.compile(r"^\| (?P<package>[\w.-]+) \| `(?P<path>[^`]+):(?P<line>\d+)` \| "
                 r"(?P<code>MOD\d{3}) \| (?P<verdict>TP|FP) \| (?P<reason>.+) \|$")


def findings(folder: Path, pin: Pin) -> list[tuple[str, int, str]]:
    command = [sys.executable, "-m", "modlint", "check", "--isolated", "--no-cache",
               "--output-format", "json", "--exit-zero", *pin.packages]
    for pattern in EXCLUDES.get(pin.name, []):
        command += ["--extend-exclude", pattern]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"modlint failed on {pin.name}:\n{done.stderr}")
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


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--group", choices=sorted(GROUPS), default="default")
    args = parser.parse_args(argv)
    corpus = fetch(group=args.group)
    verdicts = {key: verdict for key, verdict in reviewed().items()
                if key[0] in corpus.packages}
    unreviewed, seen, totals = [], set(), Counter()
    for name, pin in corpus.pins.items():
        found = findings(corpus.packages[name], pin)
        counts = Counter()
        for path, line, code in found:
            key = (name, path, line, code)
            seen.add(key)
            verdict = verdicts.get(key)
            if verdict is None:
                unreviewed.append(key)
            counts[verdict or "unreviewed"] += 1
        totals.update(counts)
        print(f"{name}=={pin.version}: {_summary(len(found), counts)}")
    print(f"{args.group} group: {_summary(sum(totals.values()), totals)}")
    for key in unreviewed:
        print("unreviewed: {} {}:{} {}".format(*key))
    for key in sorted(set(verdicts) - seen):
        print("no longer reported: {} {}:{} {}".format(*key))
    return 1 if unreviewed else 0


def _summary(total: int, counts: Counter) -> str:
    judged = counts["TP"] + counts["FP"]
    precision = f"{counts['TP'] / judged:.1%}" if judged else "n/a"
    return (f"{total} findings, {counts['TP']} true, {counts['FP']} false "
            f"(precision {precision}), {counts['unreviewed']} unreviewed")


if __name__ == "__main__":
    sys.exit(main())
