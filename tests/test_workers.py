"""Worker processes: the same, sorted results whatever the number of processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from modlint.config import Config
from modlint.engine import FixMode, lint_files, worker_count

ALL = Config(select=("ALL",))
TEMPLATE = """import torch
from torch import nn


class Net{i}(nn.Module):
    def __init__(self):
        {body}
        self.mask = torch.ones({i})

    def forward(self, x):
        return x * self.mask
"""


def make_files(folder: Path, count: int) -> list[str]:
    paths = []
    for i in range(count):
        body = "super().__init__()" if i % 3 else "pass"
        path = folder / f"m{i:02}.py"
        path.write_text(TEMPLATE.format(i=i, body=body) * (1 + i % 4))
        paths.append(str(path))
    return paths


def as_data(results):
    return [(r.path, r.diagnostics, [d.fix for d in r.diagnostics], r.fixed_source)
            for r in results]


def test_worker_count():
    assert worker_count(1, 8) == 1  # one file: no process is started
    assert worker_count(3) == 1
    assert worker_count(100, 1) == 1
    assert worker_count(100, 3) == 3
    assert worker_count(9, 8) == 2  # a few files per worker at least
    assert worker_count(1000) >= 1


def test_workers_give_the_serial_results_in_order(tmp_path):
    paths = make_files(tmp_path, 24)
    serial = lint_files(paths, ALL, jobs=1)
    parallel = lint_files(paths, ALL, jobs=3)
    assert as_data(parallel) == as_data(serial)
    assert sum(len(r.diagnostics) for r in serial) > 24


def test_workers_fix_files_as_the_serial_run_does(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    serial = lint_files(make_files(one, 12), ALL, FixMode.WRITE, True, jobs=1)
    parallel = lint_files(make_files(two, 12), ALL, FixMode.WRITE, True, jobs=2)
    assert [r.fixed for r in parallel] == [r.fixed for r in serial]
    assert sorted(p.read_text() for p in one.iterdir()) == \
        sorted(p.read_text() for p in two.iterdir())


def test_cli_output_does_not_depend_on_jobs(tmp_path):
    make_files(tmp_path, 20)
    runs = [subprocess.run([sys.executable, "-m", "modlint", ".", "--no-cache", "-j", jobs],
                           cwd=tmp_path, capture_output=True, text=True, timeout=120,
                           env={k: v for k, v in os.environ.items()})
            for jobs in ("1", "2", "4")]
    assert runs[0].stdout.count("MOD") > 20
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout
    lines = [line.split(":")[0:2] for line in runs[0].stdout.splitlines() if ": MOD" in line]
    assert lines == sorted(lines, key=lambda item: (item[0], int(item[1])))
