"""Whatever a repository holds, modlint reports it in one line and goes on.

Every case runs the real command line next to a file with a known problem, which must
still be reported: one bad file never stops the run, and no traceback reaches the user.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BUGGY

BUGGY_LINE = "good.py:8:9: MOD001 "


def run(cwd: Path, *args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    done = subprocess.run([*prefix, sys.executable, "-m", "modlint", "--no-cache", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=600)
    assert "Traceback" not in done.stderr + done.stdout
    return done


def lint_next_to_good(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    (tmp_path / "good.py").write_text(BUGGY)
    done = run(tmp_path, *args, "good.py")
    assert BUGGY_LINE in done.stdout  # the other file is still linted
    return done


def errors(done: subprocess.CompletedProcess) -> list[str]:
    return [line for line in done.stderr.splitlines() if line.startswith("modlint:")]


# -- files that do not parse ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ('print "hello"\n', 'bad.py:1:1: MOD000 syntax error: Missing parentheses in call to '
                        "'print'. Did you mean print(...)?"),
    ("if True:\n    raise ValueError, 'bad'\n",
     "bad.py:2:21: MOD000 syntax error: invalid syntax"),
    ("mode = 0777\n", "bad.py:1:8: MOD000 syntax error: leading zeros in decimal integer "
                      "literals are not permitted; use an 0o prefix for octal integers"),
    (BUGGY[:BUGGY.index("(self)") + 2], "bad.py:6:17: MOD000 syntax error: '(' was never closed"),
])
def test_a_file_that_does_not_parse_is_mod000(tmp_path, text, expected):
    (tmp_path / "bad.py").write_text(text)
    done = lint_next_to_good(tmp_path, "bad.py")
    assert expected in done.stdout.splitlines()
    assert done.returncode == 1 and errors(done) == []


def test_non_utf8_without_a_coding_cookie_is_mod000(tmp_path):
    (tmp_path / "bad.py").write_bytes(b'name = "caf\xe9"\n')
    done = lint_next_to_good(tmp_path, "bad.py")
    assert ("bad.py:1:1: MOD000 cannot decode the file: invalid or missing encoding "
            "declaration") in done.stdout.splitlines()
    assert done.returncode == 1


def test_a_coding_cookie_is_honoured_and_kept_by_fixes(tmp_path):
    source = "# -*- coding: latin-1 -*-\n# caf\xe9\n" + BUGGY
    (tmp_path / "latin.py").write_bytes(source.encode("latin-1"))
    done = run(tmp_path, "latin.py")
    assert "latin.py:10:9: MOD001 " in done.stdout
    run(tmp_path, "--fix", "latin.py")
    data = (tmp_path / "latin.py").read_bytes()
    assert b"# caf\xe9\n" in data and b"register_buffer" in data


def test_binary_junk_named_py_is_mod000(tmp_path):
    junk = random.Random(8).randbytes(4096)
    (tmp_path / "junk.py").write_bytes(junk)
    (tmp_path / "nul.py").write_bytes(b"x = 1\x00\n")
    done = lint_next_to_good(tmp_path, "junk.py", "nul.py")
    lines = done.stdout.splitlines()
    assert any(line.startswith("junk.py:1:1: MOD000 cannot decode the file") for line in lines)
    assert any(line.startswith("nul.py:") and " MOD000 " in line for line in lines)
    assert done.returncode == 1


# -- files that parse, in every shape --------------------------------------------------------

def test_bom_crlf_mixed_newlines_and_tabs_are_linted_at_the_right_place(tmp_path):
    (tmp_path / "bom.py").write_bytes(b"\xef\xbb\xbf" + BUGGY.encode())
    (tmp_path / "crlf.py").write_bytes(BUGGY.replace("\n", "\r\n").encode())
    mixed = BUGGY.splitlines(keepends=True)
    mixed[1::2] = [line.replace("\n", "\r\n") for line in mixed[1::2]]
    (tmp_path / "mixed.py").write_text("".join(mixed), newline="")
    (tmp_path / "tabs.py").write_text(BUGGY.replace("    ", "\t"))
    done = run(tmp_path, "bom.py", "crlf.py", "mixed.py", "tabs.py")
    assert [line.split(" MOD001 ")[0] for line in done.stdout.splitlines()[:4]] == [
        "bom.py:8:9:", "crlf.py:8:9:", "mixed.py:8:9:", "tabs.py:8:3:"]
    assert done.returncode == 1


def test_empty_file(tmp_path):
    (tmp_path / "empty.py").write_bytes(b"")
    done = run(tmp_path, "empty.py")
    assert done.returncode == 0 and done.stdout.strip() == "All checks passed!"


def test_a_10_mb_generated_file_is_linted_to_its_last_line(tmp_path):
    filler = "".join(f"# generated line {i:07d} " + "x" * 70 + "\n" for i in range(110_000))
    (tmp_path / "big.py").write_text(filler + BUGGY)
    assert (tmp_path / "big.py").stat().st_size > 10_000_000
    done = run(tmp_path, "big.py")
    assert f"big.py:{110_000 + 8}:9: MOD001 " in done.stdout
    assert done.returncode == 1


LIMIT = "(a limit of Python itself)"
PYTHON_GIVES_UP = ("MOD000 too deeply nested or too large: Python's own parser gives up on it "
                   "(out of memory)")
TOO_DEEP = "MOD000 too deeply nested: Python refuses to compile it (maximum recursion depth"


@pytest.mark.parametrize(("text", "expected"), [
    ("x = " + "(" * 5000 + "1" + ")" * 5000 + "\n",
     f"deep.py:1:205: MOD000 syntax error: too many nested parentheses {LIMIT}"),
    ("x = " + "[" * 100_000 + "]" * 100_000 + "\n",
     f"deep.py:1:205: MOD000 syntax error: too many nested parentheses {LIMIT}"),
    ("x = " + "-" * 50_000 + "1\n", f"deep.py:1:1: {PYTHON_GIVES_UP}"),
    ("x = " + "not " * 20_000 + "y\n", f"deep.py:1:1: {PYTHON_GIVES_UP}"),
    ("import torch\nx = " + "**".join(["y"] * 20_000) + "\n", f"deep.py:1:1: {PYTHON_GIVES_UP}"),
    # CPython refuses these in milliseconds; LibCST's parser is quadratic on them (a
    # 20,000-operand sum took more than 400 s before the check)
    ("import torch\nx = " + "+".join(["y"] * 20_000) + "\n", f"deep.py:1:1: {TOO_DEEP}"),
    ("import torch\nx = (" + " +\n  ".join(["y"] * 5_000) + ")\n", f"deep.py:1:1: {TOO_DEEP}"),
    ("import torch\nx = y" + ".a" * 20_000 + "\n", f"deep.py:1:1: {TOO_DEEP}"),
    ("import torch\nx = f" + "()" * 20_000 + "\n", f"deep.py:1:1: {TOO_DEEP}"),
    ("import torch\nx = " + "a if b else " * 5_000 + "c\n", f"deep.py:1:1: {TOO_DEEP}"),
    ("".join(" " * i + "if x:\n" for i in range(120)) + " " * 120 + "pass\n",
     f"deep.py:101:1: MOD000 syntax error: too many levels of indentation {LIMIT}"),
    ("".join(" " * i + f"for x{i} in y:\n" for i in range(25)) + " " * 25 + "pass\n",
     f"deep.py:21:21: MOD000 syntax error: too many statically nested blocks {LIMIT}"),
])
def test_what_python_refuses_is_mod000_at_once(tmp_path, text, expected):
    (tmp_path / "deep.py").write_text(text)
    started = time.monotonic()
    done = lint_next_to_good(tmp_path, "deep.py")
    assert time.monotonic() - started < 60  # about a second; generous for a loaded machine
    assert any(line.startswith(expected) for line in done.stdout.splitlines()), done.stdout
    assert done.returncode == 1 and done.stderr == ""


@pytest.mark.parametrize("text", [
    "import torch\nx = " + "-" * 2000 + "y\n",  # past the pre-check's 1000 unary operators
    "import torch\nx = " + " and ".join(["y"] * 5_000) + "\n",  # flat for CPython
    "import torch\nx = " + "<".join(["y"] * 20_000) + "\n",
    "import torch\nx = " + "+".join(["y"] * 1_500) + "\n",
])
def test_what_python_compiles_is_never_mod000(tmp_path, text):
    (tmp_path / "deep.py").write_text(BUGGY + text)
    done = run(tmp_path, "deep.py")
    assert done.stdout.splitlines()[0].startswith("deep.py:8:9: MOD001 ")
    assert "MOD000" not in done.stdout and done.stderr == ""


@pytest.mark.parametrize(("text", "reason"), [
    # 20,000 implicitly concatenated strings: one flat constant for CPython, too deep for
    # LibCST's parser
    ("import torch\nx = " + " ".join(['"a"'] * 20_000) + "\n",
     "LibCST cannot parse this file, which Python compiles (parser error: "),
    # 20,000 operands of `and`: flat for CPython, 20,000 levels deep for LibCST
    ("import torch\nx = " + " and ".join(["y"] * 20_000) + "\n",
     "too deeply nested to analyse (the recursion limit was reached)"),
])
def test_what_python_compiles_but_modlint_cannot_analyse_is_said_plainly(tmp_path, text,
                                                                          reason):
    (tmp_path / "deep.py").write_text(BUGGY + text)  # a module class: the gate lets it in
    done = lint_next_to_good(tmp_path, "deep.py")
    assert "MOD000" not in done.stdout
    assert len(errors(done)) == 1
    assert errors(done)[0].startswith(f"modlint: error: deep.py: not analysed: {reason}")
    assert done.returncode == 2


MIXED_TABS = (  # CPython reads it: an indentation may grow from a tab to twelve spaces
    "import torch\n"
    "from torch import nn\n"
    "\n"
    "\n"
    "class Net(nn.Module):\n"
    "\tdef __init__(self):\n"
    "            super().__init__()\n"
    "            self.mask = torch.ones(3)\n"
    "\n"
    "\tdef forward(self, x):\n"
    "\t\tif x is None:\n"
    "\t\t    self.scale = torch.ones(2)\n"
    "\t\treturn x * self.mask\n"
)


def test_indentation_mixing_tabs_and_spaces_as_python_allows_is_analysed(tmp_path):
    compile(MIXED_TABS, "mixed.py", "exec")  # CPython accepts it
    (tmp_path / "mixed.py").write_text(MIXED_TABS)
    done = run(tmp_path, "mixed.py")
    assert "MOD000" not in done.stdout and done.stderr == ""
    assert done.stdout.splitlines()[0].startswith("mixed.py:8:13: MOD001 ")  # original column
    fixed = run(tmp_path, "--fix", "mixed.py")
    assert fixed.stderr == ""
    text = (tmp_path / "mixed.py").read_text()
    assert text == MIXED_TABS.replace(
        "self.mask = torch.ones(3)",
        'self.register_buffer("mask", torch.ones(3), persistent=False)')
    compile(text, "mixed.py", "exec")


def test_nesting_that_python_accepts_is_linted_past_the_default_recursion_limit(tmp_path):
    # 190 nested lists and a 2000-branch elif chain: deeper trees than LibCST's visitors
    # survive at Python's default recursion limit.
    deep = ("TABLE = " + "[" * 190 + "]" * 190 + "\n"
            + "def pick(x):\n    if x == 0:\n        return 0\n"
            + "".join(f"    elif x == {i}:\n        return {i}\n" for i in range(1, 2000)))
    (tmp_path / "deep.py").write_text(BUGGY + deep)
    done = run(tmp_path, "deep.py")
    assert done.stdout.splitlines()[0].startswith("deep.py:8:9: MOD001 ")
    assert "MOD000" not in done.stdout and done.stderr == ""


# -- paths that are not readable source files -----------------------------------------------

def test_missing_path(tmp_path):
    done = lint_next_to_good(tmp_path, "nope.py")
    assert errors(done) == ["modlint: error: nope.py: no such file or directory"]
    assert done.returncode == 2


def test_symlink_loop_and_broken_symlink_given_or_found(tmp_path):
    os.symlink("loop_b.py", tmp_path / "loop_a.py")
    os.symlink("loop_a.py", tmp_path / "loop_b.py")
    os.symlink("gone.py", tmp_path / "broken.py")
    given = lint_next_to_good(tmp_path, "loop_a.py", "broken.py")
    assert sorted(errors(given)) == [
        "modlint: error: broken.py: cannot read: broken symbolic link (to 'gone.py')",
        "modlint: error: loop_a.py: cannot read: symbolic link loop",
    ]
    assert given.returncode == 2
    found = run(tmp_path, ".")
    assert BUGGY_LINE in found.stdout
    assert sorted(errors(found)) == [
        "modlint: error: broken.py: cannot read: broken symbolic link (to 'gone.py')",
        "modlint: error: loop_a.py: cannot read: symbolic link loop",
        "modlint: error: loop_b.py: cannot read: symbolic link loop",
    ]
    assert found.returncode == 2


def test_a_named_pipe_is_refused_without_hanging(tmp_path):
    os.mkfifo(tmp_path / "pipe.py")
    given = lint_next_to_good(tmp_path, "pipe.py")
    assert errors(given) == ["modlint: error: pipe.py: not a regular file (a named pipe)"]
    found = run(tmp_path, ".")
    assert BUGGY_LINE in found.stdout
    assert errors(found) == ["modlint: error: pipe.py: not a regular file (a named pipe)"]
    assert given.returncode == found.returncode == 2


def test_an_unreadable_file(tmp_path):
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:  # root reads anything: run without its capabilities
        if shutil.which("setpriv") is None:
            pytest.skip("running as root, and setpriv is missing to drop root's capabilities")
        prefix = ("setpriv", "--bounding-set=-all", "--inh-caps=-all")
    (tmp_path / "good.py").write_text(BUGGY)
    (tmp_path / "secret.py").write_text(BUGGY)
    (tmp_path / "secret.py").chmod(0)
    done = run(tmp_path, ".", prefix=prefix)
    assert BUGGY_LINE in done.stdout
    assert errors(done) == ["modlint: error: secret.py: cannot read: Permission denied"]
    assert done.returncode == 2


def test_a_directory_named_like_a_python_file_is_a_folder(tmp_path):
    (tmp_path / "pkg.py").mkdir()
    (tmp_path / "pkg.py" / "inner.py").write_text(BUGGY)
    for args in (["pkg.py"], ["."]):
        done = run(tmp_path, *args)
        assert done.stdout.startswith(os.path.join("pkg.py", "inner.py") + ":8:9: MOD001 ")
        assert errors(done) == [] and done.returncode == 1


def test_spaces_and_non_ascii_names(tmp_path):
    folder = tmp_path / "my models"
    folder.mkdir()
    (folder / "ünïcödé módel.py").write_text(BUGGY)
    done = run(tmp_path, ".")
    assert done.stdout.startswith(os.path.join("my models", "ünïcödé módel.py") + ":8:9: MOD001 ")
    run(tmp_path, "--fix", "my models")
    assert "register_buffer" in (folder / "ünïcödé módel.py").read_text()


# -- modlint's own failures ------------------------------------------------------------------

INJECT = """
import sys
import types

