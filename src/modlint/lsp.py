"""The language server: ``modlint server`` speaks LSP over stdio (the ``lsp`` extra).

Diagnostics are pushed on open, change and save; each fixable diagnostic gets a quick fix
(unsafe ones say so), and ``source.fixAll.modlint`` applies every fix the configuration
allows. The project's files are read as the command line reads them (``workspace.py``):
a base defined in another file is known; the index is read again when a file is saved or
the client reports files changed on disk, and the open documents are linted again.
Notebook documents (LSP 3.17) are linted as one text, their code cells joined as
``notebook.py`` does; diagnostics and fixes go to each cell. Positions are converted here, with LSP's own line breaks (``\\n``, ``\\r\\n``,
``\\r``) and the negotiated position encoding (UTF-16 unless the client offers another).
"""

from __future__ import annotations

import os
from typing import Optional

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from modlint import __version__, rulebook
from modlint.api import fix_source, lint_source
from modlint.config import Config, ConfigError
from modlint.source_text import SourceText
from modlint.diagnostics import Applicability, Diagnostic, Edit, Fix
from modlint.notebook import Notebook
from modlint.workspace import Workspace

FIX_ALL = "source.fixAll.modlint"


def config_for(path: Optional[str], workspace: Optional[Workspace] = None,
               text: Optional[str] = None) -> Optional[Config]:
    """The configuration of ``path`` with what its project gives it (``text``: the
    editor's content); None when the file is excluded (an open file counts as named on
    the command line)."""
    if path is None:
        return Config()
    workspace = workspace or Workspace()
    config = workspace.config(path)
    if config.force_exclude and config.is_excluded(path):
        return None
    return workspace.file_config(path, text).for_path(path)


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
    server = LanguageServer(
        "modlint", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full,
        notebook_document_sync=lsp.NotebookDocumentSyncOptions(notebook_selector=[
            lsp.NotebookDocumentFilterWithCells(
                cells=[lsp.NotebookCellLanguage(language="python")], notebook="*")]))
    shown_errors: set[str] = set()
    workspace = Workspace()

    def folders() -> list[str]:
        found = [to_fs_path(uri) for uri in server.workspace.folders]
        if not found and server.workspace.root_path:
            found = [server.workspace.root_path]
        return [os.path.abspath(f) for f in found if f]

    def configure(path: Optional[str], text: str) -> Optional[Config]:
        workspace.folders = folders()
        try:
            return config_for(path, workspace, text)
        except ConfigError as error:  # lint with the defaults, and say why once
            if str(error) not in shown_errors:
                shown_errors.add(str(error))
                server.window_show_message(lsp.ShowMessageParams(
                    type=lsp.MessageType.Error, message=f"modlint: {error}"))
            return Config()

    def encoding() -> str:
        return str(server.workspace.position_encoding or lsp.PositionEncodingKind.Utf16)

    def load(uri: str) -> tuple[Document, Optional[Config]]:
        text_document = server.workspace.get_text_document(uri)
        path = text_document.path or server.workspace.root_path
        return Document(text_document.source, encoding()), configure(path, text_document.source)

    def log_errors(errors) -> None:
        for error in errors:
            server.window_log_message(lsp.LogMessageParams(
                type=lsp.MessageType.Error,
                message=f"modlint: internal error in {error.where}: {error.message}"))

    def publish(uri: str) -> None:
        if server.workspace.get_notebook_document(cell_uri=uri) is not None:
            notebook = server.workspace.get_notebook_document(cell_uri=uri)
            publish_notebook(notebook.uri)  # type: ignore[union-attr]
            return
        document, config = load(uri)
        if config is None:
            server.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
            return
        result = lint_source(document.text, config)
        log_errors(result.errors)
        server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
            uri=uri, diagnostics=[to_lsp(document, d) for d in result.diagnostics]))

    # --- notebooks ------------------------------------------------------------------

    def notebook_cells(uri: str) -> tuple[Notebook, dict[int, str], Optional[Config]]:
        """The notebook as modlint sees it, each cell's URI by its number (1-based)."""
        notebook_document = server.workspace.get_notebook_document(notebook_uri=uri)
        cells, uris = [], {}
        for index, cell in enumerate(notebook_document.cells if notebook_document else []):
            uris[index + 1] = cell.document
            if cell.kind == lsp.NotebookCellKind.Code:
                cells.append((index, server.workspace.get_text_document(cell.document).source))
        notebook = Notebook.from_cells(cells, len(uris))
        path = to_fs_path(uri) if uri.startswith("file:") else None
        return notebook, uris, configure(path, notebook.python)

    def cell_document(uri: str) -> Document:
        return Document(server.workspace.get_text_document(uri).source, encoding())

    def publish_notebook(uri: str) -> None:
        notebook, uris, config = notebook_cells(uri)
        by_cell: dict[int, list[lsp.Diagnostic]] = {number: [] for number in uris}
        if config is not None:
            result = lint_source(notebook.python, config)
            log_errors(result.errors)
            for diagnostic in notebook.locate(result.diagnostics):
                if diagnostic.cell in uris:
                    by_cell[diagnostic.cell].append(
                        to_lsp(cell_document(uris[diagnostic.cell]), diagnostic))
        for number, cell_uri in uris.items():
            server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
                uri=cell_uri, diagnostics=by_cell[number]))

    def notebook_actions(cell_uri: str, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        notebook_document = server.workspace.get_notebook_document(cell_uri=cell_uri)
        notebook, uris, config = notebook_cells(notebook_document.uri)  # type: ignore[union-attr]
        actions: list[lsp.CodeAction] = []
        if config is None:
            return actions
        number = next((n for n, u in uris.items() if u == cell_uri), None)
        only = params.context.only
        if _wants(only, lsp.CodeActionKind.QuickFix):
            for diagnostic in lint_source(notebook.python, config).diagnostics:
                fix = diagnostic.fix
                if fix is None or fix.applicability is Applicability.DISPLAY_ONLY:
                    continue
                fixed = notebook.cell_texts(_applied(notebook.python, fix.edits))
                (located,) = notebook.locate([diagnostic])
                if fixed is None or located.cell != number:
                    continue
                document = cell_document(cell_uri)
                if not _overlaps(to_lsp(document, located).range, params.range):
                    continue
                unsafe = fix.applicability is Applicability.UNSAFE
                actions.append(lsp.CodeAction(
                    title=f"{fix.title} ({diagnostic.code}{', unsafe fix' if unsafe else ''})",
                    kind=lsp.CodeActionKind.QuickFix, diagnostics=[to_lsp(document, located)],
                    is_preferred=not unsafe, edit=cells_edit(uris, fixed)))
        if _wants(only, FIX_ALL):
            result = fix_source(notebook.python, config, bool(config.unsafe_fixes))
            fixed = notebook.cell_texts(result.source) \
                if result.source != notebook.python else None
            if fixed is not None:
                actions.append(lsp.CodeAction(title="modlint: fix all auto-fixable problems",
                                              kind=FIX_ALL, edit=cells_edit(uris, fixed)))
        return actions

    def cells_edit(uris: dict[int, str], texts: dict[int, str]) -> lsp.WorkspaceEdit:
        changes = {}
        for index, text in texts.items():
            uri = uris[index + 1]
            document = cell_document(uri)
            if text != document.text:
                changes[uri] = [document.text_edit(changed_region(document.text, text))]
        return lsp.WorkspaceEdit(changes=changes)

    @server.feature(lsp.NOTEBOOK_DOCUMENT_DID_OPEN)
    def notebook_did_open(params: lsp.DidOpenNotebookDocumentParams) -> None:
        publish_notebook(params.notebook_document.uri)

    @server.feature(lsp.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_did_change(params: lsp.DidChangeNotebookDocumentParams) -> None:
        publish_notebook(params.notebook_document.uri)

    @server.feature(lsp.NOTEBOOK_DOCUMENT_DID_SAVE)
    def notebook_did_save(params: lsp.DidSaveNotebookDocumentParams) -> None:
        publish_notebook(params.notebook_document.uri)

    @server.feature(lsp.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_did_close(params: lsp.DidCloseNotebookDocumentParams) -> None:
        for cell in params.cell_text_documents:
            server.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(uri=cell.uri, diagnostics=[]))

    # --- text documents -------------------------------------------------------------

    def republish_all() -> None:
        """The project changed on disk: read it again, lint every open document again."""
        workspace.refresh()
        for uri in list(server.workspace.notebook_documents):
            publish_notebook(uri)
        for uri in list(server.workspace.text_documents):
            if server.workspace.get_notebook_document(cell_uri=uri) is None:
                publish(uri)

    @server.feature(lsp.INITIALIZED)
    def initialized(_: lsp.InitializedParams) -> None:
        capabilities = server.client_capabilities
        watching = capabilities.workspace and capabilities.workspace.did_change_watched_files
        if watching and watching.dynamic_registration:  # files changed outside the editor
            server.client_register_capability(lsp.RegistrationParams(registrations=[
                lsp.Registration(
                    id="modlint-watch", method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=lsp.DidChangeWatchedFilesRegistrationOptions(watchers=[
                        lsp.FileSystemWatcher(glob_pattern="**/*.py"),
                        lsp.FileSystemWatcher(glob_pattern="**/pyproject.toml")]))]))

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files_changed(_: lsp.DidChangeWatchedFilesParams) -> None:
        republish_all()

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def folders_changed(_: lsp.DidChangeWorkspaceFoldersParams) -> None:
        republish_all()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: lsp.DidOpenTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: lsp.DidChangeTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: lsp.DidSaveTextDocumentParams) -> None:
        republish_all()

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: lsp.DidCloseTextDocumentParams) -> None:
        server.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(
        code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL]))
    def code_action(params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        uri = params.text_document.uri
        if server.workspace.get_notebook_document(cell_uri=uri) is not None:
            return notebook_actions(uri, params)
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


def _applied(text: str, edits) -> str:
    from modlint.fixing import apply_fixes
    return apply_fixes(text, [Fix("", Applicability.SAFE, tuple(edits))])[0]


def serve() -> None:
    create_server().start_io()
