"""Every message about a file that is not a diagnostic: one line each, naming the file."""

from __future__ import annotations

from typing import Optional

ISSUES_URL = "https://github.com/modlint/modlint/issues"

CHANGED_ON_DISK = "changed on disk while being fixed; not overwritten"


def file_error(path: str, reason: str) -> str:
    """The file could not be handled (read, written): the run goes on without it."""
    return f"modlint: error: {path}: {reason}"


def not_analysed(reason: str) -> Optional[str]:
    """A file Python reads that modlint could not analyse (None: it was analysed)."""
    return f"not analysed: {reason}" if reason else None


def cannot_write(reason: str) -> str:
    return f"cannot write: {reason}"


def internal_error(path: str, where: str, message: str) -> str:
    """A bug in modlint (``where``: a rule code, "fix" or "engine"), not in the file."""
    return (f"modlint: internal error: {where} on {path}: {message}. "
            f"This is a bug in modlint; please report it at {ISSUES_URL}")
