"""MOD204 train-override-signature: precision."""

import pytest

from conftest import codes, lint

HEADER = "import torch\nfrom torch import nn\n\n"


@pytest.mark.parametrize("signature", ["self", "self, *, mode=True", "self, **kwargs"])
def test_train_without_positional_mode_is_reported(signature):
    source = HEADER + f"""
class Model(nn.Module):
    def train({signature}):
        return self
"""
    found = lint(source)
    assert [d.code for d in found] == ["MOD204"]
    assert "`Model.train`" in found[0].message and "TypeError" in found[0].message
    assert found[0].fix is None


@pytest.mark.parametrize("signature", ["self, mode=True", "self, mode: bool = True",
                                       "self, flag", "self, *args", "self, *args, **kwargs",
                                       "self, /, mode=True"])
def test_signatures_that_accept_mode_are_not_reported(signature):
    source = HEADER + f"""
class Model(nn.Module):
    def train({signature}):
        return self
"""
    assert codes(source) == []


def test_not_modules_other_names_and_static_methods_are_not_reported():
    source = HEADER + """
class Trainer:
    def train(self):
        return 1

class Model(nn.Module):
    def train_step(self):
        return 1

    def fit(self):
        return 1

class Odd(nn.Module):
    @staticmethod
    def train():
        return 1
"""
    assert codes(source) == []


def test_subclass_of_a_local_module_is_reported():
    source = HEADER + """
class Base(nn.Module):
    pass

class Model(Base):
    def train(self):
        return self
"""
    assert codes(source) == ["MOD204"]
