"""``--statistics``: how many problems of each rule, instead of the problems themselves."""

from __future__ import annotations

import json
from collections import Counter

from modlint.rules import CODES, load


def render(report, as_json: bool = False) -> str:
    diagnostics = [d for result in report.results for d in result.diagnostics]
    counts = Counter(d.code for d in diagnostics)
    fixable = {d.code for d in diagnostics
               if d.fix is not None and d.fix.is_applied(report.unsafe)}
    rows = [{"code": code, "name": _name(code), "count": count, "fixable": code in fixable}
            for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    if as_json:
        return json.dumps(rows, indent=2) + "\n"
    if not rows:
        return ""
    width = len(str(rows[0]["count"]))
    return "".join(f"{row['count']:>{width}}\t{row['code']}\t"
                   f"{'[*]' if row['fixable'] else '[ ]'} {row['name']}\n" for row in rows)


def _name(code: str) -> str:
    return load(code).name if code in CODES else "syntax-error"
