"""Runs original and fixed module classes under torch; one forked child per case.

    python benchmarks/fix_verification/runner.py [--torchvision-ops] [--preload A,B] < cases.jsonl

Reads one case per line (JSON: ``id``, ``module``, ``file``, ``original``, ``fixed``,
``cls``, optionally ``time_limit``) and prints one result per line (JSON: ``id``, ``status``, ``detail``, ``phases``).
torch is imported once, before any case; each case runs in a child forked from this
process, with a time limit, so a case that hangs or crashes the interpreter costs only
itself. No torch operation runs in this process itself: a forked child of a process that
has used OpenMP can hang.

What a case proves, for one class: there are constructor arguments and an input for which
the original's forward runs on the CPU; then the fixed class, built with the same seed,
takes the original's ``state_dict()`` with ``strict=True`` (same keys) and returns the same
output on the CPU, and wherever the original also runs after ``.to("meta")`` or
``.double()``, or on a fake GPU (inputs moved alike), the fixed class runs too.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import json
import os
import select
import signal
import sys
import time
import traceback
import types
import typing
import warnings

import torch

OK = "OK"
NOT_CONSTRUCTIBLE = "NOT CONSTRUCTIBLE"
NO_INPUT = "NO INPUT"
ORIGINAL_FAILS = "ORIGINAL FAILS"
BROKEN = "BROKEN"
SIGNATURE_CHANGED = "SIGNATURE CHANGED"
TIMEOUT = "TIMEOUT"
CRASHED = "CRASHED"

INTS = (8, 16, 4, 32, 2)  # sizes tried for required integer arguments, in this order
TIME_LIMIT = 60.0  # seconds per case


class Failure(Exception):
    """The fixed class failed where the original did not."""


def short(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text[:300]}"


# -- loading ---------------------------------------------------------------------------

def load(source: str, module: str, file: str) -> dict:
    """Execute ``source`` as module ``module``; return its namespace. When ``module`` is
    a real module (a package's), it is imported first, so that its package, and every
    module importing it back, is complete before the copy runs."""
    if "." in module:
        try:
            importlib.import_module(module)
        except Exception:
            pass  # the copy's own imports say what is missing
    namespace = types.ModuleType(module)
    namespace.__file__ = file
    namespace.__package__ = module if file.endswith("__init__.py") \
        else module.rpartition(".")[0]
    sys.modules[module] = namespace  # dataclasses and typing look classes up there
    exec(compile(source, file, "exec"), namespace.__dict__)
    return namespace.__dict__


# -- construction ------------------------------------------------------------------------

def _annotation(param: inspect.Parameter, namespace: dict):
    annotation = param.annotation
    if isinstance(annotation, str):
        try:
            annotation = eval(annotation, namespace)
        except Exception:
            return None
    if typing.get_origin(annotation) is typing.Union:
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = options[0] if options else None
    return None if annotation is inspect.Parameter.empty else annotation


def _config_objects(annotation, namespace: dict) -> list:
    """Objects for a ``config``-like argument: its annotated class, else the ``*Config``
    classes the module names, each built with no argument."""
    classes = [annotation] if isinstance(annotation, type) else [
        v for k, v in namespace.items() if isinstance(v, type) and k.endswith("Config")]
    found = []
    for cls in classes:
        try:
            found.append(cls())
        except Exception:
            continue
    return found


def _guess(param: inspect.Parameter, size: int, namespace: dict) -> list:
    """Values to try for a required argument, most likely first."""
    annotation = _annotation(param, namespace)
    name = param.name.lower()
    if annotation is bool or name.startswith(("use_", "is_", "with_")):
        return [False, True]
    if annotation is float or any(w in name for w in ("drop", "prob", "rate", "eps",
                                                      "scale", "temperature", "momentum")):
        return [1e-5] if "eps" in name else [0.0] if "drop" in name else [0.5]
    if annotation is int or annotation is None and not name.endswith("config"):
        return [size]
    if annotation is str:
        return []
    if isinstance(annotation, type) and issubclass(annotation, torch.nn.Module):
        return []
    return _config_objects(annotation, namespace)


def argument_sets(cls: type, namespace: dict) -> list[dict]:
    """Keyword arguments to try: none, then guesses for the required parameters."""
    try:
        signature = inspect.signature(cls.__init__)
    except (TypeError, ValueError):
        return [{}]
    required = [p for name, p in list(signature.parameters.items())[1:]
                if p.default is inspect.Parameter.empty
                and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    if not required:
        return [{}]
    sets: list[dict] = []
    for size in INTS:
        options = [_guess(p, size, namespace) for p in required]
        if any(not o for o in options):
            return sets
        for index in range(max(len(o) for o in options)):
            chosen = {p.name: o[min(index, len(o) - 1)] for p, o in zip(required, options)}
            if chosen not in sets:
                sets.append(chosen)
    return sets[:12]


def construct(cls: type, kwargs: dict) -> torch.nn.Module:
    torch.manual_seed(0)
    return cls(**kwargs)


def first_construction(cls: type, namespace: dict):
    """(kwargs, instance) for the first guess that builds, else (None, error)."""
    error: BaseException = ValueError("no argument guess")
    for kwargs in argument_sets(cls, namespace):
        try:
            return kwargs, construct(cls, kwargs)
        except Exception as failure:
            error = failure
    return None, error


def _common_construction(original_cls: type, fixed_cls: type, namespace: dict):
    """(kwargs, original, fixed) for the first guess for the fixed class that builds
    both, else None."""
    for kwargs in argument_sets(fixed_cls, namespace):
        try:
            return kwargs, construct(original_cls, kwargs), construct(fixed_cls, kwargs)
        except Exception:
            continue
    return None


# -- inputs -------------------------------------------------------------------------------

# Attributes of a configuration object that give a layer's width.
_WIDTHS = ("hidden_size", "d_model", "embed_dim", "dim", "in_channels", "num_channels",
           "hidden_dim", "n_embd", "channels", "intermediate_size", "out_channels")


def _sizes(kwargs: dict, cls: type) -> list[int]:
    sizes = [v for v in kwargs.values() if type(v) is int and 0 < v <= 512]
    for value in kwargs.values():  # a configuration object
        sizes += [getattr(value, a) for a in _WIDTHS
                  if type(getattr(value, a, None)) is int and 0 < getattr(value, a) <= 4096]
    try:
        defaults = inspect.signature(cls.__init__).parameters.values()
        sizes += [p.default for p in defaults if type(p.default) is int and 0 < p.default <= 512]
    except (TypeError, ValueError):
        pass
    sizes += [3, 8, 16]
    return list(dict.fromkeys(sizes))


def candidate_inputs(kwargs: dict, cls: type) -> list[torch.Tensor]:
    """Float tensors of shapes (2, C), (2, T, C), (2, C, H, W), (2, C, L), then long
    index tensors; C among the sizes the construction used."""
    sizes = _sizes(kwargs, cls)
    generator = torch.Generator().manual_seed(0)
    found = []
    for shape_of in (lambda c: (2, c), lambda c: (2, 5, c), lambda c: (2, c, 8, 8),
                     lambda c: (2, c, 16), lambda c: (2, c, 32, 32)):
        for c in sizes:
            found.append(torch.randn(shape_of(c), generator=generator))
    for high in sorted(sizes)[:2]:
        found.append(torch.randint(0, high, (2, 5), generator=generator))
    return found


def _forward_arity(module: torch.nn.Module) -> int:
    """How many positional arguments forward requires (the input is passed to each)."""
    try:
        params = inspect.signature(module.forward).parameters.values()
    except (TypeError, ValueError):
        return 1
    required = [p for p in params if p.default is inspect.Parameter.empty
                and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return max(1, len(required))


def run(module: torch.nn.Module, x: torch.Tensor):
    torch.manual_seed(1)
    with torch.no_grad():
        return module(*[x] * _forward_arity(module))


def first_input(module: torch.nn.Module, kwargs: dict, cls: type):
    """(input, output) for the first candidate the module runs on, else (None, error)."""
    error: BaseException = ValueError("no candidate input")
    for x in candidate_inputs(kwargs, cls):
        try:
            return x, run(module, x)
        except Exception as failure:
            error = failure
    return None, error


# -- comparison ---------------------------------------------------------------------------

def same(a, b) -> bool:
    if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
        return (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor)
                and a.shape == b.shape and a.dtype == b.dtype
                and bool(torch.equal(a, b) or torch.allclose(a, b, equal_nan=True)))
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if hasattr(a, "to_tuple") and hasattr(b, "to_tuple"):  # transformers' ModelOutput
        return same(a.to_tuple(), b.to_tuple())
    return type(a) is type(b)


def moved_phase(name: str, build, x: torch.Tensor, move, context=None) -> str:
    """Build both anew and run them after ``move`` (of the modules and the input): the
    fixed one must run wherever the original does. ``context`` (a factory of a context
    manager) surrounds the moves and the runs."""
    original, fixed = build()
    with context() if context is not None else contextlib.nullcontext():
        try:
            moved_x = move(x)
            run(move(original), moved_x)
        except Exception as error:
            return f"original fails ({short(error)})"
        try:
            run(move(fixed), moved_x)
        except Exception as error:
            if any(limit in str(error) for limit in _STAND_IN_LIMITS):
                return f"inconclusive ({short(error)})"
            raise Failure(f"{name}: the original runs, the fixed fails: {short(error)}")
    return "both run"


# What fake tensors cannot do (they hold no data): a failure saying so is no verdict.
_STAND_IN_LIMITS = ("data-dependent", "DataDependent")


def to_meta(value):
    return value.to("meta")


def to_double(value):
    if isinstance(value, torch.nn.Module) or value.is_floating_point():
        return value.double()
    return value


DEVICE = "fakegpu"  # torch's private-use backend, named at start-up


class FakeGpu:
    """Another device without a GPU: torch's fake tensors, on a private-use device,
    carry a device and check that the devices of an operation's operands agree, as CUDA
    does, but hold no data. Unlike ``meta``, such a tensor can be copied to the CPU
    (``x.cpu()``) and back. Its indexing, unlike fake CUDA's, needs no CUDA build."""

    def __init__(self):
        from torch._subclasses.fake_tensor import FakeTensorMode

        self.mode = FakeTensorMode(allow_non_fake_inputs=True)

    def __enter__(self):
        self.grad = torch.no_grad()
        self.grad.__enter__()
        self.mode.__enter__()
        return self

    def __exit__(self, *exc):
        self.mode.__exit__(*exc)
        self.grad.__exit__(*exc)

    def move(self, value):
        if isinstance(value, torch.nn.Module):
            value.requires_grad_(False)  # a fake leaf cannot hold a gradient accumulator
            return value._apply(self.move)
        return torch.empty_like(self.mode.from_tensor(value), device=DEVICE)


def verify(case: dict) -> dict:
    """Everything one case proves; returns the result record."""
    result = {"id": case["id"], "status": "", "detail": "", "phases": {}}
    module, file = case["module"], case.get("file") or f"<{case['module']}>"
    try:
        original_ns = load(case["original"], module, file)
        original_cls = original_ns[case["cls"]]
    except Exception as error:
        return {**result, "status": NOT_CONSTRUCTIBLE, "detail": f"original: {short(error)}"}
    try:
        fixed_ns = load(case["fixed"], module, file)
        fixed_cls = fixed_ns[case["cls"]]
    except Exception as error:
        return {**result, "status": BROKEN, "detail": f"the fixed module fails to load: "
                                                      f"{short(error)}"}
    kwargs, original = first_construction(original_cls, original_ns)
    if kwargs is None:
        fixed_kwargs, fixed = first_construction(fixed_cls, fixed_ns)
        if fixed_kwargs is None:
            return {**result, "status": NOT_CONSTRUCTIBLE, "detail": short(original)}
        x, out = first_input(fixed, fixed_kwargs, fixed_cls)
        return {**result, "status": ORIGINAL_FAILS,
                "detail": f"construction: {short(original)}; the fixed one builds"
                          + (" and runs" if x is not None else "")}
    try:
        fixed = construct(fixed_cls, kwargs)
    except TypeError as error:  # its constructor takes other arguments (MOD105's rename)
        common = _common_construction(original_cls, fixed_cls, fixed_ns)
        if common is None:
            return {**result, "status": SIGNATURE_CHANGED,
                    "detail": f"the original builds with {kwargs}, the fixed one with no "
                              f"argument set the original takes: {short(error)}"}
        kwargs, original, fixed = common
    except Exception as error:
        fixed = error
    result["detail"] = f"args {kwargs}"
    x, expected = first_input(original, kwargs, original_cls)
    if x is None:
        if isinstance(fixed, BaseException):
            return {**result, "status": NO_INPUT, "detail": short(expected)}
        fixed_x, _ = first_input(fixed, kwargs, fixed_cls)
        status = ORIGINAL_FAILS if fixed_x is not None else NO_INPUT
        return {**result, "status": status, "detail": f"forward: {short(expected)}"
                + ("; the fixed one runs" if fixed_x is not None else "")}
    result["detail"] += f", input {tuple(x.shape)} {str(x.dtype).replace('torch.', '')}"
    try:
        if isinstance(fixed, BaseException):
            raise Failure(f"construction: the original builds, the fixed fails: {short(fixed)}")
        try:
            fixed.load_state_dict(original.state_dict(), strict=True)
        except Exception as error:
            raise Failure(f"state_dict keys changed: {short(error)}")
        try:
            output = run(fixed, x)
        except Exception as error:
            raise Failure(f"cpu: the original runs, the fixed fails: {short(error)}")
        if same(expected, output):
            result["phases"]["cpu"] = "same output"
        elif same(expected, run(construct(original_cls, kwargs), x)):
            raise Failure("cpu: the outputs differ")
        else:  # a second original differs too: uninitialised memory (torch.empty) or noise
            result["phases"]["cpu"] = "runs (the original's own output is not reproducible)"

        def build():
            return construct(original_cls, kwargs), construct(fixed_cls, kwargs)

        result["phases"]["double"] = moved_phase("double", build, x, to_double)
        result["phases"]["meta"] = moved_phase("meta", build, x, to_meta)
        fake = FakeGpu()
        result["phases"]["fake gpu"] = moved_phase("fake gpu", build, x, fake.move,
                                                   lambda: fake)
    except Failure as failure:
        return {**result, "status": BROKEN, "detail": f"{failure} ({result['detail']})"}
    return {**result, "status": OK}


# -- the process around the cases ----------------------------------------------------------

def _in_child(case: dict, write_fd: int) -> None:
    try:
        warnings.simplefilter("ignore")
        torch.set_num_threads(1)
        devnull = os.open(os.devnull, os.O_WRONLY)  # the code under test may print
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        try:
            result = verify(case)
        except BaseException as error:  # a bug in the verification itself
            result = {"id": case["id"], "status": CRASHED,
                      "detail": short(error) + " " + traceback.format_exc(limit=-2)[-300:],
                      "phases": {}}
        os.write(write_fd, json.dumps(result).encode())
    finally:
        os._exit(0)


def run_case(case: dict, limit: float = TIME_LIMIT) -> dict:
    """Verify one case in a forked child; a hang or a crash is a result, not a failure."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _in_child(case, write_fd)
    os.close(write_fd)
    chunks, deadline = [], time.monotonic() + limit
    while True:
        remaining = deadline - time.monotonic()
        ready, _, _ = select.select([read_fd], [], [], max(remaining, 0))
        if not ready:
            os.kill(pid, signal.SIGKILL)
            break
        chunk = os.read(read_fd, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_fd)
    _, status = os.waitpid(pid, 0)
    if chunks:
        return json.loads(b"".join(chunks))
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL \
            and time.monotonic() >= deadline:
        return {"id": case["id"], "status": TIMEOUT, "detail": f"over {limit:.0f} s",
                "phases": {}}
    return {"id": case["id"], "status": CRASHED, "detail": f"wait status {status}",
            "phases": {}}


def declare_torchvision_ops() -> None:
    """torchvision's Python code registers fake kernels for its C++ ops; without the
    compiled extension those ops do not exist. Declaring their schemas lets the package
    import; no such op is ever run here."""
    global _TORCHVISION_LIBRARY
    _TORCHVISION_LIBRARY = torch.library.Library("torchvision", "DEF")
    for schema in ("nms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor",
                   "qnms(Tensor qdets, Tensor scores, float iou_threshold) -> Tensor"):
        _TORCHVISION_LIBRARY.define(schema)


def warm_up() -> None:
    """Name the private-use device, and pay once, before any fork, what the first use of
    fake tensors costs (imports and caches). Fake tensors compute nothing, so no thread
    pool starts here."""
    from torch.utils.backend_registration import _setup_privateuseone_for_python_backend

    _setup_privateuseone_for_python_backend(DEVICE)
    with FakeGpu() as fake:
        x = fake.move(torch.empty(2, 3))
        (x @ x.T + x.sum()).softmax(-1)


def preload(names: list[str]) -> None:
    """Import the packages the cases' modules belong to once, before any fork."""
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:
            continue  # a case needing it reports the failure itself


def main() -> int:
    warm_up()
    arguments = sys.argv[1:]
    if "--torchvision-ops" in arguments:
        declare_torchvision_ops()
    if "--preload" in arguments:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            preload(arguments[arguments.index("--preload") + 1].split(","))
    limit = float(os.environ.get("FIX_VERIFICATION_TIME_LIMIT", TIME_LIMIT))
    for line in sys.stdin:
        if line.strip():
            case = json.loads(line)
            print(json.dumps(run_case(case, case.get("time_limit", limit))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
