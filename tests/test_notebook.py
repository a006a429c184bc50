"""Jupyter notebooks, through the command line on files on disk: linted and fixed cell by
cell, positions as ruff gives them, magics untouched, the JSON layout kept."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "integrations"))
from frontends import (NOTEBOOK_CELLS, NOTEBOOK_FINDING, PROJECT, notebook_json,  # noqa: E402
                       report_lines, write_project)

from modlint.notebook import Notebook, NotebookError  # noqa: E402


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "modlint", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def project(tmp_path) -> Path:
    write_project(tmp_path, PROJECT)
    (tmp_path / "nb.ipynb").write_text(notebook_json(), encoding="utf-8")
    return tmp_path


def test_a_notebook_is_linted_by_cell_with_a_base_from_another_file(project):
    done = run("nb.ipynb", cwd=project)
    assert done.returncode == 1, done.stderr
    # one finding: cell 4, line 4 of the cell; the `# noqa` one is silenced, the magics,
    # the shell lines and the %%bash cell are no problem
    assert [line.split(" `")[0] for line in report_lines(done.stdout)] == \
        ["nb.ipynb" + NOTEBOOK_FINDING]
    as_json = json.loads(run("nb.ipynb", "--output-format", "json", cwd=project).stdout)
    assert [(d["cell"], d["location"]["row"], d["code"]) for d in as_json] == [(4, 4, "MOD001")]


def test_folders_hold_notebooks_too(project):
    done = run(".", cwd=project)
    lines = [line.split(" `")[0] for line in report_lines(done.stdout)]
    assert "nb.ipynb" + NOTEBOOK_FINDING in lines
    assert any(line.startswith("pkg/model.py:9:9: MOD001") for line in lines)


def test_fix_rewrites_only_the_changed_cell_in_the_files_layout(project):
    before = (project / "nb.ipynb").read_text(encoding="utf-8")
    done = run("--fix", "nb.ipynb", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    after = (project / "nb.ipynb").read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(before.splitlines()) == len(after.splitlines())
    assert changed == [('    "        self.mask = torch.ones(2)\\n",',
                        '    "        self.register_buffer(\\"mask\\", torch.ones(2), '
                        'persistent=False)\\n",')]
    old, new = json.loads(before), json.loads(after)
    for cell_old, cell_new in zip(old["cells"], new["cells"]):  # outputs, metadata kept
        assert {k: v for k, v in cell_old.items() if k != "source"} == \
            {k: v for k, v in cell_new.items() if k != "source"}
    assert "".join(new["cells"][1]["source"]).startswith("%matplotlib inline\n!pip install")
    assert "        files = !ls\n" in new["cells"][3]["source"]
    assert run("nb.ipynb", cwd=project).returncode == 0


def test_a_notebook_that_is_not_json_is_an_error_naming_it(project):
    bad = project / "bad.ipynb"
    bad.write_text('{"cells": [\n', encoding="utf-8")
    done = run("--fix", "bad.ipynb", "nb.ipynb", cwd=project)
    assert done.returncode == 2
    assert "modlint: error: bad.ipynb: not a valid notebook: invalid JSON" in done.stderr
    assert "Traceback" not in done.stderr
    assert bad.read_text(encoding="utf-8") == '{"cells": [\n'  # nothing written
    assert "register_buffer" in (project / "nb.ipynb").read_text(encoding="utf-8")


def test_diff_and_stdin(project):
    text = (project / "nb.ipynb").read_text(encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "modlint", "-", "--stdin-filename",
                           "nb.ipynb"], input=text, cwd=project, capture_output=True,
                          text=True, timeout=120)
    assert [line.split(" `")[0] for line in report_lines(done.stdout)] == \
        ["nb.ipynb" + NOTEBOOK_FINDING]
    done = run("--diff", "nb.ipynb", cwd=project)
    assert "register_buffer" in done.stdout
    assert (project / "nb.ipynb").read_text(encoding="utf-8") == text


def test_other_kernels_and_cell_magics_are_skipped():
    r_kernel = json.loads(notebook_json())
    r_kernel["metadata"] = {"kernelspec": {"language": "R", "name": "ir"},
                            "language_info": {"name": "R"}}
    assert Notebook.parse(json.dumps(r_kernel).encode()).cells == []
    notebook = Notebook.parse(notebook_json().encode())
    assert [cell.index for cell in notebook.cells] == [1, 3]  # not the %%bash one
    assert "%%" not in notebook.python and "!pip" not in notebook.python
    timed = Notebook.parse(notebook_json([("code", "%%time\nx = 1 % 2\ny = (3\n% 4)\n")]).encode())
    assert timed.cells[0].python.endswith("x = 1 % 2\ny = (3\n% 4)\n")  # Python stays


def test_layouts_other_than_jupyters_are_kept():
    """A source written as one string, escapes instead of UTF-8, two-space indentation."""
    cells = json.loads(notebook_json([("code", "import torch\nx = 'é'\n")]))
    cells["cells"][0]["source"] = "import torch\nx = 'é'\n"
    raw = json.dumps(cells, indent=2)  # ensure_ascii: é as \u00e9
    notebook = Notebook.parse(raw.encode())
    rewritten = notebook.with_python("import torch\nx = 'é!'\n")
    assert rewritten == raw.replace("x = '\\u00e9'\\n", "x = '\\u00e9!'\\n")


@pytest.mark.parametrize("data", [b"", b"[]", b'{"cells": 3}', b"\xff\xfe", b'{"cells": [{"cell_type": "code", "source": 5}]}'])
def test_what_is_not_a_notebook_says_why(data):
    with pytest.raises(NotebookError, match="not a valid notebook"):
        Notebook.parse(data)


def test_the_cells_keep_their_numbers():
    assert NOTEBOOK_CELLS[3][0] == "code"
    notebook = Notebook.parse(notebook_json().encode())
    texts = notebook.cell_texts(notebook.python)
    assert texts == {1: NOTEBOOK_CELLS[1][1], 3: NOTEBOOK_CELLS[3][1]}
