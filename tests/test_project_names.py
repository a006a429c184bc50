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
