"""What a file can cost modlint: hostile inputs, one large generated module, fixed cost.

    python benchmarks/cost.py                      # everything, results printed as Markdown
    python benchmarks/cost.py --only hostile,fixed
    python benchmarks/cost.py --ruff                # ruff on the large module too
    python benchmarks/cost.py --only scale --packages torchvision,timm --copies 1,2,5

Every figure is one command run in a fresh process (wall seconds, peak resident memory of
its whole process tree sampled every 50 ms; at scale also the peak of the tree's
proportional sets, which count a page the forked workers share with the main process
once rather than once per process), beside its peer: CPython compiling the same
file (``compile(text, path, "exec")``, in a process of its own), LibCST's parse, ruff.
The ratios are what issue 14 asks for: a hostile input costs about what CPython takes to
refuse it; the large module's peak is at most twice CPython's compile. ``scale`` copies
corpus packages N times into one project (a ``pyproject.toml`` at its root): a cold run,
a run that fills a cache and a warm one, and the project index alone (the scan of every
file's declarations, then every file's bases and facts resolved), in a process of its own.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import fetch, timed, venv_tool  # noqa: E402

PYTHON = sys.executable
MODLINT = [PYTHON, "-m", "modlint", "--no-cache", "--isolated"]
COMPILE = [PYTHON, "-c", "import sys; compile(open(sys.argv[1]).read(), sys.argv[1], 'exec')"]
PARSE = [PYTHON, "-c", "import sys, libcst; libcst.parse_module(open(sys.argv[1]).read())"]
MODULE = ("import torch\nfrom torch import nn\n\n\nclass Net(nn.Module):\n"
          "    def __init__(self):\n        super().__init__()\n"
          "        self.mask = torch.ones(3)\n\n"
          "    def forward(self, x):\n        return x * self.mask\n\n\n")

HOSTILE: dict[str, Callable[[], str]] = {
    "sum of 20,000 operands": lambda: MODULE + "x = " + "+".join(["y"] * 20_000) + "\n",
    "sum of 4,000 operands": lambda: MODULE + "x = " + "+".join(["y"] * 4_000) + "\n",
    "sum of 2,000 operands (CPython compiles it)":
        lambda: MODULE + "x = " + "+".join(["y"] * 2_000) + "\n",
    "attribute chain of 20,000": lambda: MODULE + "x = y" + ".a" * 20_000 + "\n",
    "20,000 calls in a row": lambda: MODULE + "x = f" + "()" * 20_000 + "\n",
    "5,000 nested conditional expressions":
        lambda: MODULE + "x = " + "a if b else " * 5_000 + "c\n",
    "50,000 unary minus": lambda: MODULE + "x = " + "-" * 50_000 + "y\n",
    "2,000 unary minus (CPython compiles it)": lambda: MODULE + "x = " + "-" * 2_000 + "y\n",
    "`and` of 20,000 operands (CPython compiles it)":
        lambda: MODULE + "x = " + " and ".join(["y"] * 20_000) + "\n",
    "20,000 strings concatenated (CPython compiles it)":
        lambda: MODULE + "x = " + " ".join(['"a"'] * 20_000) + "\n",
    "5,000 nested brackets": lambda: MODULE + "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n",
    "120 levels of indentation": lambda: "".join(
        " " * i + "if x:\n" for i in range(120)) + " " * 120 + "pass\n",
    "tabs then 12 spaces (CPython compiles it)":
        lambda: MODULE.replace("\n    def", "\n\tdef").replace("\n        ", "\n            "),
}


def large_module(functions: int = 200_000) -> str:
    """The generated module of issue 14: small functions, and an import of torch."""
    return "import torch\n\n" + "".join(f"def f{i}(x):\n    return x * {i} + 1\n\n"
                                        for i in range(functions))


def measure(argv: list[str]) -> tuple[float, float, int, str]:
    wall, _cpu, peak, code, err, _ = timed(argv)
    return wall, peak, code, err


def outcome(argv: list[str]) -> str:
    import subprocess
    done = subprocess.run(argv, capture_output=True, text=True)
    lines = [line for line in (done.stdout + done.stderr).splitlines()
             if "deep.py" in line or "file.py" in line]
    return lines[0].split(": ", 1)[1][:90] if lines else done.stdout.strip()[:90]


def hostile(folder: Path) -> list[str]:
    rows = ["| input | CPython compile s | modlint s | modlint / CPython | modlint says |",
            "|---|---:|---:|---:|---|"]
    for name, make in HOSTILE.items():
        path = folder / "deep.py"
        path.write_text(make())
        python, _, _, _ = measure([*COMPILE, str(path)])
        ours, _, _, _ = measure([*MODLINT, str(path)])
        said = outcome([*MODLINT, str(path)]).replace("|", "\\|")
        rows.append(f"| {name} | {python:.2f} | {ours:.2f} | {ours / python:.1f} | {said} |")
        print(rows[-1], flush=True)
    return rows


def large(folder: Path, with_ruff: bool) -> list[str]:
    path = folder / "file.py"
    path.write_text(large_module())
    rows = [f"Generated module: {path.stat().st_size / 1e6:.1f} MB, 200,000 functions, "
            f"imports torch.", "",
            "| command | wall s | peak MiB | exit |", "|---|---:|---:|---:|"]
    commands = [("CPython compile", [*COMPILE, str(path)]),
                ("LibCST parse", [*PARSE, str(path)]),
                ("modlint (default budget)", [*MODLINT, str(path)]),
                ("modlint, no budget", [*MODLINT, "--file-time-limit", "0",
                                        "--file-memory-limit", "0", str(path)])]
    if with_ruff:
        commands.append(("ruff --select ALL", [str(venv_tool("ruff")), "check", "--isolated",
                                               "--select", "ALL", "--no-cache", str(path)]))
    for name, argv in commands:
        wall, peak, code, err = measure(argv)
        rows.append(f"| {name} | {wall:.1f} | {peak:.0f} | {code} |")
        print(rows[-1], err.strip().splitlines()[-1:] if code not in (0, 1) else "",
              flush=True)
    return rows


def fixed(folder: Path) -> list[str]:
    corpus = fetch.corpus_dir()
    thousand = folder / "thousand.py"
    # about 1,000 lines of real model code: torchvision's ResNet, then its VGG
    vision = next(corpus.glob("torchvision-*/torchvision/models"), None)
    if vision is None:
        return ["(corpus not fetched: python benchmarks/corpus/fetch.py)"]
    text = "".join((vision / name).read_text() for name in ("resnet.py", "vgg.py", "alexnet.py"))
    thousand.write_text("\n".join(text.splitlines()[:1000]) + "\n")
    rows = ["| command | wall s | peak MiB |", "|---|---:|---:|"]
    for name, argv in (("modlint --version", [PYTHON, "-m", "modlint", "--version"]),
                       ("modlint rule MOD001", [PYTHON, "-m", "modlint", "rule", "MOD001"]),
                       ("python -c pass", [PYTHON, "-c", "pass"]),
                       ("modlint, one 1,000-line file, cold", [*MODLINT, str(thousand)]),
                       ("CPython compile of it", [*COMPILE, str(thousand)])):
        walls = sorted(measure(argv)[:2] for _ in range(3))
        wall, peak = walls[1]
        rows.append(f"| {name} | {wall:.2f} | {peak:.0f} |")
        print(rows[-1], flush=True)
    return rows


# The project index alone, in a child process: seconds to scan, seconds to build and ask
# it for every file, and the process's peak resident memory.
INDEX = """
import os, resource, sys, time
from modlint.config import Config
from modlint.project import ProjectIndex
from modlint.workspace import project_files
start = time.process_time()
files = project_files(sys.argv[1], Config(), None).files
scanned = time.process_time()
index = ProjectIndex({path: found.declarations for path, found in files.items()})
for path in files:
    index.bases_for(path), index.facts_for(path)
