"""Positions: in a large file they are computed per top-level statement, and must equal
those of the whole tree."""

from __future__ import annotations

import libcst as cst
import pytest

from corpus_files import corpus_files, project_files
from modlint import context
from modlint.api import lint_source
from modlint.context import RuleContext
from modlint.parsing import parse_module
from modlint.semantic.builder import build_model
from modlint.source_text import SourceText


# what rules report on (whitespace and punctuation are found too, more slowly)
_REPORTED = (cst.BaseExpression, cst.BaseStatement, cst.BaseSmallStatement, cst.Arg,
             cst.Param, cst.Decorator)


def _all_nodes(root: cst.CSTNode) -> list[cst.CSTNode]:
    found = []

    class Collect(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            found.append(node)
            return True

    root.visit(Collect())
    return found


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_positions_per_statement_equal_positions_of_the_whole_tree(monkeypatch, newline):
    paths = (corpus_files() or project_files())[::397][:6]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    texts.append("# header comment\n\n'''doc'''\nimport torch\n\n\n# lead\nx = (1,\n     2)\n")
    for text in texts:
        text = text.replace("\n", newline)
        module = parse_module(text)
        whole = RuleContext(build_model(module), SourceText(text))
        monkeypatch.setattr(context, "WHOLE_TREE_POSITIONS", 0)
        local = RuleContext(build_model(module), SourceText(text))
        nodes = [n for statement in module.body for n in _all_nodes(statement)
                 if isinstance(n, _REPORTED)][::13]
        for node in nodes:
            assert local.range(node) == whole.range(node)
        monkeypatch.setattr(context, "WHOLE_TREE_POSITIONS", 128 * 1024)
        assert local._positions is None  # the whole tree's positions were never computed


def test_a_finding_at_the_end_of_a_large_file_is_where_the_small_file_has_it():
    bug = ("import torch\nfrom torch import nn\n\n\nclass M(nn.Module):\n"
           "    def __init__(self):\n        super().__init__()\n"
           "        self.mask = torch.ones(3)\n\n"
           "    def forward(self, x):\n        return x * self.mask\n")
    filler = "".join(f"def f{i}(x):\n    # step {i}\n    return x + {i}\n\n\n"
                     for i in range(6000))
    assert len(filler) > context.WHOLE_TREE_POSITIONS
    [small] = [d for d in lint_source(bug).diagnostics if d.code == "MOD001"]
    [large] = [d for d in lint_source(filler + bug).diagnostics if d.code == "MOD001"]
    shift = filler.count("\n")
    assert (large.line, large.column, large.end_line, large.end_column) == (
        small.line + shift, small.column, small.end_line + shift, small.end_column)
