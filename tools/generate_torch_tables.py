"""Write ``src/modlint/semantic/torch_tables.py``: what torch's functions and Tensor methods
return, and every path of every ``nn.Module`` class torch defines, read from the installed
torch (its type stubs, its Python annotations, its operator schemas, its classes).

    python tools/generate_torch_tables.py          # rewrite the table
    python tools/generate_torch_tables.py --check  # exit 1 when the table is out of date

The analysis itself never imports torch: it reads the generated literal sets.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import pkgutil
import sys
import typing
import warnings
from pathlib import Path
from typing import Iterable, Optional

import torch
from torch import nn

TABLE = Path(__file__).resolve().parent.parent / "src" / "modlint" / "semantic" / "torch_tables.py"
STUBS = Path(torch.__file__).parent

# What a call returns: a tensor, a tuple or list of tensors, or something else.
TENSOR, SEQUENCE, OTHER = "tensor", "sequence", "other"

# Function namespaces: the dotted prefix, the module object, the stub files that type it.
NAMESPACES = (
    ("torch", torch, ("_C/_VariableFunctions.pyi",)),
    ("torch.nn.functional", nn.functional, ("nn/functional.pyi", "_C/_nn.pyi")),
    ("torch.linalg", torch.linalg, ()),
    ("torch.fft", torch.fft, ()),
    ("torch.special", torch.special, ()),
    ("torch.nn.init", nn.init, ()),
)

# Packages whose nn.Module classes are listed, with every module under them.
MODULE_PACKAGES = ("torch.nn", "torch.ao.nn")


class Overload(typing.NamedTuple):
    """One way to call a function: what it returns, and the parameters it has."""

    returns: str
    needs_tensor: bool  # a parameter without a default takes a tensor
    params: frozenset  # parameter names


# ----------------------------------------------------------------------------- returns

def _stub_returns(node: Optional[ast.expr]) -> str:
    text = "" if node is None else ast.unparse(node)
    if text == "Tensor":
        return TENSOR
    if text in ("list[Tensor]", "tuple[Tensor, ...]", "Sequence[Tensor]") or (
            text.startswith("tuple[") and set(text[6:-1].split(", ")) == {"Tensor"}):
        return SEQUENCE
    if text.startswith("torch.return_types."):
        return _schema_returns(text.rpartition(".")[2])
    return OTHER


def _schema_kind(schema) -> str:
    types = [str(r.type) for r in schema.returns]
    if types == ["Tensor"]:
        return TENSOR
    if types == ["List[Tensor]"] or (len(types) > 1 and set(types) == {"Tensor"}):
        return SEQUENCE
    return OTHER


def _tensor_schemas(op: str) -> list:
    """The schemas of an operator that take or give tensors and return something: not
    TorchScript's overloads on Python lists (``aten::sort.int`` sorts a list in place)."""
    return [s for s in torch._C._jit_get_schemas_for_operator("aten::" + op)
            if s.returns and "Tensor" in str(s)]


def _schema_returns(op: str) -> str:
    """What the operator behind a ``torch.return_types`` named tuple gives in it."""
    kinds = {_schema_kind(s) for s in _tensor_schemas(op) if len(s.returns) > 1}
    return kinds.pop() if len(kinds) == 1 else OTHER


def _hint_returns(hint) -> str:
    if hint is torch.Tensor:
        return TENSOR
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (tuple, list) and args and set(args) - {Ellipsis} == {torch.Tensor}:
        return SEQUENCE
    return OTHER


def _may_take_tensor(annotation: Optional[ast.expr], any_is_data: bool) -> bool:
    """Whether a parameter so annotated may receive a tensor. torch's generated stubs
    type the data of ``torch.tensor`` as ``Any`` (``from_numpy``'s not at all);
    torch.nn.functional's stub writes ``Any`` where the Python source has no
    annotation, so there it may be a tensor."""
    if annotation is None:  # the generated stubs type every tensor parameter
        return not any_is_data
    return any(isinstance(n, ast.Name) and (n.id == "Tensor" or (n.id == "Any" and not any_is_data))
               for n in ast.walk(annotation))


# ----------------------------------------------------------------------------- overloads

def read_stubs(files: Iterable[str]) -> dict[str, list[Overload]]:
    """The overloads of each top-level function of the stub files."""
    found: dict[str, list[Overload]] = {}
    for name in files:
        tree = ast.parse((STUBS / name).read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                found.setdefault(node.name, []).append(
                    _stub_overload(node, any_is_data=name.startswith("_C/")))
    return found


def _stub_overload(node: ast.FunctionDef, method: bool = False,
                   any_is_data: bool = True) -> Overload:
    args = node.args
    positional = args.posonlyargs + args.args
    if method:
        positional = positional[1:]
    required = positional[:len(positional) - len(args.defaults)]
    required += [a for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is None]
    if args.vararg is not None:
        required.append(args.vararg)
    names = {a.arg for a in positional + args.kwonlyargs}
    return Overload(_stub_returns(node.returns),
                    any(_may_take_tensor(a.annotation, any_is_data) for a in required),
                    frozenset(names))


def read_tensor_stub() -> tuple[dict[str, list[Overload]], set[str]]:
    """The overloads of each TensorBase method, and its attributes typed Tensor."""
    tree = ast.parse((STUBS / "_C/__init__.pyi").read_text(encoding="utf-8"))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "TensorBase")
    methods: dict[str, list[Overload]] = {}
    properties = set()
    for node in cls.body:
        if isinstance(node, ast.FunctionDef):
            if any(isinstance(d, ast.Name) and d.id == "property" for d in node.decorator_list):
                if _stub_returns(node.returns) == TENSOR:
                    properties.add(node.name)
                continue
            methods.setdefault(node.name, []).append(_stub_overload(node, method=True))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) \
                and ast.unparse(node.annotation) == "Tensor":
            properties.add(node.target.id)
    return methods, properties


