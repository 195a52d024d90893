"""The work behind ``zongjie serve``'s HTTP API, without HTTP: bodies in, JSON-ready answers out.

A request body is a facts file as JSON (what the page's form sends; handed to zongjie as the
decoded mapping) or as YAML (what an office tool may send; handed over as bytes). Every
diagnostic carries its key path (``主要做法[2].数据.培训班``, ``""`` for the whole file), which
is how the page puts it beside its field; for YAML it also has its line and column.

Nothing here touches the disk. Failures are :class:`ApiError` (an HTTP status, a stable code
and a Chinese message, and the diagnostics when there are any).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .constants import KINDS

#: The largest request body read (the loader's own cap on a facts file is 4 MB of text).
MAX_BODY = 8 * 1024 * 1024

FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "md": ("text/markdown; charset=utf-8", ".md"),
}


@dataclass
class ApiError(Exception):
    """An answer other than 200: ``status``, a stable ``code``, a Chinese ``message``."""

    status: int
    code: str
    message: str
    diagnostics: list[dict[str, Any]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": {"code": self.code, "message": self.message}}
        if self.diagnostics:
            body["diagnostics"] = self.diagnostics
            body["errors"] = sum(d["severity"] == "error" for d in self.diagnostics)
            body["warnings"] = len(self.diagnostics) - body["errors"]
        return body


@dataclass(frozen=True)
class Source:
    """A request body made ready for zongjie: what it reads (a mapping or bytes) and its name."""

    data: dict[str, Any] | bytes
    file: str


# --------------------------------------------------------------------------- bodies


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def source_of(body: bytes, content_type: str = "", file: str | None = None) -> Source:
    """The body as zongjie reads it: a JSON object as its mapping, anything else as bytes."""
    if not body.strip():
        raise ApiError(400, "empty-body", "请求内容是空的：请发送事实文件的 JSON 或 YAML。")
    stripped = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    is_json = "json" in content_type.lower()
    if is_json or stripped[:1] in (b"{", b"["):
        try:
            data = parse_json(body)
        except ApiError as exc:
            if is_json or exc.code == "too-deep":
                raise
        else:
            if isinstance(data, dict):
                return Source(data, file or "事实.json")
            return Source(body, file or "事实.json")  # zongjie says what is wrong with it
    return Source(body, file or "事实.yaml")


def parse_json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8-sig"))
    except RecursionError:
        raise ApiError(400, "too-deep", "请求内容嵌套过深：事实文件不会有这么多层。") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ApiError(400, "bad-json", f"请求内容不是有效的 JSON：{exc}。") from None


def diagnostics_json(diagnostics: list[Any]) -> list[dict[str, Any]]:
    """Diagnostics as JSON-ready dicts (with ``path``)."""
    return [d.to_dict() for d in diagnostics]


# --------------------------------------------------------------------------- operations


def check(source: Source) -> dict[str, Any]:
    import zongjie

    diags = diagnostics_json(zongjie.check(source.data, file=source.file))
    errors = sum(d["severity"] == "error" for d in diags)
    return {"errors": errors, "warnings": len(diags) - errors, "diagnostics": diags}


def _facts(source: Source) -> Any:
    import zongjie

    try:
        return zongjie.load(source.data, file=source.file)
    except zongjie.FactsError as exc:
        diags = diagnostics_json(exc.diagnostics)
        raise ApiError(422, "facts-invalid", "事实有错误，未生成报告：请按提示修改。", diags) from None


def _report(source: Source, to: str, kind: str | None) -> Any:
    import zongjie

    facts = _facts(source)
    try:
        return zongjie.render(facts, to=to, kind=kind)
    except zongjie.RenderError as exc:
        diags = diagnostics_json(exc.diagnostics)
        raise ApiError(422, "render-failed", "起草出的报告没有通过检查，未生成报告。", diags) from None


def check_kind(kind: str | None) -> str | None:
    if kind is not None and kind not in KINDS:
        raise ApiError(400, "bad-kind", f"未知的文种“{kind}”：可用 {'、'.join(KINDS)}。")
    return kind


def render(source: Source, to: str, kind: str | None = None) -> tuple[bytes, str, str, int]:
    """The report's bytes, its content type, a file name, and the number of warnings."""
    if to not in FORMATS:
        raise ApiError(400, "bad-format", f"不支持的格式“{to}”：to 只能是 docx 或 md。")
    report = _report(source, to, check_kind(kind))
    content = report.content if isinstance(report.content, bytes) else report.content.encode("utf-8")
    ctype, suffix = FORMATS[to]
    return content, ctype, title_of(report.markdown) + suffix, len(report.warnings)


