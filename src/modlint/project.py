"""Whole-project class resolution: bases imported from other linted files.

A light first pass scans each file's text for its imports (star imports and ``__all__``
included), its module-level aliases (``Module = nn.Module``) and its module-level classes
(also under ``if``/``try``), with what their bodies define. From those it decides which
classes of the project are nn.Module subclasses, following imports, re-exports and chains
across files, and tells each file which of the base names *as that file spells them* are
modules (the semantic model treats them like ``extend-module-bases``) and what the project
knows of each (``ProjectFacts``). Nothing is imported or run.
"""

from __future__ import annotations

import bisect
import json
import os
import re
from dataclasses import astuple, dataclass, field
from functools import cached_property, lru_cache
from typing import Mapping, Optional, Union

# ``torch_api`` is imported by the functions that ask it: loading its tables is a fifth of
# the start-up of a run the cache answers, which never builds the index.


def module_name(path: str) -> tuple[str, bool]:
    """The dotted module name of a file, from the packages (folders with __init__.py)
    around it; and whether the file is a package's ``__init__``."""
    folder, filename = os.path.split(os.path.abspath(path))
    stem = filename.rsplit(".", 1)[0]
    package = _package_of(folder)
    if stem == "__init__":
        return package, True
    return (f"{package}.{stem}" if package else stem), False


# How many folders without ``__init__.py`` above a file's packages may be namespace
# packages (PEP 420: `texar/torch/...` imported as `texar.torch`, research code that ships
# no `__init__.py` at all): each gives the file one more name imports may use.
_NAMESPACE_LEVELS = 3


def namespace_names(path: str, module: str, is_package: bool) -> list[str]:
    """The longer names a file's module has when the folders above its packages are
    namespace packages: `texar.torch.module_base` beside `torch.module_base`."""
    folder = os.path.dirname(os.path.abspath(path))
    for _ in module.split(".")[:None if is_package else -1]:
        folder = os.path.dirname(folder)
    names = []
    for _ in range(_NAMESPACE_LEVELS):
        folder, name = os.path.split(folder)
        if not name.isidentifier():
            break
        module = f"{name}.{module}"
        names.append(module)
    return names


@lru_cache(maxsize=None)
def _package_of(folder: str) -> str:
    parent, name = os.path.split(folder)
    if not name:
        return ""
    if not os.path.isfile(os.path.join(folder, "__init__.py")):
        # inside a package, a folder without __init__.py is a namespace part of it
        # (fair-esm's `esm/model/`, imported as `esm.model`)
        outer = _package_of(parent) if name.isidentifier() else ""
        return f"{outer}.{name}" if outer else ""
    outer = _package_of(parent)
    return f"{outer}.{name}" if outer else name


# The import pattern starts with a newline (the text is read with one prepended), the
# others with a literal word: either lets the regex engine skip ahead instead of trying
# every position. Whether a class or a member statement starts its line is checked after.
_STATEMENT = re.compile(
    r"\n(?:[ \t]*(?:import[ \t]+([^\n#;]+)"
    r"|from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;\\]*(?:\\\n[^\n#;\\]*)*))"
    # a module-level alias of a dotted name: `Module = nn.Module`, `Layer: TypeAlias = X`
    r"|([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=[ \t]*([A-Za-z_][\w.]*)[ \t\r]*(?:#[^\n]*)?(?=\n))")
# `class Name` first, its bases after: a match must not run on over a real class
_CLASS = re.compile(r"class[ \t]+(\w+)")
_BASES = re.compile(r"[ \t]*(?:\(([^:]*?)\))?[ \t]*:")
_ALL = re.compile(r"\n__all__[ \t]*(?::[^=\n]*)?(\+=|=(?!=)|\.extend\(|\.append\(|\S)")
# what the rules ask of a class body: forward, __call__ and __init__ as methods, forward
# and __call__ as names (`forward = _forward_impl`)
_MEMBERS = (re.compile(r"def[ \t]+(forward|__call__|__init__)\b"),
            re.compile(r"(forward)[ \t]*(?::[^=\n]*)?=(?!=)"),
            re.compile(r"(__call__)[ \t]*(?::[^=\n]*)?=(?!=)"))
