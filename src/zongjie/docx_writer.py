"""Stage 6: Markdown → .docx, on the reference document's named styles.

The Markdown of the drafting stage is parsed by markdown-it-py into a syntax
tree; each node type has one handler (a read-only table, as in mdformat).  What
the writer cannot express is written as plain text and reported as a
``docx-unsupported`` warning with its line — never dropped.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from . import ooxml
from .diagnostics import Diagnostic, make
from .styles import ROLE_STYLES, shipped_reference

_MD = MarkdownIt("commonmark", {"html": True}).enable("table")
ROLE = re.compile(r"^<!--\s*zongjie:([a-z-]+)\s*-->\s*$")
#: the level of a run-in heading, read from its ordinal
_RUNIN_LEVEL = [
    (re.compile(r"^（[一二三四五六七八九十百]+）"), 2),
    (re.compile(r"^（\d+）"), 4),
    (re.compile(r"^\d+\."), 3),
]
FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
TITLE_CHARS = 20  # 2号 characters in the 156 mm type area


class ReferenceDocError(ValueError):
    """The reference document cannot be used; the message is Chinese."""


def width(text: str) -> float:
    """Width in Chinese characters: a wide character is 1, a digit or Latin letter ½."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


# --------------------------------------------------------------------------- title lines

_BREAK_AFTER = re.compile(
    r"(?:镇|乡|村|社区|街道|委员会|党委|党工委|党总支|党支部|\d{4}年(?:度|上半年|下半年|第[一二三四]季度)?"
    r"|关于|的|党组织|党建|建设|整治|活动|工程|工作(?=总结|汇报|情况|报告)|”|、|和)"
)
_BREAK_BEFORE = re.compile(r"(?:(?:专项)?工作(?:总结|汇报)|述职报告|情况(?:报告|汇报)|关于)")


