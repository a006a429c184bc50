"""modlint's speed, side by side with its floors and its peers, in one run.

    python benchmarks/run.py                  # everything, 3 runs each (an hour or more)
    python benchmarks/run.py --runs 5 --skip-peers
    python benchmarks/run.py --packages torchvision,timm --subset torchvision

Fetches the corpus (benchmarks/corpus/fetch.py), installs TorchFix, Fixit and ruff into
their own throwaway virtual environments under benchmarks/.cache/venvs, then runs every
measurement once per round, alternating the tools, for --runs rounds, and reports the
median of each: wall time, CPU time (user + system of all processes), peak memory (the
largest sum of resident memory over the process tree, sampled every 50 ms) and files per
second. The table and the ratios the speed targets name are printed and written to
benchmarks/RESULTS.md after every measurement, so an interrupted run keeps what it has.
Run it from a checkout with modlint importable (installed, or PYTHONPATH=src).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, NamedTuple, Optional

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
sys.path.insert(0, str(HERE / "corpus"))

import fetch  # noqa: E402  (benchmarks/corpus/fetch.py)

PEERS = {  # name -> (pinned requirement, executable)
    "torchfix": ("torchfix==0.7.0", "torchfix"),
    "fixit": ("fixit==2.2.1", "fixit"),
    "ruff": ("ruff==0.17.6", "ruff"),
}
# Whatever a peer pulls in, never another torch than the project's (a CUDA build is GBs).
# (TorchFix 0.7.0 and Fixit 2.2.1 depend on libcst, not on torch.)
CONSTRAINTS = "torch==2.13.0\n"


@dataclass
class Measurement:
    name: str
    files: int
    argv: list[str]
    before: Optional[Callable[[], None]] = None  # untimed preparation
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)  # MiB
    failures: list[str] = field(default_factory=list)

    @staticmethod
    def median(values: list[float]) -> Optional[float]:
        return statistics.median(values) if values else None

    @property
    def wall(self) -> Optional[float]:
        return self.median(self.walls)

    @property
    def cpu(self) -> Optional[float]:
        return self.median(self.cpus)


def venv_tool(name: str) -> Path:
    """Install a peer into benchmarks/.cache/venvs/<name> once; its executable."""
    requirement, executable = PEERS[name]
    folder = CACHE / "venvs" / name
    tool = folder / "bin" / executable
    stamp = folder / ".installed"
    if stamp.exists() and stamp.read_text() == requirement and tool.exists():
        return tool
    if folder.exists():
        shutil.rmtree(folder)
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    constraints = folder / "constraints.txt"
    constraints.write_text(CONSTRAINTS)
    subprocess.run([str(folder / "bin" / "python"), "-m", "pip", "install", "--quiet",
                    "-c", str(constraints), requirement], check=True)
    stamp.write_text(requirement)
    return tool


def tree_memory(pid: int) -> tuple[int, int]:
    """Resident memory of ``pid`` and all its descendants, in bytes: the sum of their
    resident sets, and of their proportional sets (each page shared by several of them,
    as forked workers share their parent's, counted once in all: what the machine
    spends)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * resource.getpagesize()
    total_rss = total_pss = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        total_rss += rss.get(current, 0)
        total_pss += _pss(current)
        todo.extend(children.get(current, []))
    return total_rss, total_pss


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class Timed(NamedTuple):
    wall: float  # seconds
    cpu: float  # seconds, the process and its children
    peak: float  # MiB, the largest sum of the process tree's resident sets
    code: int
    err: str  # the end of stderr
    peak_pss: float  # MiB, the largest sum of its proportional sets (0: not readable)


def timed(argv: list[str]) -> Timed:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    peak = peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_pss
        while not done.is_set():
            rss, pss = tree_memory(process.pid)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if not peak:  # too short for the sampler (ru_maxrss only ever grows: a fallback)
        peak = after.ru_maxrss * 1024
    return Timed(wall, cpu, peak / 2**20, process.returncode,
                 err.decode(errors="replace")[-300:], peak_pss / 2**20)


