"""Files in, results out: reading, decoding, linting, fixing and writing back."""

from __future__ import annotations

import enum
import hashlib
import io
import os
import tokenize
from dataclasses import dataclass, field, replace
from typing import Iterable, Optional

from modlint import messages
from modlint.cache import Entry, ResultCache, content_digest
from modlint.config import Config
from modlint.diagnostics import Diagnostic, InternalError, describe
from modlint.files import UnreadableError, read_source
from modlint.fixing import FileChangedError, write_atomic
from modlint.project import Declarations, ProjectFacts, ProjectIndex, module_name
from modlint.workspace import ProjectFiles, Scanned, declarations_of, is_notebook


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
    fixed_codes: list[str] = field(default_factory=list)  # the rule of each fix applied
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
    if is_notebook(path):
        return _lint_notebook(path, data, config, mode, unsafe)
    result = FileResult(path)
    try:
        decoded = decode(data)
    except (SyntaxError, UnicodeDecodeError, LookupError) as error:
        reason = error.msg if isinstance(error, SyntaxError) else str(error)
        result.diagnostics = [Diagnostic("MOD000", f"cannot decode the file: {reason}",
                                         1, 0, 1, 0)]
        return result
    result.source = decoded.text
    # imported here: LibCST's import is paid only by a run that lints something
    from modlint.api import fix_source, lint_source
    if mode is FixMode.NONE:
        lint = lint_source(decoded.text, config)
        result.diagnostics, result.errors = lint.diagnostics, lint.errors
        result.io_error = messages.not_analysed(lint.not_analysed)
        return result
    fixed = fix_source(decoded.text, config, unsafe)
    result.io_error = messages.not_analysed(fixed.not_analysed)
    result.diagnostics, result.errors, result.fixed = fixed.diagnostics, fixed.errors, fixed.fixed
    result.fixed_codes = fixed.fixed_codes
    if fixed.source != decoded.text:
        result.fixed_source = fixed.source
    return result


def _lint_notebook(path: str, data: bytes, config: Config, mode: FixMode,
                   unsafe: bool) -> FileResult:
    """A notebook, cell by cell (``notebook.py``): diagnostics carry their cell; the fixed
    source is the notebook's JSON with the changed cells rewritten."""
    from modlint.notebook import Notebook, NotebookError

    result = FileResult(path)
    try:
        notebook = Notebook.parse(data)
    except NotebookError as error:
        result.io_error = str(error)
        return result
    from modlint.api import fix_source, lint_source
    if mode is FixMode.NONE:
        lint = lint_source(notebook.python, config)
        result.diagnostics, result.errors = notebook.locate(lint.diagnostics), lint.errors
        return result
    fixed = fix_source(notebook.python, config, unsafe)
    result.errors = fixed.errors
    if fixed.source == notebook.python:
        result.diagnostics = notebook.locate(fixed.diagnostics)
        return result
    rewritten = notebook.with_python(fixed.source)
    if rewritten is None:  # a fix crossed a cell boundary or removed a magic line
        result.errors.append(InternalError("fix", "the fixes could not be put back into the "
                                                  "notebook's cells; nothing was written"))
        result.diagnostics = notebook.locate(lint_source(notebook.python, config).diagnostics)
        return result
    result.diagnostics = notebook.locate(fixed.diagnostics, fixed.source)
    result.fixed, result.source, result.fixed_source = fixed.fixed, notebook.raw, rewritten
    return result


@dataclass(frozen=True)
class Task:
    """One file to lint, with what the main process learnt of it for the cache."""

    path: str
    config: Config  # the file's own: the run's, with the bases the project gives it
    content: str = ""  # SHA-256 of the bytes the main process read ("": no cache)
    project: str = ""  # digest of the files linted together (with a cache)
    given: tuple[str, ...] = ()  # what the project gives the file (``_given``)
    declarations: Optional[Declarations] = None
    size: int = 0  # bytes, when read: the largest files are started first


def check_file(task: Task, mode: FixMode = FixMode.NONE, unsafe: bool = False,
               cache: Optional[ResultCache] = None) -> FileResult:
    """Everything done for one file: read, lint or fix, write back, store in the cache.
    This is what a worker process runs; it needs nothing else. A failure of modlint
    itself on the file is reported as an internal error; the run goes on."""
    try:
        return _check_file(task, mode, unsafe, cache)
    except Exception as error:
        return FileResult(task.path, errors=[InternalError("engine", describe(error))])