def split_title(title: str, limit: float = TITLE_CHARS) -> list[str]:
    """Lines of a long title, broken only between words, as even as possible
    (a trapezoid or diamond); a title that fits stays one line."""
    if width(title) <= limit:
        return [title]
    cuts = sorted(
        {m.end() for m in _BREAK_AFTER.finditer(title)} | {m.start() for m in _BREAK_BEFORE.finditer(title)}
    )
    cuts = [c for c in cuts if 0 < c < len(title)]
    best: list[str] | None = None
    for lines_count in (2, 3):
        for combo in itertools.combinations(cuts, lines_count - 1):
            bounds = [0, *combo, len(title)]
            lines = [title[a:b] for a, b in itertools.pairwise(bounds)]
            if any(width(line) > limit for line in lines):
                continue
            score = max(map(width, lines)) - min(map(width, lines))
            if best is None or score < max(map(width, best)) - min(map(width, best)):
                best = lines
        if best:
            return best
    # no word boundary fits: break evenly (still never inside a run of digits)
    per = max(1, len(title) // ((len(title) + int(limit) - 1) // int(limit)))
    return [title[i : i + per] for i in range(0, len(title), per)]


# --------------------------------------------------------------------------- the writer


class _Writer:
    def __init__(self, document: Any, warnings: list[Diagnostic]) -> None:
        self.doc = document
        self.warnings = warnings
        self.role: str | None = None
        self.heading_level = 0
        self.indents: dict[str, float] = {}
        self.blocks: dict[str, Callable[[SyntaxTreeNode], None]] = {
            "heading": self.heading,
            "paragraph": self.paragraph,
            "html_block": self.html_block,
            "table": self.table,
            "bullet_list": self.container,
            "ordered_list": self.container,
            "list_item": self.container,
            "blockquote": self.container,
            "fence": self.code,
            "code_block": self.code,
            "hr": self.hr,
        }

    # -- helpers
    def warn(self, node: SyntaxTreeNode, what: str) -> None:
        line = node.map[0] + 1 if node.map else 0
        self.warnings.append(
            make(
                "docx-unsupported",
                "<markdown>",
                line,
                1,
                f"Word 文档中无法表达{what}：已按普通文字写入，请检查模板。",
            )
        )

    def para(self, role: str) -> Any:
        return self.doc.add_paragraph(style=self.doc.styles[ROLE_STYLES[role]])

    def run(self, paragraph: Any, text: str, char_role: str | None = None) -> None:
        if not text:
            return
        style = self.doc.styles[ROLE_STYLES[char_role]] if char_role else None
        run = paragraph.add_run(text, style=style)
        ooxml.hint_east_asia(run._r)

    # -- blocks
    def write(self, root: SyntaxTreeNode) -> None:
        self._plan_signature(root)
        for node in root.children:
            self.block(node)

    def block(self, node: SyntaxTreeNode) -> None:
        handler = self.blocks.get(node.type)
        if handler is None:
            self.warn(node, f"“{node.type}”")
            paragraph = self.para("body")
            self.inline(paragraph, node)
            return
        handler(node)

    def heading(self, node: SyntaxTreeNode) -> None:
        level = int(node.tag[1])
        if level == 1:
            paragraph = self.para("title")
            text = _text(node)
            for i, line in enumerate(split_title(text)):
                if i:
                    ooxml.line_break(paragraph.runs[-1]._r)
                self.run(paragraph, line)
            self.doc.core_properties.title = text
            return
        if level > 5:
            self.warn(node, "第五级以下的标题")
            level = 5
        self.heading_level = level - 1
        paragraph = self.para(f"h{level - 1}")
        self.inline(paragraph, node)

    def paragraph(self, node: SyntaxTreeNode) -> None:
        role, self.role = self.role, None
        if role:
            paragraph = self.para(role)
            self.inline(paragraph, node)
            if role in self.indents:
                ooxml.set_indent_chars(paragraph._p.get_or_add_pPr(), right=self.indents[role])
            return
        paragraph = self.para("body")
        self.inline(paragraph, node)

    def html_block(self, node: SyntaxTreeNode) -> None:
        m = ROLE.match(node.content.strip())
        if m and m.group(1) in ("addressee", "signature", "date"):
            self.role = m.group(1)
            return
        self.warn(node, "HTML")
        paragraph = self.para("body")
        self.run(paragraph, node.content.strip())

    def container(self, node: SyntaxTreeNode) -> None:
        if node.type in ("bullet_list", "ordered_list", "blockquote"):
            self.warn(
                node, {"bullet_list": "无序列表", "ordered_list": "有序列表", "blockquote": "引用"}[node.type]
            )
        for i, child in enumerate(node.children, 1):
            if node.type == "ordered_list" and child.type == "list_item":
                child.meta["number"] = i
            if child.type == "paragraph" and node.type == "list_item":
                paragraph = self.para("body")
                number = node.meta.get("number")
                self.run(paragraph, f"{number}." if number else "")
                self.inline(paragraph, child)
            else:
                self.block(child)

    def code(self, node: SyntaxTreeNode) -> None:
        self.warn(node, "代码块")
        for line in node.content.rstrip("\n").split("\n"):
            self.run(self.para("body"), line)

    def hr(self, node: SyntaxTreeNode) -> None:
        self.warn(node, "分隔线")

    def table(self, node: SyntaxTreeNode) -> None:
        rows = [tr for section in node.children for tr in section.children]
        cols = max((len(tr.children) for tr in rows), default=0)
        if not rows or not cols:
            return
        table = self.doc.add_table(rows=len(rows), cols=cols)
        table.style = self.doc.styles[ROLE_STYLES["table"]]
        for r, tr in enumerate(rows):
            for c, cell_node in enumerate(tr.children):
                cell = table.cell(r, c)
                paragraph = cell.paragraphs[0]
                paragraph.style = self.doc.styles[
                    ROLE_STYLES["header-cell" if cell_node.type == "th" else "cell"]
                ]
                self.inline(paragraph, cell_node)

    # -- inline
    def inline(self, paragraph: Any, node: SyntaxTreeNode) -> None:
        children = node.children[0].children if node.children and node.children[0].type == "inline" else []
        children = [c for c in children if c.type != "text" or c.content]  # markdown-it leaves empty texts
        runin: str | None = None
        for i, child in enumerate(children):
            if child.type == "strong" and i == 0:
                text = _text(child)
                level = next(
                    (lvl for pattern, lvl in _RUNIN_LEVEL if pattern.match(text)), self.heading_level + 1
                )
                runin = f"r{min(max(level, 2), 4)}"
                self.run(paragraph, text, runin)
                continue
            if child.type == "text":
                text = child.content
                if runin and i == 1 and text[:1] in "。！？":  # the heading's own final mark
                    self.run(paragraph, text[0], runin)
                    text = text[1:]
                self.run(paragraph, text)
            elif child.type == "hardbreak":
                if paragraph.runs:
                    ooxml.line_break(paragraph.runs[-1]._r)
            elif child.type == "softbreak":
                self.run(paragraph, " ")
            else:
                kinds = {
                    "strong": "加粗",
                    "em": "斜体",
                    "code_inline": "代码",
                    "link": "链接",
                    "image": "图片",
                    "html_inline": "HTML",
                }
                self.warn(node, kinds.get(child.type, f"“{child.type}”"))
                self.run(
                    paragraph, child.content if child.type in ("code_inline", "html_inline") else _text(child)
                )

    # -- signature and date (GB/T 9704 7.3.5.2, without a seal)
    def _plan_signature(self, root: SyntaxTreeNode) -> None:
        texts: dict[str, str] = {}
        role = None
        for node in root.children:
            if node.type == "html_block" and (m := ROLE.match(node.content.strip())):
                role = m.group(1)
            elif node.type == "paragraph" and role:
                texts[role] = _text(node)
                role = None
        if "signature" in texts and "date" in texts:
            name, date = width(texts["signature"]), width(texts["date"])
            date_right = name - date  # the date starts two characters right of the name
            name_right = 2.0
            if date_right < 2:  # a longer date: date indented two, the name moves left to match
                date_right = 2.0
                name_right = date - name + 4
            self.indents = {"signature": name_right, "date": date_right}


def _text(node: SyntaxTreeNode) -> str:
    """The plain text under a node."""
    if node.type in ("text", "code_inline", "html_inline"):
        return node.content
    if node.type == "softbreak":
        return " "
    return "".join(_text(c) for c in node.children)


# --------------------------------------------------------------------------- the package


def _open(reference_doc: str | Path | None) -> Any:
    if reference_doc is None:
        return docx.Document(io.BytesIO(shipped_reference()))
    path = Path(reference_doc)
    if not path.is_file():
        raise ReferenceDocError(
            f"找不到样式参考文档 {path}：请检查路径，或用“zongjie reference-doc -o {path.name}”生成一份。"
        )
    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a file that is not a .docx
        raise ReferenceDocError(
            f"样式参考文档 {path} 不是可用的 .docx 文件（{type(exc).__name__}）：请用 Word 另存为 .docx。"
        ) from None


def _ensure_styles(document: Any, warnings: list[Diagnostic], reference_doc: str | Path | None) -> None:
    present = ooxml.style_names(document.styles.element)
    missing = [name for name in ROLE_STYLES.values() if name not in present]
    if not missing:
        return
    ours = docx.Document(io.BytesIO(shipped_reference())).styles.element
    for name in missing:
        ooxml.copy_style(ours, document.styles.element, name)
    warnings.append(
        make(
            "docx-unsupported",
            str(reference_doc),
            0,
            0,
            f"样式参考文档缺少样式 {'、'.join(missing)}：已使用 zongjie 的默认样式。",
        )
    )


def normalize_zip(data: bytes) -> bytes:
    """The same package with fixed timestamps, so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def write_docx(markdown: str, *, reference_doc: str | Path | None = None) -> tuple[bytes, list[Diagnostic]]:
    """The .docx of a drafted report and the warnings of writing it."""
    warnings: list[Diagnostic] = []
    document = _open(reference_doc)
    _ensure_styles(document, warnings, reference_doc)
    ooxml.clear_body(document.element.body)
    _Writer(document, warnings).write(SyntaxTreeNode(_MD.parse(markdown)))
    core = document.core_properties
    core.author = core.last_modified_by = "zongjie"
    core.created = core.modified = FIXED_TIME
    core.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue()), warnings