_BODY_LINE = re.compile(r"\n([ \t]*)[^ \t\n\r#]")
_SUPER_INIT = re.compile(r"\bsuper\([^()\n]*\)[ \t]*\.[ \t]*__init__\b")
_BLOCK_HEADER = re.compile(r"(?:if|elif|else|try|except|finally|with)\b")
_COMMENT = re.compile(r"#[^\n]*")
_LAMBDA = re.compile(r"\blambda\b")
# where a `def` line ends (`):`, `) -> X:`), and what is not code in between
_SIGNATURE_END = re.compile(r"\)[ \t]*(?:->[^\n]*?)?:[ \t\r]*(?:#[^\n]*)?(?=\n)")
_NOISE = re.compile(r'"""[\s\S]*?"""' r"|'''[\s\S]*?'''" r'|"(?:[^"\\\n]|\\.)*"'
                    r"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")
_SIGNATURE_TOKEN = re.compile(r"[()\[\]{},=]")
_DOTTED = re.compile(r"[A-Za-z_][\w.]*")
# `a.b.Name(`: a dotted call whose last name is capitalised, as classes are
_ATTRIBUTE_CALL = re.compile(r"(?<![\w.])([A-Za-z_]\w*(?:\.\w+)*\._*[A-Z]\w*)[ \t]*\(")
_STRING = re.compile(r"""\s*(?:'(\w+)'|"(\w+)")\s*""")


@dataclass
class Declarations:
    """What the project index needs of a file, as its text spells it. Plain data: the
    result cache keeps it (as JSON) with the file's content hash."""

    names: dict[str, str] = field(default_factory=dict)  # local name -> spelled target
    # class -> its bases, spelled when it is defined: ``class Block(Block)`` derives from
    # the imported Block, which the class then hides
    class_bases: dict[str, list[str]] = field(default_factory=dict)
    # class -> which of forward, __call__ and __init__ its own body binds
    members: dict[str, list[str]] = field(default_factory=dict)
    # class -> the required parameters of its own ``def __init__`` besides self (None:
    # the signature could not be read); only classes whose body defines one
    init_args: dict[str, Optional[list[str]]] = field(default_factory=dict)
    stars: list[str] = field(default_factory=list)  # `from X import *`: X spelled, in order
    # capitalised names used through an imported module, spelled: classes of other files
    # the file constructs (`layers.GraphConv(...)`) or a nested class derives from
    constructed: list[str] = field(default_factory=list)
    # classes whose body calls ``super(...).__init__``
    cooperative: list[str] = field(default_factory=list)
    exports: Optional[list[str]] = None  # a literal ``__all__``; None: none (or not literal)


def _split_top(text: str) -> list[str]:
    """Split on commas outside brackets."""
    if not any(bracket in text for bracket in "([{"):
        return text.split(",")
    parts, depth, current = [], 0, []
    for char in text:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def scan(data: bytes) -> Declarations:
    """A file's declarations, by a text scan: several times cheaper than even Python's
    own parser, and exact enough for names, bases and the few members rules ask about."""
    text = "\n" + data.decode("utf-8", "replace")
    facts = Declarations()
    classes = [(m, indent, bases) for m in _CLASS.finditer(text)
               if (indent := _indentation(text, m.start())) is not None
               and (bases := _BASES.match(text, m.end())) is not None]
    events = sorted([*_STATEMENT.finditer(text), *(m for m, _, _ in classes)],
                    key=lambda m: m.start())
    at_module_level = _ModuleLevel(text)
    kept: dict[str, re.Match] = {}  # class -> the statement the declarations describe
    headers = {id(m): (indent, bases) for m, indent, bases in classes}
    nested: set[str] = set()  # dotted bases of classes not at module level
    for match in events:  # in source order: later bindings win, but an indented one
        # (under an `if` or `try`, in a function, or a docstring's example) never hides a
        # module-level one
        if match.re is _CLASS:
            name, (indent, header) = match.group(1), headers[id(match)]
            if indent and (name in facts.class_bases
                           or not at_module_level(match.start(), indent)):
                nested.update(base.strip() for base in _split_top(header.group(1) or "")
                              if "." in base and _DOTTED.fullmatch(base.strip()))
                continue
            bases = []
            for base in _split_top(header.group(1) or ""):
                base = base.split("[", 1)[0].strip()
                if base and "=" not in base and _DOTTED.fullmatch(base):
                    bases.append(_spelled(facts, base))
            facts.class_bases[name] = bases
            facts.names.pop(name, None)
            kept[name] = match
            continue
        indented = match.group(0)[1] in " \t"

        def bind(local: str, target: str) -> None:
            if not (indented and local in facts.names):
                facts.names[local] = target

        if match.group(4) is not None:  # Name = dotted.name
            name, target = match.group(4), match.group(5)
            if name not in facts.class_bases and target not in ("None", "True", "False"):
                facts.names[name] = _spelled(facts, target)
        elif match.group(1) is not None:  # import a.b, c as d
            for item in match.group(1).split(","):
                words = item.split()
                if not words or not _DOTTED.fullmatch(words[0]):
                    continue
                if len(words) == 3 and words[1] == "as":
                    bind(words[2], words[0])
                else:
                    top = words[0].split(".")[0]
                    bind(top, top)
        else:  # from .x import (a, b as c)
            source = match.group(2)
            sep = "" if source.endswith(".") else "."
            listed = _COMMENT.sub("", match.group(3)).strip().strip("()").replace("\\\n", " ")
            for item in listed.split(","):
                words = item.split()
                if not words:
                    continue
                if words[0] == "*":
                    facts.stars.append(source)
                    continue
                local = words[2] if len(words) == 3 and words[1] == "as" else words[0]
                bind(local, f"{source}{sep}{words[0]}")
    _read_members(text, classes, kept, facts)
    facts.exports = _exports(text)
    used = nested | {m.group(1) for m in _ATTRIBUTE_CALL.finditer(text)}
    facts.constructed = sorted({_spelled(facts, name) for name in used
                                if name.partition(".")[0] in facts.names})
    return facts


