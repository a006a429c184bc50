"""The benchmark corpus: pinned wheels of real PyTorch model code, unpacked once.

    python benchmarks/corpus/fetch.py            # fetch what is missing, print the folder
    python benchmarks/corpus/fetch.py --list     # one line per package: name, folder, files

Importable too: ``fetch()`` returns a ``Corpus`` whose ``packages`` map each name to the
folder holding that package's Python files.

The wheels are fetched with ``pip download --no-deps`` (nothing is installed) and only
their ``.py`` files are kept. The default folder is ``benchmarks/.cache/corpus`` (git
ignores it). Git also makes linters that respect .gitignore skip it, so the folder is
made a git repository of its own (``git init``, nothing committed): inside it nothing is
ignored. ``MODLINT_CORPUS_DIR`` or ``--dir`` choose another folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

# name -> version. Changing a pin changes the folder, so results name what they measured.
PINS = {
    "torchvision": "0.29.1",
    "timm": "1.0.31",
    "diffusers": "0.42.1",
    "transformers": "5.24.0",
}

DEFAULT_DIR = Path(__file__).resolve().parent.parent / ".cache" / "corpus"


@dataclass(frozen=True)
class Corpus:
    root: Path
    packages: dict[str, Path]  # name -> the folder of its Python files

    def files(self, *names: str) -> list[Path]:
        """The ``.py`` files of the named packages (all when none is named), sorted."""
        chosen = names or tuple(self.packages)
        return sorted(p for name in chosen for p in self.packages[name].rglob("*.py"))


def corpus_dir(explicit: Optional[os.PathLike] = None) -> Path:
    chosen = explicit or os.environ.get("MODLINT_CORPUS_DIR") or DEFAULT_DIR
    return Path(chosen).resolve()


def package_dir(root: Path, name: str) -> Path:
    return root / f"{name}-{PINS[name]}"


def present(root: Optional[os.PathLike] = None) -> Optional[Corpus]:
    """The corpus if every package is already unpacked, else None (fetches nothing)."""
    root = corpus_dir(root)
    folders = {name: package_dir(root, name) for name in PINS}
    if all((folder / ".complete").exists() for folder in folders.values()):
        return Corpus(root, folders)
    return None


def fetch(root: Optional[os.PathLike] = None, quiet: bool = True) -> Corpus:
    """Download and unpack whatever is missing; returns the corpus."""
    root = corpus_dir(root)
    root.mkdir(parents=True, exist_ok=True)
    if not (root / ".git").exists():
        subprocess.run(["git", "init", "-q", str(root)], check=True)
    folders = {}
    for name, version in PINS.items():
        folder = package_dir(root, name)
        if not (folder / ".complete").exists():
            _fetch_one(name, version, folder, quiet)
        folders[name] = folder
    return Corpus(root, folders)


def _fetch_one(name: str, version: str, folder: Path, quiet: bool) -> None:
    with tempfile.TemporaryDirectory() as download:
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary",
                   ":all:", "--dest", download, f"{name}=={version}"]
        if quiet:
            command.append("--quiet")
        subprocess.run(command, check=True)
        wheels = list(Path(download).glob("*.whl"))
        if len(wheels) != 1:
            raise RuntimeError(f"expected one wheel for {name}=={version}, got {wheels}")
        if folder.exists():
            shutil.rmtree(folder)
        partial = folder.with_name(folder.name + ".partial")
        if partial.exists():
            shutil.rmtree(partial)
        with zipfile.ZipFile(wheels[0]) as wheel:
            for member in wheel.namelist():
                # the package itself, not its .dist-info or data
                if member.endswith(".py") and member.split("/", 1)[0] == name:
                    wheel.extract(member, partial)
        (partial / ".complete").write_text(f"{name}=={version}\n")
        partial.rename(folder)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", help="where to keep the corpus")
    parser.add_argument("--list", action="store_true", help="list the packages and files")
    args = parser.parse_args(argv)
    corpus = fetch(args.dir)
    if args.list:
        for name, folder in corpus.packages.items():
            print(f"{name}=={PINS[name]}\t{folder}\t{len(corpus.files(name))} files")
    else:
        print(corpus.root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
