"""The effective configuration of one run: ``[tool.modlint]`` of a pyproject.toml, then
the command line on top, as in ruff.

Front-ends call :func:`resolve_config` for the file's settings, ``dataclasses.replace``
what their own options override, then ask the result per file: :meth:`Config.is_excluded`
and :meth:`Config.for_path` (per-file-ignores folded in).
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable, Optional

from modlint.project import ProjectFacts
from modlint.rules import CODES, is_default, load

if TYPE_CHECKING:
    from modlint.rules.base import Rule
    from modlint.workers import Budget

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.9/3.10 only
    import tomli as tomllib

SECTION = "[tool.modlint]"

# Folders never worth linting, as in ruff's default `exclude`. Hidden folders and virtual
# environments are always skipped by discovery.
DEFAULT_EXCLUDE: tuple[str, ...] = (
    "__pycache__", "__pypackages__", "_build", "buck-out", "build", "dist",
    "node_modules", "site-packages", "venv",
)


class ConfigError(Exception):
    """Bad configuration: the message names the source, the key and what is allowed."""


def check_codes(codes: Iterable[str], where: str) -> tuple[str, ...]:
    """Validate rule codes or prefixes (``MOD1``, ``MOD001``, ``ALL``)."""
    result = []
    for code in codes:
        code = code.strip().upper()
        if not code:
            continue
        if code != "ALL" and not any(known.startswith(code) for known in CODES):
            raise ConfigError(f"{where}: unknown rule code or prefix {code!r}"
                              f"{_did_you_mean_code(code)} (known: ALL, {', '.join(CODES)})")
        result.append(code)
    return tuple(result)


def _did_you_mean(word: str, choices: Iterable[str]) -> Optional[str]:
    import difflib  # only on the error path

    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def _did_you_mean_code(code: str) -> str:
    """``; did you mean 'MOD001'?`` for a misspelled code, or a rule's name given as a code."""
    from modlint.rules import all_rules

    names = {rule.name.upper(): rule.code for rule in all_rules()}
    if code.replace("_", "-") in names:
        return f"; did you mean {names[code.replace('_', '-')]!r} (the code of that rule)?"
    guess = _did_you_mean(code, CODES)
    if guess is None:
        name = _did_you_mean(code.replace("_", "-"), names)
        guess = names[name] if name else None
    return f"; did you mean {guess!r}?" if guess else ""


@dataclass(frozen=True)
class RuleSelection:
    """One layer of select / extend-select / ignore (the file's, or the command line's)."""

    select: Optional[tuple[str, ...]] = None  # None: keep what the layers below chose
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def apply(self, chosen: set[str]) -> set[str]:
        """As ruff: a ``select`` replaces everything below; within a layer the most
        specific prefix wins, and an ignore wins a tie."""
        result = set() if self.select is not None else set(chosen)
        for code in CODES:
            on = _specificity(code, (*(self.select or ()), *self.extend_select))
            off = _specificity(code, self.ignore)
            if on > off:
                result.add(code)
            elif off >= 0 and off >= on:
                result.discard(code)
        return result


def _specificity(code: str, prefixes: Iterable[str]) -> int:
    """The length of the longest matching prefix (``ALL`` counts 0), -1 if none matches."""
    best = -1
    for prefix in prefixes:
        if prefix == "ALL":
            best = max(best, 0)
        elif code.startswith(prefix):
            best = max(best, len(prefix))
    return best