def _indentation(text: str, start: int) -> Optional[int]:
    """The indentation of the statement at ``start``; None when something other than
    spaces and tabs precedes it on its line."""
    line = text.rfind("\n", 0, start) + 1
    prefix = text[line:start]
    return len(prefix) if not prefix.strip(" \t") else None


def _spelled(facts: Declarations, base: str) -> str:
    """A name as the file's import table spells it (what the semantic model sees). A
    name the file neither imports nor defines is looked up in the module itself when
    resolved (``<local>.``): a star import may bind it."""
    head, _, rest = base.partition(".")
    target = facts.names.get(head)
    if target is None:
        return base if base == "object" else "<local>." + base
    return f"{target}.{rest}" if rest else target


class _ModuleLevel:
    """Whether an indented statement runs at module level: every line that encloses it is
    an ``if``/``elif``/``else``/``try``/``except``/``finally``/``with`` header at module
    level (not a ``def``, a ``class`` or a docstring's text)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.known: dict[int, bool] = {}  # line start -> verdict, for statements asked

    def __call__(self, start: int, indent: int) -> bool:
        text = self.text
        line = text.rfind("\n", 0, start) + 1
        siblings = [line]  # lines with the same enclosing headers, hence the same verdict
        verdict = True
        while indent:
            end = line - 1
            line = text.rfind("\n", 0, end) + 1
            if line == 0:  # the prepended newline is never passed
                verdict = False
                break
            content = text[line:end]
            stripped = content.lstrip(" \t")
            if not stripped or stripped[0] == "#":
                continue
            depth = len(content) - len(stripped)
            if depth == indent:
                if line in self.known:
                    verdict = self.known[line]
                    break
                siblings.append(line)
            elif depth < indent:
                if not (_BLOCK_HEADER.match(stripped)
                        and _COMMENT.sub("", stripped).rstrip().endswith(":")):
                    verdict = False
                    break
                siblings.append(line)
                indent = depth
        for sibling in siblings:
            self.known[sibling] = verdict
        return verdict


def _read_members(text: str, classes: list[tuple[re.Match, int, re.Match]],
                  kept: dict[str, re.Match], facts: Declarations) -> None:
    """Which members each module-level class body binds, and its ``__init__``'s
    parameters. A member belongs to the innermost class whose body holds it, at the
    body's own indentation (a nested function's ``forward`` is not the class's)."""
    starts = [m.start() for m, _, _ in classes]
    bodies: dict[int, tuple[int, int]] = {}  # class index -> (body indentation, body end)

    def body(index: int) -> tuple[int, int]:
        if index not in bodies:
            _, indent, header = classes[index]
            first = _BODY_LINE.search(text, header.end())
            if first is None or len(first.group(1)) <= indent:  # `class A: pass`
                bodies[index] = (-1, header.end())
                return bodies[index]
            end = _dedent(indent).search(text, first.end())
            while end is not None:  # a line of a string at the margin ends nothing
                closing = _string_end(text, header.end(), end.start())
                if closing is None:
                    break
                end = _dedent(indent).search(text, closing)
            bodies[index] = (len(first.group(1)), end.start() if end else len(text))
        return bodies[index]

    members = sorted((m for pattern in _MEMBERS for m in pattern.finditer(text)),
                     key=lambda m: m.start())
    for member in members:
        position = member.start()
        if member.re is _MEMBERS[0]:  # `def`, maybe `async def`
            position = _before_async(text, position)
        indent = _indentation(text, position)
        if not indent:
            continue
        index = bisect.bisect_left(starts, position) - 1
        while index >= 0:
            body_indent, end = body(index)
            if position < end:
                break
            if not classes[index][1]:  # a module-level class ended before it
                index = -1
            else:
                index -= 1
        if index < 0 or body_indent != indent:
            continue
        name = classes[index][0].group(1)
        if kept.get(name) is not classes[index][0]:
            continue
        bound = member.group(1)
        found = facts.members.setdefault(name, [])
        if bound not in found:
            found.append(bound)
        if bound == "__init__":  # the last definition is the one the class keeps
            facts.init_args[name] = _required_args(text, member.end())
    for index, (match, _, header) in enumerate(classes):
        name = match.group(1)
        if kept.get(name) is match and \
                _SUPER_INIT.search(text, header.end(), body(index)[1]) is not None:
            facts.cooperative.append(name)


