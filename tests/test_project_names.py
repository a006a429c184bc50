"""The project index on real package layouts: names a package binds to itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from modlint.project import ProjectIndex, scan


def index_of(paths):
    return ProjectIndex({path: scan(Path(path).read_bytes()) for path in paths})


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def run(*args: str, cwd: Path):
    return subprocess.run([sys.executable, "-m", "modlint", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_a_package_importing_its_own_submodule_is_no_class(tmp_path, monkeypatch):
    # torchvision/__init__.py: `from torchvision import _meta_registrations`
    write(tmp_path, {
        "pkg/__init__.py": "from pkg import sub\nfrom pkg.sub import Block\n",
        "pkg/sub.py": "from torch import nn\n\nclass Block(nn.Module):\n    pass\n",
        "pkg/user.py": "import pkg\n\nclass A(pkg.sub):\n    pass\n\nclass B(pkg.Block):\n"
                       "    pass\n",
    })
    monkeypatch.chdir(tmp_path)
    index = index_of([str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.py")])
    assert not index.is_module("pkg.sub")
    assert index.bases_for("pkg/user.py") == {"pkg.Block"}
    assert run("pkg", cwd=tmp_path).returncode == 0


def test_a_namespace_package_above_the_packages_is_followed(tmp_path):
    # texar-pytorch: `texar/` has no __init__.py, and the code imports `texar.torch.x`
    write(tmp_path, {
        "texar/torch/__init__.py": "",
        "texar/torch/module_base.py": "from torch import nn\n\n"
                                      "class ModuleBase(nn.Module):\n    pass\n",
        "texar/torch/layers.py": (
            "import torch\nfrom texar.torch.module_base import ModuleBase\n\n"
            "class Scale(ModuleBase):\n    def __init__(self):\n        super().__init__()\n"
            "        self.scale = torch.ones(3)\n\n"
            "    def forward(self, x):\n        return x * self.scale\n"),
    })
    index = index_of([str(p) for p in tmp_path.rglob("*.py")])
    assert index.is_module("texar.torch.layers.Scale")
    assert index.is_module("texar.torch.module_base.ModuleBase")
    done = run("check", "--isolated", "--no-cache", "texar", cwd=tmp_path)
    assert "texar/torch/layers.py:7:9: MOD001" in done.stdout, done.stdout


def test_research_code_without_any_init_file_is_followed(tmp_path):
    write(tmp_path, {
        "models/base.py": "import torch.nn as nn\n\nclass Base(nn.Module):\n    pass\n",
        "models/net.py": "from models.base import Base\n\nclass Net(Base):\n"
                         "    def __init__(self):\n        pass\n",
    })
    done = run("check", "--isolated", "--no-cache", ".", cwd=tmp_path)
    assert "models/net.py:4:9: MOD101" in done.stdout, done.stdout


def test_a_folder_without_init_inside_a_package_is_a_namespace_part_of_it(tmp_path):
    # fair-esm: `esm/` is a package, `esm/model/` has no __init__.py and imports `..modules`
    write(tmp_path, {
        "esm/__init__.py": "",
        "esm/modules.py": "from torch import nn\n\nclass Layer(nn.Module):\n    pass\n",
        "esm/model/net.py": "from torch import nn\nfrom ..modules import Layer\n\n"
                            "class Net(nn.Module):\n    def __init__(self):\n"
                            "        super().__init__()\n        self.layers = [Layer()]\n",
    })
    done = run("check", "--isolated", "--no-cache", ".", cwd=tmp_path)
    assert "esm/model/net.py:7:9: MOD002" in done.stdout, done.stdout


def test_a_class_with_an_imported_fallback_is_a_module_if_the_fallback_is(tmp_path):
    # fair-esm's ESM1bLayerNorm: apex's fused norm when installed, else torch's LayerNorm
    write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/modules.py": (
            "try:\n    from apex.normalization import FusedLayerNorm\n\n"
            "    class Norm(FusedLayerNorm):\n        pass\n"
            "except ImportError:\n    from torch.nn import LayerNorm as Norm\n"),
    })
    index = index_of([str(p) for p in tmp_path.rglob("*.py")])
    assert index.is_module("pkg.modules.Norm")
