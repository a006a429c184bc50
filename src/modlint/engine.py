"""Files in, results out: reading, decoding, linting, fixing and writing back."""

from __future__ import annotations

import enum
import io
import multiprocessing
import os
import tokenize
from dataclasses import dataclass, field, replace
from typing import Iterable, Optional

from modlint import messages
from modlint.api import InternalError, describe, fix_source, lint_source
from modlint.cache import ResultCache
from modlint.config import Config
from modlint.diagnostics import Diagnostic
from modlint.files import UnreadableError, read_source
from modlint.fixing import FileChangedError, write_atomic
from modlint.project import ProjectIndex


class FixMode(enum.Enum):
    NONE = "none"  # report only
    WRITE = "write"  # --fix
    DIFF = "diff"  # --diff: compute fixes, write nothing


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source: Optional[str] = None  # the text as read
    fixed_source: Optional[str] = None  # the text after fixes, when they changed it
    fixed: int = 0
    errors: list[InternalError] = field(default_factory=list)
    io_error: Optional[str] = None  # the file could not be read or written


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def decode(data: bytes) -> Decoded:
    """Decode as Python does: BOM, then a PEP 263 cookie, else UTF-8.

    Raises SyntaxError (bad cookie) or UnicodeDecodeError, as Python would.
    """
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return Decoded(data.decode(encoding), encoding)


def lint_text(path: str, data: bytes, config: Config, mode: FixMode,
              unsafe: bool) -> FileResult:
    """Lint (and maybe fix) the bytes of one file. Writes nothing."""
    config = config.for_path(path)  # per-file-ignores
    result = FileResult(path)
    try:
        decoded = decode(data)
    except (SyntaxError, UnicodeDecodeError, LookupError) as error:
        reason = error.msg if isinstance(error, SyntaxError) else str(error)
        result.diagnostics = [Diagnostic("MOD000", f"cannot decode the file: {reason}",
                                         1, 0, 1, 0)]
        return result
    result.source = decoded.text
    if mode is FixMode.NONE:
        lint = lint_source(decoded.text, config)
        result.diagnostics, result.errors = lint.diagnostics, lint.errors
        return result
    fixed = fix_source(decoded.text, config, unsafe)
    result.diagnostics, result.errors, result.fixed = fixed.diagnostics, fixed.errors, fixed.fixed
    if fixed.source != decoded.text:
        result.fixed_source = fixed.source
    return result


def check_file(path: str, config: Config, mode: FixMode = FixMode.NONE,
               unsafe: bool = False, cache: Optional[ResultCache] = None) -> FileResult:
    """Everything done for one file: read, look up the cache, lint or fix, write back,
    store. This is what a worker process runs; it needs nothing else. A failure of
    modlint itself on the file is reported as an internal error; the run goes on."""
    try:
        return _check_file(path, config, mode, unsafe, cache)
    except Exception as error:
        return FileResult(path, errors=[InternalError("engine", describe(error))])


def _check_file(path: str, config: Config, mode: FixMode, unsafe: bool,
                cache: Optional[ResultCache]) -> FileResult:
    try:
        data = read_source(path)
    except UnreadableError as error:
        return FileResult(path, io_error=str(error))
    digest = cache.key(data, config) if cache is not None else ""
    cached = cache.lookup(path, digest) if cache is not None else None
    # When fixing, only a file with nothing to fix may come from the cache: it is the one
    # file a fix run would not touch, so no write can be skipped.
    if cached is not None and (mode is FixMode.NONE or not any(
            d.fix is not None and d.fix.is_applied(unsafe) for d in cached)):
        result = FileResult(path, diagnostics=cached)
    else:
        result = lint_text(path, data, config, mode, unsafe)
        if mode is FixMode.WRITE and result.fixed_source is not None:
            _write_fixed(path, data, result)
        if cache is not None and result.fixed_source is None and not result.errors:
            cache.store(path, digest, result.diagnostics)
    if result.diagnostics and result.source is None:
        try:
            result.source = decode(data).text
        except (SyntaxError, UnicodeDecodeError, LookupError):
            pass
    elif not result.diagnostics and result.fixed_source is None:
        result.source = None  # nothing will show it: do not carry it between processes
    return result


def project_configs(paths: list[str], config: Config) -> dict[str, Config]:
    """Each file's configuration, knowing the module classes the other files define."""
    if len(paths) < 2:
        return {path: config for path in paths}
    index = ProjectIndex(paths, config.extend_module_bases)
    return {path: replace(config, extend_module_bases=config.extend_module_bases
                          | index.bases_for(path)) for path in paths}


def _write_fixed(path: str, data: bytes, result: FileResult) -> None:
    assert result.fixed_source is not None
    encoding = decode(data).encoding
    try:
        write_atomic(path, result.fixed_source.encode(encoding), expected=data)
    except FileChangedError:
        result.io_error = messages.CHANGED_ON_DISK
    except (OSError, UnicodeEncodeError) as error:
        result.io_error = messages.cannot_write(getattr(error, "strerror", None) or str(error))


# Below this many files per worker, starting processes costs more than it saves.
MIN_FILES_PER_WORKER = 4


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(files: int, jobs: Optional[int] = None) -> int:
    """Processes to use: ``jobs`` (default: the CPUs), fewer for few files; 1 = serial."""
    wanted = jobs if jobs is not None and jobs > 0 else available_cpus()
    return max(1, min(wanted, files // MIN_FILES_PER_WORKER))


def lint_files(paths: Iterable[str], config: Config, mode: FixMode = FixMode.NONE,
               unsafe: bool = False, jobs: Optional[int] = None,
               cache: Optional[ResultCache] = None) -> list[FileResult]:
    """The results in the order of ``paths``, however many processes do the work."""
    configs = project_configs(list(paths), config)
    workers = worker_count(len(configs), jobs)
    if workers == 1:
        return [check_file(path, file_config, mode, unsafe, cache)
                for path, file_config in configs.items()]
    chunk = max(1, min(8, len(configs) // (workers * 8)))
    with multiprocessing.Pool(workers, _start_worker, (mode, unsafe, cache)) as pool:
        return pool.map(_check_in_worker, configs.items(), chunksize=chunk)


_WORKER_SETUP: tuple = ()


def _start_worker(mode: FixMode, unsafe: bool, cache: Optional[ResultCache]) -> None:
    global _WORKER_SETUP
    _WORKER_SETUP = (mode, unsafe, cache)


def _check_in_worker(task: tuple[str, Config]) -> FileResult:
    mode, unsafe, cache = _WORKER_SETUP
    return check_file(*task, mode, unsafe, cache)
