"""The output lint refuses drafts a careful reader would reject."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from zongjie.lint import lint_markdown

GOOD = """# 标题

开头。

## 一、甲

**（一）子项**。内容。

### （二）有下级

**1.下级**。内容。

**2.下级**。内容。

（三）无标题的条目。

## 二、乙

**（一）子项**。内容。
"""


def messages(md: str) -> list[str]:
    return [d.message for d in lint_markdown(md, "t.md.j2")]


def test_good_draft_passes() -> None:
    assert messages(GOOD) == []


@pytest.mark.parametrize(
    ("bad", "word"),
    [
        (GOOD.replace("## 二、乙", "## 三、乙"), "不连续"),
        (GOOD.replace("（三）无标题", "（四）无标题"), "不连续"),
        (GOOD.replace("**2.下级**", "**3.下级**"), "不连续"),
        (GOOD.replace("## 一、甲", "## 甲"), "缺少序号"),
        (GOOD.replace("开头。", "开头None。"), "None"),
        (GOOD.replace("开头。", "开头[]。"), "[]"),
        (GOOD.replace("开头。", "开头{{ x }}。"), "{{"),
        (GOOD.replace("开头。", "投资XX万元。"), "占位符"),
        (GOOD.replace("开头。", "开头,结束。"), "半角"),
        (GOOD.replace("开头。", "开头(甲)。"), "半角"),
        (GOOD.replace("开头。", "开头。。"), "重复"),
        (GOOD.replace("开头。", "开头，。"), "重复"),
        (GOOD.replace("开头。", "<div>开头</div>"), "HTML"),
        (GOOD.replace("开头。", "开头<b>加粗</b>。"), "HTML 标记“<b>”"),
        (GOOD.replace("开头。", "<!-- zongjie:seal -->\n开头。"), "未知的段落角色"),
        (GOOD.replace("# 标题", "# 标题\n\n# 又一个"), "只有一个标题"),
    ],
)
def test_flaws_are_caught(bad: str, word: str) -> None:
    found = messages(bad)
    assert found and any(word in m for m in found), found


def test_facts_own_text_is_not_a_template_flaw() -> None:
    # between the marks U+E000 and U+E001 is a fact's own text
    md = GOOD.replace("开头。", "\ue000开头{{ 7*7 }}里None\ue001。")
    assert messages(md) == []
    assert messages(md.replace("\ue000", "").replace("\ue001", "")) != []
    # a paragraph that starts with a fact's own “5.” is the writer's, not zongjie's numbering
    md = GOOD.replace("（三）无标题的条目。", "（三）无标题的条目。\n\n\ue0005.写的就是这样\ue001")
    assert messages(md) == []
    assert messages(md.replace("\ue000", "").replace("\ue001", "")) != []


def test_a_doubled_mark_where_a_fact_meets_the_template_is_caught() -> None:
    md = GOOD.replace("开头。", "\ue000开头就这样。\ue001。")
    assert any("重复" in m for m in messages(md))
    assert messages(GOOD.replace("开头。", "\ue000开头就这样。。\ue001")) == []  # the writer's own text


def test_deep_headings_and_adjacent_leftovers() -> None:
    assert any("层级过深" in m for m in messages(GOOD + "\n###### 太深\n"))
    assert any("None" in m for m in messages(GOOD.replace("开头。", "开头NoneNone。")))
    assert all("第3行" in m and "开头None" in m for m in messages(GOOD.replace("开头。", "开头None。")))


# --------------------------------------------------------------------------- the lean parser


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
    from zongjie.lint import MARKDOWN, parse

    assert _dump(parse(text)) == _dump(MARKDOWN.parse(text)) == _dump(STOCK.parse(text))


def test_lean_parser_is_used_for_drafted_reports() -> None:
    from zongjie.lint import _NEEDS_FULL

    assert not _NEEDS_FULL.search(GOOD)  # else the optimisation never applies


_PIECES = st.sampled_from(
    [" ", "  ", "    ", "\t", "\n", "\n\n", "-", "+", "*", "_", "=", ">", "`", "~", "[", "]", ":",
     "1", "9", ".", ")", "#", "|", "<!-- x -->", "文", "字", "http://a", "(", "\\"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_lean_parser_equals_the_full_parser_on_any_text(text: str) -> None:
    from zongjie.lint import MARKDOWN, parse

    assert _dump(parse(text)) == _dump(MARKDOWN.parse(text)) == _dump(STOCK.parse(text))


INLINE_CASES = [
    "**（一）标题**。内容。",
    "**（一）标题。**内容。",  # closer after punctuation, before a letter: not a strong span
    "**（一）标题。**",
    "**标题**",
    "** 标题**。",
    "**标题 **。",
    "**\ue000\U000f0002标题\ue001**。正文",
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
    from zongjie.lint import MARKDOWN, _simple_inline, parse

    for markdown in (text + "\n", f"### {text}\n", f"<!-- zongjie:date -->\n{text}\n"):
        assert _dump(parse(markdown)) == _dump(MARKDOWN.parse(markdown)) == _dump(STOCK.parse(markdown))
    assert _simple_inline("**（一）标题**。内容。") is not None  # the run-in heading takes the direct path


_INLINE_PIECES = st.sampled_from(
    ["**", "*", "_", "一", "。", "（", "）", " ", "\u3000", "\t", "\ue000", "\U000f0002", "a", "1", ".",
     "“", "%", "-", "!", "[", "]", "\\", "&", "<", "`", "\n", ":"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_INLINE_PIECES, max_size=16).map("".join))
def test_direct_inline_tokens_equal_markdown_its_on_any_text(text: str) -> None:
    from zongjie.lint import parse

    for markdown in (text, f"# {text}"):
        assert _dump(parse(markdown)) == _dump(STOCK.parse(markdown))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="Xx×Ｘｘ*＊□某镇-1ab 的[]{}%<NnUul"))
def test_quick_character_tests_never_skip_a_finding(text: str) -> None:
    from zongjie.checks import PLACEHOLDER, PLACEHOLDER_CHARS
    from zongjie.lint import _ANY_LEFTOVER, _LEFTOVERS

    if PLACEHOLDER.search(text):
        assert PLACEHOLDER_CHARS.search(text)
    if _LEFTOVERS.search(text):
        assert _ANY_LEFTOVER.search(text)
