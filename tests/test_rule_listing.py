"""`modlint rule --all` lists every rule: code, name, default on/off and fix."""

import subprocess
import sys

from modlint.rules import ALL_RULES


def test_every_rule_is_listed_with_its_metadata():
    done = subprocess.run([sys.executable, "-m", "modlint", "rule", "--all"],
                          capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["code", "name", "default", "fix"]
    rows = {line.split()[0]: line.split(None, 3) for line in lines[1:]}
    assert list(rows) == [rule.code for rule in ALL_RULES]
    for rule in ALL_RULES:
        code, name, default, fix = rows[rule.code]
        assert name == rule.name
        assert default == ("on" if rule.default else "opt-in")
        assert fix == rule.fix
