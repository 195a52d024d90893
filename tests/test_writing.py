"""Chinese writing helpers, one behaviour each."""

from __future__ import annotations

import pytest

from zongjie.context import Fact, dunhao_list, enumeration
from zongjie.lint import cn_to_int
from zongjie.marks import unmark
from zongjie.writing import (
    clean,
    cn_numeral,
    full_width,
    md_escape,
    ordinal,
    sentence,
    strip_numbering,
)


@pytest.mark.parametrize(
    ("n", "cn"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (999, "九百九十九"),
    ],
)
def test_cn_numeral_and_back(n: int, cn: str) -> None:
    assert cn_numeral(n) == cn
    assert cn_to_int(cn) == n


def test_ordinals_by_level() -> None:
    assert [ordinal(n, 1) for n in (1, 2, 11)] == ["一、", "二、", "十一、"]
    assert [ordinal(n, 2) for n in (1, 10, 12)] == ["（一）", "（十）", "（十二）"]
    assert [ordinal(n, 3) for n in (1, 12)] == ["1.", "12."]
    assert [ordinal(n, 4) for n in (1, 12)] == ["（1）", "（12）"]
    with pytest.raises(ValueError):
        ordinal(1, 5)


def _facts(*texts: str) -> list[Fact]:
    return [Fact(t, ("要点", i), i) for i, t in enumerate(texts)]


def test_enumeration_past_ten_and_punctuation() -> None:
    text = unmark(enumeration(_facts(*[f"第{i}项工作；" for i in range(1, 13)])))
    assert text.startswith("一是第1项工作；二是第2项工作；")
    assert "；十一是第11项工作；十二是第12项工作。" in text
    assert text.count("。") == 1 and "；；" not in text
    assert unmark(enumeration(_facts("一是抓学习。", "二是抓落实"))) == "一是抓学习；二是抓落实。"
    assert unmark(enumeration(_facts("只有一条"))) == "只有一条。"
    assert unmark(enumeration([])) == ""


def test_dunhao_lists() -> None:
    assert unmark(dunhao_list(_facts("甲"))) == "甲"
    assert unmark(dunhao_list(_facts("甲", "乙"))) == "甲和乙"
    assert unmark(dunhao_list(_facts("甲", "乙", "丙"))) == "甲、乙和丙"
    assert unmark(dunhao_list(_facts("甲", "乙", "丙"), last="")) == "甲、乙、丙"


def test_long_titles_without_word_boundaries_split_by_width() -> None:
    from zongjie.docx_writer import split_title, width

    assert [width(line) for line in split_title("一" * 21)] == [11, 10]
    assert [width(line) for line in split_title("a" * 50)] == [12.5, 12.5]  # one word: cut evenly
    lines = split_title("测" * 1200)
    assert "".join(lines) == "测" * 1200 and max(map(width, lines)) <= 20


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("做好了", "做好了。"),
        ("做好了。", "做好了。"),
        ("做好了。。", "做好了。"),
        ("做好了，。", "做好了。"),
        ("做好了；", "做好了。"),
        ("做好了：", "做好了。"),
        ("真的吗？", "真的吗？"),
        ("他说：“好。”", "他说：“好。”"),
        ("“学创”活动", "“学创”活动。"),
        ("done.", "done。"),
        ("", ""),
    ],
)
def test_exactly_one_sentence_final_mark(text: str, expected: str) -> None:
    assert sentence(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("开展学习,提高认识", "开展学习，提高认识"),
        ("是否完成?", "是否完成？"),
        ("(一)加强", "（一）加强"),
        ("成立组织(党委)", "成立组织（党委）"),
        ('开展"学创"活动', "开展“学创”活动"),
        ("注意:安全", "注意：安全"),
        ("ISO 9001:2015认证", "ISO 9001:2015认证"),
        ("f(x, y)", "f(x, y)"),
        ("Excel表格", "Excel表格"),
    ],
)
def test_full_width_punctuation_beside_chinese(text: str, expected: str) -> None:
    assert full_width(text) == expected


def test_clean_removes_doubled_marks() -> None:
    assert clean("好，。坏。。") == "好。坏。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一、加强组织", "加强组织"),
        ("（三）完善台账", "完善台账"),
        ("(3)完善", "完善"),
        ("2.健全制度", "健全制度"),
        ("2、健全制度", "健全制度"),
        ("①建立", "建立"),
        ("第一，建立", "建立"),
        ("2.5万元用于", "2.5万元用于"),
        ("第一书记驻村", "第一书记驻村"),
        ("一、", "一、"),
    ],
)
def test_strip_numbering(text: str, expected: str) -> None:
    assert strip_numbering(text) == expected


def test_strip_numbering_shi_only_when_asked() -> None:
    assert strip_numbering("二是健全制度") == "二是健全制度"
    assert strip_numbering("二是健全制度", shi=True) == "健全制度"


def test_md_escape_makes_no_markup() -> None:
    from zongjie.lint import reader_text

    for text in [
        "*星号*",
        "__下划线__",
        "<b>标签</b>",
        "| 竖线",
        "a_b_c",
        "{{ 7*7 }}",
        "1. 列表",
        "- 列表",
        "# 标题",
        "> 引用",
        "[链接](http://a.cn)",
        "`代码`",
        "A&B",
        "&amp;",
        "\\反斜杠",
        "---",
        "***",
    ]:
        assert reader_text(md_escape(text)) == text, text


def test_lone_parentheses_at_the_ends_become_full_width() -> None:
    assert full_width(")0一") == "）0一"
    assert full_width("(0一") == "（0一"
    assert full_width("见附件(") == "见附件（"
    assert full_width("(a)b") == "(a)b"
    assert full_width("f(x)") == "f(x)"
