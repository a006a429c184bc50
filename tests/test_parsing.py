"""modlint's parse: LibCST's, minus the node validation its parser makes redundant."""

from __future__ import annotations

import libcst as cst
import pytest

from corpus_files import corpus_files, project_files
from modlint.parsing import parse_module


def test_parsing_without_node_validation_builds_the_same_trees():
    files = corpus_files() or project_files()
    for path in files[::25]:
        text = path.read_text(encoding="utf-8")
        assert parse_module(text).deep_equals(cst.parse_module(text)), path
    # and nodes built afterwards are validated again
    with pytest.raises(cst.CSTValidationError):
        cst.Name("not a name")