@lru_cache(maxsize=None)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob as ruff reads it: ``*`` and ``**`` also cross ``/``; ``**/`` may match nothing."""
    parts = []
    for index, piece in enumerate(pattern.split("**/")):
        if index:
            parts.append("(?:.*/)?")
        parts.append(fnmatch.translate(piece)[4:-3])  # strip fnmatch's (?s:...)\Z
    return re.compile("(?s:" + "".join(parts) + r")\Z")


def _glob_match(pattern: str, path: str) -> bool:
    if pattern.startswith("./"):
        pattern = pattern[2:]
    return _glob_regex(pattern).match(path) is not None


@dataclass(frozen=True)
class Config:
    # The command line's (or the caller's) rule selection, over the file's `selections`.
    select: Optional[tuple[str, ...]] = None  # None: the default rules
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    selections: tuple[RuleSelection, ...] = ()  # from the configuration file, in order
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, codes)
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    force_exclude: bool = False  # exclude even paths given explicitly
    respect_gitignore: bool = True
    unsafe_fixes: Optional[bool] = None  # None: not set, i.e. off
    extend_module_bases: frozenset[str] = field(default_factory=frozenset)
    # `target-version = { torch = "2.4" }`: the oldest PyTorch the code must run on; the
    # API rules suggest nothing it lacks (None: the newest)
    target_torch: Optional[tuple[int, int]] = None
    # how the buffer fixes register a tensor: `self.register_buffer("x", v)` or
    # `self.x = nn.Buffer(v)` (PyTorch 2.5+; register_buffer when target-version is older)
    buffer_style: str = "register_buffer"
    # what the other files of the project tell this one (set per file by the engine)
    project_facts: ProjectFacts = ProjectFacts()
    # what one file may cost (seconds, MiB; 0: no limit; None: the default), ``budget()``
    file_time_limit: Optional[float] = None
    file_memory_limit: Optional[int] = None
    root: str = ""  # the folder relative globs are taken from ("" = the working folder)
    source: Optional[str] = None  # the configuration file read, if any

    def codes(self) -> tuple[str, ...]:
        """The selected rules' codes (without loading the rules)."""
        return self._selected

    @cached_property
    def _selected(self) -> tuple[str, ...]:  # asked for every file: computed once
        chosen = {code for code in CODES if is_default(code)}
        for layer in (*self.selections, RuleSelection(self.select, self.extend_select,
                                                      self.ignore)):
            chosen = layer.apply(chosen)
        return tuple(code for code in CODES if code in chosen)

    def rules(self) -> tuple[Rule, ...]:
        return tuple(load(code) for code in self.codes())

    def budget(self) -> Budget:
        """What one file may cost; past it, the file is skipped and reported."""
        from modlint.workers import DEFAULT_MEMORY_MIB, DEFAULT_SECONDS, Budget
        return Budget(DEFAULT_SECONDS if self.file_time_limit is None else self.file_time_limit,
                      DEFAULT_MEMORY_MIB if self.file_memory_limit is None
                      else self.file_memory_limit)

    def for_path(self, path: str) -> Config:
        """This configuration with the per-file-ignores matching ``path`` applied."""
        codes = self.ignored_for(path)
        if not codes:
            return self
        layer = RuleSelection(ignore=codes)
        return replace(self, selections=(*self.selections,
                                         RuleSelection(self.select, self.extend_select,
                                                       self.ignore), layer),
                       select=None, extend_select=(), ignore=())

    def rules_for(self, path: str) -> tuple[Rule, ...]:
        return self.for_path(path).rules()

    def ignored_for(self, path: str) -> tuple[str, ...]:
        """The per-file-ignores codes whose glob matches ``path``."""
        if not self.per_file_ignores:
            return ()
        relative, name = self._relative(path), os.path.basename(path)
        codes: list[str] = []
        for pattern, ignored in self.per_file_ignores:
            if _glob_match(pattern, relative) or ("/" not in pattern
                                                  and _glob_match(pattern, name)):
                codes.extend(ignored)
        return tuple(codes)

    def is_excluded(self, path: str) -> bool:
        """Whether ``exclude`` / ``extend-exclude`` covers ``path`` or a folder above it
        (up to the configuration's folder)."""
        relative = self._relative(path)
        outside = relative.startswith("../")
        parts = [p for p in relative.split("/") if p not in ("", ".", "..")]
        return any(self._excludes(None if outside else "/".join(parts[:i + 1]), parts[i])
                   for i in range(len(parts)))

    def excludes_entry(self, path: str) -> bool:
        """Whether an exclude pattern matches ``path`` itself (not the folders above it),
        as discovery asks for each file and folder it walks into."""
        name = os.path.basename(os.path.normpath(path))
        if self._name_excludes is not None and self._name_excludes.match(name):
            return True
        if not self._path_excludes:  # the usual case: no need for the relative path
            return False
        relative = self._relative(path)
        return self._excludes(None if relative.startswith("../") else relative, name)

    def _excludes(self, relative: Optional[str], name: str) -> bool:
        """A pattern without ``/`` matches a file or folder name anywhere; one with ``/``
        matches the path relative to the configuration's folder."""
        if self._name_excludes is not None and self._name_excludes.match(name):
            return True
        return relative is not None and any(_glob_match(pattern, relative)
                                            for pattern in self._path_excludes)

    @cached_property
    def _name_excludes(self) -> Optional[re.Pattern[str]]:
        """The patterns without ``/``, as one regular expression (asked for every entry)."""
        names = [p.rstrip("/") for p in (*self.exclude, *self.extend_exclude)
                 if "/" not in p.rstrip("/")]
        if not names:
            return None
        return re.compile("|".join(f"(?:{_glob_regex(name).pattern})" for name in names))

    @cached_property
    def _path_excludes(self) -> tuple[str, ...]:
        return tuple(p.rstrip("/") for p in (*self.exclude, *self.extend_exclude)
                     if "/" in p.rstrip("/"))

    def _relative(self, path: str) -> str:
        root = os.path.abspath(self.root or os.curdir)
        relative = os.path.relpath(os.path.abspath(path), root)
        return relative.replace(os.sep, "/")


# --- reading [tool.modlint] ------------------------------------------------------------

