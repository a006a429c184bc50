"""What the PyTorch API rules (MOD401-MOD412) share: every place a file refers to a
name of interest, how to spell a replacement there, and the target PyTorch version.

The semantic model indexes calls; these rules also need the references that are not
called (``@torch.cuda.amp.custom_fwd``, ``v2.ToTensor``) and the import statements
themselves (``from torch import qr``), so one extra pass collects them, once per file for
all the rules that ask.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Iterable, Optional, Union

import libcst as cst

from modlint.diagnostics import Edit
from modlint.semantic.imports import dotted
from modlint.semantic.walk import children_of, walk

if TYPE_CHECKING:
    from modlint.context import RuleContext

Version = tuple[int, int]


@dataclass(frozen=True)
class Reference:
    """A name or attribute chain of the file that resolves to ``qualified``."""

    node: Union[cst.Name, cst.Attribute]
    qualified: str
    call: Optional[cst.Call]  # the call when the reference is what is called
    decorator: bool  # ``@<reference>``
    fallback: bool = False  # only for a PyTorch that lacks the replacement (``fallback``)


@dataclass(frozen=True)
class ImportedName:
    """One name of an import statement: ``qr`` in ``from torch import linalg, qr``."""

    statement: Union[cst.Import, cst.ImportFrom]
    alias: cst.ImportAlias
    qualified: str
    local: str
    fallback: bool = False


@dataclass
class References:
    names: list[Reference] = field(default_factory=list)
    imports: list[ImportedName] = field(default_factory=list)
    # attributes assigned to: `x.require_grad = False`
    attribute_stores: list[cst.Attribute] = field(default_factory=list)
    fallback_calls: set[int] = field(default_factory=set)  # ids of calls in fallbacks

    def to(self, qualified: Iterable[str]) -> list[Reference]:
        """The references to these names, compatibility fallbacks left out."""
        wanted = set(qualified)
        return [r for r in self.names if r.qualified in wanted and not r.fallback]

    def imported(self, qualified: Iterable[str]) -> list[ImportedName]:
        wanted = set(qualified)
        return [i for i in self.imports if i.qualified in wanted and not i.fallback]


# What code written for several PyTorch versions tests before it picks an API: a version
# (`TORCH_GE_1_8`, `pytorch_after(1, 8)`, `torch.__version__ >= ...`), or whether torch
# has an attribute (`hasattr(torch.linalg, "qr")`). What such a test guards, and what an
# `except ImportError`/`AttributeError`/`TypeError` runs when the new API failed, is a
# fallback: it runs only where the replacement does not exist.
_VERSION_WORD = re.compile(
    r"version|greater|less|after|before|(?:^|_)(?:ge|gt|lt|le|geq|leq)(?:_|\d|$)", re.I)
_FALLBACK_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "AttributeError",
                              "TypeError"})


def _identifiers(node: cst.CSTNode) -> Iterable[str]:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Name):
            yield current.value
        stack.extend(children_of(current))


# The names the loaded rules look for (each rule module declares its own on import): the
# pass records only the references that may be one of them.
_WANTED: set[str] = set()
_WANTED_LAST: set[str] = set()


def look_for(names: Iterable[str]) -> None:
    for name in names:
        _WANTED.add(name)
        _WANTED_LAST.add(name.rpartition(".")[2])


def _imported(node: Union[cst.Import, cst.ImportFrom]) -> list[ImportedName]:
    if isinstance(node, cst.Import):
        return [ImportedName(node, alias, name, _asname(alias) or name)
                for alias in node.names if (name := dotted(alias.name)) is not None]
    if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
        return []
    module = dotted(node.module)
    return [ImportedName(node, alias, f"{module}.{name}", _asname(alias) or name)
            for alias in node.names if (name := dotted(alias.name)) is not None]


class _Collector:
    """Hooks for ``walk``: imports, attribute targets, and the names and attribute chains
    that may refer to a wanted name."""

    def __init__(self, resolve, found: References, module: cst.Module) -> None:
        self.resolve = resolve
        self.found = found
        self.skip: set[int] = set()  # names that are no reference: attributes, keywords
        self.calls: dict[int, cst.Call] = {}
        self.decorators: set[int] = set()
        self.fallback = 0  # the depth of compatibility fallbacks around the node visited
        self.fallback_nodes: set[int] = set()  # statements and branches that are fallbacks
        self.fallback_locals: set[str] = set()  # names imported only by a fallback
        # local names imported from a wanted name; the module's first, as a name may be
        # used in a function above its import
        self.locals: set[str] = set()
        for stmt in module.body:
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    if isinstance(small, (cst.Import, cst.ImportFrom)):
                        self._bind(_imported(small))

    def _bind(self, imported: list[ImportedName]) -> None:
        self.locals.update(i.local for i in imported if i.qualified in _WANTED)

    def _import(self, node: Union[cst.Import, cst.ImportFrom]) -> bool:
        imported = _imported(node)
        if self.fallback:
            imported = [replace(i, fallback=True) for i in imported]
            self.fallback_locals.update(i.local for i in imported)
        self.found.imports.extend(imported)
        self._bind(imported)
        return False

    # -- compatibility fallbacks -------------------------------------------------------

    def _torch_test(self, test: cst.BaseExpression) -> bool:
        """Whether an `if` test asks which PyTorch runs."""
        for node in _nodes(test):
            if isinstance(node, cst.Call) and dotted(node.func) in ("hasattr", "getattr") \
                    and node.args and (self.resolve(node.args[0].value) or "").startswith(
                        ("torch.", "torchvision.")):
                return True
        names = list(_identifiers(test))
        return any("torch" in n.lower() or n == "__version__" for n in names) \
            and any(_VERSION_WORD.search(n) for n in names)

    def _enter(self, node: cst.CSTNode) -> None:
        if id(node) in self.fallback_nodes:
            self.fallback += 1

    def _leave(self, node: cst.CSTNode) -> None:
        if id(node) in self.fallback_nodes:
            self.fallback -= 1

    def visit_If(self, node: cst.If) -> None:
        self._enter(node)
        # an `elif` of a version test is one more branch of it
        if id(node) in self.fallback_nodes or self._torch_test(node.test):
            self.fallback_nodes.update((id(node.body), id(node.orelse)))

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._enter(node)
        self._defaults(node.body)

    def leave_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._leave(node)

    def visit_Else(self, node: cst.Else) -> None:
        self._enter(node)

    def leave_Else(self, node: cst.Else) -> None:
        self._leave(node)

    def visit_SimpleStatementSuite(self, node: cst.SimpleStatementSuite) -> None:
        self._enter(node)

    def leave_SimpleStatementSuite(self, node: cst.SimpleStatementSuite) -> None:
        self._leave(node)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        caught = node.type
        kinds = [e.value for e in caught.elements] if isinstance(caught, cst.Tuple) \
            else [caught] if caught is not None else []
        if kinds and all(dotted(kind) in _FALLBACK_ERRORS for kind in kinds):
            self.fallback += 1
            self.fallback_nodes.add(id(node))

    def leave_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if id(node) in self.fallback_nodes:
            self.fallback -= 1

    def _defaults(self, body) -> None:
        """`f = torch.old` followed by `if <version test>: f = torch.new`: the first is
        the fallback default. After `if <version test>: return torch.new(...)`, the rest
        of the block is the fallback."""
        for index, statement in enumerate(body):
            if isinstance(statement, cst.If) and statement.orelse is None \
                    and isinstance(statement.body, cst.IndentedBlock) \
                    and _leaves(statement.body.body[-1]) and self._torch_test(statement.test):
                self.fallback_nodes.update(id(rest) for rest in body[index + 1:])
                break
        for statement, following in zip(body, body[1:]):
            target = _assigned_name(statement)
            if target is not None and isinstance(following, cst.If) \
                    and self._torch_test(following.test) \
                    and any(_assigned_name(s) == target for s in following.body.body):
                self.fallback_nodes.add(id(statement))

    def visit_Module(self, node: cst.Module) -> None:
        self._defaults(node.body)

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self._enter(node)

    def leave_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self._leave(node)

    # compound statements after an early return of a version test
    visit_While = visit_With = visit_Try = _enter
    leave_For = leave_While = leave_With = leave_Try = leave_If = _leave

    def visit_Import(self, node: cst.Import) -> bool:
        return self._import(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return self._import(node)

    def visit_Call(self, node: cst.Call) -> None:
        self.calls[id(node.func)] = node
        if self.fallback:
            self.found.fallback_calls.add(id(node))

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._store(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._store(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._store(node.target)

    def visit_For(self, node: cst.For) -> None:
        self._enter(node)  # a compound statement after an early return, as above
        self._store(node.target)

    def visit_AsName(self, node: cst.AsName) -> None:
        self._store(node.name)

    def _store(self, target: cst.BaseExpression) -> None:
        """A name assigned to is no reference; an attribute assigned to is recorded."""
        if isinstance(target, cst.Name):
            self.skip.add(id(target))
        elif isinstance(target, cst.Attribute):
            self.found.attribute_stores.append(target)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._store(element.value)
        elif isinstance(target, cst.StarredElement):
            self._store(target.value)

    def visit_Decorator(self, node: cst.Decorator) -> None:
        self.decorators.add(id(node.decorator))

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self.skip.add(id(node.keyword))

    def visit_Param(self, node: cst.Param) -> None:
        self.skip.add(id(node.name))

    def visit_Attribute(self, node: cst.Attribute) -> Optional[bool]:
        self.skip.add(id(node.attr))
        if type(node.value) is cst.Name:  # the head of a chain is no reference of its own
            self.skip.add(id(node.value))
        if node.attr.value in _WANTED_LAST:
            return self._reference(node)
        return None

    def visit_Name(self, node: cst.Name) -> None:
        if node.value in self.locals and id(node) not in self.skip:
            self._reference(node)

    def _reference(self, node: Union[cst.Name, cst.Attribute]) -> Optional[bool]:
        qualified = self.resolve(node)
        if qualified is None:
            return None
        fallback = self.fallback > 0 or (
            isinstance(node, cst.Name) and node.value in self.fallback_locals)
        self.found.names.append(Reference(node, qualified, self.calls.get(id(node)),
                                          id(node) in self.decorators, fallback))
        return False  # the outermost chain is the reference


def _nodes(node: cst.CSTNode) -> Iterable[cst.CSTNode]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(children_of(current))


def _leaves(statement: cst.CSTNode) -> bool:
    """Whether a statement returns or raises."""
    return isinstance(statement, cst.SimpleStatementLine) and any(
        isinstance(small, (cst.Return, cst.Raise)) for small in statement.body)


def _assigned_name(statement: cst.CSTNode) -> Optional[str]:
    """``x`` of a statement ``x = ...``."""
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        small = statement.body[0]
        if isinstance(small, cst.Assign) and len(small.targets) == 1 \
                and isinstance(small.targets[0].target, cst.Name):
            return small.targets[0].target.value
    return None


def _asname(alias: cst.ImportAlias) -> Optional[str]:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return None


_REFERENCES: "weakref.WeakKeyDictionary[RuleContext, References]" = weakref.WeakKeyDictionary()


def references(ctx: RuleContext) -> References:
    """The file's imports, attribute targets, and references to the names the loaded
    rules look for (computed once per file)."""
    found = _REFERENCES.get(ctx)
    if found is None:
        found = References()
        walk(ctx.model.module, _Collector(ctx.model.imports.resolve, found, ctx.model.module))
        _REFERENCES[ctx] = found
    return found


# -- the target PyTorch version ----------------------------------------------------------

def target_torch(ctx: RuleContext) -> Optional[Version]:
    """``target-version = { torch = "X.Y" }`` of the configuration; None: the newest."""
    config = getattr(ctx, "config", None)
    return getattr(config, "target_torch", None)


def available(ctx: RuleContext, since: Version) -> bool:
    """Whether what appeared in PyTorch ``since`` exists in the target version."""
    target = target_torch(ctx)
    return target is None or target >= since


def shown(version: Version) -> str:
    return ".".join(map(str, version))


# -- spelling a replacement --------------------------------------------------------------

def spelling(ctx: RuleContext, qualified: str,
             like: Optional[cst.BaseExpression] = None) -> Optional[tuple[str, tuple[Edit, ...]]]:
    """How to write ``qualified`` where ``like`` is, with the import edit it needs.

    ``tt.qr`` (``import torch as tt``) gives ``tt.linalg.qr``: the spelling keeps the
    alias the code already uses. None when the import it would add binds a name the
    file already uses for something else.
    """
    if like is not None and isinstance(like, cst.Attribute):
        head = like
        while isinstance(head, cst.Attribute):
            head = head.value
        root = qualified.partition(".")[0]
        if isinstance(head, cst.Name) and ctx.model.imports.resolve(head) == root:
            return head.value + qualified[len(root):], ()
    existing = ctx.model.imports.binding_for(qualified)
    if existing is not None:
        if like is not None and _bound_after(ctx, existing.partition(".")[0], like):
            return None
        return existing, ()
    spelled, edits = ctx.name_for(qualified)
    local = spelled.partition(".")[0]
    if ctx.model.imports.resolve(cst.Name(local)) is not None or local in ctx.model.local_classes:
        return None
    return spelled, edits


def _bound_after(ctx: RuleContext, local: str, node: cst.CSTNode) -> bool:
    """Whether every import binding ``local`` comes after ``node``: using it there would
    raise NameError."""
    lines = [ctx.range(i.statement).start.line for i in references(ctx).imports
             if i.local.partition(".")[0] == local]
    return bool(lines) and min(lines) > ctx.range(node).start.line


def rename_imports(ctx: RuleContext, statement: cst.ImportFrom, renames: dict[int, str],
                   uses: dict[str, list[Reference]]) -> Optional[tuple[Edit, ...]]:
    """Edits that make ``from a import old`` import ``new`` (``from b import new``).

    ``renames`` gives the new dotted name of aliases of the statement (by ``id``). When
    the module changes, every name of the statement must be renamed. The uses of a local
    name (``uses``) follow the new name (``old()`` -> ``new()``) unless it was imported
    under an alias of its own or the new name is taken (then ``new as old``).
    """
    if isinstance(statement.names, cst.ImportStar) or statement.module is None:
        return None
    modules = {new.rpartition(".")[0] for new in renames.values()}
    if len(modules) != 1:
        return None
    module = modules.pop()
    edits = []
    if module != dotted(statement.module):
        if len(renames) != len(statement.names):
            return None
        edits.append(ctx.replace(statement.module, module))
    for alias in statement.names:
        if id(alias) not in renames:
            continue
        name = renames[id(alias)].rpartition(".")[2]
        old = dotted(alias.name)
        if name == old:
            continue
        if _asname(alias) is not None:
            edits.append(ctx.replace(alias.name, name))
        elif ctx.model.imports.resolve(cst.Name(name)) is not None:
            edits.append(ctx.replace(alias.name, f"{name} as {old}"))
        else:
            edits.append(ctx.replace(alias.name, name))
            edits.extend(ctx.replace(use.node, name) for use in uses.get(old or "", ())
                         if isinstance(use.node, cst.Name))
    return tuple(edits)


def literal_bool(node: cst.BaseExpression) -> Optional[bool]:
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return node.value == "True"
    return None