def _python_overloads(function, method: bool = False) -> list[Overload]:
    found = []
    for variant in typing.get_overloads(function) or [function]:
        try:
            hints = typing.get_type_hints(variant)
            signature = inspect.signature(variant)
        except Exception:  # annotations naming what the module does not import
            continue
        if "return" not in hints:
            continue
        params = list(signature.parameters.values())[1 if method else 0:]
        needs = any(p.default is p.empty and p.kind is not p.VAR_KEYWORD
                    and (p.name not in hints or hints[p.name] is typing.Any
                         or "Tensor" in str(hints[p.name])) for p in params)
        found.append(Overload(_hint_returns(hints["return"]), needs,
                              frozenset(p.name for p in params)))
    return found


def _schema_overloads(op: str) -> list[Overload]:
    found = []
    for schema in _tensor_schemas(op):
        required = [a for a in schema.arguments if not a.has_default_value()
                    and a.name != "out"]
        found.append(Overload(_schema_kind(schema),
                              any("Tensor" in str(a.type) for a in required),
                              frozenset(a.name for a in schema.arguments)))
    return found


def function_overloads() -> dict[str, list[Overload]]:
    """Every public function of the namespaces, by dotted name, with its overloads."""
    found: dict[str, list[Overload]] = {}
    for prefix, module, stub_files in NAMESPACES:
        stubs = read_stubs(stub_files)
        for name in sorted(vars(module)):
            function = getattr(module, name)
            if name.startswith("_") or inspect.isclass(function) or not callable(function):
                continue
            own = getattr(function, "__name__", name)
            overloads = stubs.get(name) or stubs.get(own)
            if not overloads and inspect.isfunction(function):
                overloads = _python_overloads(function)
            if not overloads and (inspect.isbuiltin(function) or inspect.isfunction(function)):
                # a builtin binds the operator; a Python function without annotations
                # wraps the operator of its name (torch.norm, torch.tensordot)
                overloads = _schema_overloads(own)
            if overloads:
                found[f"{prefix}.{name}"] = overloads
    return found


def method_overloads() -> tuple[dict[str, list[Overload]], set[str]]:
    methods, properties = read_tensor_stub()
    for name, member in vars(torch.Tensor).items():
        if name not in methods and inspect.isfunction(member):
            overloads = _python_overloads(member, method=True) or _schema_overloads(name)
            if overloads:
                methods[name] = overloads
    return methods, properties


# ----------------------------------------------------------------------------- reductions

