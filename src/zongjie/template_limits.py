"""Limits on the work of user templates (``--templates``).

Jinja's sandbox stops a template from reaching Python's internals, not from working forever:
nested ``range(100000)`` loops, ``9**(9**9)`` or ``'a'*10**10`` run until the process is
killed.  A template from a user's templates folder is therefore compiled with checks (its
parse tree rewritten, public ``jinja2.nodes`` only): every ``for`` loop counts its
iterations, ``*``, ``**``, ``+`` and ``%`` check the size of what they would make before
making it, the result of every call and filter is sized, and the filters and string methods
that take a width (``center``, ``ljust``, a format string) check it first.  The sandbox's
``call`` hook counts each call written in a user template and reads the clock every 1,024
steps; ``range`` is capped; a render through a user templates folder caps its output.
Built-in templates are compiled and run without any of this: they are zongjie's own code.

A limit exceeded raises :class:`TemplateLimitError`, reported as ``template-error`` naming
the template file and line.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.visitor import NodeTransformer


@dataclass(frozen=True)
class Limits:
    """How much work a render through user templates may do."""

    range: int = 10_000  # the length of one range()
    steps: int = 1_000_000  # loop iterations in user templates and calls, in one render
    int_bits: int = 4_096  # the size of an integer made by * or ** (about 1,200 digits)
    length: int = 1_000_000  # a string or sequence made by *, +, ~, %, a call or a filter
    output: int = 10_000_000  # characters of Markdown in one render
    seconds: float = 20.0  # wall-clock time of one render


LIMITS = Limits()


class TemplateLimitError(jinja2.TemplateRuntimeError):
    """A user template exceeded one of :data:`LIMITS` (the message is Chinese)."""


class _Budget:
    __slots__ = ("deadline", "steps")

    def __init__(self, limits: Limits) -> None:
        self.deadline = time.monotonic() + limits.seconds
        self.steps = 0


_BUDGET: ContextVar[_Budget | None] = ContextVar("zongjie_template_budget", default=None)


def _refuse(what: str, limit: float | int, unit: str, hint: str) -> TemplateLimitError:
    return TemplateLimitError(f"{what}超出了上限（{limit:,}{unit}）：{hint}")


def _check_clock() -> None:
    budget = _BUDGET.get()
    if budget is not None and time.monotonic() > budget.deadline:
        raise _refuse(
            "模板运行时间",
            LIMITS.seconds,
            " 秒",
            "请检查模板中的循环与宏调用，别让它们嵌套过深或无休止地递归",
        )


def _step(budget: _Budget | None, own: int) -> None:
    """One loop iteration or call: counted, and every 1,024 of them the clock is read."""
    if budget is not None:
        budget.steps += 1
        own = budget.steps
    if own > LIMITS.steps:
        raise _refuse(
            "模板循环与调用的总次数",
            LIMITS.steps,
            " 次",
            "请检查 {% for %} 是否嵌套过深、循环的对象是否过大，或宏是否递归过多",
        )
    if not own & 1023:
        _check_clock()


def _check_length(value: Any) -> Any:
    if isinstance(value, (str, list, tuple, dict, set, bytes)) and len(value) > LIMITS.length:
        raise _refuse(
            "模板生成的字符串或列表长度", LIMITS.length, "", "请检查模板中的 *、+、~ 运算和过滤器参数"
        )
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > LIMITS.int_bits:
        raise _refuse("模板算出的整数大小", LIMITS.int_bits, " 位", "请检查模板中的 * 与 ** 运算")
    return value


def _check_width(value: Any) -> None:
    """An integer argument that would make a string or list that long (``ljust``, ``center``…)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > LIMITS.length:
        raise _refuse("模板给出的宽度或次数", LIMITS.length, "", "请检查传给方法或过滤器的数字")


_WIDE_FORMAT = re.compile(r"%[-+ #0]*(?:\d{7,}|\d*\.\d{7,})|\{[^{}]*:[^{}]*\d{7,}[^{}]*\}")


def _check_format(text: Any) -> None:
    """A format string asking for a field millions of characters wide (``'%0999999999d'``)."""
    if isinstance(text, str) and _WIDE_FORMAT.search(text):
        raise _refuse("格式字符串中的宽度", LIMITS.length, "", "请检查 format 或 % 的格式")


