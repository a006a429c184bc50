"""modlint on TorchFix's test fixtures: the lines TorchFix expects a finding on, the
extra lines modlint reports, and whether modlint's fixes give the same program as
TorchFix's codemods (equal ASTs).

    python benchmarks/torchfix_parity/parity.py PATH/TO/torchfix/tests/fixtures

The fixtures are read where they are, never copied. TorchFix's internal rules (TOR9xx,
for PyTorch's own repository) are left out.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

from modlint.api import fix_source, lint_source
from modlint.config import Config

ALL = Config(select=("ALL",))
EXPECTED = re.compile(r"(\d+):\d+ (TOR\d+) ")


def checker_cases(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("**/checker/*.py") if "internal" not in p.parts)


def codemod_cases(root: Path) -> list[Path]:
    return sorted(root.glob("**/codemod/*.in.py"))


def check(path: Path) -> tuple[set[int], set[int], dict[int, set[str]]]:
    """(lines expected, lines found, modlint codes by line)."""
    expected = {int(m.group(1)) for line in path.with_suffix(".txt").read_text().splitlines()
                if (m := EXPECTED.match(line)) and not m.group(2).startswith("TOR9")}
    codes: dict[int, set[str]] = {}
    for d in lint_source(path.read_text(), ALL).diagnostics:
        codes.setdefault(d.line, set()).add(d.code)
    return expected, set(codes), codes


def same_program(path: Path) -> bool:
    expected = path.with_name(path.name.replace(".in.py", ".out.py")).read_text()
    fixed = fix_source(path.read_text(), ALL, unsafe=True).source
    return ast.dump(ast.parse(fixed)) == ast.dump(ast.parse(expected))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fixtures", type=Path, help="TorchFix's tests/fixtures folder")
    parser.add_argument("-v", "--verbose", action="store_true", help="show every miss")
    root = parser.parse_args(argv).fixtures
    total = found = extras = 0
    for path in checker_cases(root):
        expected, lines, codes = check(path)
        name = path.relative_to(root)
        total += len(expected)
        found += len(expected & lines)
        extras += len(lines - expected)
        missed, extra = sorted(expected - lines), sorted(lines - expected)
        print(f"{name}: {len(expected & lines)}/{len(expected)}"
              + (f", missed lines {missed}" if missed else "")
              + (f", extra lines {extra} ({', '.join(sorted(set().union(*(codes[i] for i in extra))))})"
                 if extra else ""))
    same = 0
    cases = codemod_cases(root)
    for path in cases:
        ok = same_program(path)
        same += ok
        print(f"{path.relative_to(root)}: {'same program' if ok else 'DIFFERS'}")
    print(f"\nexpected lines found: {found}/{total} ({100 * found / total:.1f}%), "
          f"extra lines: {extras}, codemods giving the same program: {same}/{len(cases)} "
          f"({100 * same / len(cases):.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
