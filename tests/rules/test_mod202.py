"""MOD202 call-override: precision and fixes."""

from conftest import codes, fixed, lint

HEADER = "import torch\nfrom torch import nn\n\n"


def test_call_override_is_reported_and_renamed_unsafely():
    source = HEADER + """
class Net(nn.Module):
    def __call__(self, x):
        return x * 2
"""
    found = lint(source)
    assert [d.code for d in found] == ["MOD202"]
    assert "hooks" in found[0].message
    assert fixed(source, unsafe=False) == source
    assert fixed(source) == source.replace("__call__", "forward")


def test_local_base_without_forward_is_followed():
    source = HEADER + """
class Base(nn.Module):
    pass

class Net(Base):
    def __call__(self, x):
        return x
"""
    assert codes(source) == ["MOD202"]


def test_wrappers_with_forward_are_not_reported():
    source = HEADER + """
class Both(nn.Module):
    def forward(self, x):
        return x

    def __call__(self, x):
        return super().__call__(x)

class Timed(nn.Linear):
    def __call__(self, x):
        return super().__call__(x)

class Seq(torch.nn.Sequential):
    def __call__(self, x):
        return super().__call__(x)
"""
    assert codes(source) == []


def test_a_call_override_with_forward_inherited_or_defined_is_reported_without_fix():
    source = HEADER + """
class Base(nn.Module):
    def __call__(self, *args):
        return self.forward(*args)

class Child(Base):
    def forward(self, x):
        return x

class Timed(nn.Linear):
    def __call__(self, x):
        return self.forward(x) * 2
"""
    found = lint(source)
    assert [(d.code, d.line, d.fix) for d in found] == [("MOD202", 6, None), ("MOD202", 14, None)]


def test_unknown_base_and_plain_class_are_not_reported():
    source = HEADER + """
from somewhere import Block

class FromElsewhere(Block):
    def __call__(self, x):
        return x

class Impl(nn.Module):
    def forward(self, x):
        return x

    def __call__(self, x):
        return self._call_impl(x)

class Collate:
    def __call__(self, batch):
        return torch.stack(batch)

class Static(nn.Module):
    __call__ = nn.Module.__call__
"""
    assert codes(source) == []


def test_no_fix_when_the_file_calls_dunder_call():
    source = HEADER + """
class Base(nn.Module):
    def __call__(self, x):
        return x

class Child(Base):
    def __call__(self, x):
        return super().__call__(x) + 1
"""
    found = lint(source)  # Child's super().__call__ runs Base's: Base is the one reported
    assert [(d.code, d.line, d.fix) for d in found] == [("MOD202", 6, None)]


def test_a_call_that_only_raises_is_not_reported():
    # a container module not meant to be called: calling it fails, no hook is missed
    source = HEADER + '''
class BufferDict(nn.Module):
    def __call__(self, input):
        """Not callable."""
        raise RuntimeError("BufferDict should not be called")

class Checked(nn.Module):
    def __call__(self, x):
        if x is None:
            raise ValueError("no input")
        else:
            raise TypeError("not callable")
'''
    assert codes(source) == []


def test_a_call_that_raises_on_one_path_only_is_still_reported():
    source = HEADER + '''
class Net(nn.Module):
    def __call__(self, x):
        if x is None:
            raise ValueError("no input")
        return x * 2
'''
    assert codes(source) == ["MOD202"]