def _before_async(text: str, start: int) -> int:
    """Where ``async def`` starts when ``def`` at ``start`` is preceded by ``async``."""
    head = text[max(0, start - 12):start].rstrip(" \t")
    return start - (len(text[max(0, start - 12):start]) - len(head)) - 5 \
        if head.endswith("async") else start


def _string_end(text: str, start: int, position: int) -> Optional[int]:
    """Where the triple-quoted string holding ``position`` ends, when one opened after
    ``start`` (a class statement, outside any string) does; None when none does. Quotes
    are paired in order: one inside a one-line string or a comment is rare enough."""
    for quote in ('"""', "'''"):
        if text.count(quote, start, position) % 2:
            closing = text.find(quote, position)
            return closing + 3 if closing >= 0 else len(text)
    return None


@lru_cache(maxsize=None)
def _dedent(indent: int) -> re.Pattern[str]:
    """The first line indented at most ``indent`` (not blank, not a comment, not the
    closing bracket of a signature written `):` at the margin)."""
    return re.compile(r"\n(?![ \t]{%d})[ \t]*[^ \t\n\r#)\]}]" % (indent + 1))


def _required_args(text: str, start: int) -> Optional[list[str]]:
    """The required parameters besides the first of the signature opening after
    ``start``; None when it cannot be read."""
    opening = text.find("(", start, start + 40)
    end = _SIGNATURE_END.search(text, opening) if opening >= 0 else None
    if end is None:
        return None
    signature = _NOISE.sub(_blank, text[opening:end.start() + 1])
    if _LAMBDA.search(signature):  # its commas are not the signature's
        return None
    params: list[tuple[str, bool]] = []  # (parameter, has a default)
    depth, begin, default = 0, 1, False
    for token in _SIGNATURE_TOKEN.finditer(signature):
        char = token.group()
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                params.append((signature[begin:token.start()].strip(), default))
                break
        elif depth == 1 and char == "=":
            default = True
        elif depth == 1:  # a comma between parameters
            params.append((signature[begin:token.start()].strip(), default))
            begin, default = token.end(), False
    else:
        return None
    if not params[0][0] or params[0][0].startswith("*"):
        return None  # no self
    required = []
    for param, has_default in params[1:]:
        name = param.split(":", 1)[0].strip()
        if not name or name in ("*", "/") or name.startswith("*") or has_default:
            continue
        if not name.isidentifier():
            return None
        required.append(name)
    return required


def _blank(match: re.Match) -> str:
    return "" if match.group().startswith("#") else "''"


def _exports(text: str) -> Optional[list[str]]:
    """The names of a literal ``__all__`` (its ``+=``, ``.extend`` and ``.append`` too);
    None when there is none or it is computed."""
    names: Optional[list[str]] = None
    for match in _ALL.finditer(text):
        kind = match.group(1)
        literal = _literal_strings(text, match.end(), kind == ".append(")
        if literal is None or (kind != "=" and names is None):
            return None
        names = literal if kind == "=" else names + literal
    return names


def _literal_strings(text: str, start: int, single: bool) -> Optional[list[str]]:
    if single:
        found = _STRING.match(text, start)
        return [found.group(1) or found.group(2)] if found else None
    rest = text[start:start + 200_000].lstrip(" \t")
    if not rest or rest[0] not in "[(":
        return None
    end = rest.find("]" if rest[0] == "[" else ")")
    if end < 0:
        return None
    line_end = rest.find("\n", end)
    after = rest[end + 1:line_end if line_end >= 0 else len(rest)]
    if _COMMENT.sub("", after).strip() not in ("", ")"):  # `[...] + more`: computed
        return None
    names = []
    for item in _COMMENT.sub("", rest[1:end]).split(","):
        if not item.strip():
            continue
        found = _STRING.fullmatch(item)
        if found is None:
            return None
        names.append(found.group(1) or found.group(2))
    return names


