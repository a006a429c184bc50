"""The result cache: a file's diagnostics, kept until its content or the setup changes.

One entry per file under ``<cache dir>/<fingerprint>/``, where the fingerprint covers
modlint's version, its own source code (so a changed rule never reuses old results) and
the effective configuration. The entry records the SHA-256 of the file's bytes: a warm
run reads and hashes each file, reads its entry and parses nothing.

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
import tempfile
from pathlib import Path
from typing import Any, Optional

import modlint
from modlint.diagnostics import Applicability, Diagnostic, Edit, Fix

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


class ResultCache:
    """The cache of one run's configuration. Picklable: worker processes use it too."""

    def __init__(self, folder: str, config: Any) -> None:
        self.root = os.path.abspath(folder)
        self.folder = os.path.join(self.root, fingerprint(config))

    def key(self, data: bytes, config: Any) -> str:
        """What an entry must match: the file's content and its own configuration (which
        differs from the run's by per-file ignores and the bases other files define)."""
        return f"{content_digest(data)}-{fingerprint(config)}"

    def _entry(self, path: str, kind: str) -> str:
        name = hashlib.sha256(os.path.abspath(path).encode()).hexdigest()[:32]
        return os.path.join(self.folder, f"{name}.{kind}.json")

    def lookup(self, path: str, digest: str) -> Optional[list[Diagnostic]]:
        """The cached diagnostics of ``path`` if its entry was stored under ``digest``."""
        found = self._load(path, "result", digest)
        try:
            return None if found is None else [_decode(item) for item in found]
        except (ValueError, KeyError, TypeError, AttributeError):
            return None  # a foreign or damaged entry: lint again

    def store(self, path: str, digest: str, diagnostics: list[Diagnostic]) -> None:
        self._save(path, "result", digest, [_encode(d) for d in diagnostics])

    def _load(self, path: str, kind: str, digest: str) -> Any:
        try:
            with open(self._entry(path, kind), "rb") as handle:
                entry = json.loads(handle.read())
            return entry["value"] if entry["digest"] == digest else None
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or corrupt: compute again

    def _save(self, path: str, kind: str, digest: str, value: Any) -> None:
        entry = json.dumps({"digest": digest, "value": value})
        try:
            self._prepare()
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(entry)
                os.replace(temporary, self._entry(path, kind))
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            pass  # a read-only or full disk only costs speed

    def _prepare(self) -> None:
        if os.path.isdir(self.folder):
            return
        os.makedirs(self.folder, exist_ok=True)
        ignore = os.path.join(self.root, ".gitignore")
        if not os.path.exists(ignore):
            with open(ignore, "w", encoding="utf-8") as handle:
                handle.write("# Created by modlint.\n*\n")
