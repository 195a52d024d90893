"""Stage 5: Jinja2 templates → Markdown.

A sandboxed environment with ``StrictUndefined`` and autoescaping: every value a
template prints is Markdown-escaped unless it is trusted Markdown (a macro's
output or a zongjie filter's result), so a fact always prints literally.  User
templates in ``--templates DIR`` override the built-in ones file by file.
"""

from __future__ import annotations

import os
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from . import context as cx
from .constants import PathKey
from .diagnostics import Diagnostic, make
from .model import Facts, label
from .resources import templates_dir
from .values import Quantity, cn_date, share
from .writing import bare, cn_numeral, md_escape, ordinal, unmark

#: the template of each kind, relative to a templates folder
KIND_TEMPLATES: dict[str, str] = {
    "年度工作总结": "kinds/annual.md.j2",
    "半年工作总结": "kinds/half-year.md.j2",
    "专项工作汇报": "kinds/special.md.j2",
    "述职报告": "kinds/duty.md.j2",
    "工作汇报": "kinds/briefing.md.j2",
}


class RenderError(Exception):
    """A template failed, or produced a report that fails the output checks."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("；".join(str(d) for d in diagnostics[:3]))


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
    if isinstance(value, cx.Fact):
        return value.__html__()
    if isinstance(value, Markup):
        return value
    if isinstance(value, (list, tuple, dict, set)):
        raise TypeError(f"模板直接输出了{type(value).__name__}：请逐项输出或使用过滤器")
    return cx.Md(md_escape(str(value)))


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
        return cx.md_of([q.derive(q.quantity.in_unit(unit))])
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

        # Jinja's own safe per-user folder in the temp directory; the version in the name, because
        # zongjie's environment options are compiled into the cached code
        return _QuietBytecodeCache(pattern=f"__zongjie_{__version__}_%s.cache")
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


def _template_frame(exc: BaseException) -> tuple[str, int]:
    """The innermost template file and line in a traceback (Jinja rewrites frames)."""
    where = ("", 0)
    for frame, line in traceback.walk_tb(exc.__traceback__):
        name = frame.f_code.co_filename
        if name.endswith(".j2"):
            where = (name, line)
    return where


def _template_error(exc: BaseException, kind_template: str) -> Diagnostic:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return make(
            "template-error",
            str(exc.filename or exc.name or kind_template),
            exc.lineno,
            1,
            f"模板语法错误：{exc.message}。",
        )
    if isinstance(exc, jinja2.TemplateNotFound):
        return make(
            "template-not-found",
            str(exc.name or kind_template),
            0,
            0,
            f"找不到模板“{exc.name}”：请检查 --templates 文件夹中的文件名，或删去覆盖它的文件。",
        )
    if isinstance(exc, RecursionError):
        return make(
            "template-error",
            kind_template,
            0,
            0,
            "模板无限递归：覆盖模板时不能用 {% extends %} 继承与自己同名的内置模板，请复制内置模板的内容再修改。",
        )
    name, line = _template_frame(exc)
    message = (
        str(exc) if isinstance(exc, (TypeError, jinja2.UndefinedError, jinja2.TemplateError)) else repr(exc)
    )
    if isinstance(exc, jinja2.UndefinedError):
        message = f"模板用到了不存在的变量或属性（{exc.message}）：可用的变量见 docs/templates.md"
    return make(
        "template-error",
        name or kind_template,
        line,
        1 if line else 0,
        f"模板运行出错：{message.rstrip('。.')}。",
    )


# --------------------------------------------------------------------------- Markdown layout

_BLANKS = re.compile(r"\n{3,}")


def tidy(markdown: str) -> str:
    """Blank lines as Markdown wants them: one between blocks, a heading on its own."""
    lines = [line.rstrip() for line in markdown.splitlines()]
    out: list[str] = []
    for line in lines:
        if (line.startswith("#") or line.startswith("<!--")) and out and out[-1]:
            out.append("")
        if out and out[-1].startswith("#") and line:
            out.append("")
        out.append(line)
    text = _BLANKS.sub("\n\n", "\n".join(out)).strip("\n")
    return text + "\n"


@dataclass(frozen=True)
class Draft:
    """A drafted report: its Markdown, the warnings of drafting (``fact-unused``), and the
    Markdown's token stream with every fact's text between the marks U+E000 and U+E001
    (parsed once, for the lint and for the .docx writer)."""

    markdown: str
    warnings: list[Diagnostic]
    tokens: list[Any]


def draft(facts: Facts, *, kind: str | None = None, templates: str | Path | None = None) -> Draft:
    """Draft the Markdown of ``facts``.

    Raises :class:`RenderError` when a template fails or the output fails the lint.
    """
    from .lint import lint_markdown
    from .markdown import parse

    kind = kind or facts.kind
    name = KIND_TEMPLATES[kind]
    if templates is not None and not Path(templates).is_dir():
        raise RenderError(
            [
                make(
                    "template-not-found",
                    str(templates),
                    0,
                    0,
                    f"模板文件夹 {templates} 不存在：请检查 --templates 的路径。",
                )
            ]
        )
    env = environment(str(Path(templates).resolve()) if templates else None)
    ctx, registry = cx.build(facts, kind)
    try:
        template = env.get_template(name)
        markdown = tidy(template.render(ctx))
    except Exception as exc:  # any template failure is reported, never a traceback
        raise RenderError([_template_error(exc, name)]) from exc
    tokens = parse(markdown)
    problems = lint_markdown(markdown, template.filename or name, tokens)
    if problems:
        raise RenderError(problems)
    # a fact counts as printed when its marks reached the draft — not when a template merely used it
    printed_ids = cx.printed_identities(markdown)
    printed = {path for path, fact in registry.items() if fact.ident in printed_ids}
    return Draft(unmark(markdown), _unused(facts, registry, printed), tokens)


def _unused(facts: Facts, registry: dict[PathKey, cx.Fact], printed: set[PathKey]) -> list[Diagnostic]:
    doc = facts.source
    file = doc.file if doc is not None else "<facts>"
    out = []
    for path, fact in registry.items():
        if path in printed:
            continue
        line, col = doc.position(path, key=isinstance(fact, cx.Datum)) if doc is not None else (0, 0)
        where = label(path)
        if path and path[0] in ("章节标题", "section_titles"):
            message = (
                f"事实未被使用：章节标题“{path[-1]}”没有用上——这份报告没有单列“{path[-1]}”一节"
                "（该文种不设此节，或这一部分没有内容）。不需要时请删去这一行。"
            )
        else:
            message = (
                f"事实未被使用：“{_short(fact.text)}”（{where}）没有印进报告。"
                "若是自定义模板删去了它，请在模板中补上；否则这是 zongjie 的缺陷。"
            )
        out.append(make("fact-unused", file, line, col, message))
    return out


def _short(text: str) -> str:
    return text if len(text) <= 24 else text[:23] + "…"
