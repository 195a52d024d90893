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

import io
import itertools
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from . import ooxml
from .diagnostics import Diagnostic, make
from .errors import ReferenceDocError
from .lint import ROLE, ROLES
from .markdown import parse
from .marks import unmark
from .styles import PAGE, ROLE_STYLES, shipped_reference

#: the level of a run-in heading, read from its ordinal
_RUNIN_LEVEL = [
    (re.compile(r"^（[一二三四五六七八九十百]+）"), 2),
    (re.compile(r"^（\d+）"), 4),
    (re.compile(r"^\d+\."), 3),
]
FIXED_TIME = "2000-01-01T00:00:00Z"
TYPE_WIDTH = PAGE["width"] - PAGE["left"] - PAGE["right"]  # twips
TITLE_CHARS = 20  # 2号 characters in the 156 mm type area


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
    if width(title) > 3 * limit:  # more than three lines: no shape to keep, break by width
        return _by_width(title, limit)
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
    return _by_width(title, limit)


def _by_width(title: str, limit: float) -> list[str]:
    """Even lines of at most ``limit`` wide, when no word boundary gives a shape."""
    count = -(-width(title) // limit)  # lines needed
    target = width(title) / count
    lines, line = [], ""
    for c in title:
        if line and (width(line + c) > target + 0.5 or width(line + c) > limit):
            lines.append(line)
            line = ""
        line += c
    return [*lines, line] if line else lines


# --------------------------------------------------------------------------- the reference package


@dataclass(frozen=True)
class _Entry:
    name: str
    crc: int
    size: int
    data: bytes  # raw deflate stream


def _deflate(name: str, data: bytes) -> _Entry:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return _Entry(name, zlib.crc32(data), len(data), packer.compress(data) + packer.flush())


@dataclass(frozen=True)
class Template:
    """A reference document taken apart once: its other parts already compressed, its
    document.xml cut around the body, and its style ids by name."""

    entries: tuple[_Entry, ...]
    head: bytes
    tail: bytes
    styles: dict[str, str]
    warnings: tuple[Diagnostic, ...] = ()

    @classmethod
    def from_bytes(cls, data: bytes, warnings: tuple[Diagnostic, ...] = ()) -> Template:
        entries = []
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            document = package.read("word/document.xml")
            styles = package.read("word/styles.xml")
            for info in package.infolist():
                if info.filename in ("word/document.xml", "docProps/core.xml"):
                    continue
                if info.compress_type == zipfile.ZIP_DEFLATED and not info.flag_bits & 1:
                    # already deflated: copy the stream as it is (no inflating and deflating again)
                    at = info.header_offset
                    name_len, extra_len = struct.unpack("<HH", data[at + 26 : at + 30])
                    start = at + 30 + name_len + extra_len
                    raw = data[start : start + info.compress_size]
                    entries.append(_Entry(info.filename, info.CRC, info.file_size, raw))
                else:
                    entries.append(_deflate(info.filename, package.read(info)))
        head, tail = ooxml.split_document(document)
        return cls(tuple(entries), head, tail, ooxml.style_ids(styles), warnings)

    def style(self, role: str) -> str:
        return self.styles[ROLE_STYLES[role]]


@lru_cache(maxsize=8)
def _template_cached(path: str | None, stamp: tuple[int, int]) -> Template:
    if path is None:
        return Template.from_bytes(shipped_reference())
    warnings: list[Diagnostic] = []
    data = Path(path).read_bytes()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            styles = ooxml.style_ids(package.read("word/styles.xml"))
            package.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as exc:
        raise ReferenceDocError(
            f"样式参考文档 {path} 不是可用的 .docx 文件（{type(exc).__name__}）：请用 Word 另存为 .docx。"
        ) from None
    missing = [name for name in ROLE_STYLES.values() if name not in styles]
    if missing:  # rare: supply zongjie's own definitions (the slow path, through python-docx)
        data = _with_styles(data, missing)
        warnings.append(
            make(
                "docx-unsupported",
                path,
                0,
                0,
                f"样式参考文档缺少样式 {'、'.join(missing)}：已使用 zongjie 的默认样式。",
            )
        )
    try:
        return Template.from_bytes(data, tuple(warnings))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReferenceDocError(
            f"样式参考文档 {path} 的结构无法使用（{type(exc).__name__}）：请用 Word 另存为 .docx。"
        ) from None


def _with_styles(data: bytes, missing: list[str]) -> bytes:
    import docx

    document = docx.Document(io.BytesIO(data))
    ours = docx.Document(io.BytesIO(shipped_reference())).styles.element
    for name in missing:
        ooxml.copy_style(ours, document.styles.element, name)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def template(reference_doc: str | Path | None = None) -> Template:
    """The reference document as a :class:`Template` (cached; a changed file is reread)."""
    if reference_doc is None:
        return _template_cached(None, (0, 0))
    path = Path(reference_doc)
    if not path.is_file():
        raise ReferenceDocError(
            f"找不到样式参考文档 {path}：请检查路径，或用“zongjie reference-doc -o {path.name}”生成一份。"
        )
    stat = path.stat()
    return _template_cached(str(path.resolve()), (stat.st_mtime_ns, stat.st_size))


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

    def para(self, role: str, runs: str, right_chars: float | None = None) -> None:
        self.out.append(ooxml.paragraph_xml(self.tpl.style(role), runs, right_chars=right_chars))

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
                ooxml.run_xml(line, break_after=i < len(lines) - 1) for i, line in enumerate(lines)
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
        if m and m.group(1) in ROLES:
            self.role = m.group(1)
            return
        self.warn(_line(tok), "HTML")
        self.para("body", ooxml.run_xml(unmark(tok.content.strip())))

    def container(self, node: SyntaxTreeNode) -> None:
        names = {"bullet_list": "无序列表", "ordered_list": "有序列表", "blockquote": "引用"}
        if node.type in names:
            self.warn(_line(node), names[node.type])
        for i, child in enumerate(node.children, 1):
            if node.type == "ordered_list" and child.type == "list_item":
                child.meta["number"] = i
            if child.type == "paragraph" and node.type == "list_item":
                number = node.meta.get("number")
                self.para("body", (ooxml.run_xml(f"{number}.") if number else "") + self.node_inline(child))
            elif child.type == "html_block" and child.token is not None:
                self.html_block(child.token)
            else:
                self.block(child)

    def code(self, node: SyntaxTreeNode) -> None:
        self.warn(_line(node), "代码块")
        for line in unmark(node.content).rstrip("\n").split("\n"):
            self.para("body", ooxml.run_xml(line) if line else "")

    def hr(self, node: SyntaxTreeNode) -> None:
        self.warn(_line(node), "分隔线", "公文中不用分隔线：已略去（它没有文字），请检查模板。")

    def table(self, node: SyntaxTreeNode) -> None:
        rows = [
            [
                (self.tpl.style("header-cell" if cell.type == "th" else "cell"), self.node_inline(cell))
                for cell in tr.children
            ]
            for section in node.children
            for tr in section.children
        ]
        if rows and any(rows):
            self.out.append(ooxml.table_xml(self.tpl.style("table"), TYPE_WIDTH, rows))

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
                    out.append(ooxml.run_xml(text[0], runin))
                    text = text[1:]
                if text:
                    out.append(ooxml.run_xml(text))
            elif kind == "strong" and i == 0:
                text = _text(toks)
                level = next(
                    (lvl for pattern, lvl in _RUNIN_LEVEL if pattern.match(text)), self.heading_level + 1
                )
                runin = self.tpl.style(f"r{min(max(level, 2), 4)}")
                out.append(ooxml.run_xml(text, runin))
            elif kind == "hardbreak":
                out.append("<w:r><w:br/></w:r>")
            elif kind == "softbreak":
                out.append(ooxml.run_xml(" "))
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
                    out.append(ooxml.run_xml(text))
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
            name, date = width(texts["signature"]), width(texts["date"])
            date_right = name - date  # the date starts two characters right of the name
            name_right = 2.0
            if date_right < 2:  # a longer date: date indented two, the name moves left to match
                date_right = 2.0
                name_right = date - name + 4
            self.indents = {"signature": name_right, "date": date_right}


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


# --------------------------------------------------------------------------- the package

_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, the zip epoch: fixed, so equal input gives equal bytes


def zip_entries(entries: list[_Entry]) -> bytes:
    """A zip archive of already-deflated entries (local headers, data, central directory)."""
    out = io.BytesIO()
    central = []
    for e in entries:
        name = e.name.encode("utf-8")
        offset = out.tell()
        out.write(
            struct.pack(
                "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, _DOS_DATE, e.crc, len(e.data), e.size, len(name), 0
            )
        )
        out.write(name)
        out.write(e.data)
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                _DOS_DATE,
                e.crc,
                len(e.data),
                e.size,
                len(name),
                0,
                0,
                0,
                0,
                0o644 << 16,
                offset,
            )
            + name
        )
    start = out.tell()
    for record in central:
        out.write(record)
    out.write(
        struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), out.tell() - start, start, 0)
    )
    return out.getvalue()


def normalize_zip(data: bytes) -> bytes:
    """The same package with fixed timestamps, so equal content gives equal bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return zip_entries([_deflate(i.filename, src.read(i)) for i in src.infolist()])


def write_docx(
    markdown: str | list[Token], *, reference_doc: str | Path | None = None
) -> tuple[bytes, list[Diagnostic]]:
    """The .docx of a drafted report — its Markdown, or the drafting stage's token stream
    (whose provenance marks are dropped here) — and the warnings of writing it."""
    tpl = template(reference_doc)
    warnings = list(tpl.warnings)
    writer = _Writer(tpl, warnings)
    body = writer.write(parse(markdown) if isinstance(markdown, str) else markdown).encode("utf-8")
    document = _deflate("word/document.xml", tpl.head + body + tpl.tail)
    core = _deflate("docProps/core.xml", ooxml.core_xml(writer.title, "zongjie", FIXED_TIME).encode("utf-8"))
    entries = [document, core, *tpl.entries]
    return zip_entries(entries), warnings
