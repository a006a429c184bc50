"""`--fix` never damages a file: atomic writes that keep what the file was, no lost
concurrent edit, no rewrite of an unchanged file, and nothing half-written when killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from modlint import engine, messages
from modlint.api import fix_source
from modlint.config import Config
from modlint.engine import FixMode, Task, check_file
from modlint.fixing import FileChangedError, write_atomic

from conftest import BUGGY

FIXED = fix_source(BUGGY).source
CLEAN = "import torch\n\nx = torch.ones(2)\n"


def fix(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "modlint", "--no-cache", "--fix", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=600)
    assert "Traceback" not in done.stderr
    return done


def test_the_fix_changes_the_file():
    assert FIXED != BUGGY and "register_buffer" in FIXED


def test_mode_bom_encoding_and_newlines_are_kept(tmp_path):
    files = {
        "bom.py": b"\xef\xbb\xbf" + BUGGY.encode(),
        "crlf.py": BUGGY.replace("\n", "\r\n").encode(),
        "latin.py": ("# -*- coding: latin-1 -*-\n# \xe9t\xe9\n" + BUGGY).encode("latin-1"),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        (tmp_path / name).chmod(0o751)
    done = fix(tmp_path, ".")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "bom.py").read_bytes() == b"\xef\xbb\xbf" + FIXED.encode()
    assert (tmp_path / "crlf.py").read_bytes() == FIXED.replace("\n", "\r\n").encode()
    assert (tmp_path / "latin.py").read_bytes() == (
        "# -*- coding: latin-1 -*-\n# \xe9t\xe9\n" + FIXED).encode("latin-1")
    for name in files:
        assert (tmp_path / name).stat().st_mode & 0o7777 == 0o751
    assert sorted(os.listdir(tmp_path)) == sorted(files)  # no temporary file left behind


def test_mixed_newlines_stay_as_they_were_line_by_line(tmp_path):
    lines = BUGGY.splitlines(keepends=True)
    lines[0] = lines[0].replace("\n", "\r\n")
    (tmp_path / "mixed.py").write_bytes("".join(lines).encode())
    fix(tmp_path, "mixed.py")
    data = (tmp_path / "mixed.py").read_bytes()
    assert data.startswith(b"import torch\r\nfrom torch import nn\n")
    assert b"register_buffer" in data


def test_a_symbolic_link_stays_a_link_and_its_target_is_fixed(tmp_path):
    (tmp_path / "real.py").write_text(BUGGY)
    os.symlink("real.py", tmp_path / "link.py")
    fix(tmp_path, "link.py")
    assert os.path.islink(tmp_path / "link.py")
    assert (tmp_path / "real.py").read_text() == FIXED


def test_an_unchanged_file_keeps_its_modification_time(tmp_path):
    (tmp_path / "clean.py").write_text(CLEAN)
    (tmp_path / "buggy.py").write_text(BUGGY)
    past = time.time_ns() - 3600 * 10**9
    for name in ("clean.py", "buggy.py"):
        os.utime(tmp_path / name, ns=(past, past))
    fix(tmp_path, ".")
    assert (tmp_path / "clean.py").stat().st_mtime_ns == past
    assert (tmp_path / "buggy.py").stat().st_mtime_ns != past


def test_fixing_twice_changes_nothing_the_second_time(tmp_path):
    (tmp_path / "buggy.py").write_text(BUGGY)
    first = fix(tmp_path, "--unsafe-fixes", ".")
    after_first = (tmp_path / "buggy.py").read_bytes()
    second = fix(tmp_path, "--unsafe-fixes", ".")
    assert first.returncode == second.returncode == 0
    assert (tmp_path / "buggy.py").read_bytes() == after_first
    assert second.stdout.strip() == "All checks passed!"


def test_write_atomic_refuses_a_file_changed_since_it_was_read(tmp_path):
    path = tmp_path / "a.py"
    path.write_text("edited meanwhile\n")
    with pytest.raises(FileChangedError):
        write_atomic(str(path), b"new\n", expected=b"as read\n")
    assert path.read_text() == "edited meanwhile\n"
    assert os.listdir(tmp_path) == ["a.py"]


def test_a_file_edited_while_being_fixed_is_not_overwritten(tmp_path, monkeypatch):
    path = tmp_path / "a.py"
    path.write_text(BUGGY)
    lint_text = engine.lint_text

    def edited_meanwhile(*args, **kwargs):
        result = lint_text(*args, **kwargs)
        path.write_text(BUGGY + "# the user's edit\n")
        return result

    monkeypatch.setattr(engine, "lint_text", edited_meanwhile)
    result = check_file(Task(str(path), Config()), FixMode.WRITE)
    assert result.io_error == messages.CHANGED_ON_DISK
    assert path.read_text() == BUGGY + "# the user's edit\n"


def test_a_killed_fix_run_leaves_every_file_old_or_new(tmp_path):
    count = 400
    for i in range(count):
        (tmp_path / f"m{i:03d}.py").write_text(BUGGY)
    process = subprocess.Popen(
        [sys.executable, "-m", "modlint", "--no-cache", "--fix", "."], cwd=tmp_path,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and process.poll() is None:
            if (tmp_path / "m000.py").read_text() == FIXED:  # writing has begun
                break
            time.sleep(0.01)
        still_running = process.poll() is None
        os.killpg(process.pid, signal.SIGKILL)  # the workers too
    finally:
        process.wait()
    contents = [p.read_text() for p in tmp_path.glob("*.py")]
    assert len(contents) == count
    assert all(text in (BUGGY, FIXED) for text in contents)
    if still_running:  # killed mid-run: some files were left as they were
        assert BUGGY in contents
