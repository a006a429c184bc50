"""What a rule sees of one file: the model, positions, and helpers to build fixes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Mapping, Optional

import libcst as cst

from modlint.diagnostics import Applicability, Diagnostic, Edit, Fix
from modlint.semantic.model import CallSite, FileModel
from modlint.semantic.walk import any_node
from modlint.source_text import SourceText

if TYPE_CHECKING:
    from libcst.metadata import CodeRange

    from modlint.config import Config

    from modlint.rules.base import Rule


# Above this many characters, positions are computed per top-level statement (the size
# above which the text is also parsed in pieces).
WHOLE_TREE_POSITIONS = 128 * 1024
_NEWLINE = re.compile(r"\r\n|\r|\n")


def _positions(module: cst.Module) -> Mapping[cst.CSTNode, CodeRange]:
    # imported here: most files report nothing, and this import is a tenth of a second
    from libcst.metadata import MetadataWrapper, PositionProvider
    return MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)


def _holds(root: cst.CSTNode, node: cst.CSTNode) -> bool:
    """Whether ``node`` is ``root`` or below it, whitespace and punctuation included."""
    stack = [root]
    while stack:
        current = stack.pop()
        if current is node:
            return True
        stack.extend(current.children)
    return False


class RuleContext:
    """Created once per file; rules report through it."""

    def __init__(self, model: FileModel, text: SourceText,
                 config: Optional[Config] = None) -> None:
        self.model = model
        self.text = text
        self.config = config  # the file's configuration (target-version, buffer-style)
        self.diagnostics: list[Diagnostic] = []
        self._positions: Optional[Mapping[cst.CSTNode, CodeRange]] = None
        # large files: positions per top-level statement, and where each one starts
        self._by_statement: dict[int, Mapping[cst.CSTNode, CodeRange]] = {}
        self._first_lines: list[int] = []
        self.rule: Optional[Rule] = None

    # -- positions, computed only once a rule has something to say -------------
    def range(self, node: cst.CSTNode) -> CodeRange:
        if len(self.text.text) > WHOLE_TREE_POSITIONS:
            found = self._statement_range(node)
            if found is not None:
                return found
        if self._positions is None:
            self._positions = _positions(self.model.module)
        return self._positions[node]

    def _statement_range(self, node: cst.CSTNode) -> Optional[CodeRange]:
        """In a large file, the position of a node computed over the top-level statement
        holding it alone: positions of the whole tree hold hundreds of bytes per node."""
        from libcst.metadata import CodePosition, CodeRange
        module = self.model.module
        index = next((i for i, statement in enumerate(module.body)
                      if any_node(statement, lambda n: n is node)), None)
        if index is None:  # whitespace or punctuation, which any_node skips
            index = next((i for i, statement in enumerate(module.body)
                          if _holds(statement, node)), None)
        if index is None:
            return None
        if index not in self._by_statement:
            alone = module.with_changes(header=(), body=(module.body[index],), footer=())
            self._by_statement[index] = _positions(alone)
        r = self._by_statement[index][node]
        shift = self._first_line(index) - 1
        return CodeRange(CodePosition(r.start.line + shift, r.start.column),
                         CodePosition(r.end.line + shift, r.end.column))

    def _first_line(self, index: int) -> int:
        """The line where the code of top-level statement ``index`` starts (its leading
        blank lines and comments included), counting the code of those before it."""
        module = self.model.module
        while len(self._first_lines) <= index:
            if not self._first_lines:
                header = "".join(module.code_for_node(line) for line in module.header)
                self._first_lines.append(1 + len(_NEWLINE.findall(header)))
            else:
                done = len(self._first_lines) - 1
                code = module.code_for_node(module.body[done])
                self._first_lines.append(self._first_lines[-1] + len(_NEWLINE.findall(code)))
        return self._first_lines[index]

    def span(self, node: cst.CSTNode) -> tuple[int, int]:
        r = self.range(node)
        return (self.text.offset(r.start.line, r.start.column),
                self.text.offset(r.end.line, r.end.column))

    def function_of(self, site: CallSite) -> Optional[cst.FunctionDef]:
        """The function holding a call: its method, or the module-level function or static
        method around it (None at module level, in a class body or in a nested function's
        method)."""
        if site.cls is not None:
            return site.cls.methods[site.method].node if site.method is not None else None
        static = [m.node for c in self.model.classes for m in c.methods.values()
                  if m.self_name is None]  # calls in static methods belong to no class
        for function in (*self.model.functions.values(), *static):
            if any_node(function, lambda node: node is site.call):
                return function
        return None

    # -- reporting --------------------------------------------------------------
    def report(self, node: cst.CSTNode, message: str, fix: Optional[Fix] = None) -> None:
        assert self.rule is not None
        r = self.range(node)
        self.diagnostics.append(Diagnostic(
            self.rule.code, message, r.start.line, r.start.column,
            r.end.line, r.end.column, fix,
        ))

    # -- building fixes ---------------------------------------------------------
    def buffer_style(self) -> str:
        """``buffer-style`` of the configuration: "register_buffer" or "nn.Buffer" (only
        where the target PyTorch has it: 2.5)."""
        style = getattr(self.config, "buffer_style", "register_buffer")
        target = getattr(self.config, "target_torch", None)
        if style == "nn.Buffer" and target is not None and target < (2, 5):
            return "register_buffer"
        return style

    @property
    def newline(self) -> str:
        return self.model.module.default_newline

    def code(self, node: cst.CSTNode) -> str:
        """Code generated for a (possibly new) node; loses the block's indentation on
        continuation lines, so prefer ``source`` for nodes of the file."""
        return self.model.module.code_for_node(node)

    def source(self, node: cst.CSTNode) -> str:
        """The node's text exactly as it is in the file."""
        start, end = self.span(node)
        return self.text.text[start:end]

    def remove_arg(self, call: cst.Call, arg: cst.Arg) -> Edit:
        """Delete one argument of a call with its comma, keeping every comment."""
        text = self.text.text
        index = next(i for i, a in enumerate(call.args) if a is arg)
        start, end = self.span(arg)
        after = end + len(text[end:]) - len(text[end:].lstrip(" \t"))
        with_comma = after + 1 if text[after:after + 1] == "," else end
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", with_comma)
        if not text[line_start:start].strip() and line_end != -1 \
                and not text[with_comma:line_end].strip():
            return Edit(line_start, line_end + 1, "")  # the argument's own line(s)
        if index + 1 < len(call.args):
            return Edit(start, self.span(call.args[index + 1])[0], "")
        if index > 0:
            previous_end = self.span(call.args[index - 1])[1]
            if "#" not in text[previous_end:start]:
                return Edit(previous_end, end, "")
            return Edit(start, with_comma, "")
        return Edit(start, self.span(call)[1] - 1, "")  # the only argument: up to ")"

    def replace(self, node: cst.CSTNode, content: str) -> Edit:
        start, end = self.span(node)
        return Edit(start, end, content)

    def append_argument(self, call: cst.Call, text: str) -> Edit:
        """Add ``text`` (e.g. ``training=self.training``) after the call's last argument,
        before any trailing comma, so that the call's layout is kept."""
        if not call.args:
            end = self.span(call)[1] - 1  # before the closing parenthesis
            return Edit(end, end, text)
        end = self.span(call.args[-1].value)[1]
        return Edit(end, end, f", {text}")

    def delete_line(self, node: cst.CSTNode) -> Edit:
        """Delete the whole physical line(s) of a one-statement line."""
        r = self.range(node)
        start = self.text.line_starts[r.start.line - 1]
        end_line = r.end.line
        end = (self.text.line_starts[end_line] if end_line < len(self.text.line_starts)
               else len(self.text.text))
        return Edit(start, end, "")

    def insert_line_before(self, node: cst.CSTNode, statement: str) -> Edit:
        """Insert a statement on its own line above ``node``, at the same indentation."""
        r = self.range(node)
        start = self.text.line_starts[r.start.line - 1]
        indent = self.text.indent_of(r.start.line)
        return Edit(start, start, f"{indent}{statement}{self.newline}")

    def insert_at_line(self, line: int, text: str) -> Edit:
        """Insert ``text`` as a whole line before line ``line`` (or at the end of file)."""
        if line <= len(self.text.line_starts):
            at = self.text.line_starts[line - 1]
            return Edit(at, at, f"{text}{self.newline}")
        at = len(self.text.text)
        return Edit(at, at, f"{self.newline}{text}")

    def fix(self, title: str, applicability: Applicability, *edits: Edit) -> Fix:
        return Fix(title, applicability, tuple(edits))

    def name_for(self, qualified: str) -> tuple[str, tuple[Edit, ...]]:
        """How to spell ``qualified`` here, plus the import edit when nothing binds it."""
        existing = self.model.imports.binding_for(qualified)
        if existing is not None:
            return existing, ()
        module, _, attr = qualified.rpartition(".")
        parent, _, last = module.rpartition(".")
        # `torch.nn.Parameter` -> `from torch import nn` and `nn.Parameter`
        statement = f"from {parent} import {last}" if parent else f"import {module}"
        return f"{last}.{attr}", (self._import_edit(statement),)

    def _import_edit(self, statement: str) -> Edit:
        """After the file's leading imports (or its docstring), else at the top."""
        anchor: Optional[cst.CSTNode] = None
        for index, stmt in enumerate(self.model.module.body):
            if isinstance(stmt, cst.SimpleStatementLine) and all(
                    isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body):
                anchor = stmt
            elif index == 0 and is_docstring(stmt):
                anchor = stmt
            else:
                break
        if anchor is None:
            return Edit(0, 0, f"{statement}{self.newline}")
        line = self.range(anchor).end.line
        if line < len(self.text.line_starts):
            at = self.text.line_starts[line]
            return Edit(at, at, f"{statement}{self.newline}")
        at = len(self.text.text)  # the anchor ends the file without a newline
        return Edit(at, at, f"{self.newline}{statement}")


def is_docstring(stmt: cst.CSTNode) -> bool:
    return (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1
            and isinstance(stmt.body[0], cst.Expr)
            and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString)))
