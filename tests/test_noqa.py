"""`# noqa` comments, read as flake8 reads them."""

import pytest

from modlint.noqa import is_suppressed, noqa_codes


@pytest.mark.parametrize("line,codes", [
    ("x = 1", None),
    ("x = 1  # a comment", None),
    ("x = 1  # noqa", frozenset()),
    ("x = 1  # NOQA", frozenset()),
    ("x = 1  #noqa:MOD001", frozenset({"MOD001"})),
    ("x = 1  # noqa: MOD001,MOD101", frozenset({"MOD001", "MOD101"})),
    ("x = 1  # noqa: MOD001, E501 and a remark", frozenset({"MOD001", "E501"})),
    ("x = 1  # noqa:mod1", frozenset({"MOD1"})),
])
def test_noqa_codes(line, codes):
    assert noqa_codes(line) == codes


@pytest.mark.parametrize("line,suppressed", [
    ("t = 1  # noqa", True),
    ("t = 1  # noqa: MOD001", True),
    ("t = 1  # noqa: MOD0", True),
    ("t = 1  # noqa: MOD101", False),
    ("t = 1  # noqa: E501", False),
    ("t = 1", False),
])
def test_is_suppressed(line, suppressed):
    assert is_suppressed("MOD001", line) is suppressed


@pytest.mark.parametrize("source,codes", [
    ("x = 1\n", None),
    ("# modlint: noqa\nx = 1\n", frozenset()),
    ("x = 1\n  #modlint:NOQA\n", frozenset()),
    ("# modlint: noqa: MOD001,MOD1\n", frozenset({"MOD001", "MOD1"})),
    ("# modlint: noqa: MOD001\n# modlint: noqa: MOD102\n", frozenset({"MOD001", "MOD102"})),
    ("x = 1  # modlint: noqa\n", None),  # only on a line of its own
    ("# noqa\n", None),
])
def test_file_noqa(source, codes):
    from modlint.noqa import file_noqa

    assert file_noqa(source) == codes


BUGGY = """import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.mask = torch.ones(2)
"""


def test_add_noqa_text():
    from modlint.api import lint_source
    from modlint.noqa import add_noqa

    source = BUGGY + '        self.t = torch.ones(len("""ab\n"""))\n'
    found = lint_source(source).diagnostics
    assert [d.line for d in found] == [8, 9]
    text, changed = add_noqa(source, found)
    assert changed == 1  # line 9 ends inside a string: no comment can go there
    assert "self.mask = torch.ones(2)  # noqa: MOD001\n" in text
    assert lint_source(text).diagnostics == [d for d in found if d.line != 8]


def test_file_level_noqa_under_flake8(tmp_path):
    """flake8 knows only line-level `# noqa`; the file-level comment is modlint's own."""
    import subprocess
    import sys

    (tmp_path / "a.py").write_text("# modlint: noqa: MOD001\n" + BUGGY)
    (tmp_path / "b.py").write_text(BUGGY)
    done = subprocess.run([sys.executable, "-m", "flake8", "--select=MOD", "a.py", "b.py"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.stdout.splitlines() == [line for line in done.stdout.splitlines()
                                        if line.startswith("b.py:")]
    assert "b.py:8:9: MOD001 " in done.stdout
