"""Every input gets an answer: check and render agree, limits are located errors, nothing is lost
silently (issue 11's findings that live in the facts model)."""

from __future__ import annotations

import io
import zipfile

import pytest

import zongjie

from .conftest import EXAMPLES

BASE = "文种: 年度工作总结\n单位: 城关镇\n期间: 2020年\n{body}存在问题: [问题]\n下步打算: [打算]\n"


def _agree(text: str) -> list[zongjie.Diagnostic]:
    """check and render agree: no error means the report renders (to .md and .docx)."""
    diags = zongjie.check(text.encode())
    if not any(d.is_error for d in diags):
        for to in ("md", "docx"):
            zongjie.render(text.encode(), to=to)
    else:
        with pytest.raises(zongjie.FactsError):
            zongjie.render(text.encode())
    return diags


@pytest.mark.parametrize("sep", ["\\u2028", "\\u2029", "\\u0085", "\\L", "\\r", "\\n", "\\n\\n", "\\t"])
def test_a_line_break_inside_a_label_is_folded_like_text(sep: str) -> None:
    text = BASE.format(body=f'主要做法:\n  - 标题: 抓培训\n    数据: {{"举办{sep}培训班": 2期}}\n')
    assert _agree(text) == []
    md = str(zongjie.render(text.encode()).content)
    assert "举办培训班2期" in md


def test_labels_that_fold_to_the_same_name_are_a_duplicate() -> None:
    text = BASE.format(body='主要做法:\n  - 数据: {"培训班": 2期, "培训\\n班": 3期}\n')
    assert [d.code for d in _agree(text)] == ["duplicate-key"]


def test_a_list_over_999_items_is_a_located_error() -> None:
    items = "".join(f"  - 第{i}项\n" for i in range(1001))
    diags = _agree(BASE.format(body=f"主要做法:\n{items}"))
    [d] = diags
    assert (d.code, d.line, d.path) == ("too-many", 5 + 999, "主要做法[999]")
    assert "999" in d.message


def test_999_items_render_with_chinese_numbers() -> None:
    items = "".join(f"  - 标题: 第{i}项工作\n    内容: 做了第{i}项。\n" for i in range(999))
    diags = _agree(BASE.format(body=f"主要做法:\n{items}"))
    assert diags == []
    md = str(zongjie.render(BASE.format(body=f"主要做法:\n{items}").encode()).content)
    assert "（九百九十九）" in md


def test_private_use_characters_are_kept_with_a_warning() -> None:
    text = EXAMPLES[0].read_text(encoding="utf-8").replace("署名: ", "署名: 张\ue234\U000f0001", 1)
    diags = zongjie.check(text.encode())
    assert [d.code for d in diags] == ["private-use"]
    assert "U+E234" in diags[0].message and "U+F0001" in diags[0].message
    report = zongjie.render(text.encode(), to="docx")
    xml = zipfile.ZipFile(io.BytesIO(report.content)).read("word/document.xml").decode()  # type: ignore[arg-type]
    assert "张\ue234\U000f0001" in xml
    assert "张\ue234\U000f0001" in str(zongjie.render(text.encode()).content)


def test_the_noncharacters_of_the_marks_are_refused_in_input() -> None:
    text = EXAMPLES[0].read_text(encoding="utf-8").replace("署名: ", "署名: 张\ufdd0", 1)
    assert "control-char" in [d.code for d in _agree(text)]
    data = zongjie.load(EXAMPLES[0])
    assert data  # and as a mapping, the same refusal
    mapping = {
        "文种": "工作汇报",
        "单位": "城关镇\ufdd1",
        "期间": "2020年",
        "主要做法": ["甲"],
        "存在问题": ["乙"],
        "下步打算": ["丙"],
    }
    assert [d.code for d in zongjie.check(mapping)] == ["control-char"]


@pytest.mark.parametrize("ident", [0, 1, 29, 30, 65_533, 65_534, 65_535, 1_000_000])
def test_identities_go_beyond_65534_facts(ident: int) -> None:
    from zongjie.marks import CAPACITY, identities, mark

    assert CAPACITY > 4 * 1024 * 1024  # more facts than a 4 MB file can hold
    assert identities("前" + mark("文字", ident) + "后") == {ident}


def test_a_report_with_many_facts_renders() -> None:
    many = "".join(f"      指标{i}项: {i}个\n" for i in range(3000))
    one = "      其他: 1个\n"
    items = "".join(f"  - 标题: 第{i}条\n    数据:\n" + (many if i == 0 else one) for i in range(20))
    text = BASE.format(body=f"主要做法:\n{items}")
    assert _agree(text) == []


def test_a_share_of_a_huge_count_is_exact_not_a_traceback() -> None:
    """The long campaign's one traceback (malformed:1:3508): a bucket of 10^29 members."""
    from zongjie.values import parse_quantity, share

    huge = parse_quantity("1" + "0" * 40, "名")
    assert share(huge, parse_quantity("271", "名")) == "3690036900369003690036900369003690036900.4%"  # 10^42 / 271
    body = "概况:\n  党员:\n    总数: 271\n    年龄: {35岁及以下: 1" + "0" * 30 + "}\n主要做法: [甲]\n"
    _agree(BASE.format(body=body))
