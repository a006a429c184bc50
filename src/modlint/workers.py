"""Worker processes with a budget per file.

Each file is analysed in a worker process watched by the main process: a worker past the
time budget (its CPU time, read from ``/proc``, so that a loaded machine does not stop
files; or four times the budget in wall time, for a worker stuck waiting) or the memory
budget (its resident memory) is killed and replaced, and so is one that dies on its own
(the system's out-of-memory killer, a crash of native code); the file is reported as not
analysed, with the limit and how to raise it, and the run goes on with the other files.
Workers are forked after the main process has imported LibCST, loaded the rules and built
the project index, so they start at once and share those pages; the garbage collector is
told to leave the objects made before the fork alone (``gc.freeze``), since walking them
would write to every shared page and so copy it into each worker.

``multiprocessing.Pool`` cannot do this: a worker that dies makes ``map`` wait forever,
and a task cannot be given a time limit.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Optional, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_SECONDS = 120.0  # the corpus's slowest file takes about 1 s
DEFAULT_MEMORY_MIB = 3072  # the corpus's largest file needs about 110 MiB
POLL_SECONDS = 0.05  # how often a busy worker's clock and memory are looked at
# A worker waiting rather than computing (a read that hangs) is stopped after this many
# times the time budget in wall time.
WALL_FACTOR = 4

TIME_HINT = "`file-time-limit` in [tool.modlint] or --file-time-limit SECONDS; 0 for none"
MEMORY_HINT = "`file-memory-limit` in [tool.modlint] or --file-memory-limit MIB; 0 for none"


@dataclass(frozen=True)
class Budget:
    """What one file may cost; 0 means no limit."""

    seconds: float = DEFAULT_SECONDS
    memory_mib: int = DEFAULT_MEMORY_MIB

    def __bool__(self) -> bool:
        return bool(self.seconds or self.memory_mib)

    def over_time(self) -> str:
        return (f"it took longer than the time budget of {self.seconds:g} s per file "
                f"(raise it with {TIME_HINT})")

    def over_memory(self) -> str:
        return (f"it needed more than the memory budget of {self.memory_mib} MiB per file "
                f"(raise it with {MEMORY_HINT})")


def died(exitcode: Optional[int]) -> str:
    if exitcode is not None and exitcode < 0:
        how = f"killed by signal {-exitcode}"
        if -exitcode == 9:
            how += ", maybe by the system for want of memory"
    else:
        how = f"exit code {exitcode}"
    return f"the worker process analysing it died ({how})"


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pid: int) -> Optional[float]:
    """A process's CPU time, user and system, in seconds (None where /proc cannot tell)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            data = handle.read()
        fields = data[data.rindex(b")") + 2:].split()  # after the command's name
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, ValueError, IndexError):
        return None


def resident_mib(pid: int) -> Optional[float]:
    """A process's resident memory in MiB (None where /proc cannot tell)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * _PAGE / (1024 * 1024)
    except (OSError, ValueError, IndexError):
        return None


def _context() -> Any:
    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - not on Linux
        return multiprocessing.get_context()


def _serve(connection: Connection, function: Callable[..., Any], setup: tuple) -> None:
    """A worker: items in, results out, until told to stop (None)."""
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if message is None:
            return
        index, item = message
        connection.send((index, function(item, *setup)))


class _Worker:
    def __init__(self, context: Any, function: Callable[..., Any], setup: tuple) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, function, setup),
                                       daemon=True)
        self.process.start()
        child.close()
        self.index: Optional[int] = None  # the item being worked on
        self.started = 0.0
        self.cpu_started: Optional[float] = None

    def give(self, index: int, item: Any) -> None:
        self.index, self.started = index, time.monotonic()
        self.cpu_started = cpu_seconds(self.process.pid)
        self.connection.send((index, item))

    def over_time(self, seconds: float, now: float) -> bool:
        """Past the budget in CPU time, or in wall time times WALL_FACTOR (where /proc
        cannot tell the CPU time: in wall time)."""
        wall = now - self.started
        cpu = cpu_seconds(self.process.pid)
        if cpu is None or self.cpu_started is None:
            return wall > seconds
        return cpu - self.cpu_started > seconds or wall > WALL_FACTOR * seconds

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()

    def stop(self) -> None:
        try:
            self.connection.send(None)
        except OSError:
            pass
        self.process.join(timeout=5)
        self.kill()


def run(items: Sequence[T], function: Callable[..., R], setup: tuple, processes: int,
        budget: Budget, failed: Callable[[T, str], R]) -> list[R]:
    """``function(item, *setup)`` for every item, in ``processes`` worker processes, in
    the order given (give the largest first); the results in the same order.
    ``failed(item, reason)`` stands for the result of an item whose worker was killed
    for the budget or died."""
    context = _context()
    results: list[Any] = [None] * len(items)
    done = [False] * len(items)
    pending = list(range(len(items)))
    pending.reverse()  # popped from the end: the first item first
    gc.freeze()
    workers = [_Worker(context, function, setup)
               for _ in range(max(1, min(processes, len(items))))]
    try:
        while pending or any(w.index is not None for w in workers):
            for worker in workers:
                if worker.index is None and pending:
                    index = pending.pop()
                    try:
                        worker.give(index, items[index])
                    except OSError:  # died while idle: give the item to a new one
                        pending.append(index)
                        workers[workers.index(worker)] = _Worker(context, function, setup)
            busy = [w for w in workers if w.index is not None]
            waited = [w.connection for w in busy] + [w.process.sentinel for w in busy]
            ready = set(wait(waited, timeout=POLL_SECONDS if budget else None))
            now = time.monotonic()
            for slot, worker in enumerate(workers):
                index = worker.index
                if index is None:
                    continue
                reason = None
                if worker.connection in ready:
                    try:
                        got, result = worker.connection.recv()
                    except (EOFError, OSError):
                        worker.process.join()
                        reason = died(worker.process.exitcode)
                    else:
                        results[got], done[got], worker.index = result, True, None
                        continue
                elif worker.process.sentinel in ready:
                    worker.process.join()
                    reason = died(worker.process.exitcode)
                elif budget.seconds and worker.over_time(budget.seconds, now):
                    reason = budget.over_time()
                elif budget.memory_mib:
                    used = resident_mib(worker.process.pid)
                    if used is not None and used > budget.memory_mib:
                        reason = budget.over_memory()
                if reason is None:
                    continue
                worker.kill()
                results[index], done[index] = failed(items[index], reason), True
                workers[slot] = _Worker(context, function, setup)
    finally:
        for worker in workers:
            if worker.index is None:
                worker.stop()
            else:  # interrupted
                worker.kill()
        gc.unfreeze()
    return results
