"""``walk`` reaches exactly the nodes LibCST's own traversal reaches, in the same order
(whitespace, punctuation and operators aside)."""

from __future__ import annotations

import libcst as cst
import pytest

from modlint.semantic.walk import children_of, path_to, walk
from corpus_files import corpus_files, project_files

NOISE = (cst.BaseParenthesizableWhitespace, cst.Comment, cst.EmptyLine, cst.Newline,
         cst.TrailingWhitespace, cst.Comma, cst.LeftParen, cst.RightParen,
         cst.LeftSquareBracket, cst.RightSquareBracket, cst.LeftCurlyBrace,
         cst.RightCurlyBrace, cst.BaseBinaryOp, cst.BaseBooleanOp, cst.BaseCompOp,
         cst.BaseUnaryOp, cst.BaseAugOp, cst.AssignEqual, cst.Colon, cst.Dot,
         cst.Semicolon, cst.Asynchronous, cst.ImportStar)


def _recorder(skip_under=()):
    """A visitor class with a visit_ and leave_ hook for every node class."""
    events: list[tuple[str, str, int]] = []

    def make(kind, name):
        def hook(self, node):
            events.append((kind, name, id(node)))
            if kind == "visit" and name in skip_under:
                return False
        return hook

    namespace = {}
    for name in dir(cst):
        cls = getattr(cst, name)
        if isinstance(cls, type) and issubclass(cls, cst.CSTNode) and cls is not cst.CSTNode:
            namespace[f"visit_{name}"] = make("visit", name)
            namespace[f"leave_{name}"] = make("leave", name)
    # attribute hooks, as the model builder uses them
    namespace["visit_If_orelse"] = make("visit", "If.orelse")
    namespace["leave_If_orelse"] = make("leave", "If.orelse")
    namespace["visit_Call_args"] = make("visit", "Call.args")
    return type("Recorder", (cst.CSTVisitor,), namespace), events


def _events(module: cst.Module, use_walk: bool, skip_under=()) -> list[tuple[str, str, int]]:
    cls, events = _recorder(skip_under)
    if use_walk:
        walk(module, cls())
    else:
        module.visit(cls())
    noise = {name for name in dir(cst) if isinstance(getattr(cst, name), type)
             and issubclass(getattr(cst, name), NOISE)}
    return [e for e in events if e[1] not in noise]


SAMPLE = '''
import torch as t, os.path
from . import x as y
@dec(1)
class A[T](B, metaclass=M):
    """doc"""
    def f(self, a: int = 1, *args, b=lambda q: q, **kw) -> "A":
        if a: return [i async for i in g() if i] or {k: v for k, v in z}
        elif b: x = yield from h(f"{a!r:>{w}}")
        else: del a[1:2, ::3]
        with open(p) as (f, g), q: pass
        try: raise E from e
        except* (E, F) as err: pass
        finally: nonlocal n
        match cmd:
            case [1, *rest] | {"k": v, **kw} if v: pass
            case Point(x=0) as p: pass
        global z; assert a, b; x: int; x += (w := 1); print(*a, **b)
        return not -a if a < b <= c else ~b @ c
type Alias = list[int]
'''


def test_same_nodes_in_the_same_order_on_a_sample_of_every_construct():
    module = cst.parse_module(SAMPLE)
    assert _events(module, True) == _events(module, False)
    assert len(_events(module, True)) > 300


def test_returning_false_skips_the_children_as_in_libcst():
    module = cst.parse_module(SAMPLE)
    skip = ("FunctionDef", "Call")
    assert _events(module, True, skip) == _events(module, False, skip)


@pytest.mark.parametrize("source", ["project", "corpus"])
def test_same_nodes_in_the_same_order_on_real_files(source):
    files = project_files() if source == "project" else corpus_files()
    if files is None:
        pytest.skip("the benchmark corpus is not fetched (python benchmarks/corpus/fetch.py)")
    if source == "corpus":
        files = files[::40]  # a spread over the four packages: the full walk takes minutes
    for path in files:
        module = cst.parse_module(path.read_text(encoding="utf-8"))
        assert _events(module, True) == _events(module, False), path


def test_path_to_follows_the_parents_libcst_records():
    from libcst.metadata import MetadataWrapper, ParentNodeProvider

    module = cst.parse_module(SAMPLE)
    parents = MetadataWrapper(module, unsafe_skip_copy=True).resolve(ParentNodeProvider)
    reached: list[cst.CSTNode] = []

    class Every:
        def on_node(self, node):
            reached.append(node)

    for name in dir(cst):
        cls = getattr(cst, name)
        if isinstance(cls, type) and issubclass(cls, cst.CSTNode) and cls is not cst.CSTNode:
            setattr(Every, f"visit_{name}", Every.on_node)
    walk(module, Every())
    assert len(reached) > 200
    for node in reached:
        expected = [node]
        while expected[-1] is not module:
            expected.append(parents[expected[-1]])
        assert path_to(module, node) == expected[::-1]
    assert path_to(module.body[0], module.body[-1]) is None


def test_children_of_are_the_code_children_in_libcsts_order():
    module = cst.parse_module("x = f(a, *b, k=c) + [d, e][0]  # note\nif y:\n    z = (1, 2)\n")
    code_kinds = (cst.BaseExpression, cst.BaseStatement, cst.BaseSmallStatement, cst.Arg,
                  cst.BaseSuite, cst.AssignTarget, cst.BaseElement, cst.BaseSlice,
                  cst.SubscriptElement)
    stack = [module]
    while stack:
        node = stack.pop()
        expected = [c for c in node.children if isinstance(c, code_kinds)]
        assert children_of(node) == expected, type(node).__name__
        stack.extend(expected)
