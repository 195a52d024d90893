"""The Jinja environment zongjie drafts in.

A sandboxed environment with ``StrictUndefined`` and autoescaping, where escaping means
*Markdown* escaping: the finalize step prints every value as Markdown — a fact escaped and
wrapped in its provenance marks, trusted Markdown (a macro's output, a zongjie filter's
result) as it is, any other value escaped — so a fact always prints literally.

``a ~ b`` prints as ``{{ a }}{{ b }}`` would when a part is a fact or Markdown (Jinja's own
``~`` would HTML-escape the plain parts: ``&amp;`` in the Markdown), a string literal in it
being template text as in ``{{ "…" }}``.  Jinja has no hook for ``~``, so each template's
parse tree is rewritten before Jinja compiles it (:meth:`_Sandbox.compile`, public API and
public ``jinja2.nodes`` only): every ``~`` becomes a call of the ``zongjie:join`` filter.
User templates in ``--templates DIR`` override the built-in ones file by file, and run
within the limits of :mod:`zongjie.template_limits`.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment
from jinja2.visitor import NodeTransformer
from markupsafe import Markup, escape

from . import context as cx
from .resources import templates_dir
from .values import Quantity, cn_date, share
from .writing import bare, cn_numeral, ordinal


def _finalize(value: Any) -> Any:
    """Every ``{{ … }}``: facts and plain strings are escaped, trusted Markdown passes."""
    kind = type(value)
    if kind is cx.Md:
        return value
    if kind is cx.Fact or kind is cx.Datum:
        return value.__html__()
    if isinstance(value, jinja2.Undefined):
        str(value)  # StrictUndefined raises UndefinedError, naming what is missing
    if value is None:
        raise TypeError("模板输出了空值（None）：请用 {% if … %} 判断可选的事实")
    if isinstance(value, (list, tuple, dict, set)):
        raise TypeError(f"模板直接输出了{type(value).__name__}：请逐项输出或使用过滤器")
    return cx.Md.escape(value)  # a fact marked, Markdown kept, anything else escaped


# --------------------------------------------------------------------------- a ~ b


@jinja2.pass_eval_context
def _join(eval_ctx: nodes.EvalContext, *parts: Any) -> str:
    """``a ~ b``: Markdown printing as ``{{ a }}{{ b }}`` when a part is a fact or Markdown,
    else plain text; ``None`` is refused as printing it is.  Where autoescaping is off
    (``{% autoescape false %}``), plain text as Jinja joins it."""
    for part in parts:
        if part is None:
            _finalize(part)  # raises, as printing it would
    if eval_ctx.autoescape:
        for part in parts:
            if hasattr(part, "__html__"):
                return cx.Md("".join([_finalize(p) for p in parts]))
    return "".join([p if isinstance(p, str) else str(p) for p in parts])


@jinja2.pass_eval_context
def _text(eval_ctx: nodes.EvalContext, literal: str) -> str:
    """A string literal in ``~``: template text, as Jinja prints a literal in ``{{ }}``."""
    return escape(literal) if eval_ctx.autoescape else literal


class _Tilde(NodeTransformer):
    """Rewrites every ``a ~ b ~ …`` of a parse tree as ``a | zongjie:join(b, …)``."""

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        parts = [self._part(self.visit(n)) for n in node.nodes]
        return nodes.Filter(parts[0], "zongjie:join", parts[1:], [], None, None, lineno=node.lineno)

    @staticmethod
    def _part(node: nodes.Expr) -> nodes.Expr:
        if isinstance(node, nodes.Const) and isinstance(node.value, str):
            return nodes.Filter(node, "zongjie:text", [], [], None, None, lineno=node.lineno)
        return node


# --------------------------------------------------------------------------- filters


def _ordinal(n: int, level: int) -> Markup:
    return cx.Md(ordinal(n, level))


def _heading(title: cx.Fact | str | None) -> Any:
    if title is None:
        raise TypeError("heading 过滤器收到了空值（None）：请先用 {% if it.title %} 判断")
    return title.derive(bare(title.text)) if isinstance(title, cx.Fact) else bare(str(title))


def _runin(lead: str, title: cx.Fact | None) -> cx.Md:
    return cx.runin(str(lead), title)


def _in_unit(q: Any, unit: str) -> Any:
    """Money in ``unit`` (15000元 → 1.5万元); a datum keeps counting as printed."""
    if isinstance(q, cx.Datum):
        return cx.md_of([q.in_unit(unit)])
    return q.in_unit(unit) if isinstance(q, Quantity) else q


def _share(part: Any, total: Any) -> Any:
    """“19.2%”: a part's share of a total (quantities or data), one decimal."""

    def quantity(x: Any) -> Quantity:
        return x.quantity if isinstance(x, cx.Datum) else x

    return share(quantity(part), quantity(total)) or ""


