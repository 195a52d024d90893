"""The Jinja environment zongjie drafts in.

A sandboxed environment with ``StrictUndefined`` and autoescaping, where escaping means
*Markdown* escaping: the finalize step prints every value as Markdown — a fact escaped and
wrapped in its provenance marks, trusted Markdown (a macro's output, a zongjie filter's
result) as it is, any other value escaped — so a fact always prints literally.  Jinja's
code generator is told so: it does not HTML-escape what the finalize step already made
safe, and when a part of ``a ~ b`` is a fact or Markdown it prints as ``{{ a }}{{ b }}``
would.  User templates in ``--templates DIR`` override the built-in ones file by file.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.nodes import Concat, Const
from jinja2.sandbox import SandboxedEnvironment
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


def _concat(parts: tuple[Any, ...]) -> str:
    """``a ~ b``: Markdown printing as ``{{ a }}{{ b }}`` when a part is a fact or Markdown
    (Jinja's own join would HTML-escape the plain parts), else plain text."""
    for part in parts:
        if hasattr(part, "__html__"):
            return cx.Md("".join([_finalize(p) for p in parts]))
        if part is None:
            _finalize(part)  # raises, as printing it would
    return "".join([p if isinstance(p, str) else str(p) for p in parts])


class _Generator(CodeGenerator):
    """Jinja's code generator for templates whose finalize step returns Markdown: an output
    is ``finalize(x)``, not ``escape(finalize(x))`` (about a microsecond saved on each of a
    report's hundred outputs), and ``~`` joins with :func:`_concat`, a string literal in it
    being template text as in ``{{ "…" }}``.  Only where the autoescape setting is fixed at
    compile time; elsewhere Jinja's own code is generated.  (Jinja's native-types
    environment overrides the same methods.)"""

    @staticmethod
    def _ours(frame: Frame) -> bool:
        return bool(frame.eval_ctx.autoescape and not frame.eval_ctx.volatile)

    def _output_child_pre(self, node: Any, frame: Frame, finalize: Any) -> None:
        if finalize.src is not None and self._ours(frame):
            self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: Any, frame: Frame, finalize: Any) -> None:
        if finalize.src is not None and self._ours(frame):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)

    @optimizeconst
    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        if not self._ours(frame):
            super().visit_Concat(node, frame)
            return
        self.write("environment.concat_markdown((")
        for arg in node.nodes:
            if isinstance(arg, Const) and isinstance(arg.value, str):
                # template text, as Jinja prints a literal in {{ }}: HTML-escaped, then trusted
                self.write(f"Markup({str(escape(arg.value))!r})")
            else:
                self.visit(arg, frame)
            self.write(", ")
        self.write("))")


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
    """The sandbox, with a fast path for the data attributes of zongjie's own view objects
    (the full check costs ~6 µs an access, a report makes ~150). Methods — ``Fact.format``
    and the other ``str`` methods among them — still take the sandbox's full path."""

    code_generator_class = _Generator
    concat_markdown = staticmethod(_concat)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if type(__obj) is jinja2.runtime.Macro:  # a template's own macro: safe, takes no context
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:  # as Context.call does
                return __self.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        kind = type(obj)
        if attribute in _DATA_ATTRIBUTES.get(kind, ()):
            return getattr(obj, attribute)
        if kind is dict and attribute in obj and not attribute.startswith("_"):
            return obj[attribute]  # unit.name: the context's plain mappings
        return super().getattr(obj, attribute)


def _data_attributes() -> dict[type, frozenset[str]]:
    from dataclasses import fields

    views: dict[type, frozenset[str]] = {
        cls: frozenset(f.name for f in fields(cls))
        for cls in (cx.ItemView, cx.ProfileView, cx.PeriodView, cx.Section)
    }
    views[cx.Fact] = frozenset({"text", "path"})
    views[cx.Datum] = frozenset({"text", "path", "label", "quantity"})
    views[jinja2.runtime.LoopContext] = frozenset({"index", "index0", "first", "last", "length", "revindex"})
    return views


_DATA_ATTRIBUTES = _data_attributes()


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
        # its source only; the code also depends on this module (the environment's options and
        # its code generator), so the file names carry the version and this module's checksum
        try:
            code = format(zlib.crc32(Path(__file__).read_bytes()), "08x")
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
    env = _Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=user_dir is not None,  # an office tool may edit its templates while running
    )
    env.filters.update(FILTERS)
    env.globals["outline"] = _outline
    return env
