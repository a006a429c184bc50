"""Class coverage against runtime truth.

    python benchmarks/corpus/class_coverage.py [--packages transformers timm diffusers]

In a throwaway venv (torch==2.13.0 and the packages' own light dependencies), a child
process imports every module of each package that imports cleanly and collects the
nn.Module subclasses defined there. ``modlint debug classes`` reads the same files without
importing them. Reported: the share of runtime module classes modlint sees as modules
(coverage), and every class modlint calls a module that is not one at runtime (false
modules), with the misses. Results go to ``benchmarks/corpus/class_coverage.md``.

timm needs torchvision, whose PyPI wheel is a CUDA build: its C extension cannot load beside
CPU torch, and its Python part then fails registering fake kernels for the missing ops
("operator torchvision::nms does not exist"). The child declares those ops' schemas
first so the package imports; no op is ever run, only class definitions are read.

Most diffusers modules (pipelines, modular pipelines, LoRA loaders) import transformers, so
the pinned transformers wheel is installed too; its requirements are in DEPENDENCIES.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fetch import PINS, fetch  # noqa: E402

HERE = Path(__file__).resolve().parent
VENV = HERE.parent / ".cache" / "coverage-venv"
RESULTS = HERE / "class_coverage.md"
DEPENDENCIES = [
    "torch==2.13.0", "numpy", "pyyaml", "huggingface_hub", "safetensors", "tokenizers",
    "regex", "requests", "packaging", "filelock", "tqdm", "Pillow", "importlib_metadata",
    "typer", "gguf",
]
# Installed without requirements: torchvision's would replace torch with a CUDA build.
TORCHVISION = "torchvision==0.28.0"
TRANSFORMERS = f"transformers=={PINS['transformers']}"

# Runs inside the venv: import each module, list the nn.Module classes it defines.
COLLECT = r"""
import importlib, inspect, json, os, pkgutil, sys, warnings
warnings.simplefilter("ignore")
import torch
torchvision_ops = torch.library.Library("torchvision", "DEF")
torchvision_ops.define("nms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor")
torchvision_ops.define("qnms(Tensor qdets, Tensor scores, float iou_threshold) -> Tensor")
root, name = sys.argv[1], sys.argv[2]
package = importlib.import_module(name)
found, failed = [], []
for info in pkgutil.walk_packages(package.__path__, name + "."):
    try:
        module = importlib.import_module(info.name)
    except BaseException as error:
        failed.append(info.name)
        continue
    path = getattr(module, "__file__", None)
    if not path:
        continue
    defined = [v for v in vars(module).values()
               if inspect.isclass(v) and v.__module__ == module.__name__]
    for cls in defined:
        found.append({"path": os.path.relpath(path, root), "name": cls.__name__,
                      "is_module": issubclass(cls, torch.nn.Module)})
print(json.dumps({"classes": found, "failed": failed}))
"""


def ensure_venv() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        venv.create(VENV, with_pip=True)
    pip = [str(python), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, *DEPENDENCIES], check=True)
    subprocess.run([*pip, "--no-deps", TORCHVISION, TRANSFORMERS, "torch==2.13.0"],
                   check=True)
    return python


def runtime_classes(python: Path, folder: Path, name: str) -> dict:
    done = subprocess.run([str(python), "-c", COLLECT, str(folder), name],
                          cwd=folder, capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(folder),
                               "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"})
    return json.loads(done.stdout.strip().splitlines()[-1])


def modlint_classes(folder: Path, name: str) -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "modlint", "debug", "classes", "--isolated",
                           name], cwd=folder, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def compare(name: str, runtime: dict, static: list[dict]) -> dict:
    imported_files = {c["path"] for c in runtime["classes"]}
    truth = {(c["path"], c["name"]) for c in runtime["classes"] if c["is_module"]}
    not_modules = {(c["path"], c["name"]) for c in runtime["classes"] if not c["is_module"]}
    seen = {(c["path"], c["name"]) for c in static if c["is_module"]}
    misses = sorted(truth - seen)
    false_modules = sorted(k for k in seen & not_modules if k[0] in imported_files)
    return {
        "package": f"{name}=={PINS[name]}",
        "runtime_modules": len(truth),
        "covered": len(truth & seen),
        "coverage": len(truth & seen) / len(truth) if truth else 1.0,
        "false_modules": false_modules,
        "misses": misses,
        "failed_imports": len(runtime["failed"]),
    }


def report(rows: list[dict]) -> str:
    lines = ["# Class coverage against runtime truth", "",
             "Produced by `python benchmarks/corpus/class_coverage.py`: runtime classes are "
             "those a clean import defines (`cls.__module__` is the module), compared by file "
             "and class name with `modlint debug classes` on the same files. The venv holds "
             f"torch 2.13.0 (CPU), {TORCHVISION} (needed by timm; its C++ ops are only "
             f"declared, never run) and {TRANSFORMERS} (imported by most of diffusers).", "",
             "| package | runtime nn.Module classes | seen by modlint | coverage | "
             "false modules | modules that failed to import |", "|---|---|---|---|---|---|"]
    for row in rows:
        lines.append(f"| {row['package']} | {row['runtime_modules']} | {row['covered']} | "
                     f"{row['coverage']:.2%} | {len(row['false_modules'])} | "
                     f"{row['failed_imports']} |")
    for row in rows:
        lines += ["", f"## {row['package']}", "",
                  f"False modules (modlint says module, runtime says not): "
                  f"{len(row['false_modules'])}"]
        lines += [f"- `{path}`: `{cls}`" for path, cls in row["false_modules"]]
        lines += ["", f"Misses (runtime module, modlint does not see it): {len(row['misses'])}"]
        lines += [f"- `{path}`: `{cls}`" for path, cls in row["misses"]]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--packages", nargs="+", default=["transformers", "timm", "diffusers"])
    args = parser.parse_args()
    corpus = fetch()
    python = ensure_venv()
    rows = []
    for name in args.packages:
        folder = corpus.packages[name]
        row = compare(name, runtime_classes(python, folder, name), modlint_classes(folder, name))
        rows.append(row)
        print(f"{row['package']}: coverage {row['coverage']:.2%} "
              f"({row['covered']}/{row['runtime_modules']}), "
              f"false modules {len(row['false_modules'])}", flush=True)
    RESULTS.write_text(report(rows))
    print(f"written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
