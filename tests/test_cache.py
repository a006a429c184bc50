"""The result cache: same results, nothing parsed on a warm run, never trusted blindly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from rulebook_pages import bad_examples, page_files

import modlint.engine
from modlint.api import lint_source
from modlint.cache import Entry, ResultCache, fingerprint
from modlint.config import Config
from modlint.engine import FixMode, lint_files
from modlint.project import Declarations, scan

ALL = Config(select=("ALL",))
BUGGY = "import torch\nfrom torch import nn\n\n\nclass Net(nn.Module):\n" \
        "    def __init__(self):\n        super().__init__()\n        self.mask = torch.ones(2)\n\n" \
        "    def forward(self, x):\n        return x * self.mask\n"
CLEAN = "import torch\n\nx = torch.ones(2)\n"


def as_data(results):
    """Everything a report shows, fixes included (Diagnostic equality ignores fixes)."""
    return [(r.path, r.diagnostics, [d.fix for d in r.diagnostics], r.fixed,
             r.fixed_source, r.errors, r.io_error) for r in results]


@pytest.fixture
def project(tmp_path):
    files = []
    for i in range(3):
        path = tmp_path / f"m{i}.py"
        path.write_text(BUGGY if i != 1 else CLEAN)
        files.append(str(path))
    return tmp_path, files


def test_warm_run_gives_the_same_results_and_parses_nothing(project, monkeypatch):
    root, files = project
    cache = ResultCache(str(root / "cache"), ALL)
    cold = lint_files(files, ALL, cache=cache, jobs=1)
    assert [len(r.diagnostics) for r in cold] == [1, 0, 1]
    monkeypatch.setattr(modlint.engine, "lint_text", None)  # calling it would fail
    warm = lint_files(files, ALL, cache=cache, jobs=1)
    assert as_data(warm) == as_data(cold)
    assert warm[0].source == BUGGY  # shown by formats that quote the line


def test_a_changed_file_is_linted_again(project):
    root, files = project
    cache = ResultCache(str(root / "cache"), ALL)
    lint_files(files, ALL, cache=cache, jobs=1)
    Path(files[1]).write_text(BUGGY)
    again = lint_files(files, ALL, cache=cache, jobs=1)
    assert [len(r.diagnostics) for r in again] == [1, 1, 1]


def test_an_unchanged_project_is_not_indexed_again(project, monkeypatch):
    root, files = project
    cache = ResultCache(str(root / "cache"), ALL)
    cold = lint_files(files, ALL, cache=cache, jobs=1)
    monkeypatch.setattr(modlint.engine, "ProjectIndex", None)  # building one would fail
    assert as_data(lint_files(files, ALL, cache=cache, jobs=1)) == as_data(cold)


def test_a_file_is_linted_again_when_another_file_makes_its_base_a_module(tmp_path):
    (tmp_path / "base.py").write_text("class Base:\n    pass\n")
    (tmp_path / "net.py").write_text(
        "import torch\nfrom base import Base\n\n\nclass Net(Base):\n"
        "    def __init__(self):\n        super().__init__()\n        self.mask = torch.ones(2)\n")
    files = [str(tmp_path / "base.py"), str(tmp_path / "net.py")]
    cache = ResultCache(str(tmp_path / "cache"), ALL)
    assert [len(r.diagnostics) for r in lint_files(files, ALL, cache=cache, jobs=1)] == [0, 0]
    (tmp_path / "base.py").write_text("from torch import nn\n\n\nclass Base(nn.Module):\n"
                                      "    pass\n")
    again = lint_files(files, ALL, cache=cache, jobs=1)
    assert [[d.code for d in r.diagnostics] for r in again] == [[], ["MOD001"]]


def test_configuration_and_version_are_part_of_the_key(project):
    root, files = project
    assert fingerprint(ALL) == fingerprint(Config(select=("ALL",)))
    assert fingerprint(ALL) != fingerprint(Config(select=("MOD1",)))
    assert fingerprint(ALL) != fingerprint(replace(ALL, extend_module_bases=frozenset({"a.B"})))
    cache = ResultCache(str(root / "cache"), ALL)
    lint_files(files, ALL, cache=cache, jobs=1)
    other = Config(select=("MOD101",))
    results = lint_files(files, other, cache=ResultCache(str(root / "cache"), other), jobs=1)
    assert [len(r.diagnostics) for r in results] == [0, 0, 0]


def test_a_corrupt_or_foreign_entry_is_ignored(project):
    root, files = project
    cache = ResultCache(str(root / "cache"), ALL)
    cold = lint_files(files, ALL, cache=cache, jobs=1)
    entries = sorted(Path(cache.folder).glob("*.json"))
    assert len(entries) == 3
    entries[0].write_bytes(b"\x00{not json")
    entries[1].write_text(json.dumps({"content": "x", "diagnostics": 3}))
    entries[2].write_text(json.dumps({"content": 1}))
    assert as_data(lint_files(files, ALL, cache=cache, jobs=1)) == as_data(cold)
    path = files[0]
    entry = json.loads(Path(cache._entry(path)).read_text())
    entry["diagnostics"] = [{"code": "MOD001"}]
    Path(cache._entry(path)).write_text(json.dumps(entry))
    assert cache.load(path) is None
    entry["declarations"] = {"classes": 3, "other": 4}
    Path(cache._entry(path)).write_text(json.dumps(entry))
    assert cache.load(path) is None


def test_diagnostics_and_fixes_round_trip_exactly(tmp_path):
    cache = ResultCache(str(tmp_path), ALL)
    count = 0
    for page in page_files():
        for bad, _ in bad_examples(page):
            diagnostics = lint_source(bad.code, ALL).diagnostics
            declared = scan(bad.code.encode())
            cache.store("example.py", Entry("d", declared, "p", ["a.B"], diagnostics))
            stored = cache.load("example.py")
            assert stored is not None and stored.declarations == declared
            again = stored.diagnostics
            assert again == diagnostics
            assert [d.fix for d in again] == [d.fix for d in diagnostics]
            count += sum(d.fix is not None for d in diagnostics)
    assert count > 0


def test_fixing_never_skips_a_write(project):
    root, files = project
    cache = ResultCache(str(root / "cache"), ALL)
    lint_files(files, ALL, cache=cache, jobs=1)  # the entries say: one safe fix each
    results = lint_files(files, ALL, FixMode.WRITE, cache=cache, jobs=1)
    assert [r.fixed for r in results] == [1, 0, 1]
    assert "register_buffer" in Path(files[0]).read_text()
    # and the fixed files are then linted, not taken from the old entries
    assert [len(r.diagnostics) for r in lint_files(files, ALL, cache=cache, jobs=1)] \
        == [0, 0, 0]


def test_a_clean_file_comes_from_the_cache_when_fixing(project, monkeypatch):
    root, files = project
    cache = ResultCache(str(root / "cache"), ALL)
    lint_files(files, ALL, cache=cache, jobs=1)
    calls = root / "calls"  # a file: the lint runs in a worker process
    real = modlint.engine.lint_text

    def recorded(path, *rest):
        with open(calls, "a") as log:
            log.write(path + "\n")
        return real(path, *rest)

    monkeypatch.setattr(modlint.engine, "lint_text", recorded)
    lint_files(files, ALL, FixMode.WRITE, cache=cache, jobs=1)
    assert calls.read_text().splitlines() == [files[0], files[2]]


def test_concurrent_writers_never_expose_half_an_entry(tmp_path):
    cache = ResultCache(str(tmp_path), ALL)
    diagnostics = lint_source(BUGGY, ALL).diagnostics * 200
    stop = threading.Event()
    seen = []

    def write():
        while not stop.is_set():
            cache.store("m.py", Entry("d", Declarations(), "p", [], diagnostics))

    cache.store("m.py", Entry("d", Declarations(), "p", [], diagnostics))  # an entry exists from the start
    writers = [threading.Thread(target=write) for _ in range(3)]
    for thread in writers:
        thread.start()
    try:
        for _ in range(300):
            found = cache.load("m.py")
            if found is not None:
                seen.append(len(found.diagnostics))
    finally:
        stop.set()
        for thread in writers:
            thread.join()
    assert seen and set(seen) == {len(diagnostics)}
    assert not [p for p in Path(cache.folder).iterdir() if p.name.startswith(".tmp")]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "MODLINT_CACHE_DIR"}
    return subprocess.run([sys.executable, "-m", "modlint", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_cli_cache_location_and_switches(project):
    root, _ = project
    (root / "pyproject.toml").write_text("[tool.modlint]\n")
    (root / "sub").mkdir()
    first = run(".", cwd=root)
    assert (root / ".modlint_cache").is_dir()
    assert (root / ".modlint_cache" / ".gitignore").read_text().strip().endswith("*")
    assert run(".", cwd=root).stdout == first.stdout
    assert run("..", cwd=root / "sub").stdout.count("MOD001") == 2
    assert not (root / "sub" / ".modlint_cache").exists()  # the project root's is used
    run(".", "--cache-dir", str(root / "elsewhere"), cwd=root)
    assert (root / "elsewhere").is_dir()
    other = root.parent / (root.name + "-nocache")
    other.mkdir()
    (other / "m.py").write_text(BUGGY)
    assert run(".", "--no-cache", cwd=other).returncode == 1
    assert not (other / ".modlint_cache").exists()
