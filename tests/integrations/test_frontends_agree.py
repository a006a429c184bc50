"""One buggy file, three front-ends, the same (line, column, code) set."""

from __future__ import annotations

import pytest

pytest.importorskip("flake8", reason="needs flake8: pip install -e '.[test]'")
pytest.importorskip("pytest_lsp", reason="needs pytest-lsp and pygls: pip install -e '.[test,lsp]'")

from frontends import (BUGGY, character_column, findings, open_document, run_flake8,  # noqa: E402
                       run_modlint, with_language_server)


def test_modlint_flake8_and_the_language_server_agree(tmp_path):
    path = tmp_path / "model.py"
    path.write_text(BUGGY, encoding="utf-8")
    through_modlint = findings(run_modlint("model.py", cwd=tmp_path).stdout)
    through_flake8 = findings(run_flake8("--select=MOD", "model.py", cwd=tmp_path).stdout)

    async def session(client, initialized):
        diagnostics = await open_document(client, path, BUGGY)
        return str(initialized.capabilities.position_encoding or "utf-16"), diagnostics

    encoding, diagnostics = with_language_server(tmp_path, session)
    lines = BUGGY.splitlines()
    through_server = {
        (d.range.start.line + 1,
         character_column(lines[d.range.start.line], d.range.start.character, encoding) + 1,
         d.code)
        for d in diagnostics
    }
    assert {code for _, _, code in through_modlint} == {"MOD001", "MOD101", "MOD102"}
    assert through_flake8 == through_modlint
    assert through_server == through_modlint
