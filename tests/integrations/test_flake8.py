"""The flake8 plugin, through the real flake8."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("flake8", reason="the flake8 plugin tests need flake8: pip install -e '.[test]'")

from flake8.defaults import VALID_CODE_PREFIX  # noqa: E402
from flake8.options.parse_args import parse_args  # noqa: E402

import modlint.api  # noqa: E402
import modlint.flake8  # noqa: E402
from frontends import BUGGY, CLEAN, flake8_config, report_lines, run_flake8, run_modlint  # noqa: E402
from modlint.rules import all_rules  # noqa: E402

if sys.version_info >= (3, 11):
    import tomllib
else:
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parents[2]


def test_the_entry_point_is_declared_under_the_mod_prefix():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    entry_points = project["project"]["entry-points"]["flake8.extension"]
    assert entry_points == {"MOD": "modlint.flake8:Plugin"}
    assert re.match(VALID_CODE_PREFIX, "MOD")


def test_flake8_reports_exactly_what_modlint_reports(tmp_path):
    (tmp_path / "model.py").write_text(BUGGY, encoding="utf-8")
    through_flake8 = run_flake8("--select=MOD", "model.py", cwd=tmp_path)
    through_modlint = run_modlint("model.py", cwd=tmp_path)
    assert through_flake8.returncode == 1, through_flake8.stderr
    expected = report_lines(through_modlint.stdout)
    assert len(expected) == 4
    # Same lines, columns, codes and messages: the two outputs share flake8's shape.
    assert report_lines(through_flake8.stdout) == expected


def test_a_clean_file_passes(tmp_path):
    (tmp_path / "model.py").write_text(CLEAN, encoding="utf-8")
    result = run_flake8("--select=MOD", "model.py", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, ""), result.stderr


def test_noqa_is_flake8s_own(tmp_path):
    """`# noqa: MOD001` silences the finding through flake8, and flake8's
    --disable-noqa brings it back: the plugin leaves noqa to flake8."""
    (tmp_path / "model.py").write_text(BUGGY, encoding="utf-8")
    kept = run_flake8("--select=MOD", "model.py", cwd=tmp_path).stdout
    everything = run_flake8("--select=MOD", "--disable-noqa", "model.py", cwd=tmp_path).stdout
    silenced = set(report_lines(everything)) - set(report_lines(kept))
    assert [line.split(": ")[1].split()[0] for line in silenced] == ["MOD001"]
    assert all(":20:" in line for line in silenced)


def test_other_plugins_codes_are_not_affected(tmp_path):
    (tmp_path / "model.py").write_text(BUGGY + "import os\n", encoding="utf-8")
    result = run_flake8("--select=F401,MOD101", "model.py", cwd=tmp_path)
    codes = sorted(line.split(": ")[1].split()[0] for line in report_lines(result.stdout))
    assert codes == ["F401", "MOD101"]


def _options(tmp_path, *args: str):
    """Run flake8's own option parsing (which calls the plugin's hooks) for ``args``."""
    parse_args([*flake8_config(tmp_path), *args])


def _plugin_findings(path: Path) -> list[tuple]:
    text = path.read_text(encoding="utf-8")
    plugin = modlint.flake8.Plugin(ast.parse(text), str(path), text.splitlines(keepends=True))
    return list(plugin.run())


def test_opt_in_rules_are_off_by_default_in_flake8(tmp_path):
    _options(tmp_path)
    assert modlint.flake8.Plugin.selected == tuple(r.code for r in all_rules() if r.default)
    _options(tmp_path, "--select=MOD")
    assert modlint.flake8.Plugin.selected == tuple(r.code for r in all_rules())


def test_the_default_ignore_list_names_the_opt_in_rules(tmp_path):
    from flake8.options.manager import OptionManager

    manager = OptionManager(version="0", plugin_versions="", parents=[], formatter_names=[])
    modlint.flake8.Plugin.add_options(manager)
    assert manager.extended_default_ignore == [r.code for r in all_rules() if not r.default]


def test_the_selection_reaches_the_rules(tmp_path):
    path = tmp_path / "model.py"
    path.write_text(BUGGY, encoding="utf-8")
    _options(tmp_path, "--select=MOD1")
    assert {message.split()[0] for _, _, message, _ in _plugin_findings(path)} == {
        "MOD101", "MOD102"}


def test_nothing_is_parsed_when_mod_is_not_selected(tmp_path, monkeypatch):
    path = tmp_path / "model.py"
    path.write_text(BUGGY, encoding="utf-8")
    _options(tmp_path, "--select=E")
    assert modlint.flake8.Plugin.selected == ()
    monkeypatch.setattr(modlint.api, "lint_source", _must_not_lint)
    assert _plugin_findings(path) == []


def test_nothing_is_parsed_when_the_file_never_mentions_torch(tmp_path, monkeypatch):
    path = tmp_path / "model.py"
    path.write_text(BUGGY.replace("torch", "jax"), encoding="utf-8")
    _options(tmp_path, "--select=MOD")
    monkeypatch.setattr(modlint.api, "lint_source", _must_not_lint)
    assert _plugin_findings(path) == []


def _must_not_lint(*args, **kwargs):
    raise AssertionError("the plugin parsed a file it should have skipped")


OTHER_BASE = (
    "import torch\n"
    "from mylib import Base\n"
    "\n"
    "\n"
    "class Model(Base):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.mask = torch.ones(3)\n"
)


def test_module_bases_come_from_pyproject_and_the_rules_from_flake8(tmp_path):
    (tmp_path / "model.py").write_text(OTHER_BASE, encoding="utf-8")
    assert report_lines(run_flake8("--select=MOD", "model.py", cwd=tmp_path).stdout) == []
    (tmp_path / "pyproject.toml").write_text(
        '[tool.modlint]\nextend-module-bases = ["mylib.Base"]\nignore = ["MOD001"]\n',
        encoding="utf-8")
    result = run_flake8("--select=MOD", "model.py", cwd=tmp_path)
    assert [line.split(": ")[1].split()[0] for line in report_lines(result.stdout)] == [
        "MOD001"]
    assert report_lines(result.stdout) == report_lines(
        run_modlint("--select=MOD001", "model.py", cwd=tmp_path).stdout)


def test_a_broken_pyproject_is_reported_once_per_file(tmp_path):
    (tmp_path / "model.py").write_text(BUGGY, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[tool.modlint]\nselekt = 1\n", encoding="utf-8")
    result = run_flake8("--select=MOD", "model.py", cwd=tmp_path)
    lines = report_lines(result.stdout)
    assert len(lines) == 1 and lines[0].startswith("model.py:1:1: MOD000 configuration error")
    assert "pyproject.toml" in lines[0] and "selekt" in lines[0]


def test_a_file_that_cannot_hold_a_finding_costs_no_libcst_import(tmp_path):
    (tmp_path / "plain.py").write_text("import os\n\nprint(os.sep)\n", encoding="utf-8")
    (tmp_path / "model.py").write_text(BUGGY, encoding="utf-8")
    imports = [sys.executable, "-X", "importtime", "-m", "flake8", *flake8_config(tmp_path),
               "--select=MOD"]
    plain = subprocess.run([*imports, "plain.py"], cwd=tmp_path, capture_output=True,
                           text=True, timeout=120)
    model = subprocess.run([*imports, "model.py"], cwd=tmp_path, capture_output=True,
                           text=True, timeout=120)
    assert plain.returncode == 0 and "modlint.gate" in plain.stderr  # the plugin ran
    assert "libcst" not in plain.stderr
    assert model.returncode == 1 and "libcst" in model.stderr


def test_a_base_defined_in_another_file_of_the_project(tmp_path):
    """flake8 gives the plugin one file; the plugin reads the project around it."""
    from frontends import PROJECT, PROJECT_FINDING, write_project

    write_project(tmp_path, PROJECT)
    done = run_flake8("--select=MOD", "pkg/model.py", cwd=tmp_path)
    assert [line.split(" `")[0] for line in report_lines(done.stdout)] == [PROJECT_FINDING]
    assert report_lines(done.stdout) == report_lines(run_modlint("pkg/model.py",
                                                                 cwd=tmp_path).stdout)
    # from inside the package, and on standard input under the file's name
    inside = run_flake8("--select=MOD", "model.py", cwd=tmp_path / "pkg")
    assert [line.split(" `")[0] for line in report_lines(inside.stdout)] == \
        ["model.py:9:9: MOD001"]
    stdin = subprocess.run([sys.executable, "-m", "flake8", *flake8_config(tmp_path),
                            "--select=MOD", "--stdin-display-name", "pkg/model.py", "-"],
                           input=PROJECT["pkg/model.py"], cwd=tmp_path, capture_output=True,
                           text=True, timeout=120)
    assert [line.split(" `")[0] for line in report_lines(stdin.stdout)] == [PROJECT_FINDING]
