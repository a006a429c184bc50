"""The CPython pre-check and the tab-expanded copy (``parsing.py``)."""

from __future__ import annotations

import pytest

from modlint.api import lint_source
from modlint.parsing import ParseFailure, check_with_python, expand_tabs


def test_check_with_python_sorts_refusals():
    assert check_with_python("x = 1\n") is None
    error = check_with_python("type X = int\n")  # newer syntax: LibCST decides
    assert isinstance(error, SyntaxError)
    with pytest.raises(ParseFailure, match="maximum recursion depth"):
        check_with_python("x = " + "+".join(["y"] * 10_000) + "\n")
    with pytest.raises(ParseFailure, match="too many nested parentheses") as refused:
        check_with_python("x = " + "(" * 300 + ")" * 300 + "\n")
    assert (refused.value.line, refused.value.column) == (1, 204)


def test_expand_tabs_maps_columns_and_offsets_back():
    source = "if a:\n\tif b:\n\t    x = 1\n\ty = 2\n"
    tabs = expand_tabs(source)
    assert tabs is not None
    assert tabs.text == "if a:\n        if b:\n            x = 1\n        y = 2\n"
    assert tabs.column(3, 12) == 5 and tabs.column(1, 3) == 3
    x = tabs.text.index("x = 1")
    assert source[tabs.offset(x):tabs.offset(x + 5)] == "x = 1"
    y = tabs.text.index("y = 2")
    assert source[tabs.offset(y):] == "y = 2\n"
    assert tabs.offset(y - 1) is None  # inside a changed indentation
    assert tabs.offset(tabs.text.index("if b")) == source.index("if b")
    assert expand_tabs("if a:\n    x = 1\n") is None


def test_fixes_that_would_add_lines_among_tabs_are_dropped():
    source = ("import torch\nfrom torch import nn\n\n\nclass Net(nn.Module):\n"
              "\tdef __init__(self):\n            super().__init__()\n"
              "            self.mask = torch.ones(\n\t\t3)\n\n"
              "\tdef forward(self, x):\n\t\treturn x * self.mask\n")
    compile(source, "<test>", "exec")
    diagnostics = lint_source(source).diagnostics
    assert [(d.code, d.line, d.column) for d in diagnostics] == [("MOD001", 8, 12)]
    assert diagnostics[0].fix is None  # its text spans an expanded line
