"""The semantic model: which classes are modules, and what they record."""

import textwrap

import libcst as cst
import pytest

from modlint.semantic.builder import build_model
from modlint.semantic.model import Kind
from modlint.semantic.names import dotted_names, identifiers, mentions, names_read, names_written
from modlint.semantic.paths import lines_calling


def model(source: str, extra=frozenset()):
    return build_model(cst.parse_module(textwrap.dedent(source)), extra)


def module_names(source: str, extra=frozenset()) -> list[str]:
    return [c.name for c in model(source, extra).module_classes]


@pytest.mark.parametrize("imports,base", [
    ("import torch", "torch.nn.Module"),
    ("import torch as T", "T.nn.Module"),
    ("import torch.nn", "torch.nn.Module"),
    ("import torch.nn as nn", "nn.Module"),
    ("from torch import nn", "nn.Module"),
    ("from torch import nn as N", "N.Module"),
    ("from torch.nn import Module", "Module"),
    ("from torch.nn import Module as Base", "Base"),
    ("from torch.nn import Linear", "Linear"),
    ("from torch import nn", "nn.Sequential"),
    ("import torch.nn as nn", "nn.modules.conv.Conv2d"),
    ("from torch.nn.modules.module import Module", "Module"),
    ("import lightning as L", "L.LightningModule"),
    ("from transformers import PreTrainedModel", "PreTrainedModel"),
    ("from transformers import BertPreTrainedModel", "BertPreTrainedModel"),
    ("from transformers.models.blip_2.modeling_blip_2 import Blip2PreTrainedModel",
     "Blip2PreTrainedModel"),
])
def test_every_import_form_resolves(imports, base):
    assert module_names(f"{imports}\nclass Net({base}):\n    pass\n") == ["Net"]


@pytest.mark.parametrize("source", [
    "class Module:\n    pass\nclass Net(Module):\n    pass\n",
    "from flax import linen as nn\nclass Net(nn.Module):\n    pass\n",
    "import mlx.nn as nn\nclass Net(nn.Module):\n    pass\n",
    "class Net(nn.Module):\n    pass\n",  # nn never imported
    "from torch import nn\nclass Net(nn.Parameter):\n    pass\n",
    "from torch import nn\nclass Net(nn.functional):\n    pass\n",
    "import torch\nclass Net(torch.Tensor):\n    pass\n",
    "from transformers import TFBertPreTrainedModel\nclass Net(TFBertPreTrainedModel):\n    pass\n",
    "from transformers import FlaxBertPreTrainedModel\nclass Net(FlaxBertPreTrainedModel):\n"
    "    pass\n",
    "from mylib import BertPreTrainedModel\nclass Net(BertPreTrainedModel):\n    pass\n",
])
def test_look_alikes_are_not_modules(source):
    assert module_names(source) == []


def test_local_class_named_module_shadows_the_import():
    source = """
    from torch.nn import Module
    class Module:
        pass
    class Net(Module):
        pass
    """
    assert module_names(source) == []


def test_import_after_local_class_rebinds_the_name():
    source = """
    class Module:
        pass
    from torch.nn import Module
    class Net(Module):
        pass
    """
    assert module_names(source) == ["Net"]


def test_local_subclass_chains():
    source = """
    from torch import nn
    class A(nn.Module):
        pass
    class B(A):
        pass
    class C(B, object):
        pass
    class D:
        pass
    class E(D):
        pass
    """
    assert module_names(source) == ["A", "B", "C"]


def test_generic_and_keyword_bases():
    source = """
    from typing import Generic, TypeVar
    from torch import nn
    T = TypeVar("T")
    class A(nn.Module, Generic[T], metaclass=type):
        pass
    """
    assert module_names(source) == ["A"]


def test_imports_inside_try_and_if_blocks():
    source = """
    try:
        import torch.nn as nn
    except ImportError:
        nn = None
    if True:
        from torch.nn import Linear
    class A(nn.Module):
        pass
    class B(Linear):
        pass
    """
    assert module_names(source) == ["A", "B"]


def test_configured_extra_base():
    source = "from mylib import Base\nclass Net(Base):\n    pass\n"
    assert module_names(source) == []
    assert module_names(source, frozenset({"mylib.Base"})) == ["Net"]


def test_nested_classes_are_seen():
    source = """
    import torch
    def make():
        class Inner(torch.nn.Module):
            pass
        return Inner
    """
    assert module_names(source) == ["Inner"]


def test_records_init_super_calls_in_every_form():
    source = """
    from torch import nn
    class A(nn.Module):
        def __init__(self):
            super().__init__()
    class B(A):
        def __init__(self):
            super(B, self).__init__()
    class C(B):
        def __init__(self, x):
            B.__init__(self)
    class D(nn.Module):
        def __init__(this):
            nn.Module.__init__(this)
    """
    found = {c.name: [(s.form, s.named_class) for s in c.super_inits] for c in model(source).classes}
    assert found == {
        "A": [("super()", None)],
        "B": [("super(X, self)", "B")],
        "C": [("Base.__init__(self)", "B")],
        "D": [("Base.__init__(self)", "nn.Module")],
    }


