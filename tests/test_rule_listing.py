"""`modlint rule --all` lists every rule: code, name, default on/off and fix."""

import subprocess
import sys

from modlint.rules import CODES, all_rules, load


def test_every_rule_is_listed_with_its_metadata():
    done = subprocess.run([sys.executable, "-m", "modlint", "rule", "--all"],
                          capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["code", "name", "default", "fix"]
    rows = {line.split()[0]: line.split(None, 3) for line in lines[1:]}
    assert list(rows) == list(CODES)
    for rule in all_rules():
        code, name, default, fix = rows[rule.code]
        assert name == rule.name
        assert default == ("on" if rule.default else "opt-in")
        assert fix == rule.fix


def test_the_registry_names_each_rule_by_its_own_code():
    assert [rule.code for rule in all_rules()] == list(CODES)
    assert [code for code in CODES if not load(code).default] == ["MOD901", "MOD902", "MOD903",
                                                                   "MOD904", "MOD905", "MOD906"]


def test_checking_a_configuration_does_not_load_the_rules():
    # what a run answered from the cache relies on: no LibCST import before a lint
    done = subprocess.run([sys.executable, "-c", (
        "import sys; from modlint.config import Config, check_codes; "
        "check_codes(['MOD1', 'ALL'], 'x'); Config(select=('MOD9',)).codes(); "
        "print(sorted(m for m in sys.modules if m.startswith(('libcst', 'modlint.rules.'))))")],
        capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
