"""Per-rule tables of a run: ``results-<group>.json`` per group, and ``RESULTS.md`` over all
the groups run so far."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from recall.harness import BEFORE, CAUGHT, ERROR, MISSED, SILENT, Outcome
from recall.injectors import all_injectors

EXAMPLES = 3


def summarise(outcomes: list[Outcome]) -> dict:
    """rule -> counts, the sites per injector, and each cause with examples."""
    rules: dict[str, dict] = {}
    for outcome in outcomes:
        rule = rules.setdefault(outcome.rule, {
            "sites": 0, CAUGHT: 0, MISSED: 0, SILENT: 0, BEFORE: 0, ERROR: 0,
            "kinds": Counter(), "causes": {}})
        rule["sites"] += 1
        rule[outcome.status] += 1
        rule["kinds"][outcome.kind] += 1
        if outcome.status != CAUGHT:
            cause = rule["causes"].setdefault(f"{outcome.status}: {outcome.cause}",
                                              {"count": 0, "examples": []})
            cause["count"] += 1
            if len(cause["examples"]) < EXAMPLES:
                cause["examples"].append(f"{outcome.path}:{outcome.line}")
    for rule in rules.values():
        rule["kinds"] = dict(rule["kinds"])
        rule["recall"] = recall(rule)
    return dict(sorted(rules.items()))


def recall(counts: dict) -> float:
    judged = counts[CAUGHT] + counts[MISSED] + counts[ERROR]
    return counts[CAUGHT] / judged if judged else 1.0


def write_results(folder: Path, group: str, results: dict[str, list[Outcome]], command: str,
                  commit: str, seconds: float, jobs: int) -> None:
    everything = [o for outcomes in results.values() for o in outcomes]
    data = {"group": group, "command": command, "commit": commit,
            "seconds": round(seconds), "jobs": jobs, "packages": list(results),
            "total": summarise(everything),
            "by_package": {name: summarise(o) for name, o in results.items()}}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"results-{group}.json").write_text(json.dumps(data, indent=1) + "\n")
    render(folder)


def render(folder: Path) -> None:
    groups = [json.loads(p.read_text()) for p in sorted(folder.glob("results-*.json"))]
    groups.sort(key=lambda g: (g["group"] != "default", g["group"]))
    lines = ["# Recall by bug injection", "",
             "Correct idioms of released packages are turned into the bugs modlint's rules",
             "describe, one per family of classes at a time (`harness.py`); a site is",
             "**caught** when the rule reports inside the bugged code, **silent** when the",
             "rule's page documents why it does not report (the code works, or cannot be",
             "judged), **missed** otherwise. Recall = caught / (sites - silent - reported",
             "before the injection). `python benchmarks/recall/run.py --group <group>`", ""]
    for group in groups:
        lines += _group_section(group)
    lines += ["## The injections", "", "| rule | injector | transformation |", "|---|---|---|"]
    for injector in all_injectors():
        lines.append(f"| {injector.rule} | `{injector.kind}` | {injector.doc} |")
    (folder / "RESULTS.md").write_text("\n".join(lines) + "\n")


def _group_section(group: dict) -> list[str]:
    total = group["total"]
    lines = [f"## Group `{group['group']}`: {', '.join(group['packages'])}", "",
             f"`{group['command']}` on commit {group['commit']}: "
             f"{group['seconds']} s with {group['jobs']} processes.", "",
             "| rule | sites | caught | missed | silent | before | error | recall |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for code, rule in total.items():
        lines.append(f"| {code} | {rule['sites']} | {rule[CAUGHT]} | {rule[MISSED]} | "
                     f"{rule[SILENT]} | {rule[BEFORE]} | {rule[ERROR]} | "
                     f"{rule['recall']:.1%} |")
    lines += ["", "Per package (recall, caught / judged):", "",
              "| rule | " + " | ".join(group["packages"]) + " |",
              "|---|" + "---:|" * len(group["packages"])]
    for code in total:
        cells = []
        for name in group["packages"]:
            rule = group["by_package"][name].get(code)
            cells.append("" if rule is None else
                         f"{rule['recall']:.0%} ({rule[CAUGHT]}/{rule[CAUGHT] + rule[MISSED] + rule[ERROR]})")
        lines.append(f"| {code} | " + " | ".join(cells) + " |")
    lines += ["", "### Why sites were not caught", ""]
    causes = defaultdict(list)
    for code, rule in total.items():
        for cause, found in rule["causes"].items():
            causes[code].append((found["count"], cause, found["examples"]))
    for code in total:
        if not causes[code]:
            continue
        lines.append(f"**{code}**")
        lines.append("")
        for count, cause, examples in sorted(causes[code], reverse=True):
            lines.append(f"- {count} × {cause} — e.g. " + ", ".join(f"`{e}`" for e in examples))
        lines.append("")
    return lines
