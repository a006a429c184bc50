"""The gate skips parsing files that cannot hold a finding, and never changes a result."""

from __future__ import annotations

import textwrap
from dataclasses import replace

import pytest
from corpus_files import corpus_files, project_files
from rulebook_pages import bad_examples, code_of, page_files

from modlint.api import lint_source
from modlint.config import Config
from modlint.gate import has_class_statement, may_hold_findings
from modlint.rules import all_rules

ALL = Config(select=("ALL",))
CONFIGS = [ALL, Config(), Config(select=("MOD302",)),
           replace(ALL, extend_module_bases=frozenset({"mypkg.layers.Block"}))]


def _outcome(text: str, config: Config, gate: bool):
    try:
        result = lint_source(text, config, gate=gate)
    except RecursionError as error:  # deep nesting is handled (or not) the same way
        return type(error).__name__
    return result, [d.fix for d in result.diagnostics]


def same_result(text: str, config: Config) -> None:
    assert _outcome(text, config, True) == _outcome(text, config, False)


def test_class_statement_test():
    assert has_class_statement("class A: pass")
    assert has_class_statement("x = 1\n    class A(B):\n")
    assert has_class_statement("x = 1\r\t\fclass A(B):\r")  # old Mac newlines
    assert not has_class_statement("x = subclass(a)\nnum_classes = 3\n")
    assert not has_class_statement("x = 'a class'  # class\n")
    assert not has_class_statement("classes = 1\n")


def test_files_without_torch_are_skipped_and_files_with_it_are_not():
    assert not may_hold_findings("import numpy as np\nclass A(np.ndarray): pass\n", ALL)
    assert may_hold_findings("import torch\nclass A(torch.nn.Module): pass\n", ALL)
    # rules that look into module classes need a class statement; MOD302 does not
    functional = "import torch\ny = torch.softmax(x)\n"
    assert not may_hold_findings(functional, Config(select=("MOD1",)))
    assert may_hold_findings(functional, Config(select=("MOD302",)))
    # MOD302 looks for softmax-like names only
    assert not may_hold_findings("import torch\ny = torch.relu(x)\n", Config(select=("MOD302",)))


def test_a_configured_base_is_a_reason_to_parse():
    source = textwrap.dedent("""\
        from mypkg.layers import Block

        class Net(Block):
            def __init__(self):
                self.w = 1
        """)
    config = replace(Config(select=("MOD101",)), extend_module_bases=frozenset({"mypkg.layers.Block"}))
    assert may_hold_findings(source, config)
    assert [d.code for d in lint_source(source, config).diagnostics] == ["MOD101"]
    assert not may_hold_findings(source, Config(select=("MOD101",)))


def test_no_selected_rule_means_nothing_to_parse():
    assert not may_hold_findings("import torch\nclass A(torch.nn.Module): pass\n",
                                 Config(select=("MOD001",), ignore=("MOD001",)))


@pytest.mark.parametrize("page", page_files(), ids=lambda p: p.name)
def test_every_rule_book_example_passes_the_gate_of_its_rule(page):
    config = Config(select=(code_of(page),))
    for bad, _ in bad_examples(page):
        assert may_hold_findings(bad.code, config), f"{page.name}:{bad.line}"


def test_every_rule_declares_a_gate_or_none():
    for rule in all_rules():
        assert rule.gate is None or rule.gate.__class__.__name__ == "Gate", rule.code


# --- MOD000 in gated files: CPython checks, LibCST decides when CPython cannot ---------

GATED_SOURCES = {
    "clean": "import os\nprint(os.sep)\n",
    "syntax error": "import os\ndef f(:\n    pass\n",
    "python 2": "print 'hello'\n",
    "cpython-only error": "del f()\n",
    # newer than this interpreter: CPython 3.11 rejects them, LibCST parses them
    "type alias": "type Vector = list[float]\n",
    "type parameters": "class Box[T]:\n    def get[S](self, s: S) -> T: ...\n",
    "nested f-string quotes": 'name = "x"\nprint(f"{"a" + name}")\n',
    "null byte": "x = 1\0\n",
    "too deep for CPython": "x = 1" + " + 1" * 3000 + "\n",
    "bad indentation": "if True:\n  x = 1\n    y = 2\n",
}


@pytest.mark.parametrize("name", GATED_SOURCES)
def test_gated_files_report_exactly_the_syntax_errors_of_a_full_parse(name):
    source = GATED_SOURCES[name]
    assert not may_hold_findings(source, ALL)
    same_result(source, ALL)


def test_syntax_errors_of_gated_files_are_reported():
    result = lint_source("def f(:\n", ALL)
    assert [d.code for d in result.diagnostics] == ["MOD000"]
    assert lint_source("type Vector = list[float]\n", ALL).diagnostics == []


# --- the same output with and without the gate, on real code --------------------------

def test_same_output_with_and_without_the_gate_on_the_project_files():
    for path in project_files():
        text = path.read_text(encoding="utf-8")
        for config in CONFIGS:
            same_result(text, config)


def test_same_output_with_and_without_the_gate_on_the_corpus():
    files = corpus_files()
    if files is None:
        pytest.skip("the benchmark corpus is not fetched (python benchmarks/corpus/fetch.py)")
    # A file the gate admits takes the very same path either way; what needs checking is
    # that the full lint of every file the gate skips finds nothing.
    skipped = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        if not may_hold_findings(text, ALL):
            skipped += 1
            assert lint_source(text, ALL, gate=False).diagnostics == [], path
            assert lint_source(text, ALL).diagnostics == [], path
    assert skipped > len(files) // 10
