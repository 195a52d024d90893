"""Standard labels of the national Party statistics: suggestions and the label-nonstandard check."""

from __future__ import annotations

import pytest

import zongjie
from zongjie.labels import CATEGORIES, standard, suggest

from .conftest import ROOT

BASE = """文种: 年度工作总结
单位: 前进村
期间: 2024年
概况:
  党员:
    总数: 50
{members}
{recruited}
主要做法:
  - 抓党建
存在问题:
  - 问题
下步打算:
  - 打算
"""


def _check(members: str = "", recruited: str = "") -> list[zongjie.Diagnostic]:
    return zongjie.check(BASE.format(members=members, recruited=recruited).encode())


@pytest.mark.parametrize(
    ("place", "written", "better"),
    [
        (("党员", "结构"), "大专以上学历", "大专及以上学历党员"),
        (("党员", "结构"), "大专以上学历党员", "大专及以上学历党员"),
        (("党员", "结构"), "女性党员", "女党员"),
        (("党员", "年龄"), "31-35岁", "31岁至35岁"),
        (("党员", "年龄"), "36～40周岁", "36岁至40岁"),
        (("党员", "学历"), "本科", "大学本科"),
        (("党员", "学历"), "高中", "高中、中技"),
        (("发展党员", "其中"), "女党员", "女"),
        (("发展党员", "其中"), "生产、工作一线", "生产工作一线"),
        (("党组织", "其中"), "村党支部", "农村党支部"),
    ],
)
def test_near_synonyms_get_the_standard_label(place: tuple[str, ...], written: str, better: str) -> None:
    assert suggest(place, written) == better
    assert standard(place, written) == better
    assert better in CATEGORIES[place].standard


def test_standard_and_free_labels_get_no_suggestion() -> None:
    assert suggest(("党员", "结构"), "大专及以上学历党员") is None
    assert suggest(("党员", "结构"), "退役军人党员") is None  # free labels stay free
    assert suggest(("党员", "年龄"), "35岁以下") is None  # not the same bucket as 35岁及以下
    assert suggest(("党员", "学历"), "大专及以上") is None  # a coarse bucket, not a synonym


def test_check_warns_label_nonstandard_with_the_standard_label() -> None:
    diags = _check("    结构:\n      女党员: 9\n      大专以上学历党员: 12")
    [d] = [d for d in diags if d.code == "label-nonstandard"]
    assert d.severity == "warning"
    assert d.path == "概况.党员.结构.大专以上学历党员"
    assert (d.line, d.column) == (9, 7)
    assert "“大专及以上学历党员”" in d.message


def test_check_warns_for_recruited_parts_and_ages() -> None:
    diags = _check(
        "    年龄:\n      30岁及以下: 10\n      31-35岁: 40",
        "  发展党员:\n    总数: 3名\n    其中:\n      女党员: 1名",
    )
    found = {d.path: d.message for d in diags if d.code == "label-nonstandard"}
    assert set(found) == {"概况.党员.年龄.31-35岁", "概况.发展党员.其中.女党员"}
    assert "“31岁至35岁”" in found["概况.党员.年龄.31-35岁"]
    assert "“女”" in found["概况.发展党员.其中.女党员"]


def test_standard_labels_give_no_warning() -> None:
    diags = _check("    结构:\n      女党员: 9\n      大专及以上学历党员: 12")
    assert [d.code for d in diags] == []


def test_docs_list_every_standard_label() -> None:
    text = (ROOT / "docs" / "rollup.md").read_text(encoding="utf-8")
    for place, category in CATEGORIES.items():
        assert f"`{'.'.join(place)}`" in text
        for name in category.standard:
            assert name in text, name


def test_recruited_groups_overlap_so_each_not_their_sum_is_bounded() -> None:
    """One new member, a woman of 30: 女 1 and 35岁及以下 1 are the same person."""
    ok = _check(recruited="  发展党员:\n    总数: 1名\n    其中:\n      女: 1名\n      35岁及以下: 1名")
    assert [d.code for d in ok] == []
    bad = _check(recruited="  发展党员:\n    总数: 1名\n    其中:\n      女: 2名\n      35岁及以下: 1名")
    [d] = bad
    assert (d.code, d.path) == ("subtotal-exceeds", "概况.发展党员.其中.女")
    assert d.message == "发展党员中“女”2名，超过发展党员总数1名：请核对。"


def test_other_parts_of_recruited_still_may_not_exceed_the_total_together() -> None:
    diags = _check(recruited="  发展党员:\n    总数: 3名\n    其中:\n      农民: 2名\n      工人: 2名")
    assert [(d.code, d.path) for d in diags] == [("subtotal-exceeds", "概况.发展党员.其中")]


def test_init_offers_the_standard_labels() -> None:
    import io

    from zongjie.cli import main

    out = io.StringIO()
    assert main(["init"], out, io.StringIO()) == 0
    text = out.getvalue()
    for place in (("党员", "结构"), ("发展党员", "其中")):
        assert "、".join(CATEGORIES[place].standard) in text
    assert "、".join(CATEGORIES[("党员", "年龄")].standard[:8]) in text
