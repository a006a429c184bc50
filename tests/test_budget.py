"""A budget per file: a file past it is reported and skipped, the run goes on; a worker
that is killed for it, or dies, is replaced (``workers.py``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BUGGY
from modlint.config import ConfigError, load_config
from modlint.workers import Budget, run

GOOD_LINE = "good.py:8:9: MOD001 "


def modlint(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "modlint", "--no-cache", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stdout + done.stderr
    return done


def _work(item: str, scale: int) -> str:
    if item == "sleep":
        time.sleep(60)
    elif item == "nap":
        time.sleep(1.5)  # waiting, as on a loaded machine: little CPU time
    elif item == "spin":
        end = time.monotonic() + 60
        while time.monotonic() < end:
            pass
    elif item == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    elif item == "grow":
        hoard = []
        while True:  # about 200 MiB a second, touched, until killed
            hoard.append(b"x" * (10 * 1024 * 1024))
            time.sleep(0.05)
    return item * scale


def _failed(item: str, reason: str) -> str:
    return f"{item}: {reason}"


def test_workers_past_the_budget_or_dead_are_replaced_and_the_run_goes_on():
    items = ["a", "sleep", "b", "die", "c", "grow", "d"]
    started = time.monotonic()
    results = run(items, _work, (2,), 2, Budget(seconds=3, memory_mib=400), _failed)
    assert time.monotonic() - started < 60
    assert results[0::2] == ["aa", "bb", "cc", "dd"]
    assert results[1].startswith("sleep: it took longer than the time budget of 3 s")
    assert "--file-time-limit" in results[1] and "`file-time-limit`" in results[1]
    assert results[3] == "die: the worker process analysing it died (killed by signal 9, " \
                         "maybe by the system for want of memory)"
    assert results[5].startswith("grow: it needed more than the memory budget of 400 MiB")
    assert "--file-memory-limit" in results[5]


def test_the_time_budget_counts_cpu_time_and_stops_a_waiting_worker_at_four_times_it():
    started = time.monotonic()
    results = run(["nap", "spin", "sleep"], _work, (1,), 3, Budget(seconds=1, memory_mib=0),
                  _failed)
    assert time.monotonic() - started < 30
    assert results[0] == "nap"  # 1.5 s of wall time, next to no CPU time: not stopped
    assert results[1].startswith("spin: it took longer than the time budget of 1 s")
    assert results[2].startswith("sleep: it took longer than the time budget of 1 s")


def test_without_a_budget_the_results_come_in_order():
    assert run(list("abcde"), _work, (3,), 2, Budget(0, 0), _failed) == \
        ["aaa", "bbb", "ccc", "ddd", "eee"]


def test_a_file_past_the_time_budget_is_reported_and_the_others_are_linted(tmp_path):
    # 80,000 statements: over three seconds of analysis, against a budget five times what
    # the small file needs on a loaded machine
    (tmp_path / "good.py").write_text(BUGGY)
    (tmp_path / "slow.py").write_text(BUGGY + "".join(f"v{i} = {i}\n" for i in range(80_000)))
    done = modlint(tmp_path, "--file-time-limit", "1", "slow.py", "good.py")
    assert done.stdout.startswith(GOOD_LINE)
    assert done.stderr.splitlines() == [
        "modlint: error: slow.py: not analysed: it took longer than the time budget of "
        "1 s per file (raise it with `file-time-limit` in [tool.modlint] or "
        "--file-time-limit SECONDS; 0 for none)"]
    assert done.returncode == 2


def test_a_file_past_the_memory_budget_is_reported_and_the_others_are_linted(tmp_path):
    (tmp_path / "good.py").write_text(BUGGY)
    (tmp_path / "pyproject.toml").write_text("[tool.modlint]\nfile-memory-limit = 150\n")
    (tmp_path / "big.py").write_text(BUGGY + "".join(
        f"def f{i}(x):\n    return x * {i} + 1\n\n" for i in range(20_000)))
    done = modlint(tmp_path, "big.py", "good.py")
    assert done.stdout.startswith(GOOD_LINE)
    assert done.stderr.splitlines() == [
        "modlint: error: big.py: not analysed: it needed more than the memory budget of "
        "150 MiB per file (raise it with `file-memory-limit` in [tool.modlint] or "
        "--file-memory-limit MIB; 0 for none)"]
    assert done.returncode == 2


def test_the_budget_is_read_from_the_configuration(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        "[tool.modlint]\nfile-time-limit = 2.5\nfile-memory-limit = 0\n")
    budget = load_config(str(tmp_path / "pyproject.toml")).budget()
    assert budget == Budget(2.5, 0)
    (tmp_path / "pyproject.toml").write_text("[tool.modlint]\nfile-time-limit = -1\n")
    with pytest.raises(ConfigError, match="file-time-limit: expected a number, 0 or more"):
        load_config(str(tmp_path / "pyproject.toml"))
    (tmp_path / "pyproject.toml").write_text("[tool.modlint]\nfile-memory-limit = true\n")
    with pytest.raises(ConfigError, match="file-memory-limit: expected a number"):
        load_config(str(tmp_path / "pyproject.toml"))
