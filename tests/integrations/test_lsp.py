"""`modlint server`, driven end to end by a real LSP client over stdio."""

from __future__ import annotations

import asyncio

import pytest

pytest.importorskip("pygls", reason="the language server tests need the lsp extra: "
                                    "pip install -e '.[test,lsp]'")
pytest.importorskip("pytest_lsp", reason="the language server tests need pytest-lsp: "
                                         "pip install -e '.[test]'")

from lsprotocol import types as lsp  # noqa: E402

from frontends import (BUGGY, apply_text_edits, change_document, character_column,  # noqa: E402
                       diagnostics_published, open_document, with_language_server)
from modlint.api import fix_source, lint_source  # noqa: E402
from modlint.lsp import FIX_ALL, Document, changed_region  # noqa: E402

# Every problem here has a safe fix; one MOD001 has only an unsafe one.
FIXABLE = (
    "import torch\n"
    "import torch.nn as nn\n"
    "\n"
    "\n"
    "class Block(nn.Module):\n"
    "    def __init__(self):\n"
    "        self.proj = nn.Linear(4, 4)\n"
    "        super().__init__()\n"
    '        self.note = "🙂"; self.mask = torch.ones(3)\n'
)
UNSAFE = (
    "import torch\n"
    "import torch.nn as nn\n"
    "\n"
    "\n"
    "class Scale(nn.Module):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.gain = torch.ones(1, requires_grad=True)\n"
)


def _codes(diagnostics) -> list[str]:
    return sorted(d.code for d in diagnostics)


def test_diagnostics_carry_code_message_severity_and_rule_page(tmp_path):
    path = tmp_path / "model.py"

    async def session(client, _):
        return await open_document(client, path, BUGGY)

    diagnostics = with_language_server(tmp_path, session)
    expected = lint_source(BUGGY).diagnostics
    assert _codes(diagnostics) == sorted(d.code for d in expected)
    by_code_and_line = {(d.code, d.range.start.line + 1): d for d in diagnostics}
    for want in expected:
        got = by_code_and_line[(want.code, want.line)]
        assert got.message == want.message
        assert got.source == "modlint"
        assert got.severity == lsp.DiagnosticSeverity.Warning
        assert got.code_description.href.startswith("https://")
        assert got.code_description.href.endswith(f"/rules/{want.code}-"
                                                  f"{_rule_name(want.code)}.md")


def _rule_name(code: str) -> str:
    from modlint.rules import load
    return load(code).name


@pytest.mark.parametrize("client_spec", ["visual-studio-code", "neovim"])
def test_columns_follow_the_negotiated_position_encoding(tmp_path, client_spec):
    """The MOD001 on line 9 comes after an emoji: 2 UTF-16 units, 4 UTF-8 bytes."""
    path = tmp_path / "model.py"

    async def session(client, initialized):
        diagnostics = await open_document(client, path, FIXABLE)
        return initialized.capabilities.position_encoding, diagnostics

    encoding, diagnostics = with_language_server(tmp_path, session, client_spec)
    encoding = str(encoding or "utf-16")
    lines = FIXABLE.splitlines()
    got = sorted((d.range.start.line + 1,
                  character_column(lines[d.range.start.line], d.range.start.character,
                                   encoding),
                  character_column(lines[d.range.end.line], d.range.end.character, encoding),
                  d.code)
                 for d in diagnostics)
    want = sorted((d.line, d.column, d.end_column, d.code)
                  for d in lint_source(FIXABLE).diagnostics)
    assert got == want
    assert any("🙂" in lines[line - 1][:column] for line, column, _, _ in got)


def test_quick_fix_then_fix_all_leave_no_diagnostics(tmp_path):
    path = tmp_path / "model.py"
    uri = path.as_uri()

    async def session(client, _):
        diagnostics = await open_document(client, path, FIXABLE)
        assert _codes(diagnostics) == ["MOD001", "MOD102"]
        mod102 = next(d for d in diagnostics if d.code == "MOD102")
        actions = await client.text_document_code_action_async(lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), range=mod102.range,
            context=lsp.CodeActionContext(diagnostics=[mod102],
                                          only=[lsp.CodeActionKind.QuickFix])))
        assert [a.kind for a in actions] == [lsp.CodeActionKind.QuickFix]
        assert "MOD102" in actions[0].title and "unsafe" not in actions[0].title
        assert actions[0].is_preferred
        text = apply_text_edits(FIXABLE, actions[0].edit.changes[uri])
        diagnostics = await change_document(client, path, text, 2)
        assert _codes(diagnostics) == ["MOD001"]

        everything = lsp.Range(start=lsp.Position(line=0, character=0),
                               end=lsp.Position(line=len(text.splitlines()), character=0))
        actions = await client.text_document_code_action_async(lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), range=everything,
            context=lsp.CodeActionContext(diagnostics=diagnostics,
                                          only=[lsp.CodeActionKind.SourceFixAll])))
        assert [a.kind for a in actions] == [FIX_ALL]
        text = apply_text_edits(text, actions[0].edit.changes[uri])
        return text, await change_document(client, path, text, 3)

    text, diagnostics = with_language_server(tmp_path, session)
    assert list(diagnostics) == []
    assert text == fix_source(FIXABLE).source


