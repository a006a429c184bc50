"""The result cache: a file's diagnostics, kept until its content or the setup changes.

One entry per file under ``<cache dir>/<fingerprint>/``, where the fingerprint covers
modlint's version, its own source code (so a changed rule never reuses old results) and
the run's configuration. The entry records the SHA-256 of the file's bytes, what the
project index needs of them (so an unchanged file is not even scanned), and the module
bases the other files gave it, with a digest of the whole project they were computed
for: when no file changed, the index is not even built. A warm run reads and hashes each
file, reads its entry and parses nothing.

Entries are JSON (never pickle: a cache folder can come with an untrusted checkout),
written to a temporary file and renamed into place, so concurrent runs never see half an
entry. An entry that cannot be read or decoded is a miss, never an error.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import modlint
from modlint.diagnostics import Applicability, Diagnostic, Edit, Fix
from modlint.project import Declarations

CACHE_DIR_NAME = ".modlint_cache"
_CODE_DIGEST: Optional[str] = None


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _code_digest() -> str:
    """A digest of modlint's own files: a development checkout changes without a new
    version number."""
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        digest = hashlib.sha256(modlint.__version__.encode())
        package = Path(modlint.__file__).parent
        for path in sorted(package.rglob("*.py")):
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
        _CODE_DIGEST = digest.hexdigest()
    return _CODE_DIGEST


def _canonical(value: Any) -> Any:
    """A JSON-able form of a configuration value that does not depend on set order."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=repr)}
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def fingerprint(config: Any) -> str:
    text = json.dumps([_code_digest(), _canonical(config)], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _encode(diagnostic: Diagnostic) -> dict[str, Any]:
    return {f.name: _canonical(getattr(diagnostic, f.name))
            for f in dataclasses.fields(diagnostic)}


def _decode(data: dict[str, Any]) -> Diagnostic:
    fix = data.pop("fix")
    if fix is not None:
        fix = Fix(fix["title"], Applicability(fix["applicability"]),
                  tuple(Edit(**edit) for edit in fix["edits"]))
    return Diagnostic(**data, fix=fix)


def default_dir(root: Optional[str]) -> str:
    """``.modlint_cache`` in the project's root (the configuration's folder, else here)."""
    return os.path.join(root or os.curdir, CACHE_DIR_NAME)


@dataclass
class Entry:
    """What the cache keeps of one file."""

    content: str  # SHA-256 of the file's bytes
    declarations: Declarations  # what the project index needs of that content
    project: str  # digest of every file linted with it (paths, modules, contents)
    bases: list[str]  # the module bases the project gave it, sorted
    diagnostics: list[Diagnostic]


class ResultCache:
    """The cache of one run's configuration. Picklable: worker processes use it too."""

    def __init__(self, folder: str, config: Any) -> None:
        self.root = os.path.abspath(folder)
        self.folder = os.path.join(self.root, fingerprint(config))

    def _entry(self, path: str) -> str:
        name = hashlib.sha256(os.path.abspath(path).encode()).hexdigest()[:32]
        return os.path.join(self.folder, f"{name}.json")

    def load(self, path: str) -> Optional[Entry]:
        """The entry of ``path``, whatever content it was made for; None if there is none
        or it cannot be read (a foreign or damaged entry: lint again)."""
        try:
            with open(self._entry(path), "rb") as handle:
                data = json.loads(handle.read())
            return Entry(data["content"], Declarations(**data["declarations"]),
                         data["project"], list(data["bases"]),
                         [_decode(item) for item in data["diagnostics"]])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def store(self, path: str, entry: Entry) -> None:
        text = json.dumps({"content": entry.content,
                           "declarations": dataclasses.asdict(entry.declarations),
                           "project": entry.project, "bases": entry.bases,
                           "diagnostics": [_encode(d) for d in entry.diagnostics]})
        import tempfile  # only a run that stores something pays for it
        try:
            self.prepare()
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text)
                os.replace(temporary, self._entry(path))
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            pass  # a read-only or full disk only costs speed

    def prepare(self) -> None:
        """Make the folder (and a .gitignore for the whole cache)."""
        if os.path.isdir(self.folder):
            return
        os.makedirs(self.folder, exist_ok=True)
        ignore = os.path.join(self.root, ".gitignore")
        if not os.path.exists(ignore):
            with open(ignore, "w", encoding="utf-8") as handle:
                handle.write("# Created by modlint.\n*\n")
