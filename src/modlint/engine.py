"""Files in, results out: reading, decoding, linting, fixing and writing back."""

from __future__ import annotations

import enum
import io
import tokenize
from dataclasses import dataclass, field, replace
from typing import Iterable, Optional

from modlint.api import InternalError, fix_source, lint_source
from modlint.config import Config
from modlint.diagnostics import Diagnostic
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


def lint_file(path: str, config: Config, mode: FixMode = FixMode.NONE,
              unsafe: bool = False) -> FileResult:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return FileResult(path, io_error=f"cannot read: {error.strerror or error}")
    result = lint_text(path, data, config, mode, unsafe)
    if mode is FixMode.WRITE and result.fixed_source is not None:
        encoding = decode(data).encoding
        try:
            write_atomic(path, result.fixed_source.encode(encoding), expected=data)
        except FileChangedError:
            result.io_error = "changed on disk while being fixed; not overwritten"
        except (OSError, UnicodeEncodeError) as error:
            result.io_error = f"cannot write: {getattr(error, 'strerror', None) or error}"
    return result


def project_configs(paths: list[str], config: Config) -> dict[str, Config]:
    """Each file's configuration, knowing the module classes the other files define."""
    if len(paths) < 2:
        return {path: config for path in paths}
    index = ProjectIndex(paths, config.extend_module_bases)
    return {path: replace(config, extend_module_bases=config.extend_module_bases
                          | index.bases_for(path)) for path in paths}


def lint_files(paths: Iterable[str], config: Config, mode: FixMode = FixMode.NONE,
               unsafe: bool = False) -> list[FileResult]:
    configs = project_configs(list(paths), config)
    return [lint_file(path, file_config, mode, unsafe) for path, file_config in configs.items()]
