"""The command line, run as a real program."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>MOD\d{3}) .+$")

BUGGY = """import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.mask = torch.ones(2)
"""


def run(*args: str, cwd: Path = ROOT, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "modlint", *args], cwd=cwd, input=stdin,
                          capture_output=True, text=True, timeout=120)


def problems(output: str) -> list[tuple[str, int, int, str]]:
    found = []
    for line in output.splitlines():
        match = LINE.match(line)
        if match:
            found.append((match["path"], int(match["line"]), int(match["col"]), match["code"]))
    return found


def test_examples_report_flake8_shaped_lines_and_exit_1():
    done = run("examples/")
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert problems(done.stdout) and all(LINE.match(l) for l in lines[:-1])
    assert lines[-1].startswith("Found ") and "fixable with --fix" in lines[-1]
    assert done.stderr == ""


def test_fixing_the_examples_leaves_only_problems_without_a_fix(tmp_path):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    before = problems(run("examples/", cwd=tmp_path).stdout)
    done = run("--fix", "--unsafe-fixes", "examples/", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    after = run("examples/", cwd=tmp_path)
    remaining = problems(after.stdout)
    assert len(remaining) < len(before)
    assert "fixable" not in after.stdout.splitlines()[-1]
    for path in (tmp_path / "examples").glob("*.py"):
        ast.parse(path.read_text())  # every file still parses
    again = run("--fix", "--unsafe-fixes", "examples/", cwd=tmp_path)
    assert "(0 fixed," in again.stdout  # idempotent


def test_check_subcommand_is_the_default(tmp_path):
    (tmp_path / "m.py").write_text(BUGGY)
    assert run("m.py", cwd=tmp_path).stdout == run("check", "m.py", cwd=tmp_path).stdout


def test_noqa_suppresses_on_the_reported_line(tmp_path):
    (tmp_path / "a.py").write_text(BUGGY.replace("torch.ones(2)", "torch.ones(2)  # noqa"))
    (tmp_path / "b.py").write_text(BUGGY.replace("torch.ones(2)", "torch.ones(2)  # noqa: MOD001"))
    (tmp_path / "c.py").write_text(BUGGY.replace("torch.ones(2)", "torch.ones(2)  # noqa: MOD101"))
    (tmp_path / "d.py").write_text(BUGGY.replace("torch.ones(2)", "torch.ones(2)  # noqa:MOD0,E501"))
    found = problems(run(".", cwd=tmp_path).stdout)
    assert [p[0] for p in found] == ["c.py"]


def test_select_and_ignore(tmp_path):
    (tmp_path / "m.py").write_text(BUGGY + "\n\nclass B(nn.Module):\n    def __init__(self):\n"
                                           "        pass\n")
    codes = lambda *a: [p[3] for p in problems(run(*a, "m.py", cwd=tmp_path).stdout)]
    assert codes() == ["MOD001", "MOD101"]
    assert codes("--select", "MOD1") == ["MOD101"]
    assert codes("--ignore", "MOD101") == ["MOD001"]
    assert codes("--select", "MOD0,MOD101", "--ignore", "MOD001") == ["MOD101"]
    # as in ruff, the most specific selector wins, whichever list it is in
    assert codes("--select", "MOD001,MOD101", "--ignore", "MOD0") == ["MOD001", "MOD101"]
    done = run("--select", "XYZ1", "m.py", cwd=tmp_path)
    assert done.returncode == 2 and "unknown rule code" in done.stderr
    assert "Traceback" not in done.stderr


def test_exit_zero(tmp_path):
    (tmp_path / "m.py").write_text(BUGGY)
    assert run("--exit-zero", "m.py", cwd=tmp_path).returncode == 0


def test_clean_file_exits_0(tmp_path):
    (tmp_path / "m.py").write_text("import torch\n")
    done = run("m.py", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout == "All checks passed!\n"


def test_fix_writes_safe_fixes_only_and_exits_0_when_all_fixed(tmp_path):
    path = tmp_path / "m.py"
    path.write_text(BUGGY)
    done = run("--fix", "m.py", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert 'self.register_buffer("mask", torch.ones(2), persistent=False)' in path.read_text()
    assert done.stdout.strip() == "Found 1 problem (1 fixed, 0 remaining)."
    path.write_text(BUGGY.replace("torch.ones(2)", "torch.ones(2, requires_grad=True)"))
    done = run("--fix", "m.py", cwd=tmp_path)
    assert done.returncode == 1 and "torch.ones(2, requires_grad=True)" in path.read_text()
    done = run("--fix", "--unsafe-fixes", "m.py", cwd=tmp_path)
    assert done.returncode == 0 and "nn.Parameter(torch.ones(2))" in path.read_text()


def test_diff_prints_and_writes_nothing(tmp_path):
    path = tmp_path / "m.py"
    path.write_text(BUGGY)
    done = run("--diff", "m.py", cwd=tmp_path)
    assert done.returncode == 1
    assert "-        self.mask = torch.ones(2)\n" in done.stdout
    assert '+        self.register_buffer("mask", torch.ones(2), persistent=False)\n' in done.stdout
    assert path.read_text() == BUGGY


def test_stdin_with_a_filename():
    done = run("-", "--stdin-filename", "pkg/model.py", stdin=BUGGY)
    assert done.returncode == 1
    assert problems(done.stdout) == [("pkg/model.py", 8, 9, "MOD001")]
    done = run("--fix", "-", "--stdin-filename", "model.py", stdin=BUGGY)
    assert done.returncode == 0
    assert done.stdout == BUGGY.replace(
        "self.mask = torch.ones(2)", 'self.register_buffer("mask", torch.ones(2), persistent=False)')


def test_syntax_error_is_mod000_and_the_run_goes_on(tmp_path):
    (tmp_path / "a.py").write_text("def broken(:\n    pass\n")
    (tmp_path / "b.py").write_text(BUGGY)
    done = run(".", cwd=tmp_path)
    assert done.returncode == 1
    found = problems(done.stdout)
    assert [(p[0], p[3]) for p in found] == [("a.py", "MOD000"), ("b.py", "MOD001")]
    assert found[0][1:3] == (1, 12)
    assert "a.py:1:12: MOD000 syntax error: invalid syntax" in done.stdout
    assert "Traceback" not in done.stderr


def test_missing_path_is_reported_and_exit_2(tmp_path):
    (tmp_path / "b.py").write_text(BUGGY)
    done = run("nope.py", "b.py", cwd=tmp_path)
    assert done.returncode == 2
    assert "modlint: error: nope.py: no such file or directory" in done.stderr
    assert problems(done.stdout) == [("b.py", 8, 9, "MOD001")]


def test_discovery_skips_hidden_venvs_builds_and_gitignored(tmp_path):
    for folder in (".hidden", "venv", "env", "build", "dist", "__pycache__", "node_modules",
                   "ignored", "src"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "m.py").write_text(BUGGY)
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr\n")
    (tmp_path / "src" / "notes.txt").write_text(BUGGY)
    (tmp_path / ".gitignore").write_text("ignored/\n")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    found = problems(run(".", cwd=tmp_path).stdout)
    assert [p[0] for p in found] == [os.path.join("src", "m.py")]
    # a file named explicitly is linted whatever its folder
    assert problems(run("build/m.py", cwd=tmp_path).stdout)


def test_rule_pages_and_listing():
    done = run("rule", "MOD001")
    assert done.returncode == 0 and done.stdout.startswith("# MOD001 unregistered-tensor\n")
    listing = run("rule", "--all").stdout
    for code in ("MOD001", "MOD101", "MOD102"):
        assert code in listing
    assert run("rule", "MOD999").returncode == 2


def test_version():
    done = run("--version")
    assert done.returncode == 0 and done.stdout.startswith("modlint, version ")


# --- ruff's conventions ------------------------------------------------------------------

MIXED = BUGGY + "        self.scale = torch.ones(1, requires_grad=True)\n"  # safe + unsafe


def test_a_missing_path_never_says_all_checks_passed(tmp_path):
    done = run("missing.py", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == "modlint: error: missing.py: no such file or directory\n"
    (tmp_path / "ok.py").write_text("x = 1\n")
    done = run("missing.py", "ok.py", cwd=tmp_path)
    assert done.returncode == 2 and "All checks passed" not in done.stdout


def test_summary_after_fix_keeps_the_unsafe_fixes_hint(tmp_path):
    (tmp_path / "m.py").write_text(MIXED)
    done = run("--fix", "m.py", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1] == \
        "Found 2 problems (1 fixed, 1 remaining; 1 fixable with --fix --unsafe-fixes)."


def test_show_fixes_lists_what_was_fixed_and_what_can_be(tmp_path):
    (tmp_path / "m.py").write_text(MIXED)
    done = run("--show-fixes", "m.py", cwd=tmp_path)
    assert "m.py:8:9: MOD001 fix (safe, --fix): Register `mask`" in done.stdout
    assert "m.py:9:9: MOD001 fix (unsafe, --fix --unsafe-fixes): " in done.stdout
    done = run("--fix", "--unsafe-fixes", "--show-fixes", "m.py", cwd=tmp_path)
    assert done.returncode == 0
    assert "Fixed 2 problems:\n- m.py:\n    2 \u00d7 MOD001 (unregistered-tensor)\n" \
        in done.stdout


def test_add_noqa_suppresses_every_problem_and_keeps_the_rest(tmp_path):
    source = MIXED.replace("torch.ones(2)", "torch.ones(2)  # noqa: E501") \
        + '        self.doc = """a\n        """\n'
    path = tmp_path / "m.py"
    path.write_bytes(source.replace("\n", "\r\n").encode())
    done = run("--add-noqa", "m.py", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == "Added 2 noqa directives.\n"
    text = path.read_bytes().decode()
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")  # newlines kept
    lines = text.split("\r\n")
    assert lines[7].endswith("torch.ones(2)  # noqa: E501, MOD001")
    assert lines[8].endswith("requires_grad=True)  # noqa: MOD001")
    assert run("m.py", cwd=tmp_path).returncode == 0
    assert run("--add-noqa", "m.py", cwd=tmp_path).stderr == "Added 0 noqa directives.\n"
    assert run("--add-noqa", "--fix", "m.py", cwd=tmp_path).returncode == 2


def test_file_level_noqa(tmp_path):
    (tmp_path / "all.py").write_text("# modlint: noqa\n" + MIXED)
    (tmp_path / "one.py").write_text(MIXED.replace("import torch\n", "import torch\n"
                                                   "# modlint: noqa: MOD102\n"))
    (tmp_path / "listed.py").write_text("# modlint: noqa: MOD101, MOD001\n" + MIXED)
    assert run("all.py", "listed.py", cwd=tmp_path).returncode == 0
    assert [p[3] for p in problems(run("one.py", cwd=tmp_path).stdout)] == ["MOD001", "MOD001"]
    # only on a line of its own, as ruff's `# ruff: noqa`
    (tmp_path / "inline.py").write_text(MIXED.replace("import torch\n",
                                                      "import torch  # modlint: noqa\n"))
    assert run("inline.py", cwd=tmp_path).returncode == 1


def test_did_you_mean(tmp_path):
    (tmp_path / "m.py").write_text(BUGGY)
    done = run("--select", "MOD0001", "m.py", cwd=tmp_path)
    assert done.returncode == 2 and "did you mean 'MOD001'?" in done.stderr
    done = run("--ignore", "unregistered-tensor", "m.py", cwd=tmp_path)
    assert "did you mean 'MOD001' (the code of that rule)?" in done.stderr
    (tmp_path / "pyproject.toml").write_text("[tool.modlint]\nextend-selct = [\"MOD9\"]\n")
    done = run("m.py", cwd=tmp_path)
    assert done.returncode == 2 and "did you mean 'extend-select'?" in done.stderr
    done = run("rule", "unregistred-tensor")
    assert done.returncode == 2 and "did you mean MOD001 (unregistered-tensor)?" in done.stderr


def test_rule_by_name():
    by_code = run("rule", "MOD101")
    assert by_code.returncode == 0
    assert run("rule", "missing-super-init").stdout == by_code.stdout
    assert run("rule", "missing_super_init").stdout == by_code.stdout


@pytest.mark.parametrize("settings,expected", [
    ('buffer-style = "nn.Buffer"\n',
     "        self.mask = nn.Buffer(torch.ones(2), persistent=False)\n"),
    ('buffer-style = "nn.Buffer"\ntarget-version = { torch = "2.4" }\n',  # no nn.Buffer
     '        self.register_buffer("mask", torch.ones(2), persistent=False)\n'),
    ('buffer-style = "register_buffer"\n',
     '        self.register_buffer("mask", torch.ones(2), persistent=False)\n'),
])
def test_buffer_style(tmp_path, settings, expected):
    (tmp_path / "pyproject.toml").write_text("[tool.modlint]\n" + settings)
    (tmp_path / "m.py").write_text(BUGGY)
    done = run("--fix", "m.py", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "m.py").read_text() == BUGGY.replace(
        "        self.mask = torch.ones(2)\n", expected)


def test_buffer_style_is_checked(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.modlint]\nbuffer-style = "nn.buffer"\n')
    (tmp_path / "m.py").write_text(BUGGY)
    done = run("m.py", cwd=tmp_path)
    assert done.returncode == 2
    assert "buffer-style: expected \"register_buffer\" or \"nn.Buffer\"" in done.stderr
    assert "did you mean 'nn.Buffer'?" in done.stderr


def test_add_noqa_in_a_notebook_keeps_its_json(tmp_path):
    import json

    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# A model"]},
             {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
              "source": ["%matplotlib inline\n", "import torch\n", "from torch import nn"]},
             {"cell_type": "code", "execution_count": 2, "metadata": {"tags": ["x"]},
              "outputs": [{"output_type": "stream", "name": "stdout", "text": ["hi\n"]}],
              "source": BUGGY.split("\n\n\n", 1)[1].splitlines(keepends=True)}]
    notebook = {"cells": cells, "metadata": {"kernelspec": {"name": "python3",
                                                            "language": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "model.ipynb"
    path.write_text(json.dumps(notebook, indent=1) + "\n")
    assert run("model.ipynb", cwd=tmp_path).returncode == 1
    done = run("--add-noqa", "model.ipynb", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == "Added 1 noqa directive.\n"
    after = json.loads(path.read_text())
    assert after["cells"][2]["source"][3] == "        self.mask = torch.ones(2)  # noqa: MOD001\n"
    after["cells"][2]["source"][3] = cells[2]["source"][3]
    assert after == notebook  # nothing else changed: magics, outputs, metadata
    assert run("model.ipynb", cwd=tmp_path).returncode == 0


CONFLICT = """import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.mask = torch.ones(2)
        self.register_buffer("mask", self.mask, persistent=False)
"""


def test_buffer_style_for_a_buffer_name_conflict(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.modlint]\nbuffer-style = "nn.Buffer"\n')
    (tmp_path / "m.py").write_text(CONFLICT)
    done = run("--fix", "--select", "MOD007", "m.py", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "m.py").read_text() == CONFLICT.replace(
        '        self.mask = torch.ones(2)\n'
        '        self.register_buffer("mask", self.mask, persistent=False)\n',
        '        self.mask = nn.Buffer(torch.ones(2), persistent=False)\n')
    # target-version below 2.5: the value goes to register_buffer, as by default
    (tmp_path / "pyproject.toml").write_text('[tool.modlint]\nbuffer-style = "nn.Buffer"\n'
                                             'target-version = { torch = "2.4" }\n')
    (tmp_path / "m.py").write_text(CONFLICT)
    assert run("--fix", "--select", "MOD007", "m.py", cwd=tmp_path).returncode == 0
    assert 'self.register_buffer("mask", torch.ones(2), persistent=False)' \
        in (tmp_path / "m.py").read_text()
