"""Output checks on every drafted report.

The facts were checked already, so anything found here was put there by zongjie
or by a template: the report is refused with an ``output-lint`` error that names
the template, rather than written with a flaw in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from markdown_it.token import Token

from .checks import PLACEHOLDER, PLACEHOLDER_CHARS
from .diagnostics import Diagnostic, make
from .markdown import parse
from .marks import CLOSE, IDENTITY, IDENTITY_END, OPEN, unmark
from .writing import ORDINAL_AT_START

ROLE = re.compile(r"^<!--\s*zongjie:([a-z-]+)\s*-->\s*$")
ROLES = frozenset(
    {
        "addressee",
        "signature",
        "date",
        # the formal parts (GB/T 9704 7.2–7.4)
        "issuer",
        "doc-number",
        "attachment-note",
        "attachment",
        "attachment-title",
        "grouped",
        "copy-to",
        "printed",
    }
)


@dataclass(frozen=True)
class Block:
    """One block of the report as a reader sees it."""

    kind: str  # "heading", "paragraph", "role", "other"
    level: int  # heading level (1 = the title) or 0
    text: str  # the reader's text (inline markup removed, escapes resolved)
    line: int  # 1-based line in the Markdown
    strong_lead: str = ""  # text of a leading strong span (a run-in heading)


def inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "softbreak":
            parts.append(" ")
    return "".join(parts)


def blocks(markdown: str | list[Token]) -> Iterator[Block]:
    tokens = parse(markdown) if isinstance(markdown, str) else markdown
    for i, tok in enumerate(tokens):
        line = (tok.map[0] + 1) if tok.map else 0
        if tok.type == "heading_open":
            yield Block("heading", int(tok.tag[1]), inline_text(tokens[i + 1]), line)
        elif tok.type == "paragraph_open" and tokens[i + 1].type == "inline":
            inline = tokens[i + 1]
            children = [c for c in inline.children or [] if c.type != "text" or c.content]
            lead = ""
            if children and children[0].type == "strong_open":
                end = next((j for j, c in enumerate(children) if c.type == "strong_close"), 0)
                lead = "".join(c.content for c in children[1:end] if c.type == "text")
            yield Block("paragraph", 0, inline_text(inline), line, lead)
        elif tok.type == "html_block":
            yield Block("role" if ROLE.match(tok.content.strip()) else "other", 0, tok.content.strip(), line)
        elif tok.type in ("fence", "code_block"):
            yield Block("other", 0, tok.content, line)


def reader_text(markdown: str) -> str:
    """The text a Markdown reader sees, block by block (role comments omitted)."""
    return "\n".join(unmark(b.text) for b in blocks(markdown) if b.kind in ("heading", "paragraph"))


# --------------------------------------------------------------------------- checks

_LEFTOVERS = re.compile(
    r"None|(?<![A-Za-z])(?:nan|NaN|Undefined|null)(?![A-Za-z])|\[\]|\{\{|\}\}|\{%|%\}|<[a-zA-Z/!]"
)
_ANY_LEFTOVER = re.compile(r"[NnU\[{}%<]")  # a character each leftover starts with (the scan is slow)
_HAN = r"\u3400-\u9fff"


class _Lazy:
    """A pattern compiled on first use: classes over the CJK block take milliseconds to compile."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return re.compile(self.pattern).finditer(text)  # re caches the compiled pattern


_ANY_HALF = re.compile(r"[,;:?!()]")
_HALF = _Lazy(rf"[{_HAN}][,;:?!()]|[,;:?!()][{_HAN}]")
_DOUBLE = re.compile(r"[。，；：、！？]{2,}")
_DOUBLE_OK = re.compile(r"^(？！|！？)$")

_CN = {c: i for i, c in enumerate("零一二三四五六七八九")}


def cn_to_int(text: str) -> int:
    """一 → 1, 十一 → 11, 二十 → 20, 一百零五 → 105."""
    if "百" in text:
        head, _, rest = text.partition("百")
        return _CN.get(head, 1) * 100 + (cn_to_int(rest.lstrip("零")) if rest else 0)
    if "十" in text:
        head, _, rest = text.partition("十")
        return (_CN[head] if head else 1) * 10 + (_CN[rest] if rest else 0)
    return _CN.get(text, 0)


def _ordinal_of(text: str, levels: tuple[int, ...]) -> tuple[int, int] | None:
    for level in levels:
        m = ORDINAL_AT_START[level].match(text)
        if m:
            value = m.group(1)
            return level, int(value) if value.isdigit() else cn_to_int(value)
    return None


def _split_marks(text: str) -> tuple[str, list[bool]]:
    """The text without the marks, and for each character whether a fact wrote it."""
    chars: list[str] = []
    flags: list[bool] = []
    inside = False
    for c in text:
        if c == OPEN:
            inside = True
        elif c == CLOSE:
            inside = False
        elif IDENTITY <= ord(c) <= IDENTITY_END:
            continue  # a fact's identity
        else:
            chars.append(c)
            flags.append(inside)
    return "".join(chars), flags