def test_records_self_assignments_with_their_kind():
    source = """
    import torch
    from torch import nn
    class Block(nn.Module):
        pass
    class Net(nn.Module):
        def __init__(self, n):
            super().__init__()
            self.n = n
            self.fc = nn.Linear(n, n)
            self.block = Block()
            self.later = Later()
            self.w = nn.Parameter(torch.zeros(n))
            pe = torch.zeros(n)
            pe = pe.unsqueeze(0) * 2
            self.pe = pe
            self.grad: torch.Tensor = torch.ones(1, requires_grad=True)
            self.layers = [nn.Linear(n, n) for _ in range(3)]
            self.params = {"a": nn.Parameter(torch.ones(1))}
            self.kind = nn.ReLU
            self.nothing = None
            self.device = torch.device("cpu")
    class Later(nn.Module):
        pass
    """
    net = next(c for c in model(source).classes if c.name == "Net")
    kinds = {a.attr: (a.resolved.kind, a.resolved.element, a.resolved.requires_grad)
             for a in net.assigns}
    assert kinds == {
        "n": (Kind.OTHER, None, False),
        "fc": (Kind.MODULE, None, False),
        "block": (Kind.MODULE, None, False),
        "later": (Kind.MODULE, None, False),  # defined further down the file
        "w": (Kind.PARAMETER, None, False),
        "pe": (Kind.TENSOR, None, False),
        "grad": (Kind.TENSOR, None, True),
        "layers": (Kind.CONTAINER, Kind.MODULE, False),
        "params": (Kind.CONTAINER, Kind.PARAMETER, False),
        "kind": (Kind.MODULE_CLASS, None, False),
        "nothing": (Kind.NONE, None, False),
        "device": (Kind.OTHER, None, False),
    }


def test_records_registrations_and_wrapped_attributes():
    source = """
    import torch
    from torch import nn
    class Net(nn.Module):
        def __init__(self, names):
            super().__init__()
            self.register_buffer("mask", torch.ones(2))
            self.register_parameter("w", None)
            self.add_module("fc", nn.Linear(2, 2))
            setattr(self, "g", nn.ReLU())
            for name in names:
                self.register_buffer(name, torch.ones(1))
            self.v = torch.ones(2)
            self.v = nn.Parameter(self.v)
    """
    net = model(source).module_classes[0]
    assert [(r.func, r.name) for r in net.registrations] == [
        ("register_buffer", "mask"), ("register_parameter", "w"), ("add_module", "fc"),
        ("setattr", "g"), ("register_buffer", None)]
    assert net.wrapped == {"v"}


def test_calls_are_indexed_with_guards():
    source = """
    import torch.nn.functional as F
    from torch import nn
    class A(nn.Module):
        def forward(self, x):
            if self.training:
                x = F.dropout(x)
            else:
                x = F.relu(x)
            return F.gelu(x)
    F.softmax(1)
    """
    found = model(source)
    code = cst.Module([]).code_for_node
    calls = [(c.qualified, c.method, [(code(t), b) for t, b in c.guards]) for c in found.calls]
    assert calls == [
        ("torch.nn.functional.dropout", "forward", [("self.training", True)]),
        ("torch.nn.functional.relu", "forward", [("self.training", False)]),
        ("torch.nn.functional.gelu", "forward", []),
        ("torch.nn.functional.softmax", None, []),
    ]


def test_module_level_aliases_of_module_classes():
    model = build_model(cst.parse_module(
        "import torch\n"
        "from torch import nn\n"
        "Module = torch.nn.Module\n"
        "class Local(nn.Module):\n    pass\n"
        "Block = Local\n"
        "F = nn.functional\n"
        "Other = make_class()\n"
        "class A(Module):\n    pass\n"
        "class B(Block):\n    pass\n"
        "class C(Other):\n    pass\n"))
    assert [(c.name, c.is_module) for c in model.classes] == [
        ("Local", True), ("A", True), ("B", True), ("C", False)]
    assert model.imports.resolve(cst.parse_expression("F.dropout")) == \
        "torch.nn.functional.dropout"


def test_values_returned_by_the_class_own_methods():
    model = build_model(cst.parse_module(textwrap.dedent("""
        import torch
        from torch import nn

        class Net(nn.Module):
            def __init__(self, n):
                super().__init__()
                self.mask = self._make_mask(n)
                self.layer = self._layer(n)
                self.size = self._size(n)

            def _make_mask(self, n):
                mask = torch.ones(n, n)
                return mask.triu(1)

            def _layer(self, n):
                return nn.Linear(n, n)

            def _size(self, n):
                if n:
                    return torch.zeros(n)
                return n * 2
    """)))
    kinds = {a.attr: a.resolved.kind for a in model.classes[0].assigns}
    assert kinds == {"mask": Kind.TENSOR, "layer": Kind.MODULE, "size": Kind.OTHER}


