"""Root, configuration and project index: what every front-end asks before linting a file.

The project is the unit of analysis. Its root is the nearest folder above the linted
paths holding ``pyproject.toml``, ``setup.cfg``, ``setup.py`` or ``.git`` (or the one
given with ``--project-root``). The declarations of every Python file under it (what
``project.scan`` reads: imports, aliases, classes) are read whatever paths were given,
through the content-hash cache, so ``modlint pkg/model.py``, a pre-commit hook given the
changed files, flake8 and the language server resolve a base defined in ``pkg/base.py``
as ``modlint .`` does. Without a marker above the paths, only the given files are read
(no folder is searched that nothing marks as a project).

The command line, the flake8 plugin and the language server all resolve a file's
configuration here (:class:`Workspace`): the nearest ``[tool.modlint]``, then the
front-end's own options on top, then what the project index gives the file
(``extend_module_bases`` and ``project_facts``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Optional

from modlint.config import Config, find_config_file, load_config
from modlint.project import Declarations, ProjectFacts, ProjectIndex, scan

if TYPE_CHECKING:
    from modlint.cache import ResultCache

ROOT_MARKERS = ("pyproject.toml", "setup.cfg", "setup.py", ".git")
NOTEBOOK_SUFFIX = ".ipynb"


def is_notebook(path: str) -> bool:
    return path.endswith(NOTEBOOK_SUFFIX)


def find_root(path: str) -> Optional[str]:
    """The nearest folder at or above ``path`` (a file or folder) holding a root marker;
    None when there is none up to the file system's root."""
    folder = os.path.abspath(path)
    if not os.path.isdir(folder):
        folder = os.path.dirname(folder)
    return _root_of(folder)


_ROOTS: dict[str, Optional[str]] = {}


def _root_of(folder: str) -> Optional[str]:
    if folder in _ROOTS:
        return _ROOTS[folder]
    found: Optional[str]
    if any(os.path.exists(os.path.join(folder, marker)) for marker in ROOT_MARKERS):
        found = folder
    else:
        parent = os.path.dirname(folder)
        found = None if parent == folder else _root_of(parent)
    _ROOTS[folder] = found
    return found


def declarations_of(path: str, data: bytes) -> Declarations:
    """What the project index reads of a file's bytes (a notebook's: of its code cells)."""
    if is_notebook(path):
        from modlint.notebook import NotebookError, Notebook

        try:
            return scan(Notebook.parse(data).python.encode("utf-8"))
        except NotebookError:  # an editor's notebook comes as its code, not its JSON
            return scan(data)
    return scan(data)


# --- the project's files ----------------------------------------------------------------

class _Stored:
    """The declarations a previous scan kept, by content digest; read from disk only when
    asked (a warm run whose files all match their cache entries never asks)."""

    def __init__(self, path: Optional[str]) -> None:
        self.path = path
        self._table: Optional[dict[str, Any]] = None

    def table(self) -> dict[str, Any]:
        if self._table is None:
            self._table = {}
            if self.path is not None:
                try:
                    with open(self.path, "rb") as handle:
                        loaded = json.loads(handle.read())
                    if isinstance(loaded, dict):
                        self._table = loaded
                except (OSError, ValueError):
                    pass
        return self._table

    def get(self, digest: str) -> Optional[Declarations]:
        raw = self.table().get(digest)
        try:
            return Declarations(**raw) if isinstance(raw, dict) else None
        except TypeError:
            return None


class Scanned:
    """One file of the project as the scan saw it: its size, the SHA-256 of its bytes
    ("" without a cache) and its declarations (read when first asked)."""

    def __init__(self, path: str, size: int, content: str,
                 declarations: Optional[Declarations] = None,
                 stored: Optional[_Stored] = None) -> None:
        self.path, self.size, self.content = path, size, content
        self._declarations = declarations
        self._stored = stored

    @property
    def declarations(self) -> Declarations:
        if self._declarations is None:
            found = self._stored.get(self.content) if self._stored is not None else None
            if found is None:  # the stored table lost it: read the file again
                from modlint.files import UnreadableError, read_source
                try:
                    found = declarations_of(self.path, read_source(self.path))
                except UnreadableError:
                    found = Declarations()
            self._declarations = found
        return self._declarations