def _codes_list(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of rule codes, e.g. [\"MOD001\", "
                          f"\"MOD1\"], got {_shown(value)}")
    return check_codes(value, where)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings, got {_shown(value)}")
    return tuple(value)


def _boolean(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: expected true or false, got {_shown(value)}")
    return value


def _per_file_ignores(value: Any, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a table of glob = [rule codes], e.g. "
                          f"{{\"tests/*\" = [\"MOD001\"]}}, got {_shown(value)}")
    return tuple((glob, _codes_list(codes, f"{where} {glob!r}"))
                 for glob, codes in value.items())


def _module_bases(value: Any, where: str) -> frozenset[str]:
    names = _strings(value, where)
    for name in names:
        if not all(part.isidentifier() for part in name.split(".")) or "." not in name:
            raise ConfigError(f"{where}: expected dotted class names such as "
                              f"\"lightning.LightningModule\", got {name!r}")
    return frozenset(names)


def _target_version(value: Any, where: str) -> Optional[tuple[int, int]]:
    if not isinstance(value, dict) or set(value) - {"torch"} \
            or not isinstance(value.get("torch"), str) \
            or not re.fullmatch(r"\d+\.\d+", value["torch"]):
        raise ConfigError(f"{where}: expected a table such as {{ torch = \"2.4\" }}, "
                          f"got {_shown(value)}")
    major, minor = value["torch"].split(".")
    return int(major), int(minor)


BUFFER_STYLES = ("register_buffer", "nn.Buffer")


def _buffer_style(value: Any, where: str) -> str:
    if value not in BUFFER_STYLES:
        guess = _did_you_mean(value, BUFFER_STYLES) if isinstance(value, str) else None
        hint = f"; did you mean {guess!r}?" if guess else ""
        raise ConfigError(f"{where}: expected \"register_buffer\" or \"nn.Buffer\", got "
                          f"{_shown(value)}{hint}")
    return value


def _limit(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ConfigError(f"{where}: expected a number, 0 or more (0: no limit), "
                          f"got {_shown(value)}")
    return value


def _shown(value: Any) -> str:
    kind = {bool: "a boolean", str: "a string", int: "an integer", float: "a number",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)
    text = repr(value)
    return f"{kind} {text if len(text) <= 40 else text[:37] + '...'}"


# key -> (Config field, reader)
_KEYS: dict[str, tuple[str, Callable[[Any, str], Any]]] = {
    "select": ("select", _codes_list),
    "extend-select": ("extend_select", _codes_list),
    "ignore": ("ignore", _codes_list),
    "per-file-ignores": ("per_file_ignores", _per_file_ignores),
    "exclude": ("exclude", _strings),
    "extend-exclude": ("extend_exclude", _strings),
    "force-exclude": ("force_exclude", _boolean),
    "respect-gitignore": ("respect_gitignore", _boolean),
    "unsafe-fixes": ("unsafe_fixes", _boolean),
    "extend-module-bases": ("extend_module_bases", _module_bases),
    "target-version": ("target_torch", _target_version),
    "file-time-limit": ("file_time_limit", _limit),
    "file-memory-limit": ("file_memory_limit", lambda value, where: int(_limit(value, where))),
    "buffer-style": ("buffer_style", _buffer_style),
}


def _read_toml(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None


def _section(data: dict[str, Any], path: str) -> Optional[dict[str, Any]]:
    tool = data.get("tool")
    if not isinstance(tool, dict) or "modlint" not in tool:
        return None
    section = tool["modlint"]
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: {SECTION} must be a table, got {_shown(section)}")
    return section


def load_config(path: str) -> Config:
    """The configuration in ``path`` (a pyproject.toml); empty if it has no section."""
    path = os.path.abspath(path)
    section = _section(_read_toml(path), path) or {}
    values: dict[str, Any] = {}
    for key, value in section.items():
        if key not in _KEYS:
            guess = _did_you_mean(key.replace("_", "-"), _KEYS)
            hint = f"; did you mean {guess!r}?" if guess else ""
            raise ConfigError(f"{path}: unknown key {key!r} in {SECTION}{hint} "
                              f"(allowed: {', '.join(_KEYS)})")
        name, reader = _KEYS[key]
        values[name] = reader(value, f"{path}: {SECTION} {key}")
    selection = RuleSelection(values.pop("select", None), values.pop("extend_select", ()),
                              values.pop("ignore", ()))
    return Config(selections=(selection,), root=os.path.dirname(path), source=path,
                  **values)


def find_config_file(path: str) -> Optional[str]:
    """The nearest pyproject.toml with a ``[tool.modlint]`` table, walking up from ``path``."""
    folder = os.path.abspath(path)
    if not os.path.isdir(folder):
        folder = os.path.dirname(folder)
    while True:
        candidate = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(candidate) and _section(_read_toml(candidate), candidate) is not None:
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def resolve_config(path: str, config_file: Optional[str] = None,
                   isolated: bool = False) -> Config:
    """The configuration that applies to ``path`` (a file or folder).

    ``config_file`` overrides the search; ``isolated`` ignores every file. Raises
    :class:`ConfigError` with a one-line message naming the file and the key.
    """
    if isolated:
        return Config()
    if config_file is not None:
        if not os.path.isfile(config_file):
            raise ConfigError(f"{config_file}: configuration file not found")
        return load_config(config_file)
    found = find_config_file(path)
    if found is None:
        return Config()
    return load_config(found)