# --------------------------------------------------------------------------- operators and loops


def _size(x: Any) -> int:
    return len(x) if isinstance(x, (str, list, tuple, bytes)) else 0


def _times(a: Any, b: Any) -> Any:
    """``a * b``: a repetition's length, or a product's size, checked before it is made."""
    for seq, n in ((a, b), (b, a)):
        if isinstance(n, int) and isinstance(seq, (str, list, tuple, bytes)):
            if n > 0 and len(seq) * n > LIMITS.length:
                raise _refuse(
                    "模板中重复（*）生成的长度", LIMITS.length, "", "请检查模板中字符串或列表乘以的次数"
                )
            return a * b
    if isinstance(a, int) and isinstance(b, int) and a.bit_length() + b.bit_length() > LIMITS.int_bits + 1:
        raise _refuse("模板算出的整数大小", LIMITS.int_bits, " 位", "请检查模板中的 * 运算")
    return _check_length(a * b)


def _power(a: Any, b: Any) -> Any:
    """``a ** b``: the size of an integer power, estimated before it is computed."""
    if isinstance(a, int) and isinstance(b, int) and b > 0 and abs(a) > 1:
        if b > LIMITS.int_bits or (a.bit_length() - 1) * b >= LIMITS.int_bits:
            raise _refuse("模板算出的整数大小", LIMITS.int_bits, " 位", "请检查模板中的 ** 运算")
    return _check_length(a**b)  # the estimate is a lower bound: at most twice the limit was made


def _plus(a: Any, b: Any) -> Any:
    if _size(a) + _size(b) > LIMITS.length:
        raise _refuse("模板中相加（+）生成的长度", LIMITS.length, "", "请检查模板中字符串或列表的拼接")
    return a + b


def _modulo(a: Any, b: Any) -> Any:
    _check_format(a)
    return _check_length(a % b)


def _sized(value: Any) -> Any:
    return _check_length(value)


def _loop(iterable: Iterable[Any]) -> Iterator[Any]:
    """A ``for`` loop's iterable, counted against the render's budget."""
    budget = _BUDGET.get()
    own = 0
    for item in iterable:
        own += 1
        _step(budget, own)
        yield item


def _range(*args: int) -> range:
    r = range(*args)
    if len(r) > LIMITS.range:
        raise _refuse("range() 的长度", LIMITS.range, "", "请缩小 range 的范围")
    return r


_OPERATORS: dict[type[nodes.BinExpr], str] = {
    nodes.Mul: "zongjie:times",
    nodes.Pow: "zongjie:power",
    nodes.Add: "zongjie:plus",
    nodes.Mod: "zongjie:modulo",
}

FILTERS: dict[str, Callable[..., Any]] = {
    "zongjie:times": _times,
    "zongjie:power": _power,
    "zongjie:plus": _plus,
    "zongjie:modulo": _modulo,
    "zongjie:sized": _sized,
    "zongjie:loop": _loop,
}


