"""``--statistics``: how many problems of each rule, instead of the problems themselves."""

from __future__ import annotations

import json
from collections import Counter

from modlint.diagnostics import Applicability
from modlint.rules import CODES, load


def render(report, as_json: bool = False) -> str:
    diagnostics = [d for result in report.results for d in result.diagnostics]
    counts = Counter(d.code for d in diagnostics)
    # the best fix a problem of each rule has: "safe" (--fix), "unsafe" (--unsafe-fixes)
    best: dict[str, str] = {}
    for d in diagnostics:
        if d.fix is None or d.fix.applicability is Applicability.DISPLAY_ONLY:
            continue
        if d.fix.applicability is Applicability.SAFE or d.code not in best:
            best[d.code] = d.fix.applicability.value
    rows = [{"code": code, "name": _name(code), "count": count, "fixable": code in best,
             "applicability": best.get(code)}
            for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    if as_json:
        return json.dumps(rows, indent=2) + "\n"
    if not rows:
        return ""
    width = len(str(rows[0]["count"]))
    return "".join(f"{row['count']:>{width}}\t{row['code']}\t"
                   f"{_mark(row['applicability'], report.unsafe)} {row['name']}\n"
                   for row in rows)


def _mark(applicability, unsafe: bool) -> str:
    """``[*]`` fixable with --fix (as run), ``[-]`` only with --unsafe-fixes, ``[ ]`` not."""
    if applicability == "safe" or (applicability == "unsafe" and unsafe):
        return "[*]"
    return "[-]" if applicability == "unsafe" else "[ ]"


def _name(code: str) -> str:
    return load(code).name if code in CODES else "syntax-error"