def lint_markdown(markdown: str, template: str, tokens: list[Token] | None = None) -> list[Diagnostic]:
    """Every flaw of a drafted report; ``template`` names where it came from.

    ``markdown`` is the draft with each fact's text between the marks U+FDD0 and
    U+FDD1.  What a fact says as written (a literal ``{{``, a leading ``1.``) is the
    writer's; a flaw counts only where zongjie or the template wrote part of it — so
    “。。” where a fact's “。” meets the template's “。” is caught.
    """
    out: list[Diagnostic] = []
    lines: list[str] = []

    def fail(line: int, message: str) -> None:
        if not lines:
            lines.extend(unmark(markdown).splitlines())
        shown = lines[line - 1] if 0 < line <= len(lines) else ""
        shown = shown if len(shown) <= 40 else shown[:39] + "…"
        out.append(
            make(
                "output-lint",
                template,
                0,
                0,
                f"生成的 Markdown 第{line}行（{shown}）：{message}（模板由 {template} 及其包含的模板组成）",
            )
        )

    counters = [0] * 6
    titles = 0
    with_role = False  # a paragraph with a role (附件说明 “2. ……”) is not the body's numbering
    for b in blocks(tokens if tokens is not None else markdown):
        if b.kind == "other":
            fail(b.line, f"出现了模板不应输出的 HTML 或代码块（{unmark(b.text)[:30]}）。")
            continue
        if b.kind == "role":
            role = ROLE.match(b.text)
            if role and role.group(1) not in ROLES:
                fail(b.line, f"未知的段落角色“{role.group(1)}”，可用：{'、'.join(sorted(ROLES))}。")
            with_role = True
            continue
        role_paragraph, with_role = with_role and b.kind == "paragraph", False
        if b.kind == "heading" and b.level == 1:
            titles += 1
        text = unmark(b.text)
        flags: list[list[bool]] = []  # whether a fact wrote each character: worked out only when needed

        def ours(m: re.Match[str], raw: str = b.text, flags: list[list[bool]] = flags) -> bool:
            if not flags:
                flags.append(_split_marks(raw)[1])
            return not all(flags[0][m.start() : m.end()])

        for m in PLACEHOLDER.finditer(text) if PLACEHOLDER_CHARS.search(text) else ():
            if ours(m):
                fail(b.line, f"残留占位符“{m.group()}”。")
        for m in _LEFTOVERS.finditer(text) if _ANY_LEFTOVER.search(text) else ():
            if not ours(m):
                continue
            if m.group().startswith("<"):  # an inline HTML tag: show it whole
                end = text.find(">", m.start(), m.start() + 40)
                tag = text[m.start() : end + 1] if end >= 0 else m.group()
                fail(
                    b.line,
                    f"出现了 HTML 标记“{tag}”：Markdown 中的 HTML 不会写进 Word 文档，请从模板中删去。",
                )
            else:
                fail(b.line, f"残留“{m.group()}”（模板变量未正确输出）。")
        for m in _HALF.finditer(text) if _ANY_HALF.search(text) else ():
            if ours(m):
                fail(b.line, f"半角标点“{m.group()}”紧挨汉字，应为全角。")
        for m in _DOUBLE.finditer(text):
            if ours(m) and not _DOUBLE_OK.match(m.group()):
                fail(b.line, f"标点重复“{m.group()}”。")
        # numbering: headings of levels 1–4 and numbered paragraphs, contiguous per parent
        if b.kind == "heading" and b.level > 5:
            fail(b.line, f"标题层级过深（{'#' * b.level}）：公文标题最多四级（## 至 #####）。")
            continue
        if b.kind == "heading" and b.level >= 2:
            found = _ordinal_of(text, (b.level - 1,))
            if found is None:
                fail(b.line, f"第{b.level - 1}级标题“{text[:16]}”缺少序号或序号格式不对。")
                continue
        elif b.kind == "paragraph" and not role_paragraph and not b.text.startswith(OPEN):
            # a fact's own text is not our numbering
            found = _ordinal_of(text, (2, 4, 3))
        else:
            continue
        if found is None:
            continue
        level, n = found
        if level > 1 and counters[level - 1] == 0:
            fail(b.line, f"序号“{text[:4]}”前没有上一级标题。")
        if n != counters[level] + 1:
            fail(b.line, f"序号不连续：“{text[:6]}”处应为第{counters[level] + 1}项。")
        counters[level] = n
        for deeper in range(level + 1, len(counters)):
            counters[deeper] = 0
    if titles != 1:
        fail(1, f"报告应有且只有一个标题（# 标题），这里有{titles}个。")
    return out