import modlint.config
import modlint.rules
from modlint.context import RuleContext
from modlint.rules.base import Rule


class Broken(Rule):
    code, name, summary, fix = "MOD099", "broken", "fails on purpose", "safe"

    def check(self, ctx: RuleContext) -> None:
        if "explode" in ctx.text.text:
            raise ZeroDivisionError("injected failure")
        if "break-fix" in ctx.text.text:  # a fix whose result does not parse
            node = ctx.model.module.body[0]
            ctx.report(node, "broken fix", ctx.fix("break", ctx.safe, ctx.replace(node, "(")))


sys.modules["modlint.rules.broken"] = types.SimpleNamespace(Broken=Broken)
modlint.rules.RULES["MOD099"] = ("broken", "Broken")
modlint.config.CODES = (*modlint.config.CODES, "MOD099")
from modlint.cli import main
sys.argv[0] = "modlint"
main()
"""


def run_with_broken_rule(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    script = tmp_path / "inject.py"
    script.write_text(INJECT.replace("ctx.safe", "__import__('modlint.diagnostics').diagnostics"
                                                  ".Applicability.SAFE"))
    done = subprocess.run([sys.executable, str(script), "--no-cache", *args], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stderr + done.stdout
    return done


def test_an_internal_error_names_rule_and_file_and_the_run_goes_on(tmp_path):
    (tmp_path / "a.py").write_text(BUGGY + "# explode\n")
    (tmp_path / "good.py").write_text(BUGGY)
    done = run_with_broken_rule(tmp_path, "a.py", "good.py")
    assert "a.py:8:9: MOD001 " in done.stdout and BUGGY_LINE in done.stdout
    [line] = errors(done)
    assert line.startswith("modlint: internal error: MOD099 on a.py: ZeroDivisionError: "
                           "injected failure at inject.py:")
    assert line.endswith(". This is a bug in modlint; please report it at "
                         "https://github.com/modlint/modlint/issues")
    assert done.returncode == 2


def test_a_fix_that_breaks_the_code_is_never_written(tmp_path):
    (tmp_path / "a.py").write_text(BUGGY + "# break-fix\n")
    before = (tmp_path / "a.py").read_bytes()
    done = run_with_broken_rule(tmp_path, "--fix", "a.py")
    assert (tmp_path / "a.py").read_bytes() == before
    [line] = errors(done)
    assert line.startswith("modlint: internal error: fix on a.py: a fix produced code that "
                           "does not parse (")
    assert "nothing was written" in line and done.returncode == 2