def reduces_to_scalar(call) -> bool:
    """Whether the call on a 2x3 float tensor alone gives a 0-dim tensor."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = call(torch.ones(2, 3))
        except Exception:
            return False
    return isinstance(result, torch.Tensor) and result.dim() == 0


def _resolve(dotted: str):
    prefix, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(prefix), name)


# ----------------------------------------------------------------------------- modules

def module_classes() -> dict[str, type]:
    """Every dotted path, in the packages and where each class is defined, of nn.Module
    classes."""
    modules = []
    for package in MODULE_PACKAGES:
        root = importlib.import_module(package)
        modules.append(root)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for info in pkgutil.walk_packages(root.__path__, package + "."):
                modules.append(importlib.import_module(info.name))
    found: dict[str, type] = {}
    for module in modules:
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, nn.Module):
                found[f"{module.__name__}.{name}"] = value
    for value in list(found.values()):
        found[f"{value.__module__}.{value.__qualname__}"] = value
    return found


def without_forward(cls: type) -> bool:
    return cls.forward is nn.Module.forward


def takes_no_arguments(cls: type) -> bool:
    try:
        params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    except (TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
               for p in params)


# ----------------------------------------------------------------------------- tables

def tables() -> dict[str, tuple[str, Iterable[str]]]:
    """Each table's name, its comment and its names."""
    functions = function_overloads()
    kinds = {name: {o.returns for o in overloads} for name, overloads in functions.items()}
    constructors = {f"torch.{name}" for name, value in vars(torch).items()
                    if value is torch.Tensor or any(value is c for c in torch._tensor_classes)}
    tensor = {n for n, k in kinds.items() if k == {TENSOR}} | constructors
    sequence = {n for n, k in kinds.items() if k == {SEQUENCE}}
    either = {n for n, k in kinds.items() if k == {TENSOR, SEQUENCE}}
    factories = {n for n in tensor - constructors
                 if any(not o.needs_tensor for o in functions[n])}
    factories |= {n for n in tensor if n.startswith("torch.") and n.endswith("_like")}
    factories |= constructors
    in_place = {n for n in tensor if n.endswith("_") and not n.endswith("__")}
    with_dim = {n for n in (tensor - constructors) | either
                if any("dim" in o.params for o in functions[n])}
    reductions = {n for n in with_dim if reduces_to_scalar(_resolve(n))}

    methods, properties = method_overloads()
    method_kinds = {name: {o.returns for o in overloads} for name, overloads in methods.items()}
    public = {n for n in method_kinds if not n.startswith("_")
              or n in ("__len__", "__getitem__", "__iter__", "__contains__", "__bool__",
                       "__float__", "__int__", "__index__")}
    m_tensor = {n for n in public if method_kinds[n] == {TENSOR}}
    m_sequence = {n for n in public if method_kinds[n] == {SEQUENCE}}
    m_either = {n for n in public if method_kinds[n] == {TENSOR, SEQUENCE}}
    m_other = {n for n in public if method_kinds[n] == {OTHER}}
    m_in_place = {n for n in m_tensor if n.endswith("_") and not n.endswith("__")}
    m_with_dim = {n for n in m_tensor | m_either if any("dim" in o.params for o in methods[n])}
    m_reductions = {n for n in m_with_dim
                    if reduces_to_scalar(lambda t, n=n: getattr(t, n)())}

    classes = module_classes()
    return {
        "TENSOR_FUNCTIONS": (
            "Functions that return a tensor, by every signature torch types them with.",
            tensor),
        "FACTORY_FUNCTIONS": (
            "Of those, the ones that can make a tensor without being given one (and the\n"
            "# `*_like` functions and the tensor classes called as constructors).",
            factories),
        "IN_PLACE_FUNCTIONS": (
            "Of those, the ones that change their first argument and return it.",
            in_place),
        "TENSOR_SEQUENCE_FUNCTIONS": (
            "Functions that return a tuple or list of tensors.", sequence),
        "TENSOR_OR_SEQUENCE_FUNCTIONS": (
            "Functions that return a tensor or a tuple of tensors, depending on the\n"
            "# arguments (`torch.max(x)`, `torch.max(x, dim=1)`).", either),
        "SCALAR_REDUCTIONS": (
            "Functions taking a `dim` that give a 0-dim tensor when called with the tensor\n"
            "# alone (measured on a 2x3 tensor).", reductions),
        "TENSOR_RETURNING_METHODS": (
            "Tensor methods that return a tensor.", m_tensor),
        "IN_PLACE_METHODS": (
            "Of those, the ones that change the tensor and return it (`x.add_(1)`).",
            m_in_place),
        "TENSOR_SEQUENCE_METHODS": (
            "Tensor methods that return a tuple or list of tensors.", m_sequence),
        "TENSOR_OR_SEQUENCE_METHODS": (
            "Tensor methods that return a tensor or a tuple of tensors, depending on the\n"
            "# arguments.", m_either),
        "NON_TENSOR_METHODS": (
            "Tensor methods that return no tensor (`item`, `size`, `tolist`...).", m_other),
        "SCALAR_REDUCTION_METHODS": (
            "Tensor methods taking a `dim` that give a 0-dim tensor when called without\n"
            "# arguments.", m_reductions),
        "TENSOR_ATTRIBUTES": (
            "Tensor attributes that are tensors (`x.T`, `x.data`).", properties),
        "MODULE_CLASS_PATHS": (
            "Every dotted path by which an nn.Module class of torch.nn or torch.ao.nn is\n"
            "# reachable: where it is defined and every module that re-exports it.",
            classes),
        "MODULE_PATHS_WITHOUT_FORWARD": (
            "Of those, the paths of classes that define no forward (Module's raises).",
            {p for p, c in classes.items() if without_forward(c)}),
        "MODULE_PATHS_WITHOUT_ARGUMENTS": (
            "Of those, the paths of classes whose constructor needs no argument.",
            {p for p, c in classes.items() if takes_no_arguments(c)}),
    }


def render() -> str:
    lines = [
        f'"""What torch {torch.__version__.split("+")[0]} returns, and its nn.Module classes.',
        "",
        "Generated by tools/generate_torch_tables.py from torch's stubs, annotations, operator",
        'schemas and classes; do not edit."""',
        "",
        f'TORCH_VERSION = "{torch.__version__.split("+")[0]}"',
    ]
    for name, (comment, names) in tables().items():
        lines += ["", f"# {comment}", f"{name} = frozenset({{"]
        row = "   "
        for item in sorted(names):
            cell = f' "{item}",'
            if len(row) + len(cell) > 88:
                lines.append(row)
                row = "   "
            row += cell
        if row.strip():
            lines.append(row)
        lines.append("})")
    return "\n".join(lines) + "\n"


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when the committed table differs from torch's")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        return 0 if TABLE.read_text(encoding="utf-8") == text else 1
    TABLE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
