"""MOD102 assigned-before-super-init: precision and fixes."""

from conftest import codes, fixed, lint

HEADER = "import torch\nfrom torch import nn\n\n"


def test_plain_attributes_and_locals_before_the_call_are_fine():
    source = HEADER + """
class Net(nn.Module):
    def __init__(self, n=2):
        self.n = n
        self.names = ["a", "b"]
        size = n * 2
        super().__init__()
        self.fc = nn.Linear(size, size)
"""
    assert codes(source) == []


def test_each_kind_of_state_is_reported_once_at_the_first_statement():
    source = HEADER + """
class Net(nn.Module):
    def __init__(self):
        self.n = 1
        self.register_buffer("b", torch.ones(1))
        self.w = nn.Parameter(torch.ones(1))
        super().__init__()
"""
    found = lint(source)
    assert [(d.code, d.line) for d in found] == [("MOD102", 8)]
    assert "cannot assign buffer" in found[0].message


def test_explicit_base_call_counts_as_the_super_init():
    source = HEADER + """
class Base(nn.Module):
    def __init__(self):
        nn.Module.__init__(self)
        self.fc = nn.Linear(2, 2)

class Child(Base):
    def __init__(self):
        Base.__init__(self)
        self.head = nn.Linear(2, 2)
"""
    assert codes(source) == []


def test_nested_helper_defined_before_the_call_is_not_state():
    source = HEADER + """
class Net(nn.Module):
    def __init__(self):
        def make(this):
            this.fc = nn.Linear(2, 2)
        super().__init__()
        make(self)
"""
    assert codes(source) == []


def test_no_fix_when_the_call_uses_what_it_would_move_past():
    source = HEADER + """
class Net(nn.Linear):
    def __init__(self):
        self.extra = nn.ReLU()
        size = 4
        super().__init__(size, size)
"""
    found = lint(source)
    assert [d.code for d in found] == ["MOD102"] and found[0].fix is None


def test_no_fix_when_the_call_uses_a_name_imported_or_defined_in_between():
    for binding in ("from .config import size", "def size():\n            return 4"):
        source = HEADER + f"""
class Net(nn.Linear):
    def __init__(self):
        self.extra = nn.ReLU()
        {binding}
        super().__init__(size, size)
"""
        found = lint(source)
        assert [d.code for d in found] == ["MOD102"] and found[0].fix is None, binding


def test_fix_moves_a_multiline_call_with_its_comment():
    source = HEADER + """
class Net(nn.Linear):
    def __init__(self, size=4):
        self.extra = nn.ReLU()
        super().__init__(  # the base
            size, size,
        )
        self.more = 1
"""
    assert fixed(source, unsafe=False) == HEADER + """
class Net(nn.Linear):
    def __init__(self, size=4):
        super().__init__(  # the base
            size, size,
        )
        self.extra = nn.ReLU()
        self.more = 1
"""


def test_a_plain_tensor_before_the_call_fails_nothing():
    # botorch's multitask models: a CPU arange kept as an index, set before the base
    # initialiser; nn.Module.__setattr__ stores it as a plain attribute either way
    source = HEADER + """
class Net(nn.Module):
    def __init__(self, n=3):
        self._task_feature = torch.arange(n)
        super().__init__()
        self.fc = nn.Linear(n, n)

    def forward(self, x):
        return self.fc(x[..., self._task_feature])
"""
    assert codes(source) == []


def test_an_nn_buffer_before_the_call_is_reported():
    source = HEADER + """
class Net(nn.Module):
    def __init__(self):
        self.mask = nn.Buffer(torch.ones(2))
        super().__init__()
"""
    found = lint(source)
    assert [(d.code, d.line) for d in found] == [("MOD102", 7)]
    assert "cannot assign buffer" in found[0].message
    assert fixed(source).count("super().__init__()") == 1
    assert fixed(source).index("super().__init__()") < fixed(source).index("nn.Buffer")
