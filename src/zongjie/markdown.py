"""The draft's Markdown → markdown-it tokens, parsed once for the lint and the .docx writer.

One parser, markdown-it's CommonMark with HTML (role comments) and tables, made cheaper for
what templates actually draft in three ways — each giving exactly the tokens the stock
parser gives (tests/test_markdown.py compares them on named cases and on generated text),
and each stepping aside for anything else:

- a report made only of ATX headings, one-line paragraphs and role comments is split into
  block tokens directly;
- otherwise, when no line could start an indented code block, a fence, a quote, a rule, a
  list, a reference definition or a setext heading, only the remaining block rules run;
- an inline content that is plain text or a run-in heading (``**（一）标题**。正文``) gets
  its inline tokens directly.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_core import StateCore, block
from markdown_it.token import Token

# --------------------------------------------------------------------------- inline

#: an inline content markdown-it parses to plain text, or to a leading strong span and plain
#: text: no character any CommonMark inline rule starts at (newline, escape, code, emphasis,
#: link, image, autolink, HTML, entity)
_SIMPLE_INLINE = re.compile(r"(?:\*\*([^\n\\`*_\[!<&]+)\*\*)?([^\n\\`*_\[!<&]*)")


def _punctuation(ch: str) -> bool:
    return isMdAsciiPunct(ord(ch)) or isPunctChar(ch)


def _text(content: str, level: int = 0) -> Token:
    return Token("text", "", 0, level=level, content=content)


def _simple_inline(content: str) -> list[Token] | None:
    """The tokens markdown-it makes of ``content`` when it is plain text or
    ``**lead**rest`` with a lead that opens and closes as CommonMark's flanking rules
    say; None for anything else."""
    match = _SIMPLE_INLINE.fullmatch(content)
    if match is None:
        return None
    lead, rest = match.groups()
    if lead is None:
        return [_text(content)] if content else []
    after = rest[0] if rest else " "  # the end of the content counts as a space
    if isWhiteSpace(ord(lead[0])) or isWhiteSpace(ord(lead[-1])):
        return None
    if _punctuation(lead[-1]) and not (isWhiteSpace(ord(after)) or _punctuation(after)):
        return None  # the closing ** is not right-flanking: no strong span
    return [
        _text(""),
        Token("strong_open", "strong", 1, markup="**"),
        _text(lead, 1),
        Token("strong_close", "strong", -1, markup="**"),
        _text(rest),
    ]


def _inline(state: StateCore) -> None:
    """markdown-it's core ``inline`` rule, with simple inline contents tokenised directly."""
    for token in state.tokens:
        if token.type == "inline":
            children = _simple_inline(token.content)
            if children is None:
                children = token.children if token.children is not None else []
                state.md.inline.parse(token.content, state.md, state.env, children)
            token.children = children


# --------------------------------------------------------------------------- blocks

_ATX = re.compile(r"(#{1,6}) ([^#]|.*[^#])")
#: the start of a line that might begin a block other than a paragraph (lists, rules, code
#: fences, quotes, reference definitions …): such a report takes markdown-it's block rules
_OTHER_BLOCK = re.compile(r"[`~>=\[_]|[-+*](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|(?:\*[ \t]*){3,}$|-[- \t]*$")


def _simple_blocks(src: str) -> list[Token] | None:
    """The block tokens markdown-it makes of ``src`` when every block is an ATX heading,
    a one-line paragraph or a one-line HTML comment; None for anything else."""
    if "|" in src:  # a table needs two lines; not worth telling apart here
        return None
    tokens: list[Token] = []
    append = tokens.append
    in_paragraph = False
    start = 0
    for number, line in enumerate(src.split("\n")):
        end = start + len(line)
        start, begin = end + 1, start
        if not line:
            in_paragraph = False
            continue
        if in_paragraph or line[0].isspace() or line[-1].isspace():
            return None  # a paragraph of several lines, or indentation and trailing space
        where = [number, number + 1]
        first = line[0]
        if first == "#":
            heading = _ATX.fullmatch(line)
            if heading is None or heading.group(2)[0].isspace():
                return None
            hashes, tag = heading.group(1), f"h{len(heading.group(1))}"
            append(Token("heading_open", tag, 1, map=where, markup=hashes, block=True))
            append(
                Token("inline", "", 0, map=where, level=1, content=heading.group(2), children=[], block=True)
            )
            append(Token("heading_close", tag, -1, markup=hashes, block=True))
        elif first == "<":
            if not line.startswith("<!--") or "-->" not in line:
                return None
            content = src[begin : end + 1]  # with its line break, when it has one
            append(Token("html_block", "", 0, map=where, content=content, block=True))
        elif _OTHER_BLOCK.match(line):
            return None
        else:
            append(Token("paragraph_open", "p", 1, map=where, block=True))
            append(Token("inline", "", 0, map=where, level=1, content=line, children=[], block=True))
            append(Token("paragraph_close", "p", -1, block=True))
            in_paragraph = True
    return tokens


def _block(state: StateCore) -> None:
    """markdown-it's core ``block`` rule: a simple report's blocks split directly, else the
    lean block rules when no line could start a block they leave out, else all of them."""
    if state.inlineMode:  # parseInline(): markdown-it's own rule
        block(state)
        return
    tokens = _simple_blocks(state.src)
    if tokens is not None:
        state.tokens.extend(tokens)
        return
    md = MARKDOWN if _NEEDS_FULL.search(state.src) else _LEAN
    md.block.parse(state.src, md, state.env, state.tokens)


# --------------------------------------------------------------------------- the parsers

#: the one Markdown parser of zongjie: CommonMark with HTML (role comments) and tables
MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")
MARKDOWN.core.ruler.at("block", _block)
MARKDOWN.core.ruler.at("inline", _inline)

#: its block rules without those a drafted report never needs
_LEAN = MarkdownIt("commonmark", {"html": True}).enable("table")
_LEAN.disable(["code", "fence", "blockquote", "hr", "list", "reference", "lheading"])

#: a line that could start a block the lean rules leave out
_NEEDS_FULL = re.compile(
    r"^(?: {0,3}\t| {4})"  # code: an indented line (tabs count as indentation too)
    r"|^ {0,3}(?:`{3}|~{3})"  # fence
    r"|^ {0,3}>"  # blockquote
    r"|^ {0,3}(?:[-+*](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$))"  # list items
    r"|^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|[=-]+[ \t]*)$"  # hr, setext underline
    r"|^ {0,3}\[",  # a reference definition
    re.MULTILINE,
)


def parse(markdown: str) -> list[Token]:
    """The token stream of ``markdown``, exactly as markdown-it makes it."""
    return MARKDOWN.parse(markdown)
