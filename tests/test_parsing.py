"""modlint's parse: LibCST's, minus the node validation its parser makes redundant."""

from __future__ import annotations

import libcst as cst
import pytest

from corpus_files import corpus_files, project_files
from modlint import parsing
from modlint.parsing import parse_module


def test_parsing_without_node_validation_builds_the_same_trees():
    files = corpus_files() or project_files()
    for path in files[::25]:
        text = path.read_text(encoding="utf-8")
        assert parse_module(text).deep_equals(cst.parse_module(text)), path
    # and nodes built afterwards are validated again
    with pytest.raises(cst.CSTValidationError):
        cst.Name("not a name")


def _same_tree_in_pieces(text: str, size: int) -> None:
    with parsing._nodes_unvalidated():
        pieces = parsing._parse_in_pieces(text, size)
    assert pieces is not None, "the text was not cut"
    whole = cst.parse_module(text)
    assert pieces.deep_equals(whole)
    assert (pieces.default_indent, pieces.default_newline, pieces.has_trailing_newline) == (
        whole.default_indent, whole.default_newline, whole.has_trailing_newline)
    assert pieces.code == text


def test_a_text_parsed_in_pieces_gives_the_tree_of_the_whole_text():
    files = corpus_files() or project_files()
    cut = 0
    for path in files[::25]:
        text = path.read_text(encoding="utf-8")
        with parsing._nodes_unvalidated():
            pieces = parsing._parse_in_pieces(text, 500)
        if pieces is not None:
            cut += 1
            assert pieces.deep_equals(cst.parse_module(text)), path
            assert pieces.code == text, path
    assert cut > len(files[::25]) // 5


@pytest.mark.parametrize("text", [
    # the first block, which sets the indentation of all, only in a later piece
    "x = 1\n" * 40 + "def f():\n\treturn 1\n\n\nclass A:\n\tpass\n",
    # the first newline is \r\n; later pieces use \n
    "x = 1\r\n" + "y = 2\n" * 40 + "def f():\n    return 1\n",
    # blank lines, comments and a whitespace-only line between pieces
    "".join(f"def f{i}():\n    return {i}\n    # end\n\n# next\n  \n# last\n\n"
            for i in range(30)),
    # cuts that do not parse alone: strings, brackets, decorators, else, a continuation
    "".join(f'x{i} = """\nlong\n"""\n@dec\ndef g{i}():\n    pass\nif a:\n    pass\n'
            f'else:\n    pass\ny{i} = [\n1,\n]\nz{i} = 1 + \\\n2\n' for i in range(30)),
    # no newline at the end
    "x = 1\n" * 60 + "y = 2",
])
def test_pieces_keep_what_the_whole_text_sets(text):
    _same_tree_in_pieces(text, 40)


def test_a_large_text_with_a_syntax_error_fails_as_the_whole_text_does(monkeypatch):
    monkeypatch.setattr(parsing, "PIECE_SIZE", 50)
    text = "x = 1\n" * 40 + "def f(:\n    pass\n" + "y = 2\n" * 40
    with pytest.raises(parsing.ParseFailure) as failure:
        parsing.parse_module(text)
    with pytest.raises(cst.ParserSyntaxError) as whole:
        cst.parse_module(text)
    assert (failure.value.line, failure.value.message) == (whole.value.raw_line,
                                                            whole.value.message)
