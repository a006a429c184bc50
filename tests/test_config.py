"""[tool.modlint] in pyproject.toml, through the real command line and through the API."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from modlint.config import Config, ConfigError, RuleSelection, resolve_config

# One finding of each default rule: MOD001 (line 7), MOD102 (line 11), MOD101 (line 16).
BUGGY = textwrap.dedent("""\
    import torch
    import torch.nn as nn


    class A(nn.Module):
        def __init__(self):
            super().__init__()
            self.mask = torch.ones(3)


    class B(nn.Module):
        def __init__(self):
            self.conv = nn.Linear(2, 2)
            super().__init__()


    class C(nn.Module):
        def __init__(self):
            self.x = 1
""")

OWN_BASE = textwrap.dedent("""\
    import torch
    from ourlib.layers import Block


    class Model(Block):
        def __init__(self):
            super().__init__()
            self.mask = torch.ones(3)
""")


def run(*args, cwd, stdin=None):
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    return subprocess.run([sys.executable, "-m", "modlint", *args], cwd=cwd, env=env,
                          input=stdin, capture_output=True, text=True, timeout=120)


SEEDED = ("MOD001", "MOD101", "MOD102")  # the rules these tests are about


def codes(output: str) -> list[str]:
    """(file name, code) of each reported line of the text format, for the SEEDED rules."""
    found = []
    for line in output.splitlines():
        parts = line.split(": ", 1)
        if len(parts) == 2 and parts[1].startswith(SEEDED):
            found.append((os.path.basename(parts[0].split(":")[0]), parts[1].split()[0]))
    return sorted(found)


def project(tmp_path: Path, config: str, files: dict) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        "[project]\nname = 'demo'\n\n[tool.modlint]\n" + textwrap.dedent(config))
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_select_and_ignore_from_the_file(tmp_path):
    root = project(tmp_path, 'select = ["MOD1"]\nignore = ["MOD102"]\n', {"m.py": BUGGY})
    done = run(".", cwd=root)
    assert done.returncode == 1
    assert codes(done.stdout) == [("m.py", "MOD101")]


def test_file_found_by_walking_up_from_the_linted_path(tmp_path):
    root = project(tmp_path, 'ignore = ["MOD001", "MOD101"]\n', {"pkg/sub/m.py": BUGGY})
    elsewhere = tmp_path.parent
    done = run(str(root / "pkg" / "sub" / "m.py"), cwd=elsewhere)
    assert codes(done.stdout) == [("m.py", "MOD102")]


def test_a_pyproject_without_the_section_is_passed_over(tmp_path):
    project(tmp_path, 'ignore = ["MOD1"]\n', {})
    (tmp_path / "inner").mkdir()
    (tmp_path / "inner" / "pyproject.toml").write_text("[project]\nname = 'inner'\n")
    (tmp_path / "inner" / "m.py").write_text(BUGGY)
    done = run("inner", cwd=tmp_path)
    assert codes(done.stdout) == [("m.py", "MOD001")]


def test_command_line_wins_over_the_file(tmp_path):
    root = project(tmp_path, 'select = ["MOD001"]\nunsafe-fixes = true\n', {"m.py": BUGGY})
    assert codes(run("m.py", cwd=root).stdout) == [("m.py", "MOD001")]
    # --select replaces the file's selection, as in ruff
    assert codes(run("m.py", "--select", "MOD101", cwd=root).stdout) == [("m.py", "MOD101")]
    assert codes(run("m.py", "--extend-select", "MOD102", cwd=root).stdout) == [
        ("m.py", "MOD001"), ("m.py", "MOD102")]


def test_config_option_and_isolated(tmp_path):
    root = project(tmp_path, 'ignore = ["MOD1"]\n', {"m.py": BUGGY})
    other = tmp_path / "other.toml"
    other.write_text('[tool.modlint]\nignore = ["MOD001"]\n')
    assert codes(run("m.py", cwd=root).stdout) == [("m.py", "MOD001")]
    assert codes(run("m.py", "--config", str(other), cwd=root).stdout) == [
        ("m.py", "MOD101"), ("m.py", "MOD102")]
    assert codes(run("m.py", "--isolated", cwd=root).stdout) == [
        ("m.py", "MOD001"), ("m.py", "MOD101"), ("m.py", "MOD102")]


def test_per_file_ignores(tmp_path):
    root = project(tmp_path, """\
        [tool.modlint.per-file-ignores]
        "tests/*" = ["MOD001", "MOD101"]
        "legacy_*.py" = ["MOD1"]
        """, {"tests/unit/m.py": BUGGY, "src/legacy_net.py": BUGGY, "src/m.py": BUGGY})
    found = codes(run(".", cwd=root).stdout)
    assert found == [("legacy_net.py", "MOD001"),
                     ("m.py", "MOD001"), ("m.py", "MOD101"), ("m.py", "MOD102"),
                     ("m.py", "MOD102")]


def test_per_file_ignores_apply_to_stdin_filename(tmp_path):
    root = project(tmp_path, '[tool.modlint.per-file-ignores]\n"gen/*" = ["MOD001", "MOD1"]\n',
                   {})
    done = run("-", "--stdin-filename", "gen/m.py", cwd=root, stdin=BUGGY)
    assert done.returncode == 0, done.stdout + done.stderr
    done = run("-", "--stdin-filename", "m.py", cwd=root, stdin=BUGGY)
    assert done.returncode == 1


def test_exclude_extend_exclude_and_force_exclude(tmp_path):
    root = project(tmp_path, 'extend-exclude = ["generated", "src/old_*.py"]\n', {
        "generated/m.py": BUGGY, "src/old_model.py": BUGGY, "src/model.py": BUGGY,
        "build/m.py": BUGGY,
    })
    found = {name for name, _ in codes(run(".", cwd=root).stdout)}
    assert found == {"model.py"}  # build/ is a default exclusion, kept by extend-exclude
    # a path given explicitly is linted anyway, unless force-exclude
    assert codes(run("src/old_model.py", cwd=root).stdout)
    assert not codes(run("src/old_model.py", "--force-exclude", cwd=root).stdout)
    # exclude replaces the defaults
    found = {os.path.basename(p) for p in _paths(run(".", "--exclude", "src", cwd=root).stdout)}
    assert found == {"m.py"}


def _paths(output: str) -> set:
    return {line.split(":")[0] for line in output.splitlines()
            if any(f": {code} " in line for code in SEEDED)}


def test_respect_gitignore(tmp_path):
    root = project(tmp_path, "respect-gitignore = false\n",
                   {"ignored/m.py": BUGGY, "kept.py": BUGGY})
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".gitignore").write_text("ignored/\n")
    assert {os.path.normpath(p) for p in _paths(run(".", cwd=root).stdout)} == {
        "kept.py", os.path.join("ignored", "m.py")}
    assert _paths(run(".", "--respect-gitignore", cwd=root).stdout) == {"kept.py"}


def test_unsafe_fixes_from_the_file(tmp_path):
    source = textwrap.dedent("""\
        import torch
        import torch.nn as nn


        class A(nn.Module):
            def __init__(self):
                super().__init__()
                self.t = torch.ones(3, requires_grad=True)
    """)
    root = project(tmp_path, "unsafe-fixes = true\n", {"m.py": source})
    assert run("m.py", "--fix", "--no-unsafe-fixes", cwd=root).returncode == 1
    assert (root / "m.py").read_text() == source
    assert run("m.py", "--fix", cwd=root).returncode == 0
    assert "self.t = nn.Parameter(torch.ones(3))" in (root / "m.py").read_text()


def test_extend_module_bases(tmp_path):
    root = project(tmp_path, 'extend-module-bases = ["ourlib.layers.Block"]\n',
                   {"m.py": OWN_BASE})
    assert codes(run("m.py", cwd=root).stdout) == [("m.py", "MOD001")]
    assert codes(run("m.py", "--isolated", cwd=root).stdout) == []


BAD_CONFIGS = [
    ("unknown key", "selct = [\"MOD001\"]\n", ["'selct'", "allowed:", "select"]),
    ("unknown code", "ignore = [\"MOD999\"]\n", ["ignore", "'MOD999'", "MOD001"]),
    ("unknown code in per-file-ignores", "per-file-ignores = {\"a.py\" = [\"XYZ\"]}\n",
     ["per-file-ignores", "'XYZ'"]),
    ("wrong type", "select = \"MOD001\"\n", ["select", "expected a list"]),
    ("wrong type bool", "respect-gitignore = \"yes\"\n",
     ["respect-gitignore", "expected true or false"]),
    ("wrong type module bases", "extend-module-bases = [\"not a name\"]\n",
     ["extend-module-bases", "dotted"]),
    ("broken TOML", "select = [\"MOD001\"\n", ["not valid TOML"]),
]


@pytest.mark.parametrize("kind, text, expected", BAD_CONFIGS, ids=[b[0] for b in BAD_CONFIGS])
def test_bad_configuration_is_a_one_line_error(tmp_path, kind, text, expected):
    root = project(tmp_path, text, {"m.py": BUGGY})
    done = run("m.py", cwd=root)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert str(root / "pyproject.toml") in lines[0]
    assert "Traceback" not in done.stderr
    for fragment in expected:
        assert fragment in lines[0]


def test_missing_config_file_is_an_error(tmp_path):
    done = run(".", "--config", str(tmp_path / "nope.toml"), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "nope.toml" in done.stderr


# --- the API other front-ends call ---------------------------------------------------

def test_resolve_config_api(tmp_path):
    root = project(tmp_path, """\
        select = ["MOD001", "MOD101", "MOD102"]
        ignore = ["MOD102"]
        extend-exclude = ["vendor"]
        [tool.modlint.per-file-ignores]
        "tests/**/test_*.py" = ["MOD001"]
        """, {})
    config = resolve_config(str(root / "src" / "m.py"))
    assert config.source == str(root / "pyproject.toml")
    assert [r.code for r in config.rules()] == ["MOD001", "MOD101"]
    assert [r.code for r in config.rules_for(str(root / "tests" / "test_a.py"))] == ["MOD101"]
    assert [r.code for r in config.rules_for(str(root / "tests/x/test_a.py"))] == ["MOD101"]
    assert config.is_excluded(str(root / "vendor" / "lib" / "m.py"))
    assert not config.is_excluded(str(root / "src" / "m.py"))
    assert resolve_config(str(root), isolated=True) == Config()
    with pytest.raises(ConfigError):
        resolve_config(str(root), config_file=str(root / "missing.toml"))


def test_selection_specificity_as_in_ruff():
    # within one layer the more specific prefix wins
    assert [r.code for r in Config(select=("MOD102",), ignore=("MOD1",)).rules()] == ["MOD102"]
    # a later layer's ignore removes what an earlier layer selected specifically
    layered = Config(selections=(RuleSelection(select=("MOD001",), extend_select=("MOD102",)),),
                     ignore=("MOD1",))
    assert [r.code for r in layered.rules()] == ["MOD001"]
    # a later select replaces the earlier layers, their ignores included
    replaced = Config(selections=(RuleSelection(ignore=("MOD001",)),), select=("MOD001",))
    assert [r.code for r in replaced.rules()] == ["MOD001"]