@dataclass(frozen=True)
class ClassFacts:
    """What the project knows of a class defined in another file, bases included."""

    # the class or a base defines ``forward``; None: a base is unknown
    defines_forward: Optional[bool]
    # the class or a base overrides ``__call__`` (nn.Module's own does not count)
    defines_call: Optional[bool]
    # the required parameters besides self of the ``__init__`` the class runs (its own or
    # the nearest base's); (): none; None: unknown
    init_required_args: Optional[tuple[str, ...]]
    # a base's metaclass runs nn.Module.__init__ before the class's own (fastai's Module)
    initialises_itself: bool = False
    # no module: every base is `object`, `ABC`, a torch class that is no module, or such
    # a class (``ProjectIndex.is_plain_class``)
    plain: bool = False
    # the ``__init__`` it runs may call ``super().__init__`` (False: provably never)
    cooperative: bool = True


@dataclass(frozen=True)
class ProjectFacts:
    """What a file is told of the names it takes from other files of the project. Frozen
    and hashable: part of the file's configuration."""

    # (name as the file's import table spells it, facts), sorted
    classes: tuple[tuple[str, ClassFacts], ...] = ()
    # (local name, spelled target) that the file's star imports bind, sorted: the names
    # the project resolves to one of its classes or to a torch module class
    bindings: tuple[tuple[str, str], ...] = ()

    def of(self, spelled: Optional[str]) -> Optional[ClassFacts]:
        return self._by_name.get(spelled) if spelled is not None else None

    def dumps(self) -> str:
        """As JSON, for the result cache."""
        return json.dumps([[[name, list(astuple(facts))] for name, facts in self.classes],
                           self.bindings])

    @classmethod
    def loads(cls, text: str) -> ProjectFacts:
        """From ``dumps``; raises ValueError, TypeError or KeyError on anything else."""
        classes, bindings = json.loads(text)
        return cls(tuple((name, ClassFacts(forward, call, None if init is None else tuple(init),
                                           itself, plain, cooperative))
                         for name, (forward, call, init, itself, plain, cooperative)
                         in classes),
                   tuple((local, target) for local, target in bindings))

    @cached_property
    def _by_name(self) -> dict[str, ClassFacts]:
        return dict(self.classes)


UNKNOWN = ClassFacts(None, None, None)
# an __init__ state while resolving: its required arguments, None (unknown) or False (no
# class of the chain defines one)
_Init = Union[tuple[str, ...], None, bool]


@dataclass
class _FileFacts:
    module: str
    package: str  # what a single leading dot refers to
    declared: Declarations


# Packages whose names a star import passes on as they are (modules such as `nn` and
# functions): what the rules resolve calls and bases through.
_TORCH_ROOTS = frozenset({"torch", "torchvision"})


# bases that make no class a module: torch_api.PLAIN_BASES (which also take no __init__
# arguments) and the others a plain class may name
_PLAIN_BASES = frozenset({"object", "abc.ABC", "typing.Generic", "typing.Protocol",
                          "typing.NamedTuple", "enum.Enum"})


def _absolute(facts: _FileFacts, spelled: str) -> str:
    if spelled.startswith("<local>."):
        return f"{facts.module}.{spelled[len('<local>.'):]}"
    if not spelled.startswith("."):
        return spelled
    level = len(spelled) - len(spelled.lstrip("."))
    parts = facts.package.split(".") if facts.package else []
    if level > 1:
        parts = parts[: len(parts) - (level - 1)]
    rest = spelled[level:]
    return ".".join(parts + ([rest] if rest else []))


def _exported(facts: _FileFacts, name: str) -> bool:
    """Whether ``from <module> import *`` binds ``name`` (if the module binds it)."""
    exports = facts.declared.exports
    return name in exports if exports is not None else not name.startswith("_")


