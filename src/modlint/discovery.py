"""Paths given on the command line -> the Python files to lint."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field

from modlint.config import Config
from modlint.files import why_not_a_file


@dataclass
class Discovered:
    files: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, message)


def _skip_dir(parent: str, name: str, config: Config) -> bool:
    if name.startswith(".") or config.excludes_entry(os.path.join(parent, name)):
        return True
    return os.path.exists(os.path.join(parent, name, "pyvenv.cfg"))  # a virtualenv


def _walk(root: str, found: Discovered, config: Config, suffixes: tuple[str, ...]) -> list[str]:
    files = []

    def on_error(error: OSError) -> None:
        found.errors.append((error.filename or root, f"cannot read: {error.strerror}"))

    for parent, dirs, names in os.walk(root, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not _skip_dir(parent, d, config))
        files.extend(path for path in (os.path.join(parent, n) for n in sorted(names)
                                       if n.endswith(suffixes))
                     if not config.excludes_entry(path))
    return files


def project_tree(root: str, config: Config) -> list[tuple[str, os.stat_result]]:
    """Every Python file under ``root`` that a search of the folder would lint, with its
    ``stat``: what the project index reads, on every run. In a git work tree git lists
    the files (folders it ignores, such as data or run outputs, are never walked);
    elsewhere a ``scandir`` walk. Each file is stat'ed once."""
    if config.respect_gitignore:
        listed = _git_files(root, config)
        if listed is not None:
            return listed
    found: list[tuple[str, os.stat_result]] = []
    pending = [root]
    # what excludes_entry asks, without its path arithmetic when only names are excluded
    by_name = config._name_excludes
    by_path = bool(config._path_excludes)
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not _skip_dir(folder, name, config):
                        pending.append(entry.path)
                elif name.endswith(PYTHON_SUFFIXES) \
                        and not (by_name is not None and by_name.match(name)) \
                        and not (by_path and config.excludes_entry(entry.path)):
                    found.append((entry.path, entry.stat()))
            except OSError:
                continue
    if config.respect_gitignore and found:
        ignored = _git_ignored(root, [path for path, _ in found])
        if ignored:
            found = [(path, stat) for path, stat in found if path not in ignored]
    return sorted(found)


def _git_files(root: str, config: Config) -> "list[tuple[str, os.stat_result]] | None":
    """The Python files under ``root`` that git tracks or does not ignore, less what a
    folder search skips (hidden folders, virtual environments, exclusions); None when
    ``root`` is not in a git work tree (or git fails)."""
    try:
        done = subprocess.run(
            ["git", "-C", root, "ls-files", "-z", "--cached", "--others",
             "--exclude-standard", "--", *(f"*{suffix}" for suffix in PYTHON_SUFFIXES)],
            capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    skipped: dict[str, bool] = {}  # folder, relative to root -> skipped

    def folder_skipped(folder: str) -> bool:
        if not folder:
            return False
        if folder not in skipped:
            parent, _, name = folder.rpartition("/")
            skipped[folder] = folder_skipped(parent) or _skip_dir(
                os.path.join(root, parent), name, config)
        return skipped[folder]

    found = []
    for relative in sorted(set(done.stdout.decode("utf-8", "surrogateescape").split("\0"))):
        if not relative:
            continue
        folder, _, name = relative.rpartition("/")
        path = os.path.join(root, relative)
        if folder_skipped(folder) or config.excludes_entry(path):
            continue
        try:
            stat = os.stat(path)
        except OSError:  # deleted but still tracked, or a broken link
            continue
        if not os.path.isfile(path):
            continue
        found.append((path, stat))
    return found


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


PYTHON_SUFFIXES = (".py", ".pyi")
NOTEBOOK_SUFFIXES = (".ipynb",)


def discover(paths: list[str], config: Config = Config(), notebooks: bool = True) -> Discovered:
    """Files are taken as given; directories are searched for ``.py`` and ``.pyi`` files,
    and Jupyter notebooks (``.ipynb``) unless ``notebooks`` is False.

    What ``exclude`` covers is skipped while walking; a path given explicitly is linted
    anyway unless ``force-exclude`` is set, as in ruff.
    """
    found = Discovered()
    for path in paths:
        if config.force_exclude and config.is_excluded(path):
            continue
        if os.path.isdir(path):
            files = _walk(path, found, config,
                          PYTHON_SUFFIXES + (NOTEBOOK_SUFFIXES if notebooks else ()))
            if config.respect_gitignore:
                ignored = _git_ignored(path, files)
                files = [f for f in files if os.path.abspath(f) not in ignored]
            found.files.extend(files)
        elif os.path.isfile(path):
            found.files.append(path)
        else:  # missing, a broken link, a link loop, a pipe...: say which
            found.errors.append((path, why_not_a_file(path)))
    found.files = sorted(dict.fromkeys(os.path.normpath(f) for f in found.files))
    return found