class Bounds(NodeTransformer):
    """Rewrites a user template's parse tree so that its work is counted (run after ``~`` has
    become the ``zongjie:join`` filter)."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = _filter(node.iter, "zongjie:loop")  # type: ignore[arg-type]  # an Expr (Jinja types it as Node)
        return node

    def _operator(self, node: nodes.BinExpr) -> nodes.Node:
        self.generic_visit(node)
        name = _OPERATORS[type(node)]
        return nodes.Filter(node.left, name, [node.right], [], None, None, lineno=node.lineno)

    visit_Mul = visit_Pow = visit_Add = visit_Mod = _operator

    def visit_Filter(self, node: nodes.Filter) -> nodes.Node:
        """A filter's result is sized; a filter taking a width (``center``) or making a
        string from others (``format``, ``replace``, ``join``) checks its arguments first."""
        self.generic_visit(node)
        if node.name.startswith("zongjie:") and node.name != "zongjie:join":
            return node
        if node.name in _CHECKED_FILTERS:
            node.name = f"zongjie:checked-{node.name}"
        chain: nodes.Expr | None = node
        while isinstance(chain, nodes.Filter):
            chain = chain.node
        if chain is None:  # {% filter … %}: Jinja fills in the block's text
            return node
        return _filter(node, "zongjie:sized")

    def visit_Call(self, node: nodes.Call) -> nodes.Node:
        self.generic_visit(node)
        return _filter(node, "zongjie:sized")


def _filter(node: nodes.Expr, name: str) -> nodes.Filter:
    return nodes.Filter(node, name, [], [], None, None, lineno=node.lineno)


# --------------------------------------------------------------------------- calls, filters, renders

_WIDTH_FILTERS = frozenset({"center", "indent", "slice"})
_CHECKED_FILTERS = _WIDTH_FILTERS | {"format", "replace", "join"}
_WIDTH_METHODS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs"})


def _check_replace(text: Any, old: Any, new: Any) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str) and len(new) > len(old):
        if (
            len(text) + (len(text) + 1 if not old else text.count(old)) * (len(new) - len(old))
            > LIMITS.length
        ):
            raise _refuse("模板替换（replace）生成的长度", LIMITS.length, "", "请检查 replace 的参数")


def _check_join(separator: Any, items: Any) -> None:
    if isinstance(items, (list, tuple)):
        total = sum(len(x) if isinstance(x, str) else 20 for x in items)
        total += len(str(separator)) * len(items)
        if total > LIMITS.length:
            raise _refuse("模板连接（join）生成的长度", LIMITS.length, "", "请检查 join 的对象")


def before_call(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """The sandbox's ``call`` hook: the clock, and no ``'a'.ljust(10**10)``: a method of a
    string that would make a huge one is refused before it runs (the sandbox's ``format``
    wrapper keeps the method as ``__wrapped__``)."""
    _step(_BUDGET.get(), 0)
    method = getattr(obj, "__wrapped__", obj)
    owner = getattr(method, "__self__", None)
    if not isinstance(owner, str):
        return
    name = getattr(method, "__name__", "")
    if name in _WIDTH_METHODS:
        for value in (*args, *kwargs.values()):
            _check_width(value)
    elif name in ("format", "format_map"):
        _check_format(owner)
    elif name == "replace" and len(args) >= 2:
        _check_replace(owner, args[0], args[1])
    elif name == "join" and args:
        _check_join(owner, args[0])


def bounded_filters(filters: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """The filters a user template's rewritten code calls besides ``filters``: the operators,
    the loop counter, and the checked versions of the filters that take a width or make a
    string from others."""
    out = dict(FILTERS)
    for name in _CHECKED_FILTERS:
        out[f"zongjie:checked-{name}"] = _checked(name, filters[name])
    return out


def _checked(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    wide = name in _WIDTH_FILTERS
    first = 2 if hasattr(function, "jinja_pass_arg") else 1  # the arguments after the value

    @wraps(function)  # keeps Jinja's pass_context/pass_eval_context mark
    def filter_(*args: Any, **kwargs: Any) -> Any:
        if wide:
            for value in (*args[first:], *kwargs.values()):
                _check_width(value)
        elif name == "format":
            _check_format(args[first - 1] if len(args) >= first else None)
        elif name == "replace" and len(args) >= first + 2:
            _check_replace(args[first - 1], args[first], args[first + 1])
        elif name == "join" and len(args) >= first:
            _check_join(args[first] if len(args) > first else kwargs.get("d", ""), _list_of(args[first - 1]))
        return function(*args, **kwargs)

    return filter_


def _list_of(value: Any) -> Any:
    return value if isinstance(value, (list, tuple)) else None


def bounded_globals(globals_: dict[str, Any]) -> dict[str, Any]:
    return {**globals_, "range": _range}


class BoundedTemplate(jinja2.Template):
    """A template of an environment with user templates: its render has a budget (time and
    loop iterations shared by every template it includes) and an output cap."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        token = _BUDGET.set(_Budget(LIMITS))
        try:
            out: list[str] = []
            size = 0
            for chunk in self.generate(*args, **kwargs):
                size += len(chunk)
                if size > LIMITS.output:
                    folder = getattr(self.environment, "user_dir", "")
                    raise _refuse(
                        "模板输出的长度",
                        LIMITS.output,
                        " 个字符",
                        f"请检查 {folder} 中的模板是否在循环中输出了过多内容",
                    )
                out.append(chunk)
            return "".join(out)
        finally:
            _BUDGET.reset(token)