def title_of(markdown: str) -> str:
    match = re.search(r"^# (.+)$", markdown, re.M)
    name = match.group(1).strip() if match else "报告"
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "", name)[:80] or "报告"


def preview(source: Source, kind: str | None = None) -> dict[str, Any]:
    """What the page shows as the user types: every diagnostic and, when the facts render, HTML."""
    try:
        report = _report(source, "md", check_kind(kind))
    except ApiError as exc:
        if exc.status != 422:
            raise
        return {"ok": False, "html": None, **exc.to_dict()}
    diags = diagnostics_json(report.warnings)
    return {
        "ok": True,
        "html": to_html(report.markdown),
        "title": title_of(report.markdown),
        "errors": 0,
        "warnings": len(diags),
        "diagnostics": diags,
    }


# --------------------------------------------------------------------------- HTML and YAML


@cache
def _markdown_it() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")  # 附件 tables


_RUN_IN = re.compile(r"<p><strong>(（[一二三四五六七八九十]+）|\d+\.)")  # run-in headings of levels 2 and 3
_ROLE_TABLE = re.compile(r'<p class="role-([a-z-]+)"></p>\s*<table>')
_ROLE = re.compile(r"<p>&lt;!--\s*zongjie:([a-z-]+)\s*--&gt;\s*")


def to_html(markdown: str) -> str:
    """The report's Markdown as HTML; raw HTML in it is escaped, zongjie's role comments become
    classes (``<p class="role-signature">``), and so do run-in headings (``<p class="run-in-2">``
    for （一）, ``run-in-3`` for 1.), which the page styles 楷体 and 仿宋 bold."""
    html: str = _markdown_it().render(markdown)
    html = _RUN_IN.sub(
        lambda m: f'<p class="run-in-{3 if m.group(1)[0].isdigit() else 2}"><strong>{m.group(1)}', html
    )
    html = _ROLE.sub(lambda m: f'<p class="role-{m.group(1)}">', html)
    return _ROLE_TABLE.sub(lambda m: f'<table class="role-{m.group(1)}">', html)  # a role of a table


@cache
def _dumper() -> Any:
    import yaml

    class Dumper(yaml.SafeDumper):
        """Text with line breaks as a block (``|``), the way a person writes it."""

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return Dumper


YAML_HEADER = "# zongjie 事实文件（在 zongjie serve 的网页中保存；用 zongjie check / render 处理）\n"


def to_yaml(data: Any) -> str:
    """The facts (decoded JSON) as a YAML facts file that loads back into the same facts."""
    import yaml

    if not isinstance(data, dict):
        raise ApiError(400, "not-mapping", "事实应是“字段: 值”的形式（JSON 对象）。")
    try:
        text = yaml.dump(
            data, Dumper=_dumper(), allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6
        )
    except RecursionError:
        raise ApiError(400, "too-deep", "请求内容嵌套过深：事实文件不会有这么多层。") from None
    return YAML_HEADER + text


def from_yaml(body: bytes) -> dict[str, Any]:
    """A YAML (or JSON) facts file, read by zongjie's own loader, as JSON-ready data for the form
    (dates become ``YYYY-MM-DD``), with the problems of reading it (``diagnostics``). A file that does not read as “字段: 值” is refused with its
    diagnostics; any other problem the form shows once it is open."""
    from .loading import parse

    doc = parse(body, "事实.yaml")
    if not isinstance(doc.data, dict):
        errors = [d for d in doc.diagnostics if d.is_error]
        if not errors:
            import zongjie

            errors = [d for d in zongjie.check(body, file="事实.yaml") if d.is_error]
        raise ApiError(
            422, "not-readable", "无法把这个文件读进表单：请先按提示修改文件。", diagnostics_json(errors)
        )
    # what the form cannot show: the file's own reading problems (a key written twice, GBK …)
    return {"data": _jsonable(doc.data), "diagnostics": diagnostics_json(doc.diagnostics)}
