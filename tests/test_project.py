"""Whole-project resolution: module bases defined in other linted files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from modlint.project import ProjectIndex, module_name, scan

BUGGY_INIT = """
    def __init__(self):
        super().__init__()
        self.mask = torch.ones(2)

    def forward(self, x):
        return x * self.mask
"""


def index_of(paths):
    return ProjectIndex({path: scan(Path(path).read_bytes()) for path in paths})


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


PACKAGE = {
    "pkg/__init__.py": "from .layers import Block as PublicBlock\n",
    "pkg/base.py": "from torch import nn\n\nclass Root(nn.Module):\n    pass\n",
    "pkg/layers/__init__.py": "from .blocks import Block\n",
    "pkg/layers/blocks.py": "from ..base import Root\n\nclass Block(Root):\n    pass\n",
    "pkg/models/deep.py": "import torch\nfrom pkg import PublicBlock\n\n"
                          "class Deep(PublicBlock):" + BUGGY_INIT,
    "pkg/models/relative.py": "import torch\nfrom ..layers.blocks import Block\n\n"
                              "class Rel(Block):" + BUGGY_INIT,
    "pkg/models/module_import.py": "import torch\nfrom .. import base\n\n"
                                   "class ViaModule(base.Root):" + BUGGY_INIT,
    "pkg/models/unrelated.py": "import torch\nfrom ..base import Helper\n\n"
                               "class NotAModule(Helper):" + BUGGY_INIT,
    "pkg/models/__init__.py": "",
    "pkg/cycle_a.py": "from .cycle_b import B\n\nclass A(B):\n    pass\n",
    "pkg/cycle_b.py": "import torch\nfrom .cycle_a import A\n\nclass B(A):" + BUGGY_INIT,
}


def run(*args: str, cwd: Path):
    return subprocess.run([sys.executable, "-m", "modlint", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_module_names_follow_packages(tmp_path):
    write(tmp_path, PACKAGE)
    assert module_name(str(tmp_path / "pkg/layers/blocks.py")) == ("pkg.layers.blocks", False)
    assert module_name(str(tmp_path / "pkg/layers/__init__.py")) == ("pkg.layers", True)
    assert module_name(str(tmp_path / "pkg/base.py")) == ("pkg.base", False)


def test_chains_reexports_and_cycles(tmp_path, monkeypatch):
    write(tmp_path, PACKAGE)
    monkeypatch.chdir(tmp_path)
    files = [str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.py")]
    index = index_of(files)
    assert index.is_module("pkg.layers.blocks.Block")
    assert index.is_module("pkg.PublicBlock")  # re-exported twice
    assert not index.is_module("pkg.cycle_a.A")  # a cycle terminates, and is no module
    assert index.bases_for("pkg/models/deep.py") == {"pkg.PublicBlock"}
    assert index.bases_for("pkg/models/relative.py") == {"..layers.blocks.Block"}
    assert index.bases_for("pkg/models/module_import.py") == {"..base.Root"}
    assert index.bases_for("pkg/models/unrelated.py") == frozenset()


def test_cli_sees_modules_across_files_and_single_files_do_not(tmp_path):
    write(tmp_path, PACKAGE)
    done = run("pkg", cwd=tmp_path)
    flagged = sorted(line.split(":")[0] for line in done.stdout.splitlines() if "MOD001" in line)
    assert flagged == [os.path.join("pkg", "models", name)
                       for name in ("deep.py", "module_import.py", "relative.py")]
    # one file alone (as flake8 and editors see it): the base is unknown, nothing reported
    assert "MOD001" not in run("pkg/models/relative.py", cwd=tmp_path).stdout


def test_debug_classes_reports_the_models_view(tmp_path):
    write(tmp_path, PACKAGE)
    done = run("debug", "classes", "pkg", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = {(r["path"], r["name"]): r for r in json.loads(done.stdout)}
    assert rows[(os.path.join("pkg", "models", "deep.py"), "Deep")]["is_module"] is True
    assert rows[(os.path.join("pkg", "models", "unrelated.py"), "NotAModule")]["is_module"] is False
    assert rows[(os.path.join("pkg", "layers", "blocks.py"), "Block")] == {
        "path": os.path.join("pkg", "layers", "blocks.py"), "name": "Block", "line": 3,
        "is_module": True, "bases": ["..base.Root"]}


def test_the_text_scan_reads_continued_and_commented_imports(tmp_path):
    write(tmp_path, {
        "lib/__init__.py": "",
        "lib/layers.py": "from torch import nn\n\nclass Drop(nn.Module):\n    pass\n\n"
                         "class Norm(nn.Module):\n    pass\n",
        "lib/a.py": "from .layers import helper, \\\n    Drop\n\nclass A(Drop):\n    pass\n",
        "lib/b.py": "from .layers import (  # the layers\n    Norm,  # a norm\n    helper,\n)\n\n"
                    "class B(Norm):\n    pass\n",
        "lib/c.py": '"""Example:\n\n    from other import Norm\n"""\nfrom .layers import Norm\n'
                    'def f():\n    from elsewhere import Norm\n\nclass C(Norm):\n    pass\n',
    })
    index = index_of([str(p) for p in tmp_path.rglob("*.py")])
    assert index.bases_for(str(tmp_path / "lib/a.py")) == {".layers.Drop"}
    assert index.bases_for(str(tmp_path / "lib/b.py")) == {".layers.Norm"}
    assert index.bases_for(str(tmp_path / "lib/c.py")) == {".layers.Norm"}


def test_a_class_may_hide_the_imported_base_it_derives_from(tmp_path):
    # a deprecation shim: the base is the imported class, bound before the new one hides it
    write(tmp_path, {
        "lib/__init__.py": "",
        "lib/blocks.py": "from torch import nn\n\nclass Block(nn.Module):\n    pass\n",
        "lib/legacy.py": "from .blocks import Block\n\nclass Block(Block):\n    pass\n",
        "lib/user.py": "from .legacy import Block\n\nclass User(Block):\n    pass\n",
    })
    index = index_of([str(p) for p in tmp_path.rglob("*.py")])
    assert index.is_module("lib.legacy.Block")
    assert index.is_module("lib.user.User")
    assert index.bases_for(str(tmp_path / "lib/legacy.py")) == {".blocks.Block"}


SPELLINGS = {
    "lib/__init__.py": "from .core import *\n",
    "lib/core.py": "import torch\n\nModule = torch.nn.Module\n__all__ = ['Module', 'Plain']\n\n"
                   "class Plain:\n    pass\n\nclass Hidden(Module):\n    pass\n",
    "lib/blocks.py": "from torch import nn\n\ntry:\n    class Block(nn.Module):\n"
                     "        def forward(self, x):\n            return x\n"
                     "except ImportError:\n    Block = None\n\n"
                     "class Abstract(nn.Module):\n"
                     "    def __init__(self, width, *, depth=2):\n        super().__init__()\n",
    "lib/alias.py": "import torch\nfrom lib import Module\n\nclass ByAlias(Module):" + BUGGY_INIT,
    "lib/star.py": "import torch\nfrom .blocks import *\n\nclass ByStar(Block):" + BUGGY_INIT,
    "lib/hidden.py": "import torch\nfrom .core import *\n\nclass NotExported(Hidden):" + BUGGY_INIT,
    "lib/plain.py": "import torch\nfrom lib import Plain\n\nclass NotAModule(Plain):" + BUGGY_INIT,
}


def test_bases_through_aliases_star_imports_and_all(tmp_path, monkeypatch):
    write(tmp_path, SPELLINGS)
    monkeypatch.chdir(tmp_path)
    index = index_of([str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.py")])
    assert index.is_module("lib.Module")  # an alias, re-exported by a star import
    assert index.is_module("lib.blocks.Block")  # a class defined under `try`
    assert not index.is_module("lib.Plain")
    assert index.bases_for("lib/alias.py") == {"lib.Module"}
    assert index.bases_for("lib/star.py") == {".blocks.Block", ".blocks.Abstract"}
    # `__all__` leaves Hidden out of `from .core import *`: the name is unbound there
    assert index.bases_for("lib/hidden.py") == {".core.Module"}
    done = run("lib", cwd=tmp_path)
    flagged = sorted(line.split(":")[0] for line in done.stdout.splitlines() if "MOD001" in line)
    assert flagged == [os.path.join("lib", "alias.py"), os.path.join("lib", "star.py")]


def test_class_facts_cross_files(tmp_path, monkeypatch):
    write(tmp_path, SPELLINGS)
    monkeypatch.chdir(tmp_path)
    index = index_of([str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.py")])
    block = index.class_facts("lib.blocks.Block")
    assert (block.defines_forward, block.defines_call, block.init_required_args) == (True, False, ())
    abstract = index.class_facts("lib.blocks.Abstract")
    assert (abstract.defines_forward, abstract.init_required_args) == (False, ("width",))
    facts = index.facts_for("lib/star.py")
    assert dict(facts.bindings) == {"Abstract": ".blocks.Abstract", "Block": ".blocks.Block",
                                    "nn": "torch.nn"}
    assert facts.of(".blocks.Block") == block


def test_rules_use_what_other_files_define(tmp_path):
    write(tmp_path, {
        "lib/__init__.py": "",
        "lib/base.py": "from torch import nn\n\nclass Base(nn.Module):\n"
                       "    def __init__(self):\n        super().__init__()\n",
        "lib/net.py": "from .base import Base\n\nclass Net(Base):\n"
                      "    def __init__(self):\n        super().__init__()\n\n"
                      "    def foward(self, x):\n        return x\n",
    })
    done = run("lib", cwd=tmp_path)
    # the base in the other file defines no forward: calling Net raises NotImplementedError
    assert "lib/net.py:7:9: MOD201" in done.stdout.replace(os.sep, "/"), done.stdout
    assert "has no `forward`" in done.stdout


def test_classes_constructed_through_an_imported_package_are_known(tmp_path):
    # reduced from torchdrug: `from torchdrug import layers`, then `layers.SumReadout()`,
    # a class its package re-exports; and a helper object's forward, which is no module's
    write(tmp_path, {
        "lib/__init__.py": "",
        "lib/layers/__init__.py": "from .readout import SumReadout, Decoder\n",
        "lib/layers/readout.py": "from torch import nn\n\nclass SumReadout(nn.Module):\n"
                                 "    def forward(self, x):\n        return x.sum()\n\n"
                                 "class Decoder:\n    def forward(self, x):\n"
                                 "        return x\n",
        "lib/net.py": "from torch import nn\nfrom lib import layers\n\nclass Net(nn.Module):\n"
                      "    def __init__(self):\n        super().__init__()\n"
                      "        self.readout = layers.SumReadout()\n"
                      "        self.decoder = layers.Decoder()\n\n"
                      "    def forward(self, x):\n"
                      "        return self.decoder.forward(self.readout.forward(x))\n",
    })
    assert scan((tmp_path / "lib/net.py").read_bytes()).constructed == [
        "lib.layers.Decoder", "lib.layers.SumReadout"]
    done = run("lib", cwd=tmp_path)
    assert [line.split(" `")[0].replace(os.sep, "/") for line in done.stdout.splitlines()
            if ": MOD" in line] == ["lib/net.py:11:37: MOD203"], done.stdout


# --- the project root: every file of the project, whatever paths are given ------------

sys.path.insert(0, str(Path(__file__).parent / "integrations"))
from frontends import PROJECT, PROJECT_FINDING, report_lines, write_project  # noqa: E402


def _findings(done) -> list[str]:
    return [line.split(" `")[0].replace(os.sep, "/") for line in report_lines(done.stdout)]


def test_one_file_of_a_project_knows_the_bases_of_the_others(tmp_path):
    write_project(tmp_path, PROJECT)
    assert _findings(run("pkg/model.py", cwd=tmp_path)) == [PROJECT_FINDING]
    assert _findings(run("model.py", cwd=tmp_path / "pkg")) == ["model.py:9:9: MOD001"]
    # one cache, in the project's root, whatever folder modlint runs in
    assert (tmp_path / ".modlint_cache").is_dir()
    assert not (tmp_path / "pkg" / ".modlint_cache").exists()
    assert _findings(run("--no-cache", "pkg/model.py", cwd=tmp_path)) == [PROJECT_FINDING]
    done = subprocess.run([sys.executable, "-m", "modlint", "-", "--stdin-filename",
                           "pkg/model.py"], input=PROJECT["pkg/model.py"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert _findings(done) == [PROJECT_FINDING]


@pytest.mark.parametrize("marker", ["setup.cfg", "setup.py", ".git"])
def test_every_marker_makes_a_root(tmp_path, marker):
    files = {name: text for name, text in PROJECT.items() if name != "pyproject.toml"}
    write_project(tmp_path / "repo", files)
    assert _findings(run("pkg/model.py", cwd=tmp_path / "repo")) == []  # no root: one file
    if marker == ".git":
        (tmp_path / "repo" / ".git").mkdir()
    else:
        (tmp_path / "repo" / marker).write_text("")
    assert _findings(run("pkg/model.py", cwd=tmp_path / "repo")) == [PROJECT_FINDING]


def test_the_project_root_option(tmp_path):
    files = {name: text for name, text in PROJECT.items() if name != "pyproject.toml"}
    write_project(tmp_path, files)
    assert _findings(run("--project-root", ".", "pkg/model.py", cwd=tmp_path)) == \
        [PROJECT_FINDING]
    # a root that does not hold the base: the file alone
    (tmp_path / "pkg" / "sub").mkdir()
    assert _findings(run("--project-root", "pkg/sub", "pkg/model.py", cwd=tmp_path)) == []


def test_excluded_files_are_not_read_for_the_project(tmp_path):
    write_project(tmp_path, {**PROJECT, "pyproject.toml":
                             '[tool.modlint]\nextend-exclude = ["pkg/base.py"]\n'})
    assert _findings(run("pkg/model.py", cwd=tmp_path)) == []


def test_a_warm_scan_reads_no_file_and_a_changed_file_is_read_again(tmp_path, monkeypatch):
    from modlint import files
    from modlint.cache import ResultCache
    from modlint.config import Config
    from modlint.workspace import project_files

    write_project(tmp_path, PROJECT)
    cache = ResultCache(str(tmp_path / "cache"), Config())
    cold = project_files(str(tmp_path), Config(), cache)
    assert sorted(os.path.relpath(p, tmp_path) for p in cold.files) == \
        [os.path.join("pkg", name) for name in ("__init__.py", "base.py", "model.py")]
    read = []
    original = files.read_source
    monkeypatch.setattr(files, "read_source", lambda path: read.append(path) or original(path))
    warm = project_files(str(tmp_path), Config(), cache)
    def seen(project):
        return {path: (s.size, s.content, s.declarations) for path, s in project.files.items()}

    assert seen(warm) == seen(cold) and read == []  # declarations from the stored table
    base = tmp_path / "pkg" / "base.py"
    base.write_text(PROJECT["pkg/base.py"] + "\n\nclass Other(Base):\n    pass\n")
    changed = project_files(str(tmp_path), Config(), cache)
    assert read == [str(base)]
    assert "Other" in changed.files[str(base)].declarations.class_bases


def test_a_base_changed_in_another_file_reaches_the_cached_result(tmp_path):
    write_project(tmp_path, PROJECT)
    assert _findings(run("pkg/model.py", cwd=tmp_path)) == [PROJECT_FINDING]
    (tmp_path / "pkg" / "base.py").write_text("class Base:\n    pass\n")
    assert _findings(run("pkg/model.py", cwd=tmp_path)) == []
    (tmp_path / "pkg" / "base.py").write_text(PROJECT["pkg/base.py"])
    assert _findings(run("pkg/model.py", cwd=tmp_path)) == [PROJECT_FINDING]


def test_in_a_git_work_tree_git_lists_the_files(tmp_path):
    """What git ignores defines nothing; hidden folders and exclusions are skipped as in a
    folder search."""
    from modlint.config import Config
    from modlint.discovery import discover, project_tree

    write_project(tmp_path, {**PROJECT, ".gitignore": "outputs/\n",
                             "outputs/run1/code/base.py": PROJECT["pkg/base.py"],
                             ".hidden/x.py": "", "venv/lib.py": "", "build/gen.py": ""})
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    listed = sorted(os.path.relpath(p, tmp_path) for p, _ in project_tree(str(tmp_path), Config()))
    assert listed == [os.path.join("pkg", n) for n in ("__init__.py", "base.py", "model.py")]
    assert listed == sorted(os.path.relpath(p, tmp_path) for p in
                            discover([str(tmp_path)], Config(), notebooks=False).files)
    assert _findings(run("pkg/model.py", cwd=tmp_path)) == [PROJECT_FINDING]


def test_torch_names_passed_on_by_nested_star_imports(tmp_path, monkeypatch):
    # deepctr-torch: `nn` reaches the models only through `from ..layers import *`, whose
    # __init__ star-imports the file that does `import torch.nn as nn`
    write(tmp_path, {
        "pyproject.toml": "",
        "ctr/__init__.py": "",
        "ctr/layers/__init__.py": "from .core import *\n",
        "ctr/layers/core.py": "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n",
        "ctr/models/__init__.py": "",
        "ctr/models/dien.py": (
            "from ..layers import *\n\n"
            "class Extractor(nn.Module):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.cells = [nn.GRU(4, 4) for _ in range(2)]\n\n"
            "    def forward(self, x):\n"
            "        return F.dropout(x)\n"),
    })
    monkeypatch.chdir(tmp_path)
    facts = index_of(["ctr/__init__.py", "ctr/layers/__init__.py", "ctr/layers/core.py",
                      "ctr/models/__init__.py", "ctr/models/dien.py"])
    assert {"nn": "torch.nn", "F": "torch.nn.functional", "torch": "torch"}.items() \
        <= dict(facts.facts_for("ctr/models/dien.py").bindings).items()
    done = run("ctr/models/dien.py", cwd=tmp_path)
    assert sorted(line.split(" ")[1] for line in done.stdout.splitlines()
                  if ": MOD" in line) == ["MOD002", "MOD301"]


def test_a_library_base_brought_by_a_projects_star_import_and_one_that_initialises_itself(
        tmp_path):
    # tsai: `from ..imports import *`, whose `from fastai.torch_core import *` brings
    # fastai's `Module`; its metaclass runs nn.Module.__init__, so no super-init is needed
    write(tmp_path, {
        "pyproject.toml": "",
        "ts/__init__.py": "",
        "ts/imports.py": "import torch\nimport torch.nn as nn\nfrom fastai.torch_core import *\n",
        "ts/layers.py": (
            "from .imports import *\n\n"
            "class Block(Module):\n"
            "    def __init__(self, n):\n"
            "        self.fc = nn.Linear(n, n)\n"
            "        self.w = torch.ones(n)\n\n"
            "    def forward(self, x):\n"
            "        return self.fc(x) * self.w\n\n"
            "class Late(Module):\n"
            "    def __init__(self, n):\n"
            "        self.fc = nn.Linear(n, n)\n"
            "        super().__init__()\n\n"
            "    def foward(self, x):\n"
            "        return self.fc(x)\n"),
        "ts/models.py": (
            "from .imports import *\nfrom .layers import Block\n\n"
            "class Net(Block):\n"
            "    def __init__(self, n):\n"
            "        self.parts = [nn.Linear(n, n)]\n\n"
            "    def forward(self, x):\n"
            "        return self.parts[0](x)\n\n"
            "class Plain(nn.Module):\n"
            "    def __init__(self, n):\n"
            "        self.fc = nn.Linear(n, n)\n"),
    })
    done = run("ts", cwd=tmp_path)
    found = sorted(" ".join(line.split(" ")[:2]) for line in done.stdout.splitlines()
                   if ": MOD" in line)
    assert found == ["ts/layers.py:16:9: MOD201", "ts/layers.py:6:9: MOD001",
                     "ts/models.py:12:9: MOD101", "ts/models.py:6:9: MOD002"], done.stdout
