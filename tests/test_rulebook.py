"""The rule book is executable: every example on every page is a test."""

import re

import pytest

from modlint.api import fix_source, lint_source
from modlint.config import Config
from modlint.rulebook import examples, page
from modlint.rules import CODES, all_rules, load
from rulebook_pages import code_of, page_files, pairs

ALL = Config(select=("ALL",))
SECTIONS = ["## What it does", "## Why is this bad?", "## Example", "## Fix safety",
            "## Not flagged"]

EXAMPLES = [
    pytest.param(code_of(path), example, id=f"{path.stem}:{example.kind}:{example.line}")
    for path in page_files()
    for example in examples(path.read_text(encoding="utf-8"))
]
PAIRS = [
    pytest.param(code_of(path), bad, good, id=f"{path.stem}:{bad.line}")
    for path in page_files()
    for bad, good in pairs(path)
]


def test_every_rule_has_exactly_one_page_and_every_page_a_rule():
    page_codes = [code_of(p) for p in page_files()]
    assert sorted(page_codes) == list(CODES)
    for path in page_files():
        rule = load(code_of(path))
        assert path.name == f"{rule.code}-{rule.name}.md"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_page_has_the_sections_and_examples(rule):
    text = page(rule.code)
    assert text is not None
    assert text.startswith(f"# {rule.code} {rule.name}\n")
    positions = [text.find(section) for section in SECTIONS]
    assert -1 not in positions, f"missing section in {rule.code}"
    assert positions == sorted(positions), "sections out of order"
    kinds = {e.kind for e in examples(text)}
    assert {"bad", "good"} <= kinds
    if rule.fix != "none":
        assert "fixed" in kinds, "a fixable rule needs a fixed example"


@pytest.mark.parametrize("code,example", EXAMPLES)
def test_example(code, example):
    found = {d.code for d in lint_source(example.code, ALL).diagnostics}
    if example.kind == "bad":
        assert found == {code}
    else:
        assert found == set(), f"{example.kind} example is not clean: {found}"


def configured(example) -> Config:
    """ALL, with the options of the example's fence (```python fixed buffer-style=...)."""
    if not example.options:
        return ALL
    from dataclasses import replace

    from modlint.config import _KEYS

    fields = {}
    for key, value in example.options:
        name, reader = _KEYS[key]
        fields[name] = reader(value, key)
    return replace(ALL, **fields)


@pytest.mark.parametrize("code,bad,expected", PAIRS)
def test_fixed_example_is_the_fix_output(code, bad, expected):
    config = configured(expected)
    result = fix_source(bad.code, config, unsafe=True)
    assert result.source == expected.code
    assert fix_source(result.source, config, unsafe=True).fixed == 0  # idempotent


def test_page_mentions_no_other_rule_in_its_title():
    for path in page_files():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert re.fullmatch(r"# MOD\d{3} [a-z0-9-]+", first)
