"""MOD103 super-init-not-called, and how it shares the ground with MOD101."""

import pytest

from conftest import codes, fixed, lint

HEADER = "import torch\nfrom torch import nn\n\n"


@pytest.mark.parametrize("bare,call", [
    ("super().__init__", "super().__init__()"),
    ("super(Net, self).__init__", "super(Net, self).__init__()"),
    ("nn.Module.__init__", "nn.Module.__init__(self)"),
])
def test_every_form_is_reported_once_and_fixed(bare, call):
    source = HEADER + f"""
class Net(nn.Module):
    def __init__(self):
        {bare}
        self.fc = nn.Linear(2, 2)
"""
    found = lint(source)
    assert [(d.code, d.line) for d in found] == [("MOD103", 7)]  # not MOD101 as well
    assert fixed(source, unsafe=False) == source.replace(bare, call)


def test_bare_call_in_a_helper_of_init_is_mod103_not_mod101():
    source = HEADER + """
class Net(nn.Module):
    def __init__(self):
        self._setup()

    def _setup(self):
        super().__init__
"""
    assert codes(source) == ["MOD103"]
    assert codes(fixed(source)) == []


def test_base_needing_arguments_is_reported_without_fix():
    source = HEADER + """
class Net(nn.Linear):
    def __init__(self):
        super().__init__
"""
    found = lint(source)
    assert [d.code for d in found] == ["MOD103"]
    assert found[0].fix is None and "base's arguments" in found[0].message


def test_bare_statement_next_to_a_real_call_is_reported_without_fix():
    source = HEADER + """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)
        super().__init__
"""
    found = lint(source)
    assert [d.code for d in found] == ["MOD103"]
    assert found[0].fix is None and "remove it" in found[0].message


@pytest.mark.parametrize("statement", [
    "init = super().__init__",  # an assignment, not a bare statement
    "helper.__init__",  # another object's attribute
    "self.__init__",  # the class's own initialiser, read
    "print(super().__init__)",
])
def test_lookalikes_are_not_flagged(statement):
    source = HEADER + f"""
class Net(nn.Module):
    def __init__(self, helper=None):
        super().__init__()
        {statement}
"""
    assert codes(source) == []


def test_not_flagged_outside_modules():
    source = HEADER + """
class Plain:
    def __init__(self):
        super().__init__

class Flax(object):
    def setup(self):
        super().__init__
"""
    assert codes(source) == []


def test_mod101_still_reports_a_missing_call():
    source = HEADER + """
class Net(nn.Module):
    def __init__(self):
        self.fc = nn.Linear(2, 2)

    def forward(self, x):
        super().__init__  # not reached from __init__
        return x
"""
    assert sorted(codes(source)) == ["MOD101", "MOD103"]
