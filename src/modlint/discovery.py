"""Paths given on the command line -> the Python files to lint."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field

# Folders never worth linting, as in ruff's default exclusions.
SKIPPED_DIRS = frozenset({
    "__pycache__", "__pypackages__", "_build", "buck-out", "build", "dist",
    "node_modules", "site-packages", "venv",
})


@dataclass
class Discovered:
    files: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, message)


def _skip_dir(parent: str, name: str) -> bool:
    if name.startswith(".") or name in SKIPPED_DIRS:
        return True
    return os.path.exists(os.path.join(parent, name, "pyvenv.cfg"))  # a virtualenv


def _walk(root: str, found: Discovered) -> list[str]:
    files = []

    def on_error(error: OSError) -> None:
        found.errors.append((error.filename or root, f"cannot read: {error.strerror}"))

    for parent, dirs, names in os.walk(root, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not _skip_dir(parent, d))
        files.extend(os.path.join(parent, n) for n in sorted(names)
                     if n.endswith((".py", ".pyi")))
    return files


def _git_ignored(root: str, files: list[str]) -> set[str]:
    """The files git ignores (.gitignore, info/exclude, global excludes); none outside git."""
    if not files:
        return set()
    try:
        done = subprocess.run(
            ["git", "-C", root, "check-ignore", "--stdin", "-z"],
            input="\0".join(os.path.abspath(f) for f in files).encode(),
            capture_output=True, timeout=60, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if done.returncode not in (0, 1):  # 128: not a repository
        return set()
    return {p.decode() for p in done.stdout.split(b"\0") if p}


def discover(paths: list[str], respect_gitignore: bool = True) -> Discovered:
    """Files are taken as given; directories are searched for ``.py`` files."""
    found = Discovered()
    for path in paths:
        if os.path.isdir(path):
            files = _walk(path, found)
            if respect_gitignore:
                ignored = _git_ignored(path, files)
                files = [f for f in files if os.path.abspath(f) not in ignored]
            found.files.extend(files)
        elif os.path.isfile(path):
            found.files.append(path)
        elif os.path.lexists(path):
            found.errors.append((path, "not a regular file"))
        else:
            found.errors.append((path, "no such file or directory"))
    found.files = sorted(dict.fromkeys(os.path.normpath(f) for f in found.files))
    return found
