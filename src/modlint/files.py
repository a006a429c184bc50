"""Reading a source file without hanging or crashing on whatever the path really is."""

from __future__ import annotations

import errno
import os
import stat

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"))


class UnreadableError(Exception):
    """The path cannot be read as a source file; the message says why, in a few words."""


def read_source(path: str) -> bytes:
    """The bytes of a regular file, or UnreadableError.

    The file is opened without blocking and checked to be regular before reading, so a
    named pipe or a device called ``x.py`` is refused instead of hanging the run.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise UnreadableError(why_unreadable(path, error)) from None
    with os.fdopen(fd, "rb") as handle:
        try:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                raise UnreadableError(f"not a regular file ({_kind(mode)})")
            return handle.read()
        except OSError as error:
            raise UnreadableError(why_unreadable(path, error)) from None


def why_unreadable(path: str, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "cannot read: symbolic link loop"
    if error.errno == errno.ENOENT and os.path.islink(path):
        return f"cannot read: broken symbolic link (to {os.readlink(path)!r})"
    if error.errno == errno.ENOENT:
        return "no such file or directory"
    return f"cannot read: {error.strerror or error}"


def why_not_a_file(path: str) -> str:
    """For a path that exists but is no regular file nor directory (or not at all)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        return why_unreadable(path, error)
    return f"not a regular file ({_kind(mode)})"


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "an unknown kind of file")