def test_unsafe_fixes_are_labelled_and_left_out_of_fix_all(tmp_path):
    path = tmp_path / "model.py"
    uri = path.as_uri()

    async def session(client, _):
        diagnostics = await open_document(client, path, UNSAFE)
        everything = lsp.Range(start=lsp.Position(line=0, character=0),
                               end=lsp.Position(line=9, character=0))
        return await client.text_document_code_action_async(lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), range=everything,
            context=lsp.CodeActionContext(diagnostics=diagnostics)))

    actions = with_language_server(tmp_path, session)
    assert len(actions) == 1  # the quick fix; fix-all has nothing safe to do
    assert actions[0].kind == lsp.CodeActionKind.QuickFix
    assert "unsafe" in actions[0].title and not actions[0].is_preferred
    fixed = apply_text_edits(UNSAFE, actions[0].edit.changes[uri])
    assert fixed == fix_source(UNSAFE, unsafe=True).source
    assert lint_source(fixed).diagnostics == []


def test_diagnostics_on_save_and_cleared_on_close(tmp_path):
    path = tmp_path / "model.py"
    uri = path.as_uri()

    async def session(client, _):
        await open_document(client, path, FIXABLE)
        client.diagnostics.clear()
        waiting = diagnostics_published(client)
        client.text_document_did_save(lsp.DidSaveTextDocumentParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri)))
        await waiting
        saved = client.diagnostics[uri]
        waiting = diagnostics_published(client)
        client.text_document_did_close(lsp.DidCloseTextDocumentParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri)))
        await waiting
        return saved, client.diagnostics[uri]

    saved, closed = with_language_server(tmp_path, session)
    assert _codes(saved) == ["MOD001", "MOD102"]
    assert list(closed) == []


@pytest.mark.parametrize("text", [
    "a = 1\nb = 2\n",
    "x = 'é'\r\ny = '🙂'\r\n",
    "p = 1\rq = 2\rr = 3",
])
def test_fix_all_edit_spans_whole_lines_and_rebuilds_the_text(text):
    new = text.replace("2", "two")
    edit = changed_region(text, new)
    assert text[:edit.start] + edit.content + text[edit.end:] == new
    lines = Document(text, "utf-16").lines
    assert edit.start in lines.line_starts
    assert edit.end in lines.line_starts or edit.end == len(text)


def test_positions_round_trip_in_every_encoding():
    text = "a = '🙂é'\r\nb = 1\n"
    for encoding in ("utf-8", "utf-16", "utf-32"):
        document = Document(text, encoding)
        for offset in (0, 4, 5, 6, 8, 10, 13, len(text)):
            assert document.offset_at(document.position_at(offset)) == offset, (encoding, offset)


def test_the_workspace_pyproject_configures_the_server(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.modlint]\nignore = ["MOD102"]\nunsafe-fixes = true\n\n'
        '[tool.modlint.per-file-ignores]\n"legacy_*.py" = ["MOD001"]\n', encoding="utf-8")
    (tmp_path / "src").mkdir()
    model, legacy, scale = (tmp_path / "src" / name
                            for name in ("model.py", "legacy_model.py", "scale.py"))

    async def session(client, _):
        in_model = await open_document(client, model, FIXABLE)
        in_legacy = await open_document(client, legacy, FIXABLE)
        await open_document(client, scale, UNSAFE)
        actions = await client.text_document_code_action_async(lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=scale.as_uri()),
            range=lsp.Range(start=lsp.Position(line=0, character=0),
                            end=lsp.Position(line=9, character=0)),
            context=lsp.CodeActionContext(diagnostics=[], only=[FIX_ALL])))
        return in_model, in_legacy, actions

    in_model, in_legacy, actions = with_language_server(tmp_path, session)
    assert _codes(in_model) == ["MOD001"]  # MOD102 ignored
    assert _codes(in_legacy) == []  # and MOD001 too, by per-file-ignores
    assert [a.kind for a in actions] == [FIX_ALL]  # unsafe-fixes = true: fix-all takes it
    fixed = apply_text_edits(UNSAFE, actions[0].edit.changes[scale.as_uri()])
    assert fixed == fix_source(UNSAFE, unsafe=True).source