FILTERS: dict[str, Callable[..., Any]] = {
    "ordinal": _ordinal,
    "cn_numeral": cn_numeral,
    "heading": _heading,
    "runin": _runin,
    "sentence": cx.as_sentence,
    "enumeration": cx.enumeration,
    "prose": cx.data_prose,
    "dunhao": cx.dunhao_list,
    "in_unit": _in_unit,
    "share": _share,
    "cn_date": cn_date,
}


@jinja2.pass_context
def _outline(ctx: jinja2.runtime.Context, *specs: tuple[str, str, str, Any]) -> list[cx.Section]:
    """The numbered sections of a report, from (name, default title, template, content)
    tuples: sections without content are left out and the rest numbered 一、二、三 without
    gaps; 章节标题 in the facts renames a section by its name."""
    renamed: dict[str, cx.Fact] = ctx.get("renamed", {})
    out: list[cx.Section] = []
    for name, default, template, content in specs:
        if not content:
            continue
        title: cx.Fact | str = renamed.get(name, default)
        section = cx.Section(name, title, template, content if isinstance(content, list) else [])
        section.heading = cx.section_heading(ordinal(len(out) + 1, 1), title)
        out.append(section)
    return out


# --------------------------------------------------------------------------- environment


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, whose templates are compiled from a rewritten parse tree (``~``)."""

    bounded = False  # whether templates outside the built-in folder are compiled with limits

    def compile(
        self,
        source: str | nodes.Template,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        """Jinja's ``compile``, on the parse tree with every ``~`` rewritten."""
        tree = self.parse(source, name, filename) if isinstance(source, str) else source
        tree = _Tilde().visit(tree)
        if self.bounded and not _built_in(filename):
            from .template_limits import Bounds

            tree = Bounds().visit(tree)
        tree.set_environment(self)
        if raw:
            return super().compile(tree, name, filename, True, defer_init)
        return super().compile(tree, name, filename, False, defer_init)


class _UserSandbox(_Sandbox):
    """The sandbox of a user templates folder: user templates run within
    :data:`zongjie.template_limits.LIMITS`, a module imported only when there are user
    templates (every call written in one checks the clock and its arguments)."""

    bounded = True

    def __init__(self, user_dir: str, **options: Any) -> None:
        from . import template_limits

        super().__init__(**options)
        self._limits = template_limits
        self.user_dir = user_dir
        self._user_names: dict[str | None, bool] = {}
        self.template_class = template_limits.BoundedTemplate
        self.filters.update(template_limits.bounded_filters(self.filters))
        self.globals = template_limits.bounded_globals(self.globals)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if __self._from_user(__context.name):  # a call written in a user template
            __self._limits.before_call(__obj, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def _from_user(self, name: str | None) -> bool:
        """Whether the template ``name`` comes from the user's folder (or from a string)."""
        found = self._user_names.get(name)
        if found is None:
            found = self._user_names[name] = name is None or os.path.isfile(
                os.path.join(self.user_dir, *name.split("/"))
            )
        return found


def _built_in(filename: str | None) -> bool:
    return filename is not None and filename.startswith(os.path.join(str(templates_dir()), ""))


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's per-user cache of compiled templates (keyed by their source), which a
    read-only or full disk merely makes slower, never fails."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


@lru_cache(maxsize=1)
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    if os.environ.get("ZONGJIE_NO_CACHE"):
        return None
    try:
        from .__about__ import __version__

        # Jinja's own safe per-user folder in the temp directory. Jinja keys a template's code by
        # its source only; the code also depends on this module and template_limits (the
        # environment's options, the parse-tree rewriting), so the file names carry the version
        # and these modules' checksum
        try:
            modules = (Path(__file__), Path(__file__).with_name("template_limits.py"))
            code = format(zlib.crc32(b"".join(m.read_bytes() for m in modules)), "08x")
        except OSError:  # not a plain file (a zip import): the version alone
            code = "0"
        return _QuietBytecodeCache(pattern=f"__zongjie_{__version__}_{code}_%s.cache")
    except (OSError, RuntimeError):
        return None


@lru_cache(maxsize=16)
def environment(user_dir: str | None = None) -> SandboxedEnvironment:
    """The Jinja environment for a templates folder (cached: templates compile once)."""
    loaders: list[jinja2.BaseLoader] = []
    if user_dir:
        loaders.append(jinja2.FileSystemLoader(user_dir, encoding="utf-8"))
    loaders.append(jinja2.FileSystemLoader(str(templates_dir()), encoding="utf-8"))
    options: dict[str, Any] = {
        "loader": jinja2.ChoiceLoader(loaders),
        "bytecode_cache": _bytecode_cache(),
        "undefined": jinja2.StrictUndefined,
        "autoescape": True,
        "finalize": _finalize,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
        "auto_reload": user_dir is not None,  # an office tool may edit its templates while running
    }
    env = _UserSandbox(user_dir, **options) if user_dir else _Sandbox(**options)
    env.filters.update(FILTERS)
    env.filters["zongjie:join"] = _join
    env.filters["zongjie:text"] = _text
    env.globals["outline"] = _outline
    return env