def copies_of(corpus: fetch.Corpus, folder: Path, count: int) -> list[Path]:
    """``count`` copies of a package folder, each under its own parent (made once, inside
    the corpus folder: elsewhere in this checkout git, and so the linters, ignore them)."""
    base = corpus.root / "copies" / f"{folder.name}-x{count}"
    targets = [base / f"copy{i}" for i in range(count)]
    if not (base / ".complete").exists():
        shutil.rmtree(base, ignore_errors=True)
        for target in targets:
            shutil.copytree(folder, target)
        (base / ".complete").touch()
    return targets


def build(corpus: fetch.Corpus, packages: list[str], subset_names: list[str],
          skip_peers: bool, scratch: Path) -> list[Measurement]:
    modlint = [sys.executable, "-m", "modlint", "check", "--exit-zero"]
    floors = [sys.executable, str(HERE / "floors.py")]
    everything = [str(corpus.packages[n]) for n in packages]
    subset = [str(corpus.packages[n]) for n in subset_names]
    n_all, n_subset = len(corpus.files(*packages)), len(corpus.files(*subset_names))
    largest = str(max(corpus.files(*packages), key=lambda p: p.stat().st_size))
    cache_dir = str(scratch / "cache")

    def fresh_cache() -> None:
        shutil.rmtree(cache_dir, ignore_errors=True)

    found = [
        Measurement("read floor (corpus)", n_all, floors + ["read", *everything]),
        Measurement("parse floor (corpus)", n_all, floors + ["parse", *everything]),
        Measurement("modlint cold (corpus)", n_all,
                    modlint + ["--cache-dir", cache_dir, *everything], before=fresh_cache),
        Measurement("modlint warm (corpus)", n_all,
                    modlint + ["--cache-dir", cache_dir, *everything]),
        Measurement("parse floor (largest file)", 1, floors + ["parse", largest]),
        Measurement("modlint (largest file)", 1, modlint + ["--no-cache", largest]),
        Measurement("modlint cold (subset)", n_subset, modlint + ["--no-cache", *subset]),
    ]
    if not skip_peers:
        ruff, torchfix, fixit = venv_tool("ruff"), venv_tool("torchfix"), venv_tool("fixit")
        ruff_all = [str(ruff), "check", "--isolated", "--select", "ALL", "--no-cache",
                    "--exit-zero", "--quiet"]
        found += [
            Measurement("ruff --select ALL (corpus)", n_all, ruff_all + everything),
            Measurement("ruff --select ALL (subset)", n_subset, ruff_all + subset),
            Measurement("TorchFix (subset)", n_subset, [str(torchfix), *subset]),
            Measurement("Fixit (subset)", n_subset, [str(fixit), "lint", *subset]),
        ]
    n_tv = len(corpus.files("torchvision"))
    for count in (1, 2, 4):
        folders = [str(p) for p in copies_of(corpus, corpus.packages["torchvision"], count)]
        found.append(Measurement(f"modlint cold (torchvision x{count})", n_tv * count,
                                 modlint + ["--no-cache", *folders]))
    return found


def fmt(value: Optional[float], spec: str = ".2f") -> str:
    return "n/a" if value is None else format(value, spec)


def ratio(a: Optional[Measurement], b: Optional[Measurement],
          cpu: bool = False) -> Optional[float]:
    if a is None or b is None:
        return None
    x, y = (a.cpu, b.cpu) if cpu else (a.wall, b.wall)
    return x / y if x and y else None


