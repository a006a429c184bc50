"""Facts the model records outside methods: local names, call receivers, bare reads."""

import textwrap

import libcst as cst

from modlint.semantic.builder import build_model
from modlint.semantic.model import Kind


def model_of(source: str):
    return build_model(cst.parse_module(textwrap.dedent(source)))


def test_call_receivers_are_classified_at_module_level_and_in_functions():
    model = model_of("""
        import torch
        from torch import nn

        net = nn.Linear(2, 2)
        net.forward(1)

        def run(net, other):
            net.forward(1)
            layer = nn.ReLU()
            layer = layer.to("cpu")
            layer.forward(1)
            t = torch.ones(2)
            t.float()
    """)
    kinds = [site.receiver.kind if site.receiver else None for site in model.calls
             if isinstance(site.call.func, cst.Attribute) and site.call.func.attr.value
             in ("forward", "float")]
    # the parameter `net` hides the module-level module
    assert kinds == [Kind.MODULE, Kind.OTHER, Kind.MODULE, Kind.TENSOR]


def test_bare_attribute_statements_are_recorded_with_their_receiver():
    model = model_of("""
        from torch import nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__
                self.fc = nn.Linear(2, 2)

            def f(self):
                self.fc.eval

        m = Net()
        m.eval
        m.eval()
    """)
    bare = [(b.attribute.attr.value, b.receiver.kind, b.method) for b in model.bare_attributes]
    assert bare == [("__init__", Kind.OTHER, "__init__"), ("eval", Kind.OTHER, "f"),
                    ("eval", Kind.MODULE, None)]
    assert len(model.classes[0].bare_inits) == 1  # the bare super().__init__ is seen too


def test_class_body_names_and_forward_lookup():
    model = model_of("""
        from torch import nn
        from elsewhere import Block

        class A(nn.Module):
            def _impl(self, x):
                return x
            forward = _impl

        class B(nn.Module):
            pass

        class C(B, object):
            pass

        class D(Block):
            pass

        class E(nn.Linear):
            pass
    """)
    a, b, c, d, e = model.classes
    assert a.class_attrs == {"forward"}
    assert [model.forward_defined(x) for x in (a, b, c, d, e)] == [True, False, False, None,
                                                                    True]
    assert list(model.base_chain(c))[0] is b
