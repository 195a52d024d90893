"""The Markdown parser gives exactly markdown-it's tokens, on its fast paths too."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from .test_lint import GOOD


def _dump(tokens: list) -> list:
    return [t.as_dict() for t in tokens]


#: markdown-it exactly as configured, without zongjie's lean block rules or direct inline tokens
STOCK = MarkdownIt("commonmark", {"html": True}).enable("table")


LEAN_CASES = [
    GOOD,
    "段落\n\n    缩进的代码\n",
    "段落\n\t制表符\n",
    "```\n代码\n```\n",
    "~~~\n代码\n~~~\n",
    "> 引用\n",
    "- 项\n",
    "* 项\n",
    "+ 项\n",
    "1. 项\n",
    "2) 项\n",
    "段落\n-\n",
    "段落\n--\n",
    "段落\n===\n",
    "***\n",
    "- - -\n",
    "_ _ _\n",
    "[a]: http://example.com\n\n[a]\n",
    "   [a]: /x\n",
    "段落\r\n- 项\r\n",
    "| a | b |\n| - | - |\n| 1 | 2 |\n",
    "<!-- zongjie:date -->\n2024年1月1日\n",
    "**（一）标题**。内容\\*。\n",
    "2023年，全镇……\n",
]


@pytest.mark.parametrize("text", LEAN_CASES)
def test_lean_parser_gives_the_full_parsers_tokens(text: str) -> None:
    from zongjie.markdown import MARKDOWN, parse

    assert _dump(parse(text)) == _dump(MARKDOWN.parse(text)) == _dump(STOCK.parse(text))


def test_lean_parser_is_used_for_drafted_reports() -> None:
    from zongjie.markdown import _NEEDS_FULL

    assert not _NEEDS_FULL.search(GOOD)  # else the optimisation never applies


_PIECES = st.sampled_from(
    [" ", "  ", "    ", "\t", "\n", "\n\n", "-", "+", "*", "_", "=", ">", "`", "~", "[", "]", ":",
     "1", "9", ".", ")", "#", "|", "<!-- x -->", "文", "字", "http://a", "(", "\\"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_lean_parser_equals_the_full_parser_on_any_text(text: str) -> None:
    from zongjie.markdown import MARKDOWN, parse

    assert _dump(parse(text)) == _dump(MARKDOWN.parse(text)) == _dump(STOCK.parse(text))


INLINE_CASES = [
    "**（一）标题**。内容。",
    "**（一）标题。**内容。",  # closer after punctuation, before a letter: not a strong span
    "**（一）标题。**",
    "**标题**",
    "** 标题**。",
    "**标题 **。",
    "**\ufdd0\ufdd2\ufdd2\ufdd2\ufdd2\ufdd4标题\ufdd1**。正文",
    "**1.标题**。正文",
    "**a**b",
    "**。**。",
    "纯文字，19.2%，1-2，a:b",
    "**标题**正文**又一个**",
    "***标题***",
    "**标题*",
    "文\\*字",
    "文字  \n下一行",
    "",
]


@pytest.mark.parametrize("text", INLINE_CASES)
def test_direct_inline_tokens_are_markdown_its(text: str) -> None:
    from zongjie.markdown import MARKDOWN, _simple_inline, parse

    for markdown in (text + "\n", f"### {text}\n", f"<!-- zongjie:date -->\n{text}\n"):
        assert _dump(parse(markdown)) == _dump(MARKDOWN.parse(markdown)) == _dump(STOCK.parse(markdown))
    assert _simple_inline("**（一）标题**。内容。") is not None  # the run-in heading takes the direct path


_INLINE_PIECES = st.sampled_from(
    ["**", "*", "_", "一", "。", "（", "）", " ", "\u3000", "\t", "\ufdd0", "\ufdd3", "\ue000", "\U000f0002", "a", "1", ".",
     "“", "%", "-", "!", "[", "]", "\\", "&", "<", "`", "\n", ":"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_INLINE_PIECES, max_size=16).map("".join))
def test_direct_inline_tokens_equal_markdown_its_on_any_text(text: str) -> None:
    from zongjie.markdown import parse

    for markdown in (text, f"# {text}"):
        assert _dump(parse(markdown)) == _dump(STOCK.parse(markdown))


BLOCK_CASES = [
    "# 标题\n\n开头。\n\n## 一、甲\n\n**（一）子项**。内容。\n",
    "# 标题",  # no final line break
    "<!-- zongjie:date -->\n2024年1月1日\n",
    "<!-- zongjie:date -->\n2024年1月1日",
    "<!-- zongjie:date -->",
    "<!-->\n文字\n",
    "<!-- 没有结束\n文字\n",
    "<div>\n文字\n",
    "段落一\n段落一续\n",
    "段落\n# 标题\n",
    "段落\n<!-- x -->\n",
    "#标题\n",
    "#\n",
    "# \n",
    "#  两个空格\n",
    "# 标题 #\n",
    "# 标题#\n",
    "####### 七级\n",
    "###### 六级\n",
    "# 标题\t\n",
    "段落 \n",
    "段落\u3000\n",
    "\u3000段落\n",
    "a | b\n",
    "# a | b\n-|-\n",  # a heading line can head a table
    "<!-- x --> | a\n-|-\n",
    "\n\n\n段落\n\n\n",
    "",
    "段落\n\n\n",
    "# 标题\n正文紧跟标题\n",
]


@pytest.mark.parametrize("text", BLOCK_CASES)
def test_direct_block_tokens_are_markdown_its(text: str) -> None:
    from zongjie.markdown import parse

    assert _dump(parse(text)) == _dump(STOCK.parse(text))


def test_direct_block_path_is_taken_for_drafted_reports() -> None:
    from zongjie.markdown import _simple_blocks

    assert _simple_blocks(GOOD) is not None  # else the optimisation never applies


_BLOCK_PIECES = st.sampled_from(
    ["# ", "## ", "#", " ", "\t", "\u3000", "\n", "\n\n", "<!-- x -->", "<!--", "-->", "<b>", "|", "文",
     "**", "（一）", "。", "a", "1."]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_BLOCK_PIECES, max_size=24).map("".join))
def test_direct_block_tokens_equal_markdown_its_on_any_text(text: str) -> None:
    from zongjie.markdown import parse

    assert _dump(parse(text)) == _dump(STOCK.parse(text))


@pytest.mark.parametrize("text", ["# a", "- x", "**（一）标题**。正文", "段落\n\n段落"])
def test_inline_mode_is_markdown_its(text: str) -> None:
    from zongjie.markdown import MARKDOWN

    assert _dump(MARKDOWN.parseInline(text)) == _dump(STOCK.parseInline(text))
    assert MARKDOWN.renderInline(text) == STOCK.renderInline(text)
