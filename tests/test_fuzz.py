"""Property-based tests: no input crashes modlint, and fixes always converge to code that
parses. CI runs a fixed, derandomized number of examples (the ``ci`` profile of
conftest.py); ``MODLINT_FUZZ=long pytest tests/test_fuzz.py`` explores much further."""

from __future__ import annotations

import ast
import re
import textwrap
import warnings
from pathlib import Path

import hypothesmith
import libcst as cst
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from modlint import parsing
from modlint.api import fix_source, lint_source
from conftest import ALL
from rulebook_pages import bad_examples, page_files

ROOT = Path(__file__).resolve().parents[1]

BAD_EXAMPLES = [(f"{path.name}:{bad.line}", bad.code)
                for path in page_files() for bad, _ in bad_examples(path)]
REAL_FILES = [code for _, code in BAD_EXAMPLES] + [
    path.read_text(encoding="utf-8") for path in sorted((ROOT / "examples").glob("*.py"))]


def python_parses(source: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    return True


def assert_survives(source: str) -> None:
    """Linting and fixing never raise nor fail inside; a fix never breaks parsing."""
    linted = lint_source(source, ALL)
    assert linted.errors == []
    fixed = fix_source(source, ALL, unsafe=True)
    assert fixed.errors == []
    if fixed.source != source:
        cst.parse_module(fixed.source)
        assert python_parses(fixed.source) or not python_parses(source)


def assert_fix_converges(source: str) -> None:
    fixed = fix_source(source, ALL, unsafe=True)
    assert fixed.errors == []
    cst.parse_module(fixed.source)
    assert python_parses(fixed.source)
    again = lint_source(fixed.source, ALL)
    assert again.errors == []
    assert [d for d in again.diagnostics if d.fix is not None and d.fix.is_applied(True)] == []


# (a) generated programs -----------------------------------------------------------------

@given(hypothesmith.from_grammar())
def test_generated_programs_never_crash(source):
    assert_survives(source)


@given(hypothesmith.from_node())
def test_generated_syntax_trees_never_crash(source):
    assert_survives(source)


# (b) real nn.Module files, damaged ---------------------------------------------------------

def _delete_token(lines: list[str], draw) -> list[str]:
    text = "".join(lines)
    tokens = list(re.finditer(r"\w+|[^\w\s]", text))
    if not tokens:
        return lines
    token = draw(st.sampled_from(tokens))
    return (text[:token.start()] + text[token.end():]).splitlines(keepends=True)


def _swap_lines(lines: list[str], draw) -> list[str]:
    if len(lines) < 2:
        return lines
    i = draw(st.integers(0, len(lines) - 1))
    j = draw(st.integers(0, len(lines) - 1))
    lines = list(lines)
    lines[i], lines[j] = lines[j], lines[i]
    return lines


def _break_indentation(lines: list[str], draw) -> list[str]:
    if not lines:
        return lines
    i = draw(st.integers(0, len(lines) - 1))
    indent = draw(st.sampled_from(["", " ", "\t", "        ", "   \t"]))
    lines = list(lines)
    lines[i] = indent + lines[i].lstrip(" \t")
    return lines


def _cut(lines: list[str], draw) -> list[str]:
    text = "".join(lines)
    return text[:draw(st.integers(0, len(text)))].splitlines(keepends=True)


MUTATIONS = [_delete_token, _swap_lines, _break_indentation, _cut]


@st.composite
def damaged_files(draw):
    lines = draw(st.sampled_from(REAL_FILES)).splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        lines = draw(st.sampled_from(MUTATIONS))(lines, draw)
    return "".join(lines)


@given(damaged_files())
def test_damaged_module_files_never_crash(source):
    assert_survives(source)


# (c) every rule-book bad example, in random valid surroundings ----------------------------

HEADER = '''# a comment before everything
import functools


def identity(cls):
    return cls


class Unrelated:
    """Not a module."""

    def forward(self, x):
        return x

'''


def _decorate_classes(source: str) -> str:
    return "".join(f"@identity\n{line}" if line.startswith("class ") else line
                   for line in source.splitlines(keepends=True))


def _comment_lines(source: str) -> str:
    """A comment line above every class and function, at its indentation."""
    out = []
    for line in source.splitlines(keepends=True):
        stripped = line.lstrip(" \t")
        if stripped.startswith(("class ", "def ", "@")):
            out.append(f"{line[:len(line) - len(stripped)]}# about what follows\n")
        out.append(line)
    return "".join(out)


def _nest_in_function(source: str) -> str:
    body = textwrap.indent(source, "    ")
    return f"def build():\n{body}\n    return None\n"


def _add_trailing_class(source: str) -> str:
    return source + "\n\nclass Extra:\n    def helper(self):\n        def inner():\n" \
                    "            return 1\n        return inner()\n"


WRAPPERS = [_decorate_classes, _comment_lines, _nest_in_function, _add_trailing_class]


@pytest.mark.parametrize("example", [code for _, code in BAD_EXAMPLES],
                         ids=[where for where, _ in BAD_EXAMPLES])
def test_each_bad_example_fix_converges(example):
    assert_fix_converges(example)


@given(st.sampled_from([code for _, code in BAD_EXAMPLES]),
       st.lists(st.sampled_from(WRAPPERS), max_size=3), st.booleans())
def test_bad_examples_in_random_surroundings_fix_to_code_that_parses(example, wrappers,
                                                                      header):
    source = example
    for wrap in wrappers:
        source = wrap(source)
    if header:
        source = HEADER + source
    assume(python_parses(source))  # a wrapper that does not fit this example
    assert_fix_converges(source)


@given(st.text(alphabet="()[]{}\"'#\\\n x", max_size=60))
def test_the_quick_depth_bound_never_misses_what_the_exact_scan_finds(text):
    # With a limit of 3, random text often nests deeper; the bound may say "maybe" too
    # often, never "no" wrongly: a deep file must reach the exact scan.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parsing, "MAX_BRACKET_DEPTH", 3)
        failure = parsing.scan_nesting(text)
        if failure is not None:
            assert parsing._may_nest_too_deep(text)
