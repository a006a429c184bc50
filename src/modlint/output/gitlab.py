"""GitLab's Code Quality report (a JSON list), as ruff writes it. Paths are relative to
``CI_PROJECT_DIR`` when it is set (GitLab CI), else to the working folder."""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any


def render(report) -> str:
    base = os.environ.get("CI_PROJECT_DIR") or os.curdir
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    for result in report.results:
        path = os.path.relpath(os.path.abspath(result.path), os.path.abspath(base))
        path = path.replace(os.sep, "/")
        for d in result.diagnostics:
            items.append({
                "description": f"({d.code}) {d.message}",
                "check_name": d.code,
                "fingerprint": _fingerprint(path, d, seen),
                "severity": "major",
                "location": {"path": path, "positions": {
                    "begin": {"line": d.line, "column": d.column + 1},
                    "end": {"line": d.end_line, "column": d.end_column + 1}}},
            })
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def _fingerprint(path: str, diagnostic, seen: set[str]) -> str:
    """Stable across runs when lines move (code, path and message, not the position);
    two equal problems in one file get different fingerprints."""
    salt = 0
    while True:
        text = f"{diagnostic.code}\0{path}\0{diagnostic.message}\0{salt}"
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        if digest not in seen:
            seen.add(digest)
            return digest
        salt += 1