def report(measurements: list[Measurement], rounds: int, load: list[str],
           packages: list[str], subset_names: list[str]) -> str:
    by = {m.name: m for m in measurements}
    lines = [
        "# Benchmark results",
        "",
        f"`python benchmarks/run.py` on {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}. Corpus wheels: "
        + ", ".join(f"{n}=={v}" for n, v in fetch.PINS.items())
        + f". Here \"corpus\" is {' + '.join(packages)} and \"subset\" (where the peers "
        f"run) is {' + '.join(subset_names)}. Medians of {rounds} round(s), the tools "
        "alternating run by run.",
        "",
        "Load average (1, 5, 15 min) at the start of each round: " + "; ".join(load) + ".",
        "",
        "| measurement | files | wall s | CPU s | peak MiB | files/s | runs |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for m in measurements:
        rate = m.files / m.wall if m.wall else None
        runs = f"{len(m.walls)}" + (f" ({len(m.failures)} failed)" if m.failures else "")
        lines.append(f"| {m.name} | {m.files} | {fmt(m.wall)} | {fmt(m.cpu)} | "
                     f"{fmt(m.median(m.peaks), '.0f')} | {fmt(rate, '.1f')} | {runs} |")
    cold, warm = by.get("modlint cold (corpus)"), by.get("modlint warm (corpus)")
    subset = by.get("modlint cold (subset)")
    pairs = [
        ("TorchFix / modlint cold, subset", "≥ 20", by.get("TorchFix (subset)"), subset),
        ("Fixit / modlint cold, subset", "≥ 10", by.get("Fixit (subset)"), subset),
        ("modlint cold / parse floor, corpus", "≤ 0.6", cold, by.get("parse floor (corpus)")),
        ("modlint warm / modlint cold, corpus", "≤ 0.05", warm, cold),
        ("modlint warm / read floor, corpus", "≤ 3", warm, by.get("read floor (corpus)")),
        ("modlint largest file / its parse", "≤ 1.3", by.get("modlint (largest file)"),
         by.get("parse floor (largest file)")),
        ("modlint cold / ruff --select ALL, corpus", "(reference)", cold,
         by.get("ruff --select ALL (corpus)")),
    ]
    lines += ["", "| ratio | target | wall | CPU |", "|---|---|---:|---:|"]
    lines += [f"| {name} | {target} | {fmt(ratio(a, b))} | {fmt(ratio(a, b, cpu=True))} |"
              for name, target, a, b in pairs]
    peaks = [max(m.peaks) for m in measurements if m.name.startswith("modlint") and m.peaks]
    lines += ["", f"Peak memory of any modlint run (process tree): "
                  f"{fmt(max(peaks) if peaks else None, '.0f')} MiB (target < 500 MiB)."]
    flat = []
    for count in (1, 2, 4):
        m = by.get(f"modlint cold (torchvision x{count})")
        per_file = m.wall / m.files * 1000 if m and m.wall else None
        per_cpu = m.cpu / m.files * 1000 if m and m.cpu else None
        flat.append(f"x{count}: {fmt(per_file, '.1f')} ms wall, {fmt(per_cpu, '.1f')} ms CPU")
    lines += ["", "Cost per file as the corpus grows (torchvision copies, cold, no cache): "
              + "; ".join(flat) + "."]
    failures = [(m.name, f) for m in measurements for f in m.failures]
    if failures:
        lines += ["", "Failed runs (not counted):"]
        lines += [f"- {name}: {message}" for name, message in failures]
    return "\n".join(lines) + "\n"


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-peers", action="store_true", help="no TorchFix, Fixit, ruff")
    parser.add_argument("--only", help="measure only the names containing one of these "
                                       "comma-separated texts")
    parser.add_argument("--packages", default=",".join(fetch.PINS),
                        help="the packages of the corpus (default: all four)")
    parser.add_argument("--subset", default="torchvision,timm",
                        help="the packages the peers are compared on")
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    args = parser.parse_args(argv)
    corpus = fetch.fetch()
    packages, subset = args.packages.split(","), args.subset.split(",")
    text = ""
    with tempfile.TemporaryDirectory(prefix="modlint-bench-") as scratch:
        measurements = build(corpus, packages, subset, args.skip_peers, Path(scratch))
        if args.only:
            wanted = args.only.split(",")
            measurements = [m for m in measurements if any(w in m.name for w in wanted)]
        load: list[str] = []
        for round_ in range(args.runs):
            load.append(" ".join(f"{x:.1f}" for x in os.getloadavg()))
            for m in measurements:
                if m.before is not None:
                    m.before()
                wall, cpu, peak, code, err, _ = timed(m.argv)
                if code not in (0, 1):  # TorchFix and Fixit exit 1 on findings
                    m.failures.append(f"exit {code}: {' '.join(err.split())}")
                    continue
                m.walls.append(wall)
                m.cpus.append(cpu)
                m.peaks.append(peak)
                print(f"round {round_ + 1}: {m.name}: {wall:.2f} s wall, {cpu:.2f} s CPU, "
                      f"{peak:.0f} MiB", flush=True)
                text = report(measurements, round_ + 1, load, packages, subset)
                Path(args.out).write_text(text)  # after each: an interrupted run keeps it
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