@dataclass
class ProjectFiles:
    """The declarations of every Python file under a root, by absolute path."""

    root: str
    files: dict[str, Scanned] = field(default_factory=dict)


def _cache_files(cache: ResultCache, root: str) -> tuple[str, str]:
    """The scan's record (path -> size, mtime, digest) and its declarations (by digest).
    Neither depends on the configuration (the walk decides which files count), so every
    configuration of one modlint shares them: a folder of the cache named by modlint's
    code, not by the configuration's fingerprint."""
    from modlint.cache import _code_digest

    folder = os.path.join(cache.root, f"project-{_code_digest()[:16]}")
    name = hashlib.sha256(root.encode()).hexdigest()[:24]
    return (os.path.join(folder, f"files-{name}.json"),
            os.path.join(folder, f"declarations-{name}.json"))


def _load_record(path: str) -> dict[str, tuple[int, int, str]]:
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read())
        return {file: (int(size), int(mtime), str(digest))
                for file, (size, mtime, digest) in data.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def _write_json(path: str, value: Any, cache: ResultCache) -> None:
    import tempfile

    try:
        cache.prepare()  # the cache's folder and its .gitignore
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(value, handle)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass  # a read-only or full disk only costs speed


def project_files(root: str, config: Config, cache: Optional[ResultCache]) -> ProjectFiles:
    """Every Python file under ``root`` that discovery would lint (exclusions and
    .gitignore respected), with its declarations. With a cache, a file whose size and
    modification time are those of the last scan is neither read nor hashed again (its
    content digest is the recorded one), and one whose content digest is known is not
    scanned again."""
    from modlint.discovery import project_tree
    from modlint.files import UnreadableError, read_source

    root = os.path.abspath(root)
    found = project_tree(root, replace(config, force_exclude=False))
    result = ProjectFiles(root)
    if cache is None:
        for path, _ in found:
            try:
                data = read_source(path)
            except UnreadableError:
                continue
            result.files[path] = Scanned(path, len(data), "", declarations_of(path, data))
        return result
    record_path, declarations_path = _cache_files(cache, root)
    record = _load_record(record_path)
    stored = _Stored(declarations_path)
    fresh: dict[str, tuple[int, int, str]] = {}
    scanned: dict[str, Declarations] = {}  # digest -> declarations read in this scan
    for path, stat in found:  # absolute: the root is
        previous = record.get(path)
        if previous is not None and previous[:2] == (stat.st_size, stat.st_mtime_ns):
            fresh[path] = previous
            result.files[path] = Scanned(path, previous[0], previous[2], None, stored)
            continue
        try:
            data = read_source(path)
        except UnreadableError:
            continue
        digest = hashlib.sha256(data).hexdigest()
        declared = scanned.get(digest) or stored.get(digest) or declarations_of(path, data)
        scanned[digest] = declared
        fresh[path] = (len(data), stat.st_mtime_ns, digest)
        result.files[path] = Scanned(path, len(data), digest, declared)
    if fresh != record:
        if scanned:  # new contents: the declarations table too (only what is still used)
            used = {digest for _, _, digest in fresh.values()}
            table = {digest: raw for digest, raw in stored.table().items() if digest in used}
            table.update((digest, dataclasses.asdict(declared))
                         for digest, declared in scanned.items())
            _write_json(declarations_path, table, cache)
        _write_json(record_path, {file: list(entry) for file, entry in fresh.items()}, cache)
    return result


# --- configuration ----------------------------------------------------------------------

class Workspace:
    """Configuration and project index for the files of one run (or one editor session).

    ``config_file`` overrides the search for a pyproject.toml, ``isolated`` ignores every
    file, ``overrides`` are the front-end's own settings (Config fields) on top.
    ``project_root`` fixes the root instead of looking for markers; ``cache_dir`` None
    keeps nothing on disk, "" uses each configuration's default folder."""

    def __init__(self, *, config_file: Optional[str] = None, isolated: bool = False,
                 overrides: Optional[dict[str, Any]] = None,
                 project_root: Optional[str] = None,
                 cache_dir: Optional[str] = "") -> None:
        self.config_file, self.isolated = config_file, isolated
        self.overrides = overrides or {}
        self.project_root = os.path.abspath(project_root) if project_root else None
        self.cache_dir = cache_dir
        # folders that are roots when no marker is found above a file (an editor's
        # workspace folders)
        self.folders: list[str] = []
        self._by_file: dict[Optional[str], Config] = {}
        self._projects: dict[tuple[str, Config], ProjectFiles] = {}
        self._indexes: dict[tuple[str, Config], ProjectIndex] = {}

    # the settings of the files --------------------------------------------------------

    def config(self, path: str) -> Config:
        """The configuration of ``path``: its nearest ``[tool.modlint]`` (or the one
        given), the front-end's options on top. Raises ConfigError."""
        if self.isolated or self.config_file is not None:
            key = self.config_file
        else:
            key = find_config_file(path)
        if key not in self._by_file:
            base = Config() if key is None or self.isolated else load_config(key)
            self._by_file[key] = replace(base, **self.overrides)
        return self._by_file[key]

    def root(self, path: str) -> Optional[str]:
        """The project root of ``path``: the one given, else the nearest marked folder."""
        if self.project_root is not None:
            return self.project_root
        found = find_root(path)
        if found is None:
            absolute = os.path.abspath(path)
            inside = [f for f in self.folders
                      if absolute == f or absolute.startswith(f.rstrip(os.sep) + os.sep)]
            found = max(inside, key=len) if inside else None
        return found

    def cache(self, config: Config, root: Optional[str] = None) -> Optional[ResultCache]:
        """The cache of ``config`` (None: nothing kept on disk): the folder given, else
        ``.modlint_cache`` in the configuration's folder, else in the project's root, else
        here."""
        if self.cache_dir is None:
            return None
        from modlint.cache import ResultCache, default_dir
        return ResultCache(self.cache_dir or default_dir(config.root or root), config)

    # the project ----------------------------------------------------------------------

    def project(self, root: Optional[str], config: Config,
                refresh: bool = False) -> Optional[ProjectFiles]:
        """The files of the project at ``root`` (read once per workspace unless
        ``refresh``); None without a root."""
        if root is None:
            return None
        key = (root, config)
        if refresh or key not in self._projects:
            self._projects[key] = project_files(root, config, self.cache(config, root))
            self._indexes.pop(key, None)
        return self._projects[key]

    def refresh(self) -> None:
        """Forget what was read of the projects: files changed on disk."""
        self._projects.clear()
        self._indexes.clear()

    def file_config(self, path: str, text: Optional[str] = None) -> Config:
        """The configuration to lint one file with (flake8, the language server): its own,
        with the module bases and facts the project gives it. ``text``: the file's
        content when it is not (or not yet) what the disk holds."""
        config = self.config(path)
        root = self.root(path)
        project = self.project(root, config)
        if project is None:
            return config
        key = (project.root, config)
        path = os.path.abspath(path)
        declared = None
        if text is not None:
            declared = declarations_of(path, text.encode("utf-8", "surrogatepass"))
        known = project.files.get(path)
        if declared is None or (known is not None and known.declarations == declared):
            index = self._indexes.get(key)
            if index is None:
                index = self._indexes[key] = ProjectIndex(
                    {file: s.declarations for file, s in project.files.items()},
                    config.extend_module_bases)
            if known is None and declared is None:
                return config  # outside the scan (excluded): nothing to resolve against
        else:  # the text differs from the disk: an index of its own
            index = ProjectIndex({**{file: s.declarations for file, s in project.files.items()},
                                  path: declared}, config.extend_module_bases)
        return with_project(config, index.bases_for(path), index.facts_for(path))


def with_project(config: Config, bases: frozenset[str], facts: ProjectFacts) -> Config:
    """``config`` with what the project gives one file."""
    if not bases and facts == ProjectFacts():
        return config
    return replace(config, extend_module_bases=config.extend_module_bases | bases,
                   project_facts=facts)