def test_local_lists_filled_with_modules():
    model = build_model(cst.parse_module(textwrap.dedent("""
        from torch import nn

        class Net(nn.Module):
            def __init__(self, n):
                super().__init__()
                convs = []
                for _ in range(n):
                    convs.append(nn.Conv2d(4, 4, 3))
                self.convs = convs
                mixed = []
                mixed.append(3)
                mixed.append(nn.ReLU())
                self.mixed = mixed
                names = []
                names.append("a")
                self.names = names
    """)))
    values = {a.attr: a.resolved for a in model.classes[0].assigns}
    assert (values["convs"].element, values["convs"].uniform) == (Kind.MODULE, True)
    assert values["mixed"].element is not Kind.MODULE
    assert values["names"].element is not Kind.MODULE


# -- names read and written, on demand (semantic/names.py) ----------------------------------

def _expr(source: str) -> cst.BaseExpression:
    return cst.parse_expression(source)


def _statements(source: str) -> list[cst.BaseStatement]:
    return list(cst.parse_module(textwrap.dedent(source)).body)


def test_identifiers_and_dotted_names_of_an_expression():
    expr = _expr("self.fc.weight.t() @ x[i] + f(k=self.bias, *args)")
    assert identifiers(expr) == {"self", "fc", "weight", "t", "x", "i", "f", "k", "bias",
                                 "args"}
    assert dotted_names(expr) == {"self.fc", "self.fc.weight", "self.fc.weight.t",
                                  "self.bias"}
    assert names_read(expr) == identifiers(expr) | dotted_names(expr)
    assert dotted_names(_expr("f().x.y")) == set()  # not a chain on a name


def test_mentions_finds_a_name_anywhere_below():
    assert mentions(_expr("Layer(dim, _)"), "_")
    assert mentions(_expr("Layer(cfg._)"), "_")  # an attribute name is spelled too
    assert not mentions(_expr("Layer(cfg._x, '_')"), "_")


@pytest.mark.parametrize("source,written", [
    ("a = b = c", {"a", "b"}),
    ("self.x: int = 1", {"self.x"}),
    ("self.n += 1", {"self.n"}),
    ("a, (self.b, *c) = d", {"a", "self.b", "c"}),
    ("[p, q] = r", {"p", "q"}),
    ("x[i] = 1\nf().y = 2", set()),  # contents changed, no name rebound
    ("for i, j in pairs:\n    total = i", {"i", "j", "total"}),
    ("with open(p) as f, lock as (u, v):\n    pass", {"f", "u", "v"}),
    ("try:\n    pass\nexcept E as err:\n    pass", {"err"}),
    ("if (n := len(x)):\n    pass", {"n"}),
    ("del self.w, z", {"self.w", "z"}),
    ("import os.path, numpy as np", {"os", "np"}),
    ("from m import a as b, c", {"b", "c"}),
    ("def f(arg):\n    inner = arg", {"f", "inner"}),
    ("class C:\n    size = 1", {"C", "size"}),
    ("print(x)\nreturn y", set()),
])
def test_names_written_by_statements(source, written):
    assert names_written(_statements(source)) == written


def test_names_written_takes_one_node_or_several():
    first, second = _statements("a = 1\nb = 2\n")
    assert names_written(first) == {"a"}
    assert names_written([first, second]) == {"a", "b"}
    assert names_written([]) == set()


# -- statement lines calling helpers (semantic/paths.py) -----------------------------

def test_lines_calling_finds_the_lines_that_call_through_self():
    function = cst.parse_module(textwrap.dedent("""
        def __init__(self, cfg):
            self.cfg = cfg
            self._build(cfg)
            if self._build(cfg):
                pass
            other._build()
            self._other()
            def later():
                self._build()
    """)).body[0]
    assert isinstance(function, cst.FunctionDef)
    lines = [s for s in function.body.body if isinstance(s, cst.SimpleStatementLine)]
    nested = function.body.body[-1]
    assert isinstance(nested, cst.FunctionDef)
    found = lines_calling(function.body, "self", {"_build"})
    # the call in the `if` header counts for the line before it, the nested call for its own
    assert found == {id(lines[1]), id(nested.body.body[0])}
    assert lines_calling(function.body, "this", {"_build"}) == set()


# -- deletions recorded by the builder ------------------------------------------------

def test_records_deletions_of_self_attributes():
    info = model("""
        from torch import nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                del self.a, other.b
                del (self.c, [self.d]), self.e.f
                def inner():
                    del self.g
    """).classes[0]
    assert [(d.attr, d.method, d.nested) for d in info.deletions] == [
        ("a", "__init__", False), ("c", "__init__", False), ("d", "__init__", False),
        ("g", "__init__", True)]
    assert all(isinstance(d.node, cst.Del) for d in info.deletions)
