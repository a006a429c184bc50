"""The language server: ``modlint server`` speaks LSP over stdio (the ``lsp`` extra).

Diagnostics are pushed on open, change and save; each fixable diagnostic gets a quick fix
(unsafe ones say so), and ``source.fixAll.modlint`` applies every fix the configuration
allows. Positions are converted here, with LSP's own line breaks (``\\n``, ``\\r\\n``,
``\\r``) and the negotiated position encoding (UTF-16 unless the client offers another).
"""

from __future__ import annotations

from typing import Optional

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from modlint import __version__, rulebook
from modlint.api import fix_source, lint_source
from modlint.config import Config, ConfigError, resolve_config
from modlint.source_text import SourceText
from modlint.diagnostics import Applicability, Diagnostic, Edit, Fix

FIX_ALL = "source.fixAll.modlint"


def config_for(path: Optional[str]) -> Optional[Config]:
    """The ``[tool.modlint]`` of the pyproject.toml nearest to ``path``, for ``path``;
    None when the file is excluded (an open file counts as named on the command line)."""
    if path is None:
        return Config()
    config = resolve_config(path)
    if config.force_exclude and config.is_excluded(path):
        return None
    return config.for_path(path)


class Document:
    """One document's text, with offsets <-> LSP positions in the client's units."""

    def __init__(self, text: str, encoding: str) -> None:
        self.text = text
        self.lines = SourceText(text)
        self.encoding = encoding

    def _units(self, text: str) -> int:
        if self.encoding == lsp.PositionEncodingKind.Utf8:
            return len(text.encode("utf-8"))
        if self.encoding == lsp.PositionEncodingKind.Utf32:
            return len(text)
        return len(text.encode("utf-16-le")) // 2

    def position(self, line: int, column: int) -> lsp.Position:
        """From modlint's 1-based line and 0-based character column."""
        return lsp.Position(line=line - 1,
                            character=self._units(self.lines.line_text(line)[:column]))

    def position_at(self, offset: int) -> lsp.Position:
        line = self.lines.line_of(offset)
        return self.position(line, offset - self.lines.line_starts[line - 1])

    def offset_at(self, position: lsp.Position) -> int:
        line = min(position.line + 1, len(self.lines.line_starts))
        text = self.lines.line_text(line)
        units = 0
        for column, char in enumerate(text):
            if units >= position.character:
                return self.lines.line_starts[line - 1] + column
            units += self._units(char)
        return self.lines.line_starts[line - 1] + len(text)

    def range(self, start: int, end: int) -> lsp.Range:
        return lsp.Range(start=self.position_at(start), end=self.position_at(end))

    def text_edit(self, edit: Edit) -> lsp.TextEdit:
        return lsp.TextEdit(range=self.range(edit.start, edit.end), new_text=edit.content)


def to_lsp(document: Document, diagnostic: Diagnostic) -> lsp.Diagnostic:
    url = rulebook.page_url(diagnostic.code)
    return lsp.Diagnostic(
        range=lsp.Range(start=document.position(diagnostic.line, diagnostic.column),
                        end=document.position(diagnostic.end_line, diagnostic.end_column)),
        message=diagnostic.message,
        severity=(lsp.DiagnosticSeverity.Error if diagnostic.code == "MOD000"
                  else lsp.DiagnosticSeverity.Warning),
        code=diagnostic.code,
        code_description=lsp.CodeDescription(href=url) if url else None,
        source="modlint",
    )


def quick_fix(uri: str, document: Document, diagnostic: Diagnostic, fix: Fix) -> lsp.CodeAction:
    unsafe = fix.applicability is Applicability.UNSAFE
    return lsp.CodeAction(
        title=f"{fix.title} ({diagnostic.code}{', unsafe fix' if unsafe else ''})",
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[to_lsp(document, diagnostic)],
        is_preferred=not unsafe,
        edit=lsp.WorkspaceEdit(changes={uri: [document.text_edit(e) for e in fix.edits]}),
    )


def changed_region(old: str, new: str) -> Edit:
    """One edit turning ``old`` into ``new``, spanning whole lines of ``old``."""
    limit = min(len(old), len(new))
    start = 0
    while start < limit and old[start] == new[start]:
        start += 1
    suffix = 0
    while suffix < limit - start and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    lines = SourceText(old)
    start = lines.line_starts[lines.line_of(start) - 1]  # never split a "\r\n"
    end = len(old) - suffix
    line = lines.line_of(end)
    if end != lines.line_starts[line - 1]:
        end = lines.line_starts[line] if line < len(lines.line_starts) else len(old)
    return Edit(start, end, new[start:len(new) - (len(old) - end)])


def _wants(only: Optional[list[str]], kind: str) -> bool:
    return not only or any(kind == k or kind.startswith(f"{k}.") for k in only)


def _overlaps(a: lsp.Range, b: lsp.Range) -> bool:
    def key(p: lsp.Position) -> tuple[int, int]:
        return (p.line, p.character)
    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def create_server() -> LanguageServer:
    server = LanguageServer("modlint", __version__,
                            text_document_sync_kind=lsp.TextDocumentSyncKind.Full)
    shown_errors: set[str] = set()

    def load(uri: str) -> tuple[Document, Optional[Config]]:
        text_document = server.workspace.get_text_document(uri)
        encoding = server.workspace.position_encoding or lsp.PositionEncodingKind.Utf16
        path = text_document.path or server.workspace.root_path
        try:
            config = config_for(path)
        except ConfigError as error:  # lint with the defaults, and say why once
            config = Config()
            if str(error) not in shown_errors:
                shown_errors.add(str(error))
                server.window_show_message(lsp.ShowMessageParams(
                    type=lsp.MessageType.Error, message=f"modlint: {error}"))
        return Document(text_document.source, str(encoding)), config

    def publish(uri: str) -> None:
        document, config = load(uri)
        if config is None:
            server.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
            return
        result = lint_source(document.text, config)
        for error in result.errors:
            server.window_log_message(lsp.LogMessageParams(
                type=lsp.MessageType.Error,
                message=f"modlint: internal error in {error.where}: {error.message}"))
        server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
            uri=uri, diagnostics=[to_lsp(document, d) for d in result.diagnostics]))

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: lsp.DidOpenTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: lsp.DidChangeTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: lsp.DidSaveTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: lsp.DidCloseTextDocumentParams) -> None:
        server.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(
        code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL]))
    def code_action(params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        uri = params.text_document.uri
        document, config = load(uri)
        only = params.context.only
        actions: list[lsp.CodeAction] = []
        if config is None:
            return actions
        if _wants(only, lsp.CodeActionKind.QuickFix):
            for diagnostic in lint_source(document.text, config).diagnostics:
                fix = diagnostic.fix
                if fix is None or fix.applicability is Applicability.DISPLAY_ONLY:
                    continue
                if _overlaps(to_lsp(document, diagnostic).range, params.range):
                    actions.append(quick_fix(uri, document, diagnostic, fix))
        if _wants(only, FIX_ALL):
            unsafe = bool(config.unsafe_fixes)
            fixed = fix_source(document.text, config, unsafe)
            if fixed.source != document.text:
                edit = changed_region(document.text, fixed.source)
                actions.append(lsp.CodeAction(
                    title="modlint: fix all auto-fixable problems", kind=FIX_ALL,
                    edit=lsp.WorkspaceEdit(changes={uri: [document.text_edit(edit)]})))
        return actions

    return server


def serve() -> None:
    create_server().start_io()