def test_a_broken_configuration_is_shown_and_the_defaults_used(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.modlint]\nselekt = ['MOD1']\n",
                                             encoding="utf-8")
    path = tmp_path / "model.py"

    async def session(client, _):
        diagnostics = await open_document(client, path, FIXABLE)
        return diagnostics, client.messages

    diagnostics, messages = with_language_server(tmp_path, session)
    assert _codes(diagnostics) == ["MOD001", "MOD102"]
    assert [m.type for m in messages] == [lsp.MessageType.Error]
    assert "pyproject.toml" in messages[0].message and "selekt" in messages[0].message


@pytest.mark.parametrize("marker", [True, False], ids=["pyproject", "workspace-folder"])
def test_a_base_in_another_file_and_the_index_read_again_on_save(tmp_path, marker):
    """The open file's base is in pkg/base.py; once that file is saved as no module, the
    finding goes; the client reporting it changed back on disk brings it back. Without a
    root marker, the workspace folder is the project's root."""
    from frontends import NOT_A_MODULE, PROJECT, write_project

    write_project(tmp_path, {name: text for name, text in PROJECT.items()
                             if marker or name != "pyproject.toml"})
    model, base = tmp_path / "pkg" / "model.py", tmp_path / "pkg" / "base.py"

    async def session(client, _):
        first = await open_document(client, model, PROJECT["pkg/model.py"])
        first = [(d.code, d.range.start.line + 1, d.range.start.character + 1) for d in first]
        base.write_text(NOT_A_MODULE, encoding="utf-8")
        waiting = diagnostics_published(client)
        client.text_document_did_save(lsp.DidSaveTextDocumentParams(
            text_document=lsp.TextDocumentIdentifier(uri=base.as_uri())))
        await waiting
        after_save = list(client.diagnostics[model.as_uri()])
        base.write_text(PROJECT["pkg/base.py"], encoding="utf-8")
        waiting = diagnostics_published(client)
        client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[
            lsp.FileEvent(uri=base.as_uri(), type=lsp.FileChangeType.Changed)]))
        await waiting
        return first, after_save, list(client.diagnostics[model.as_uri()])

    first, after_save, after_change = with_language_server(tmp_path, session)
    assert first == [("MOD001", 9, 9)]
    assert after_save == []
    assert _codes(after_change) == ["MOD001"]


def test_notebook_documents_get_diagnostics_and_fixes_per_cell(tmp_path):
    from frontends import NOTEBOOK_CELLS, PROJECT, write_project

    write_project(tmp_path, PROJECT)
    notebook_uri = (tmp_path / "nb.ipynb").as_uri()
    cell_uris = [f"vscode-notebook-cell:{tmp_path / 'nb.ipynb'}#C{n}"
                 for n in range(len(NOTEBOOK_CELLS))]

    async def session(client, _):
        waiting = diagnostics_published(client)
        client.notebook_document_did_open(lsp.DidOpenNotebookDocumentParams(
            notebook_document=lsp.NotebookDocument(
                uri=notebook_uri, notebook_type="jupyter-notebook", version=1,
                cells=[lsp.NotebookCell(
                    kind=lsp.NotebookCellKind.Code if kind == "code"
                    else lsp.NotebookCellKind.Markup, document=uri)
                    for (kind, _), uri in zip(NOTEBOOK_CELLS, cell_uris)]),
            cell_text_documents=[
                lsp.TextDocumentItem(uri=uri, language_id="python" if kind == "code"
                                     else "markdown", version=1, text=text)
                for (kind, text), uri in zip(NOTEBOOK_CELLS, cell_uris)]))
        await waiting
        for _ in range(20):  # one publication per cell
            if all(uri in client.diagnostics for uri in cell_uris):
                break
            await asyncio.sleep(0.1)
        published = {uri: list(client.diagnostics.get(uri, [])) for uri in cell_uris}
        finding = published[cell_uris[3]][0]
        actions = await client.text_document_code_action_async(lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=cell_uris[3]), range=finding.range,
            context=lsp.CodeActionContext(diagnostics=[finding])))
        return published, actions

    published, actions = with_language_server(tmp_path, session)
    assert {uri: [(d.code, d.range.start.line + 1, d.range.start.character + 1)
                  for d in found] for uri, found in published.items()} == {
        cell_uris[0]: [], cell_uris[1]: [], cell_uris[2]: [],
        cell_uris[3]: [("MOD001", 4, 9)]}
    kinds = sorted(str(a.kind) for a in actions)
    assert kinds == sorted([lsp.CodeActionKind.QuickFix.value, FIX_ALL])
    for action in actions:  # each edits the fourth cell only, and keeps its magic line
        assert list(action.edit.changes) == [cell_uris[3]]
        fixed = apply_text_edits(NOTEBOOK_CELLS[3][1], action.edit.changes[cell_uris[3]])
        assert 'self.register_buffer("mask"' in fixed and "files = !ls" in fixed