def _check_file(task: Task, mode: FixMode, unsafe: bool,
                cache: Optional[ResultCache]) -> FileResult:
    path = task.path
    try:
        data = read_source(path)
    except UnreadableError as error:
        return FileResult(path, io_error=str(error))
    result = lint_text(path, data, task.config, mode, unsafe)
    if mode is FixMode.WRITE and result.fixed_source is not None:
        _write_fixed(path, data, result)
    # stored only for the content the declarations were read from, when nothing changed
    if cache is not None and task.declarations is not None and result.fixed_source is None \
            and not result.errors and not result.io_error \
            and content_digest(data) == task.content:
        cache.store(path, Entry(task.content, task.declarations, task.project,
                                list(task.given), result.diagnostics))
    return _trimmed(result, data)


def _trimmed(result: FileResult, data: bytes) -> FileResult:
    """The source is carried back only when something will show it."""
    if is_notebook(result.path):  # the JSON, not what the positions point into
        if result.fixed_source is None:
            result.source = None
    elif result.diagnostics and result.source is None:
        try:
            result.source = decode(data).text
        except (SyntaxError, UnicodeDecodeError, LookupError):
            pass
    elif not result.diagnostics and result.fixed_source is None:
        result.source = None
    return result


def project_configs(paths: list[str], config: Config,
                    project: Optional[ProjectFiles] = None) -> dict[str, Config]:
    """Each file's configuration, knowing the module classes the other files define."""
    return {task.path: task.config for task, _, _ in _prepare(paths, config, None, project)}


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
               cache: Optional[ResultCache] = None,
               project: Optional[ProjectFiles] = None) -> list[FileResult]:
    """The results in the order of ``paths``, however many processes do the work.

    The main process reads every file once for the project index (and, with a cache,
    hashes it and reads its entry); only the files the cache cannot answer reach the
    workers."""
    paths = list(paths)
    answered: dict[str, FileResult] = {}
    tasks = []
    for task, entry, data in _prepare(paths, config, cache, project):
        diagnostics = entry.diagnostics if entry is not None else None
        # When fixing, only a file with nothing to fix may come from the cache: it is the
        # one file a fix run would not touch, so no write can be skipped.
        if diagnostics is not None and (mode is FixMode.NONE or not any(
                d.fix is not None and d.fix.is_applied(unsafe) for d in diagnostics)):
            answered[task.path] = _trimmed(FileResult(task.path, diagnostics), data)
        else:
            tasks.append(task)
    workers = worker_count(len(tasks), jobs)
    budget = config.budget()
    if workers == 1 and not (budget and tasks):
        done = [check_file(task, mode, unsafe, cache) for task in tasks]
    else:  # in watched processes (``workers.py``): past its budget, a file is skipped
        from modlint import api, workers as supervised  # noqa: F401 - before the forks
        config.rules()  # inherit the modules and the loaded rules
        # largest first, one at a time: no worker is left with a big file at the end
        tasks.sort(key=lambda task: -task.size)
        done = supervised.run(tasks, check_file, (mode, unsafe, cache), workers, budget,
                              _not_analysed)
    answered.update((result.path, result) for result in done)
    return [answered[path] for path in paths]


@dataclass
class _Seen:
    """What the main process learns of a file before the lint."""

    size: int = 0
    content: str = ""  # SHA-256 (with a cache)
    entry: Optional[Entry] = None  # the file's cache entry, if made for this content
    declarations: Optional[Declarations] = None  # None: unreadable (the worker says why)


def _look(path: str, cache: Optional[ResultCache], known: Optional[Scanned] = None) -> _Seen:
    """``known``: what the project scan read of the file (then it is not read again)."""
    if known is not None and (cache is None or known.content):
        if cache is None:
            return _Seen(known.size, declarations=known.declarations)
        entry = cache.load(path)
        if entry is None or entry.content != known.content or _taken(entry.bases) is None:
            return _Seen(known.size, known.content, None, known.declarations)
        return _Seen(known.size, known.content, entry, entry.declarations)
    try:
        data = read_source(path)
    except UnreadableError:
        return _Seen()
    if cache is None:
        return _Seen(len(data), declarations=declarations_of(path, data))
    content = content_digest(data)
    entry = cache.load(path)
    if entry is None or entry.content != content or _taken(entry.bases) is None:
        return _Seen(len(data), content, None, declarations_of(path, data))
    return _Seen(len(data), content, entry, entry.declarations)


