"""Stage 6: Markdown → .docx, on the reference document's named styles.

The Markdown of the drafting stage is parsed by markdown-it-py; headings,
paragraphs and role comments are written straight from the token stream, any
other block through its syntax-tree node, one handler per node type (a
read-only table, as in mdformat).  What
the writer cannot express is written as plain text and reported as a
``docx-unsupported`` warning with its line (a horizontal rule, which has no text, is
reported and left out).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from . import docx_tables, ooxml_text
from .diagnostics import Diagnostic, make
from .formal_styles import ISSUER_TOP_UPWARD_MM
from .lint import ROLE, ROLES
from .markdown import parse
from .marks import unmark
from .reference import ReferenceDocError as ReferenceDocError  # re-exported
from .reference import Template
from .reference import template as template  # re-exported
from .styles import PAGE
from .typesetting import signature_indents, split_title
from .typesetting import width as width  # re-exported
from .zipfiles import deflate, zip_entries
from .zipfiles import normalize_zip as normalize_zip  # re-exported

#: the level of a run-in heading, read from its ordinal
_RUNIN_LEVEL = [
    (re.compile(r"^（[一二三四五六七八九十百]+）"), 2),
    (re.compile(r"^（\d+）"), 4),
    (re.compile(r"^\d+\."), 3),
]
FIXED_TIME = "2000-01-01T00:00:00Z"
TYPE_WIDTH = PAGE["width"] - PAGE["left"] - PAGE["right"]  # twips
TABLE_WIDTH = TYPE_WIDTH - 10  # the right border's half width inside the type area too


# --------------------------------------------------------------------------- the writer


class _Writer:
    """One handler per block type of the markdown-it token stream; each appends body XML.

    Headings, paragraphs and role comments — all a drafted report is made of — are read
    straight from the tokens; any other block is made into a syntax-tree node first."""

    def __init__(self, tpl: Template, warnings: list[Diagnostic]) -> None:
        self.tpl = tpl
        self.warnings = warnings
        self.out: list[str] = []
        self.role: str | None = None
        self.heading_level = 0
        self.indents: dict[str, float] = {}
        self.title = ""
        self.closing_kept = False
        self.grouped = False  # the next table has a two-level header
        self.upward = False  # a report sent upward: its 版头 names the 签发人
        self.imprint: list[str] = []  # 版记's paragraphs, written at the foot of the last page
        self.blocks: dict[str, Callable[[SyntaxTreeNode], None]] = {
            "heading": self.node_heading,
            "paragraph": self.paragraph,
            "table": self.table,
            "bullet_list": self.container,
            "ordered_list": self.container,
            "list_item": self.container,
            "blockquote": self.container,
            "fence": self.code,
            "code_block": self.code,
            "hr": self.hr,
        }

    def warn(self, line: int, what: str, message: str = "") -> None:
        message = message or f"Word 文档中无法表达{what}：已按普通文字写入，请检查模板。"
        self.warnings.append(make("docx-unsupported", "<markdown>", line, 1, message))

    def para(self, role: str, runs: str, left_chars: float | None = None) -> None:
        if role in _FORMAL:
            self.formal(role, runs)
            return
        if role in ("signature", "date") and not self.closing_kept:
            # the paragraph before the signature block goes to the next page with it (its
            # last two lines at least): the name and date never stand alone on a page
            self.closing_kept = True
            if self.out and self.out[-1].startswith("<w:p>"):
                self.out[-1] = ooxml_text.keep_with_next(self.out[-1])
        self.out.append(ooxml_text.paragraph_xml(self.tpl.style(role), runs, left_chars=left_chars))

    # -- the formal parts (GB/T 9704 7.2–7.4)
    def formal(self, role: str, runs: str) -> None:
        style = self.tpl.style(role)
        text = _run_text(runs)
        if role == "issuer":  # one line, as large as fits (at most 42pt, 初号)
            size = min(84, int(TYPE_WIDTH / 10 / max(width(text), 1) / 2) * 2)  # half points
            sized = re.sub(r"(<w:rFonts [^>]*/>)", rf'\1<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>', runs)
            self.out.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{sized}</w:p>')
        elif role == "doc-number" and "签发人：" in text:  # 7.2.4: 字号 left, 签发人 right
            number, _, signer = text.partition("签发人：")
            self.upward = True
            runs = (
                ooxml_text.run_xml("\u3000" + number.strip("\u3000 "))
                + ooxml_text.tab_xml()
                + ooxml_text.run_xml("签发人：")
                + ooxml_text.run_xml(signer.strip(), self.tpl.style("r2"))
            )
            self.out.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/><w:jc w:val="left"/></w:pPr>{runs}</w:p>')
        elif role == "attachment-note" and not text.startswith("附件："):  # aligned under the first title
            xml = ooxml_text.paragraph_xml(style, runs, left_chars=5)
            self.out.append(xml.replace("<w:ind ", '<w:spacing w:before="0"/><w:ind ', 1))
        elif role == "grouped":
            self.grouped = True
        elif role in ("copy-to", "printed"):
            if role == "printed" and "\u3000\u3000" in text:  # 印发机关 left, 印发日期 right
                printer, _, day = text.partition("\u3000\u3000")
                runs = ooxml_text.run_xml(printer) + ooxml_text.tab_xml() + ooxml_text.run_xml(day.strip("\u3000"))
            self.imprint.append(ooxml_text.paragraph_xml(style, runs))
        else:
            self.out.append(ooxml_text.paragraph_xml(style, runs))

    # -- blocks
    def write(self, tokens: list[Token]) -> str:
        self._plan_signature(tokens)
        i, n = 0, len(tokens)
        while i < n:
            tok = tokens[i]
            kind = tok.type
            if kind in ("paragraph_open", "heading_open") and i + 1 < n and tokens[i + 1].type == "inline":
                inline = tokens[i + 1]
                line = _line(tok)
                if kind == "heading_open":
                    self.heading(int(tok.tag[1]), inline.children or [], line)
                else:
                    role, self.role = self.role, None
                    runs = self.inline(inline.children or [], line)
                    self.para(role or "body", runs, self.indents.get(role) if role else None)
                i += 3
            elif kind == "html_block":
                self.html_block(tok)
                i += 1
            else:  # a rarer block: as a syntax-tree node
                j = i
                if tok.nesting == 1:
                    depth = 0
                    for j in range(i, n):
                        depth += tokens[j].nesting
                        if depth == 0:
                            break
                self.block(SyntaxTreeNode(tokens[i : j + 1]).children[0])
                i = j + 1
        if self.upward and self.out and 'w:pStyle w:val="' + self.tpl.style("issuer") + '"' in self.out[0]:
            # 7.2.2: with a 签发人 the mark's top edge is 28 mm below the type area's, not 35
            before = round(ISSUER_TOP_UPWARD_MM / 25.4 * 1440)
            self.out[0] = self.out[0].replace("</w:pPr>", f'<w:spacing w:before="{before}"/></w:pPr>', 1)
        if self.imprint:
            self.out.append(docx_tables.imprint_xml(TYPE_WIDTH, PAGE["left"], self.imprint))
        return "".join(self.out)

    def block(self, node: SyntaxTreeNode) -> None:
        handler = self.blocks.get(node.type)
        if handler is None:
            self.warn(_line(node), f"“{node.type}”")
            self.para("body", self.node_inline(node))
            return
        handler(node)

    def heading(self, level: int, children: list[Token], line: int) -> None:
        if level == 1:
            self.title = _text(children)
            lines = split_title(self.title)
            runs = "".join(
                ooxml_text.run_xml(line, break_after=i < len(lines) - 1) for i, line in enumerate(lines)
            )
            self.para("title", runs)
            return
        if level > 5:
            self.warn(line, "第五级以下的标题")
            level = 5
        self.heading_level = level - 1
        self.para(f"h{level - 1}", self.inline(children, line))

    def node_heading(self, node: SyntaxTreeNode) -> None:
        inline = node.children[0].token if node.children else None
        self.heading(int(node.tag[1]), (inline.children or []) if inline is not None else [], _line(node))

    def paragraph(self, node: SyntaxTreeNode) -> None:  # inside a quote: a role comment still applies
        role, self.role = self.role, None
        self.para(role or "body", self.node_inline(node), self.indents.get(role) if role else None)

    def html_block(self, tok: Token) -> None:
        m = ROLE.match(tok.content.strip())
        if m and m.group(1) == "grouped":  # says something of the table that follows
            self.grouped = True
            return
        if m and m.group(1) in ROLES:
            self.role = m.group(1)
            return
        self.warn(_line(tok), "HTML")
        self.para("body", ooxml_text.run_xml(unmark(tok.content.strip())))

    def container(self, node: SyntaxTreeNode) -> None:
        names = {"bullet_list": "无序列表", "ordered_list": "有序列表", "blockquote": "引用"}
        if node.type in names:
            self.warn(_line(node), names[node.type])
        for i, child in enumerate(node.children, 1):
            if node.type == "ordered_list" and child.type == "list_item":
                child.meta["number"] = i
            if child.type == "paragraph" and node.type == "list_item":
                number = node.meta.get("number")
                self.para(
                    "body", (ooxml_text.run_xml(f"{number}.") if number else "") + self.node_inline(child)
                )
            elif child.type == "html_block" and child.token is not None:
                self.html_block(child.token)
            else:
                self.block(child)

    def code(self, node: SyntaxTreeNode) -> None:
        self.warn(_line(node), "代码块")
        for line in unmark(node.content).rstrip("\n").split("\n"):
            self.para("body", ooxml_text.run_xml(line) if line else "")

    def hr(self, node: SyntaxTreeNode) -> None:
        self.warn(_line(node), "分隔线", "公文中不用分隔线：已略去（它没有文字），请检查模板。")

    def table(self, node: SyntaxTreeNode) -> None:
        grouped, self.grouped = self.grouped, False
        header: list[str] = []
        body: list[list[tuple[str, str]]] = []
        for section in node.children:
            for tr in section.children:
                if section.type == "thead":
                    header = [_cell_text(cell) for cell in tr.children]
                else:
                    body.append([(self.node_inline(cell), _cell_text(cell)) for cell in tr.children])
        if header or body:
            self.out.append(
                docx_tables.grid_table_xml(
                    self.tpl.style("table"),
                    self.tpl.style("header-cell"),
                    self.tpl.style("cell"),
                    TABLE_WIDTH,
                    header,
                    body,
                    grouped=grouped,
                )
            )

    # -- inline
    def node_inline(self, node: SyntaxTreeNode) -> str:
        """The runs of a tree node holding an inline token (a paragraph, a heading, a cell)."""
        first = node.children[0] if node.children else None
        inline = first.token if first is not None and first.type == "inline" else None
        return self.inline((inline.children or []) if inline is not None else [], _line(node))

    def inline(self, children: list[Token], line: int) -> str:
        pieces = [(kind, toks) for kind, toks in _pieces(children) if kind != "text" or toks[0].content]
        out: list[str] = []
        runin: str | None = None
        for i, (kind, toks) in enumerate(pieces):
            if kind == "text":
                text = unmark(toks[0].content)
                if runin and i == 1 and text[:1] in "。！？":  # the heading's own final mark
                    out.append(ooxml_text.run_xml(text[0], runin))
                    text = text[1:]
                if text:
                    out.append(ooxml_text.run_xml(text))
            elif kind == "strong" and i == 0:
                text = _text(toks)
                level = next(
                    (lvl for pattern, lvl in _RUNIN_LEVEL if pattern.match(text)), self.heading_level + 1
                )
                runin = self.tpl.style(f"r{min(max(level, 2), 4)}")
                out.append(ooxml_text.run_xml(text, runin))
            elif kind == "hardbreak":
                out.append("<w:r><w:br/></w:r>")
            elif kind == "softbreak":
                out.append(ooxml_text.run_xml(" "))
            else:
                names = {
                    "strong": "加粗",
                    "em": "斜体",
                    "code_inline": "代码",
                    "link": "链接",
                    "image": "图片",
                    "html_inline": "HTML",
                }
                self.warn(line, names.get(kind, f"“{kind}”"))
                text = _text(toks)
                if text:
                    out.append(ooxml_text.run_xml(text))
        return "".join(out)

    # -- signature and date (GB/T 9704 7.3.5.2, without a seal)
    def _plan_signature(self, tokens: list[Token]) -> None:
        texts: dict[str, str] = {}
        role = None
        for i, tok in enumerate(tokens):
            if tok.level:
                continue
            if tok.type == "html_block" and (m := ROLE.match(tok.content.strip())):
                role = m.group(1)
            elif tok.type == "paragraph_open" and role:
                inline = tokens[i + 1]
                texts[role] = _text(inline.children or []) if inline.type == "inline" else ""
                role = None
        if "signature" in texts and "date" in texts:
            name_left, date_left = signature_indents(texts["signature"], texts["date"])
            self.indents = {"signature": name_left, "date": date_left}


#: roles the formal parts' handler writes
_FORMAL = frozenset({"issuer", "doc-number", "attachment-note", "grouped", "copy-to", "printed"})
_TEXT_OF_RUNS = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:tab/>")  # the runs of ooxml_text


def _run_text(runs: str) -> str:
    """The text of runs made by ooxml_text (XML entities back to characters)."""
    text = "".join(m.group(1) if m.group(1) is not None else "\t" for m in _TEXT_OF_RUNS.finditer(runs))
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _cell_text(node: SyntaxTreeNode) -> str:
    first = node.children[0] if node.children else None
    inline = first.token if first is not None and first.type == "inline" else None
    return _text(inline.children or []) if inline is not None else ""


def _line(item: Token | SyntaxTreeNode) -> int:
    return item.map[0] + 1 if item.map else 0


def _pieces(children: list[Token]) -> list[tuple[str, list[Token]]]:
    """An inline token's children as top-level pieces: (“strong”, [strong_open … strong_close]),
    (“text”, [text]) …"""
    out: list[tuple[str, list[Token]]] = []
    i, n = 0, len(children)
    while i < n:
        c = children[i]
        if c.nesting == 1:
            depth, j = 0, i
            for j in range(i, n):
                depth += children[j].nesting
                if depth == 0:
                    break
            out.append((c.type[: -len("_open")], children[i : j + 1]))
            i = j + 1
        else:
            out.append((c.type, [c]))
            i += 1
    return out


def _text(tokens: list[Token]) -> str:
    """The plain text of inline tokens (an image's is its description)."""
    parts: list[str] = []
    for t in tokens:
        if t.type in ("text", "code_inline", "html_inline"):
            parts.append(t.content)
        elif t.type == "softbreak":
            parts.append(" ")
        elif t.children:
            parts.append(_text(t.children))
    return unmark("".join(parts))


def write_docx(
    markdown: str | list[Token], *, reference_doc: str | Path | None = None
) -> tuple[bytes, list[Diagnostic]]:
    """The .docx of a drafted report — its Markdown, or the drafting stage's token stream
    (whose provenance marks are dropped here) — and the warnings of writing it."""
    tpl = template(reference_doc)
    warnings = list(tpl.warnings)
    writer = _Writer(tpl, warnings)
    body = writer.write(parse(markdown) if isinstance(markdown, str) else markdown).encode("utf-8")
    document = deflate("word/document.xml", tpl.head + body + tpl.tail)
    core = deflate(
        "docProps/core.xml", ooxml_text.core_xml(writer.title, "zongjie", FIXED_TIME).encode("utf-8")
    )
    entries = [document, core, *tpl.entries]
    return zip_entries(entries), warnings
