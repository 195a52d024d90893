"""Stage 5: Jinja2 templates → Markdown.

The kind's template renders the context in zongjie's Jinja environment (see
:mod:`zongjie.templating`); the Markdown is tidied, parsed once and checked by the
output lint, and the facts whose marks never reached it are reported as ``fact-unused``.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

from . import context as cx
from .constants import PathKey
from .diagnostics import Diagnostic, make
from .errors import RenderError
from .marks import identities, unmark
from .model import Facts, label
from .templating import environment

#: the template of each kind, relative to a templates folder
KIND_TEMPLATES: dict[str, str] = {
    "年度工作总结": "kinds/annual.md.j2",
    "半年工作总结": "kinds/half-year.md.j2",
    "专项工作汇报": "kinds/special.md.j2",
    "述职报告": "kinds/duty.md.j2",
    "工作汇报": "kinds/briefing.md.j2",
}


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
    if isinstance(exc, SecurityError):
        message = (
            f"沙箱不允许模板这样做（{str(exc).rstrip('.')}）：模板中不能访问以下划线开头的属性和"
            "Python 的内部对象，可用的变量与过滤器见 docs/templates.md"
        )
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
    Markdown's token stream with every fact's text between the marks U+FDD0 and U+FDD1
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
    template: jinja2.Template | None = None
    try:
        template = env.get_template(name)
        markdown = tidy(template.render(ctx))
    except Exception as exc:  # any template failure is reported, never a traceback
        where = template.filename if template is not None and template.filename else name
        raise RenderError([_template_error(exc, where)]) from exc
    tokens = parse(markdown)
    problems = lint_markdown(markdown, template.filename or name, tokens)
    if problems:
        raise RenderError(problems)
    # a fact counts as printed when its marks reached the draft — not when a template merely used it
    printed_ids = identities(markdown)
    printed = {path for path, fact in registry.items() if fact.ident in printed_ids}
    return Draft(unmark(markdown), _unused(facts, registry, printed), tokens)


def _unused(facts: Facts, registry: dict[PathKey, cx.Fact], printed: set[PathKey]) -> list[Diagnostic]:
    provenance = facts.provenance
    out = []
    for path, fact in registry.items():
        if path in printed:
            continue
        origin = provenance.origin(path)
        where = label(path)
        if path and path[0] == "章节标题":
            message = (
                f"事实未被使用：章节标题“{path[-1]}”没有用上——这份报告没有单列“{path[-1]}”一节"
                "（该文种不设此节，或这一部分没有内容）。不需要时请删去这一行。"
            )
        else:
            message = (
                f"事实未被使用：“{_short(fact.text)}”（{where}）没有印进报告。"
                "若是自定义模板删去了它，请在模板中补上；否则这是 zongjie 的缺陷。"
            )
        out.append(origin.diagnostic("fact-unused", message, key=isinstance(fact, cx.Datum)))
    return out


def _short(text: str) -> str:
    return text if len(text) <= 24 else text[:23] + "…"