done = time.process_time()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(len(files), scanned - start, done - scanned, peak)
"""


def scale(folder: Path, packages: list[str], copies: list[int]) -> list[str]:
    corpus = fetch.present()
    if corpus is None:
        return ["(corpus not fetched: python benchmarks/corpus/fetch.py)"]
    sources = [corpus.packages[name] for name in packages]
    rows = [f"Packages {', '.join(packages)}, copied N times into one project.", "",
            "| copies | files | cold wall s | cold CPU s | CPU ms per file | cold peak MiB "
            "(resident sum) | cold peak MiB (proportional sum) "
            "| cache-filling wall s | warm wall s | warm peak MiB | index scan CPU s "
            "| index build + resolve CPU s | index process peak MiB |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for count in copies:
        project = folder / f"x{count}"
        (project).mkdir()
        (project / "pyproject.toml").write_text("[tool.modlint]\n")
        for i in range(count):
            for source in sources:
                shutil.copytree(source, project / f"copy{i}" / source.name)
        files = sum(1 for _ in project.rglob("*.py"))
        wall, cpu, peak, _, _, pss = timed([*MODLINT, str(project)])
        cached = [PYTHON, "-m", "modlint", "--isolated", "--cache-dir", str(folder / f"cache{count}"),
                  str(project)]
        filling = timed(cached)[0]
        warm_wall, _, warm_peak, *_ = timed(cached)
        out = subprocess.run([PYTHON, "-c", INDEX, str(project)], capture_output=True,
                             text=True, check=True).stdout.split()
        _, scan_cpu, index_cpu, index_peak = (float(x) for x in out)
        rows.append(f"| {count} | {files} | {wall:.1f} | {cpu:.1f} | {1000 * cpu / files:.1f} "
                    f"| {peak:.0f} | {pss:.0f} | {filling:.1f} | {warm_wall:.2f} | {warm_peak:.0f} "
                    f"| {scan_cpu:.2f} | {index_cpu:.2f} | {index_peak:.0f} |")
        print(rows[-1], flush=True)
        shutil.rmtree(project)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="hostile,large,fixed")
    parser.add_argument("--ruff", action="store_true")
    parser.add_argument("--packages", default="torchvision,timm,diffusers,transformers",
                        help="corpus packages copied for --only scale")
    parser.add_argument("--copies", default="1,2,5", help="copies measured for scale")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        os.chdir(folder)
        parts = options.only.split(",")
        out = []
        if "hostile" in parts:
            out += ["### Hostile inputs", "", *hostile(folder), ""]
        if "large" in parts:
            out += ["### A large generated module", "", *large(folder, options.ruff), ""]
        if "fixed" in parts:
            out += ["### Fixed cost", "", *fixed(folder), ""]
        if "scale" in parts:
            out += ["### Scale", "", *scale(folder, options.packages.split(","),
                                            [int(n) for n in options.copies.split(",")]), ""]
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
