"""The GitHub Action (action.yml), run as the Actions runner runs a composite action.

Each `run` step's script is taken from action.yml, its `${{ ... }}` expressions are
resolved from the inputs, and it is run with bash as the runner does (`bash --noprofile
--norc -eo pipefail`), in a simulated GITHUB_* environment: GITHUB_WORKSPACE as the
working folder, GITHUB_PATH and GITHUB_OUTPUT files read back after each step (a folder
added to GITHUB_PATH is on the PATH of the next steps), RUNNER_TEMP. The install step
really installs this checkout into a virtual environment (once for the module); the
upload step (a `uses:` of GitHub's own action) is not run, but its condition and its
arguments are checked against the SARIF file the run step wrote.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
STEPS = ACTION["runs"]["steps"]
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")

BUGGY = """import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.mask = torch.ones(2)

    def forward(self, x):
        return x * self.mask
"""


def _inputs(given: dict[str, str]) -> dict[str, str]:
    unknown = set(given) - set(ACTION["inputs"])
    assert not unknown, f"not inputs of the action: {unknown}"
    return {name: given.get(name, str(spec.get("default", "")))
            for name, spec in ACTION["inputs"].items()}


def _value(expression: str, inputs: dict[str, str]) -> str:
    if expression.startswith("inputs."):
        return inputs[expression[len("inputs."):]]
    if expression == "github.action_path":
        return str(ROOT)
    raise AssertionError(f"an expression the simulation does not know: {expression}")


def _resolve(text: str, inputs: dict[str, str]) -> str:
    return EXPRESSION.sub(lambda m: _value(m.group(1), inputs), str(text))


def _condition(expression: str, inputs: dict[str, str]) -> bool:
    """`inputs.a == 'x' && inputs.b == 'y'`, the only form action.yml uses."""
    result = True
    for clause in expression.split("&&"):
        left, right = (part.strip() for part in clause.split("=="))
        result = result and _value(left, inputs) == right.strip("'")
    return result


class Runner:
    """A job's environment: the workspace, RUNNER_TEMP, and what steps add to PATH."""

    def __init__(self, workspace: Path, temp: Path) -> None:
        self.workspace, self.temp = workspace, temp
        self.path_entries: list[str] = []

    def run_step(self, step: dict, inputs: dict[str, str]) -> tuple[subprocess.CompletedProcess, dict[str, str]]:
        files = {name: self.temp / f"{name}-{os.getpid()}" for name in ("path", "output")}
        for file in files.values():
            file.write_text("")
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("GITHUB_", "MODLINT_", "RUNNER_")) and k != "NO_COLOR"}
        env.update({
            "GITHUB_ACTIONS": "true", "CI": "true",
            "GITHUB_WORKSPACE": str(self.workspace), "RUNNER_TEMP": str(self.temp),
            "GITHUB_ACTION_PATH": str(ROOT), "GITHUB_PATH": str(files["path"]),
            "GITHUB_OUTPUT": str(files["output"]),
            "PATH": os.pathsep.join([*self.path_entries, env.get("PATH", "")]),
        })
        env.pop("VIRTUAL_ENV", None)
        env.update({k: _resolve(v, inputs) for k, v in step.get("env", {}).items()})
        assert step["shell"] == "bash"
        script = self.temp / "step.sh"
        script.write_text(_resolve(step["run"], inputs))
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                              cwd=self.workspace, env=env, capture_output=True, text=True,
                              timeout=600)
        self.path_entries[:0] = [line for line in files["path"].read_text().splitlines()
                                 if line]
        outputs = dict(line.split("=", 1) for line in files["output"].read_text().splitlines()
                       if "=" in line)
        return done, outputs


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The install step, run once: this checkout in a virtual environment of its own."""
    temp = tmp_path_factory.mktemp("runner-temp")
    runner = Runner(tmp_path_factory.mktemp("workspace"), temp)
    done, _ = runner.run_step(STEPS[0], _inputs({"python": sys.executable}))
    assert done.returncode == 0, done.stderr
    assert runner.path_entries == [str(temp / "modlint-action-venv" / "bin")]
    assert (temp / "modlint-action-venv" / "bin" / "modlint").is_file()
    return runner


@pytest.fixture
def job(installed, tmp_path):
    """A job whose checkout holds one buggy file, model.py, and one clean one."""
    (tmp_path / "model.py").write_text(BUGGY)
    (tmp_path / "clean.py").write_text("x = 1\n")
    runner = Runner(tmp_path, installed.temp)
    runner.path_entries = list(installed.path_entries)
    return runner


def test_annotations_and_a_failing_step(job):
    done, outputs = job.run_step(STEPS[1], _inputs({}))
    assert done.returncode == 1, done.stderr
    annotations = done.stdout.splitlines()
    assert len(annotations) == 1
    assert annotations[0].startswith(
        "::error file=model.py,line=8,col=9,endLine=8,endColumn=34,title=modlint (MOD001)::"
        "MOD001 `self.mask` is a plain tensor")
    assert outputs["exit-code"] == "1"
    assert not _condition(STEPS[2]["if"], _inputs({}))  # nothing to upload


def test_paths_and_args(job):
    done, outputs = job.run_step(STEPS[1], _inputs({"paths": "clean.py",
                                                    "args": "--select MOD1"}))
    assert done.returncode == 0 and done.stdout == "" and outputs["exit-code"] == "0"
    done, outputs = job.run_step(STEPS[1], _inputs({"paths": "model.py clean.py",
                                                    "args": "--ignore MOD001"}))
    assert done.returncode == 0 and outputs["exit-code"] == "0"
    # inputs are split on spaces, never evaluated by the shell
    done, _ = job.run_step(STEPS[1], _inputs({"paths": "$(touch pwned) *.py"}))
    assert not (job.workspace / "pwned").exists()
    assert "modlint: error: $(touch: no such file or directory" in done.stderr
    assert "modlint: error: *.py: no such file or directory" in done.stderr


def test_sarif_for_code_scanning(job):
    inputs = _inputs({"output": "sarif", "sarif-file": "out/modlint.sarif"})
    (job.workspace / "out").mkdir()
    done, outputs = job.run_step(STEPS[1], inputs)
    assert done.returncode == 0, done.stderr  # problems go to code scanning
    assert outputs == {"exit-code": "1", "sarif-file": "out/modlint.sarif"}
    log = json.loads((job.workspace / "out" / "modlint.sarif").read_text())
    result, = log["runs"][0]["results"]
    assert result["ruleId"] == "MOD001"
    place = result["locations"][0]["physicalLocation"]
    assert place["artifactLocation"]["uri"] == "model.py"  # relative to the repository root
    assert place["region"]["startLine"] == 8
    upload = STEPS[2]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert _condition(upload["if"], inputs)
    assert (job.workspace / _resolve(upload["with"]["sarif_file"], inputs)).is_file()
    assert not _condition(upload["if"], {**inputs, "upload-sarif": "false"})


def test_a_wrong_output_is_an_error(job):
    done, _ = job.run_step(STEPS[1], _inputs({"output": "xml"}))
    assert done.returncode == 2
    assert "::error title=modlint::the output input must be github or sarif" in done.stdout


def test_the_readme_shows_the_action():
    readme = (ROOT / "README.md").read_text()
    snippet = re.search(r"```yaml\n(# \.github/workflows/modlint\.yml\n.*?uses: modlint/modlint@.*?)```",
                        readme, re.DOTALL)
    assert snippet, "the README has a workflow that uses the action"
    workflow = yaml.safe_load(snippet.group(1))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    used = [s for s in steps if s.get("uses", "").startswith("modlint/modlint@")]
    assert used and all(set(s.get("with", {})) <= set(ACTION["inputs"]) for s in used)


def _is_shallow() -> bool:
    done = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=ROOT,
                          capture_output=True, text=True)
    return done.returncode != 0 or done.stdout.strip() != "false"


@pytest.mark.skipif(_is_shallow(), reason="needs the repository's history")
def test_the_readme_pins_commits_that_exist():
    """The pre-commit `rev:` and the action's `uses: ...@` name commits of this repository
    that hold the hooks and the action."""
    readme = (ROOT / "README.md").read_text()
    pins = {"pre-commit": re.findall(r"^\s*rev: ([0-9a-f]{40})\b", readme, re.MULTILINE),
            "action": re.findall(r"uses: modlint/modlint@([0-9a-f]{40})\b", readme)}
    assert pins["pre-commit"] and pins["action"], pins
    for kind, shas in pins.items():
        wanted = ".pre-commit-hooks.yaml" if kind == "pre-commit" else "action.yml"
        for sha in shas:
            done = subprocess.run(["git", "cat-file", "-e", f"{sha}:{wanted}"], cwd=ROOT)
            assert done.returncode == 0, f"{sha} has no {wanted}"
