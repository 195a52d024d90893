"""The output lint refuses drafts a careful reader would reject."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    md = GOOD.replace("开头。", "\ufdd0开头{{ 7*7 }}里None\ufdd1。")
    assert messages(md) == []
    assert messages(md.replace("\ufdd0", "").replace("\ufdd1", "")) != []
    # a paragraph that starts with a fact's own “5.” is the writer's, not zongjie's numbering
    md = GOOD.replace("（三）无标题的条目。", "（三）无标题的条目。\n\n\ufdd05.写的就是这样\ufdd1")
    assert messages(md) == []
    assert messages(md.replace("\ufdd0", "").replace("\ufdd1", "")) != []


def test_a_doubled_mark_where_a_fact_meets_the_template_is_caught() -> None:
    md = GOOD.replace("开头。", "\ufdd0开头就这样。\ufdd1。")
    assert any("重复" in m for m in messages(md))
    assert messages(GOOD.replace("开头。", "\ufdd0开头就这样。。\ufdd1")) == []  # the writer's own text


def test_deep_headings_and_adjacent_leftovers() -> None:
    assert any("层级过深" in m for m in messages(GOOD + "\n###### 太深\n"))
    assert any("None" in m for m in messages(GOOD.replace("开头。", "开头NoneNone。")))
    assert all("第3行" in m and "开头None" in m for m in messages(GOOD.replace("开头。", "开头None。")))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="Xx×Ｘｘ*＊□某镇-1ab 的[]{}%<NnUul"))
def test_quick_character_tests_never_skip_a_finding(text: str) -> None:
    from zongjie.checks import PLACEHOLDER, PLACEHOLDER_CHARS
    from zongjie.lint import _ANY_LEFTOVER, _LEFTOVERS

    if PLACEHOLDER.search(text):
        assert PLACEHOLDER_CHARS.search(text)
    if _LEFTOVERS.search(text):
        assert _ANY_LEFTOVER.search(text)
