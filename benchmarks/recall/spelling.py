"""What injectors read from code as written: dotted names, `self`, constructors.

Sites are chosen from the spelling alone, never from modlint's own analysis, so that what
modlint fails to understand shows up as a miss instead of vanishing from the sites.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from modlint.semantic.imports import dotted

from recall.sites import Where

TENSOR_FACTORIES = frozenset({
    "zeros", "ones", "empty", "full", "rand", "randn", "randint", "tensor", "eye", "arange",
    "linspace", "logspace", "zeros_like", "ones_like", "empty_like", "full_like",
    "randn_like", "rand_like", "as_tensor",
})
# Capitalised callables that do not build modules.
NOT_MODULES = frozenset({
    "Parameter", "ParameterList", "ParameterDict", "ModuleList", "ModuleDict", "Tensor",
    "FloatTensor", "LongTensor", "BoolTensor", "Generator", "Size", "Path", "Counter",
    "OrderedDict", "ValueError", "TypeError", "RuntimeError", "NotImplementedError",
})


def name_of(node: cst.BaseExpression) -> str:
    return dotted(node) or ""


def last(node: cst.BaseExpression) -> str:
    return name_of(node).rpartition(".")[2]


def self_name(where: Where) -> Optional[str]:
    """The method's first parameter (``self``), None outside methods and for static ones."""
    method = where.method
    if method is None or not method.params.params:
        return None
    if any(name_of(d.decorator) in ("staticmethod", "classmethod") for d in method.decorators):
        return None
    return method.params.params[0].name.value


def self_attr(node: cst.BaseExpression, where: Where) -> Optional[str]:
    """``x`` when ``node`` is ``self.x``."""
    me = self_name(where)
    if me and isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) \
            and node.value.value == me:
        return node.attr.value
    return None


def is_torch_factory(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Call) and name_of(node.func).startswith("torch.") \
        and last(node.func) in TENSOR_FACTORIES


def is_parameter_call(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Call) and last(node.func) == "Parameter" and bool(node.args)


def is_constructor(node: cst.BaseExpression) -> bool:
    """``Block(...)``, ``nn.Linear(...)``: a call of a capitalised name, as modules are
    built."""
    if not isinstance(node, cst.Call):
        return False
    name = last(node.func)
    return bool(name) and name[0].isupper() and not name.isupper() and name not in NOT_MODULES


def single_self_assign(statement: cst.CSTNode, where: Where):
    """``(attr, value)`` when ``statement`` is the line ``self.attr = value``."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        target, value = small.targets[0].target, small.value
    elif isinstance(small, cst.AnnAssign) and small.value is not None:
        target, value = small.target, small.value
    else:
        return None
    attr = self_attr(target, where)
    return (attr, value) if attr else None


def call_statement(statement: cst.CSTNode) -> Optional[cst.Call]:
    """The call when ``statement`` is a line holding only a call."""
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 \
            and isinstance(statement.body[0], cst.Expr) \
            and isinstance(statement.body[0].value, cst.Call):
        return statement.body[0].value
    return None


def assign_line(statement: cst.SimpleStatementLine, attr_owner: str, attr: str,
                value: cst.BaseExpression) -> cst.SimpleStatementLine:
    """``owner.attr = value`` in place of ``statement``, keeping its comments and lines."""
    target = cst.Attribute(cst.Name(attr_owner), cst.Name(attr))
    return statement.with_changes(body=[cst.Assign([cst.AssignTarget(target)], value)])


def string_value(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, cst.SimpleString):
        text = node.evaluated_value
        return text if isinstance(text, str) else None
    return None


def without_arg(call: cst.Call, arg: cst.Arg) -> cst.Call:
    args = [a for a in call.args if a is not arg]
    if args:  # the last argument keeps no trailing comma of the removed one
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return call.with_changes(args=args)


def keyword_arg(call: cst.Call, name: str) -> Optional[cst.Arg]:
    return next((a for a in call.args if a.keyword is not None and a.keyword.value == name),
                None)


def positional(call: cst.Call) -> list[cst.Arg]:
    return [a for a in call.args if a.keyword is None and not a.star]
