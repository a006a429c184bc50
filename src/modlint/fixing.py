"""Applying fixes to text, and writing files so that they are never half-written."""

from __future__ import annotations

import os
import tempfile
from typing import Optional, Sequence

from modlint.diagnostics import Edit, Fix


def apply_fixes(source: str, fixes: Sequence[Fix],
                applied_out: Optional[list[Fix]] = None) -> tuple[str, int]:
    """Apply every fix whose edits touch nothing another chosen fix touches (each one
    applied is appended to ``applied_out`` when given).

    Fixes left out are found again on the next round of the fix loop.
    """
    chosen: list[Edit] = []
    applied = 0
    for fix in sorted(fixes, key=lambda f: min((e.start for e in f.edits), default=0)):
        if not fix.edits or any(_touch(e, c) for e in fix.edits for c in chosen):
            continue
        chosen.extend(fix.edits)
        applied += 1
        if applied_out is not None:
            applied_out.append(fix)
    out = []
    position = 0
    for edit in sorted(chosen, key=lambda e: (e.start, e.end)):
        out.append(source[position:edit.start])
        out.append(edit.content)
        position = edit.end
    out.append(source[position:])
    return "".join(out), applied


def _touch(a: Edit, b: Edit) -> bool:
    return a.start <= b.end and b.start <= a.end


class FileChangedError(Exception):
    """The file changed on disk after it was read: not overwritten."""


def write_atomic(path: str, data: bytes, expected: bytes) -> None:
    """Replace ``path`` by ``data`` unless its content is no longer ``expected``.

    The new content goes to a temporary file in the same folder, which then
    replaces the original in one rename; the file's permission bits are kept.
    """
    path = os.path.realpath(path)  # a symbolic link stays one; its target is fixed
    with open(path, "rb") as current:
        if current.read() != expected:
            raise FileChangedError(path)
        status = os.fstat(current.fileno())
    folder = os.path.dirname(path)
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".modlint-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, status.st_mode & 0o7777)
        _keep_owner(temporary, status)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _keep_owner(path: str, status: os.stat_result) -> None:
    """Give the new file the old one's owner, where allowed (root fixing others' files)."""
    if not hasattr(os, "chown"):
        return
    try:
        os.chown(path, status.st_uid, status.st_gid)
    except OSError:  # not allowed: the file becomes the fixer's, as with any editor
        pass
