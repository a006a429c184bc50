"""The floors modlint is measured against, each in one process.

    python benchmarks/floors.py read PATH...    # read every .py file's bytes
    python benchmarks/floors.py parse PATH...   # read, decode and libcst.parse_module each

PATH is a file or a folder (searched for .py files, hidden folders skipped).
"""

from __future__ import annotations

import os
import sys


def python_files(paths: list[str]) -> list[str]:
    found = []
    for path in paths:
        if os.path.isfile(path):
            found.append(path)
            continue
        for parent, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found.extend(os.path.join(parent, n) for n in sorted(names) if n.endswith(".py"))
    return found


def main(argv: list[str]) -> int:
    mode, paths = argv[0], argv[1:]
    files = python_files(paths)
    if mode == "read":
        total = 0
        for path in files:
            with open(path, "rb") as handle:
                total += len(handle.read())
        print(f"{len(files)} files, {total} bytes")
    elif mode == "parse":
        import libcst

        failed = 0
        for path in files:
            with open(path, "rb") as handle:
                data = handle.read()
            try:
                libcst.parse_module(data.decode("utf-8"))
            except Exception:  # noqa: BLE001 - a floor counts the work, not the outcome
                failed += 1
        print(f"{len(files)} files parsed, {failed} failed")
    else:
        raise SystemExit(f"unknown mode {mode!r}: read or parse")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
