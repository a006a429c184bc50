"""The pre-commit hooks, run by the real pre-commit from a throwaway repository.

pre-commit clones a hook repository at a revision, so this tests the HEAD commit of the
checkout under test (commit before running it), installed by pre-commit into its own
virtual environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from frontends import BUGGY, CLEAN
from modlint.api import fix_source

pytest.importorskip("pre_commit", reason="needs pre-commit: pip install -e '.[test]'")

ROOT = Path(__file__).resolve().parents[2]
# Nothing of the calling environment's git state (hooks set GIT_DIR, GIT_INDEX_FILE...).
ENV = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}


def _git(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=ENV, capture_output=True, text=True)


@pytest.fixture(scope="module")
def head() -> str:
    top = _git("rev-parse", "--show-toplevel", cwd=ROOT)
    if top.returncode != 0 or Path(top.stdout.strip()).resolve() != ROOT:
        pytest.skip("the pre-commit hooks are tested from a git checkout of modlint "
                    "(pre-commit installs hooks from a commit); this copy has no history")
    return _git("rev-parse", "HEAD", cwd=ROOT).stdout.strip()


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    """Shared by the tests so that pre-commit builds modlint's environment once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def _run_hook(hook: str, files: dict[str, str], folder: Path, head: str,
              home: Path) -> subprocess.CompletedProcess:
    folder.mkdir()
    assert _git("init", "-q", cwd=folder).returncode == 0
    (folder / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {ROOT}\n  rev: {head}\n  hooks:\n  - id: {hook}\n", encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert _git("add", "-A", cwd=folder).returncode == 0
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files",
                           "--show-diff-on-failure", "--color=never"],
                          cwd=folder, env={**ENV, "PRE_COMMIT_HOME": str(home)},
                          capture_output=True, text=True, timeout=900)


def test_the_check_hook_fails_on_a_buggy_file(tmp_path, head, pre_commit_home):
    result = _run_hook("modlint", {"model.py": BUGGY, "clean.py": CLEAN}, tmp_path / "repo",
                       head, pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "model.py:7:9: MOD102" in result.stdout
    assert "clean.py" not in result.stdout
    assert (tmp_path / "repo" / "model.py").read_text(encoding="utf-8") == BUGGY


def test_the_check_hook_passes_a_clean_file(tmp_path, head, pre_commit_home):
    result = _run_hook("modlint", {"clean.py": CLEAN}, tmp_path / "repo", head,
                       pre_commit_home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_the_fix_hook_rewrites_the_file(tmp_path, head, pre_commit_home):
    result = _run_hook("modlint-fix", {"model.py": BUGGY}, tmp_path / "repo", head,
                       pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout
    fixed = (tmp_path / "repo" / "model.py").read_text(encoding="utf-8")
    assert fixed != BUGGY
    assert fixed == fix_source(BUGGY).source


def _install(folder: Path, hook: str, head: str) -> None:
    folder.mkdir()
    assert _git("init", "-q", cwd=folder).returncode == 0
    for key, value in (("user.email", "test@example.com"), ("user.name", "test"),
                       ("commit.gpgsign", "false")):
        _git("config", key, value, cwd=folder)
    (folder / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {ROOT}\n  rev: {head}\n  hooks:\n  - id: {hook}\n", encoding="utf-8")


def _run_on_staged(folder: Path, home: Path) -> subprocess.CompletedProcess:
    """`pre-commit run` as the git hook runs it: on the staged files only."""
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--color=never"],
                          cwd=folder, env={**ENV, "PRE_COMMIT_HOME": str(home)},
                          capture_output=True, text=True, timeout=900)


def test_the_hook_given_only_the_changed_file_knows_the_project(tmp_path, head,
                                                                pre_commit_home):
    """The base was committed earlier; only the model is staged, and pre-commit passes
    only it: the hook still knows the base, and a notebook staged with it too."""
    from frontends import NOTEBOOK_FINDING, PROJECT, notebook_json, write_project

    repo = tmp_path / "repo"
    _install(repo, "modlint", head)
    write_project(repo, {name: text for name, text in PROJECT.items()
                         if name != "pkg/model.py"})
    _git("add", ".", cwd=repo)
    assert _git("commit", "-q", "--no-verify", "-m", "base", cwd=repo).returncode == 0
    write_project(repo, {"pkg/model.py": PROJECT["pkg/model.py"]})
    (repo / "nb.ipynb").write_text(notebook_json(), encoding="utf-8")
    _git("add", "pkg/model.py", "nb.ipynb", cwd=repo)
    result = _run_on_staged(repo, pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "pkg/model.py:9:9: MOD001" in result.stdout
    assert "nb.ipynb" + NOTEBOOK_FINDING in result.stdout
    assert "pkg/base.py:" not in result.stdout  # not given, not reported


def test_the_fix_hook_fixes_a_notebook_in_its_layout(tmp_path, head, pre_commit_home):
    from frontends import PROJECT, notebook_json, write_project

    repo = tmp_path / "repo"
    _install(repo, "modlint-fix", head)
    write_project(repo, PROJECT)
    (repo / "nb.ipynb").write_text(notebook_json(), encoding="utf-8")
    _git("add", ".", cwd=repo)
    result = _run_on_staged(repo, pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr  # files were rewritten
    fixed = (repo / "nb.ipynb").read_text(encoding="utf-8")
    before = notebook_json()
    assert [(a, b) for a, b in zip(before.splitlines(), fixed.splitlines()) if a != b] == [
        ('    "        self.mask = torch.ones(2)\\n",',
         '    "        self.register_buffer(\\"mask\\", torch.ones(2), persistent=False)\\n",')]
    assert "register_buffer" in (repo / "pkg" / "model.py").read_text(encoding="utf-8")