def _project_digest(seen: dict[str, _Seen], others: dict[str, Scanned]) -> str:
    """Everything the project index reads: which files, their modules and contents (the
    linted files, and the other files of the project)."""
    # the other files' paths and contents say their module names (which folders hold an
    # __init__.py); a linted file's name is asked (its package may not be linted)
    linted = {os.path.abspath(path): found.content for path, found in seen.items()}
    digest = hashlib.sha256()
    for path in sorted(others.keys() | linted.keys()):
        if path in linted:
            digest.update(f"{path}\0{module_name(path)[0]}\0{linted[path]}\n".encode())
        else:
            digest.update(f"{path}\0{others[path].content}\n".encode())
    return digest.hexdigest()


# The item of a cache entry's ``bases`` that holds the file's project facts (the others
# are its module bases, dotted names).
_FACTS = "facts "


def _given(bases: frozenset[str], facts: ProjectFacts) -> tuple[str, ...]:
    """What the project gives a file, as its cache entry keeps it: the module bases,
    sorted, then the project facts when there are any."""
    extra = (_FACTS + facts.dumps(),) if facts != ProjectFacts() else ()
    return (*sorted(bases), *extra)


def _taken(given: list[str]) -> Optional[tuple[frozenset[str], ProjectFacts]]:
    """The bases and facts of ``_given``; None when a damaged entry holds something else."""
    bases = [item for item in given if not item.startswith(_FACTS)]
    facts = [item[len(_FACTS):] for item in given if item.startswith(_FACTS)]
    if len(facts) > 1:
        return None
    try:
        return frozenset(bases), ProjectFacts.loads(facts[0]) if facts else ProjectFacts()
    except (ValueError, TypeError, KeyError):
        return None


def _prepare(paths: list[str], config: Config, cache: Optional[ResultCache],
             project: Optional[ProjectFiles] = None):
    """Each file's task, its cache entry when the entry answers for the file as it is
    now, and its bytes when they were read (b"" otherwise). ``project``: the declarations
    of the other files of the project (``workspace.project_files``); without it, the
    files linted together are the project."""
    if cache is None and len(paths) < 2 and project is None:
        return [(Task(path, config), None, b"") for path in paths]
    others = project.files if project is not None else {}
    seen = {path: _look(path, cache, others.get(os.path.abspath(path))) for path in paths}
    digest = _project_digest(seen, others) if cache is not None else ""
    given: dict[str, tuple[str, ...]]
    if len(paths) < 2 and project is None:
        given = {path: () for path in paths}
    elif cache is not None and all(s.entry is not None and s.entry.project == digest
                                   for s in seen.values()):
        # nothing changed since the entries were made: neither did what any file is given
        given = {path: tuple(s.entry.bases) for path, s in seen.items() if s.entry}
    else:
        declarations = {path: scanned.declarations for path, scanned in others.items()}
        declarations.update((os.path.abspath(path), s.declarations) for path, s in seen.items()
                            if s.declarations is not None)
        index = ProjectIndex(declarations, config.extend_module_bases)
        given = {path: _given(index.bases_for(os.path.abspath(path)),
                              index.facts_for(os.path.abspath(path))) for path in paths}
    configs: dict[tuple[str, ...], Config] = {(): config}  # shared when equal
    prepared = []
    for path in paths:
        file_given, found = given[path], seen[path]
        if file_given not in configs:
            bases, facts = _taken(list(file_given))  # type: ignore[misc]
            configs[file_given] = replace(
                config, extend_module_bases=config.extend_module_bases | bases,
                project_facts=facts)
        entry = found.entry
        if entry is not None and tuple(entry.bases) != file_given:
            entry = None
        data = _read_or_empty(path) if entry is not None and entry.diagnostics else b""
        prepared.append((Task(path, configs[file_given], found.content, digest,
                              file_given, found.declarations, found.size), entry, data))
    return prepared


def _read_or_empty(path: str) -> bytes:
    try:
        return read_source(path)
    except UnreadableError:
        return b""


def _not_analysed(task: Task, reason: str) -> FileResult:
    """The result of a file whose worker was stopped for the budget, or died."""
    return FileResult(task.path, io_error=messages.not_analysed(reason))