class ProjectIndex:
    """Which dotted names of the project are nn.Module classes, and what their classes
    define."""

    def __init__(self, declarations: Mapping[str, Declarations],
                 extra_bases: frozenset[str] = frozenset()) -> None:
        """``declarations``: each file's, by path (``scan``)."""
        self.extra_bases = extra_bases
        self.files: dict[str, _FileFacts] = {}
        self.modules: dict[str, _FileFacts] = {}  # by dotted module name
        for path, declared in declarations.items():
            module, is_package = module_name(path)
            package = module if is_package else module.rpartition(".")[0]
            facts = self.files[path] = _FileFacts(module, package, declared)
            self.modules[module] = facts
            for name in namespace_names(path, module, is_package):
                self.modules.setdefault(name, facts)
        # names are resolved only when asked (most imported names never are: a warm run
        # would spend most of its time here)
        self._memo: dict[str, bool] = {}  # absolute name -> module class or not
        self._targets: dict[str, Optional[str]] = {}  # absolute name -> where it is defined
        self._facts: dict[str, ClassFacts] = {}  # absolute class name -> its facts
        self._inits: dict[str, _Init] = {}

    # --- one step of a name's resolution ---------------------------------------------

    def _step(self, name: str) -> Optional[str]:
        """The absolute name ``name`` is bound to in its module (by an import, an alias or
        a star import); ``name`` itself for a class of the project; None when the project
        does not bind it."""
        from modlint.semantic import torch_api
        module, _, local = name.rpartition(".")
        facts = self.modules.get(module)
        if facts is None:
            return self._through_bound_prefix(name)
        declared = facts.declared
        if local in declared.class_bases:
            return name
        if local in declared.names:
            return _absolute(facts, declared.names[local])
        for source in reversed(declared.stars):
            origin = _absolute(facts, source)
            provider = self.modules.get(origin)
            candidate = f"{origin}.{local}"
            if provider is None:
                if torch_api.is_module_class_name(candidate):
                    return candidate  # `from torch.nn import *`
            elif _exported(provider, local) and self._binds(provider, local, set()):
                return candidate
        return None

    def _through_bound_prefix(self, name: str) -> Optional[str]:
        """``pkg.mod.nn.Module`` where ``nn`` is a name ``pkg.mod`` binds (``import
        torch.nn as nn`` brought by a star import): the rest of the name on what it is
        bound to, ``torch.nn.Module``."""
        parts = name.split(".")
        for cut in range(len(parts) - 2, 0, -1):
            if ".".join(parts[:cut]) in self.modules:
                bound = ".".join(parts[:cut + 1])
                target = self._target(bound)
                if target is None or target == bound:
                    return None
                return ".".join([target, *parts[cut + 1:]])
        return None

    def _binds(self, facts: _FileFacts, local: str, visiting: set[str]) -> bool:
        from modlint.semantic import torch_api
        declared = facts.declared
        if local in declared.class_bases or local in declared.names:
            return True
        if facts.module in visiting:
            return False
        visiting.add(facts.module)
        for source in declared.stars:
            origin = _absolute(facts, source)
            provider = self.modules.get(origin)
            if provider is None:  # a library's module: known by its table
                if torch_api.is_module_class_name(f"{origin}.{local}"):
                    return True
            elif _exported(provider, local) and self._binds(provider, local, visiting):
                return True
        return False

    def _target(self, name: str) -> Optional[str]:
        """Where a name is defined: a class of the project, or a name outside it (None: an
        import cycle, or a name its module does not bind)."""
        if name in self._targets:
            return self._targets[name]
        seen = set()
        current: Optional[str] = name
        while current is not None and current not in seen:
            seen.add(current)
            following = self._step(current)
            if following is None:  # outside the project (or unbound in it)
                break
            if following == current:  # a class of the project
                break
            current = following
        else:
            current = None
        for visited in seen:  # every name of the chain ends where this one does
            self._targets[visited] = current
        return current

    def _class(self, name: str) -> Optional[tuple[_FileFacts, str]]:
        module, _, local = name.rpartition(".")
        facts = self.modules.get(module)
        if facts is not None and local in facts.declared.class_bases:
            return facts, local
        return None

    # --- module classes --------------------------------------------------------------

    def is_module(self, name: str) -> bool:
        return self._is_module(name, set())

    def _is_module(self, name: str, visiting: set[str]) -> bool:
        from modlint.semantic import torch_api
        if name in self._memo:
            return self._memo[name]
        if torch_api.is_module_class_name(name, self.extra_bases):
            return True
        if name in visiting:  # an import cycle
            return False
        visiting.add(name)
        following = self._step(name)
        defined = self._class(name) if following == name else None
        if following is None:
            found = False
        elif following != name:
            found = self._is_module(following, visiting)
        elif defined is None:  # bound to itself (`from pkg import mod` in pkg): no class
            found = False
        else:
            facts, local = defined
            found = any(self._is_module(_absolute(facts, base), visiting)
                        for base in facts.declared.class_bases[local])
            fallback = facts.declared.names.get(local)
            if not found and fallback is not None:
                # `try: class Norm(apex.FusedLayerNorm)` / `except: from torch.nn import
                # LayerNorm as Norm`: a module class in either environment
                found = self._is_module(_absolute(facts, fallback), visiting)
        visiting.discard(name)
        self._memo[name] = found
        return found

    def derives_from(self, name: str, roots: frozenset[str]) -> bool:
        """Whether the class a name resolves to is one of ``roots`` (absolute names) or
        derives from one."""
        return self._derives(name, roots, set())

    def _derives(self, name: str, roots: frozenset[str], visiting: set[str]) -> bool:
        target = self._target(name)
        if target is None or target in visiting:
            return False
        if target in roots:
            return True
        defined = self._class(target)
        if defined is None:
            return False
        visiting.add(target)
        facts, local = defined
        return any(self._derives(_absolute(facts, base), roots, visiting)
                   for base in facts.declared.class_bases[local])

    def is_plain_class(self, name: str) -> bool:
        """Whether a name is a class of the project that is no module: each of its bases
        is `object`, `ABC`, `Generic`, a torch class that is no module
        (`torch.distributions.Distribution`, `torch.autograd.Function`) or such a class (a
        base the project does not define may be a module)."""
        return self._is_plain(name, set())

    def _is_plain(self, name: str, visiting: set[str]) -> bool:
        from modlint.semantic import torch_api
        target = self._target(name)
        if target in _PLAIN_BASES or (
                target is not None and target.startswith("torch.")
                and target.rpartition(".")[2][:1].isupper()
                and not torch_api.is_module_class_name(target)):
            return True
        defined = self._class(target) if target is not None else None
        if defined is None or target in visiting:
            return False
        visiting.add(target)
        facts, local = defined
        return all(base in _PLAIN_BASES or self._is_plain(_absolute(facts, base), visiting)
                   for base in facts.declared.class_bases[local])

    def bases_for(self, path: str) -> frozenset[str]:
        """The base names, spelled as in ``path``, that resolve to modules through the
        project: extra module bases for that file's semantic model."""
        from modlint.semantic import torch_api
        facts = self.files.get(path)
        if facts is None:
            return frozenset()
        return frozenset(
            spelled for spelled in self._spellings(facts)
            # local chains are the file's own model's; torch's names it knows already
            if not spelled.startswith("<local>.")
            and not torch_api.is_module_class_name(spelled, self.extra_bases)
            and self.is_module(_absolute(facts, spelled)))

    def _spellings(self, facts: _FileFacts) -> set[str]:
        """Every name of other files the file may use as a class: its bases, its imported
        names (used as bases or constructed), the classes it constructs through imported
        modules and what its star imports bind."""
        declared = facts.declared
        names = {b for bases in declared.class_bases.values() for b in bases}
        names.update(declared.names.values())
        names.update(declared.constructed)
        names.update(target for _, target in self._bindings(facts))
        return names

    # --- star imports ----------------------------------------------------------------

    def _bindings(self, facts: _FileFacts) -> list[tuple[str, str]]:
        """(local, spelled target) for the names the file's star imports bind that resolve
        to a class of the project or a torch module class; later stars win."""
        from modlint.semantic import torch_api
        declared = facts.declared
        if not declared.stars:
            return []
        own = declared.names.keys() | declared.class_bases.keys()
        # the bases the file spells that nothing of its own binds
        candidates = [b[len("<local>."):] for bases in declared.class_bases.values()
                      for b in bases if b.startswith("<local>.")]
        bound: dict[str, str] = {}
        for source in declared.stars:
            origin = _absolute(facts, source)
            provider = self.modules.get(origin)
            sep = "" if source.endswith(".") else "."
            if provider is None:  # outside the project: known by the library tables
                names = [n for n in candidates
                         if torch_api.is_module_class_name(f"{origin}.{n}")]
            else:
                names = []
                public = self._public(provider, set())
                for name in public:
                    if self._is_class(f"{origin}.{name}"):
                        names.append(name)
                    elif name not in own:  # `nn`, `F`, `torch` re-exported by a star
                        target = self._target(f"{origin}.{name}")
                        if target is not None and target.split(".")[0] in _TORCH_ROOTS:
                            bound[name] = target
                # a library's class the provider's own star imports bring (tsai's
                # `from fastai.torch_core import *` in its `imports` module)
                names += [n for n in candidates if "." not in n and n not in public
                          and _exported(provider, n) and self._binds(provider, n, set())
                          and self._is_class(f"{origin}.{n}")]
            for name in names:
                if name not in own:
                    bound[name] = f"{source}{sep}{name}"
        return sorted(bound.items())

    def bound_names(self, path: str) -> set[str]:
        """The names a file binds at its top: its classes, imports and aliases, and what
        its star imports of the project bring."""
        facts = self.files[path]
        names = set(facts.declared.names) | set(facts.declared.class_bases)
        for source in facts.declared.stars:
            provider = self.modules.get(_absolute(facts, source))
            if provider is not None:
                names |= self._public(provider, set())
        return names

    def _public(self, facts: _FileFacts, visiting: set[str]) -> set[str]:
        """The names ``from <module> import *`` binds."""
        declared = facts.declared
        if declared.exports is not None:
            return set(declared.exports)
        if facts.module in visiting:
            return set()
        visiting.add(facts.module)
        names = set(declared.names) | set(declared.class_bases)
        for source in declared.stars:
            provider = self.modules.get(_absolute(facts, source))
            if provider is not None:
                names |= self._public(provider, visiting)
        return {name for name in names if not name.startswith("_")}

    def _is_class(self, name: str) -> bool:
        from modlint.semantic import torch_api
        target = self._target(name)
        return target is not None and (self._class(target) is not None
                                       or torch_api.is_module_class_name(target))

    # --- class facts -----------------------------------------------------------------

    def facts_for(self, path: str) -> ProjectFacts:
        """What the project knows of the classes ``path`` takes from other files, by the
        names the file spells; and the names its star imports bind."""
        from modlint.semantic import torch_api
        facts = self.files.get(path)
        if facts is None:
            return ProjectFacts()
        known = []
        for spelled in sorted(self._spellings(facts)):
            if spelled.startswith("<local>.") or torch_api.is_module_class_name(spelled):
                continue
            found = self.class_facts(_absolute(facts, spelled))
            if found != UNKNOWN:
                known.append((spelled, found))
        return ProjectFacts(tuple(known), tuple(self._bindings(facts)))

    def class_facts(self, name: str) -> ClassFacts:
        """The facts of the class an absolute name resolves to."""
        target = self._target(name)
        if target is None:
            return UNKNOWN
        if target not in self._facts:
            self._facts[target] = UNKNOWN  # an inheritance cycle stays unknown
            self._facts[target] = self._class_facts(target)
        return self._facts[target]

    def _class_facts(self, target: str) -> ClassFacts:
        found = self._class(target)
        if found is None:
            return _outside_facts(target)
        facts, local = found
        members = facts.declared.members.get(local, [])
        bases = [self.class_facts(_absolute(facts, base)) if base != "object"
                 else ClassFacts(False, False, (), plain=True, cooperative=False)
                 for base in facts.declared.class_bases[local]]
        init = self._init(target)
        return ClassFacts(
            True if "forward" in members else _any(b.defines_forward for b in bases),
            True if "__call__" in members else _any(b.defines_call for b in bases),
            () if init is False else init,  # type: ignore[arg-type]
            any(b.initialises_itself for b in bases),
            self.is_plain_class(target),
            local in facts.declared.cooperative if "__init__" in members
            else any(b.cooperative for b in bases))

    def _init(self, target: str) -> _Init:
        """The ``__init__`` a class runs: its own, else the first base's (depth first,
        left to right) that defines one; False when none does."""
        from modlint.semantic import torch_api
        if target in self._inits:
            return self._inits[target]
        self._inits[target] = None  # a cycle is unknown
        found = self._class(target)
        if found is None:  # abc.ABC and Generic define none; nn.Module's takes nothing
            state: _Init = False if target in torch_api.PLAIN_BASES \
                else _outside_facts(target).init_required_args
        else:
            facts, local = found
            if "__init__" in facts.declared.members.get(local, []):
                args = facts.declared.init_args.get(local)
                state = tuple(args) if args is not None else None
            else:
                state = False
                for base in facts.declared.class_bases[local]:
                    if base == "object":
                        continue
                    base_target = self._target(_absolute(facts, base))
                    state = self._init(base_target) if base_target is not None else None
                    if state is not False:
                        break
        self._inits[target] = state
        return state


def _any(values) -> Optional[bool]:
    """True if any is True, else None if any is unknown, else False."""
    answer: Optional[bool] = False
    for value in values:
        if value:
            return True
        if value is None:
            answer = None
    return answer


_MODULE_NAMES = ("torch.nn.Module", "torch.nn.modules.module.Module")


def _outside_facts(name: str) -> ClassFacts:
    """What is known of a class outside the project: torch's module classes (by name),
    ``abc.ABC`` and ``typing.Generic``."""
    from modlint.semantic import torch_api
    if name in torch_api.PLAIN_BASES:
        return ClassFacts(False, False, (), plain=True, cooperative=False)
    if not torch_api.is_module_class_name(name):
        return UNKNOWN
    last = name.rpartition(".")[2]
    init = () if name in _MODULE_NAMES else None
    return ClassFacts(last not in torch_api.WITHOUT_FORWARD, False, init,
                      torch_api.initialises_itself(name))
