"""Figures inside their sentences (【标签】), 其中 in item 数据, and the profile's additions."""

from __future__ import annotations

from pathlib import Path

import pytest

import zongjie
from zongjie.marks import unmark

from .conftest import ROOT

NEXT = ROOT.parent / "shared" / "examples-next"
HEAD = "文种: 年度工作总结\n单位: 城关镇\n期间: 2020年\n"
TAIL = "存在问题: [问题]\n下步打算: [打算]\n"


def _facts(body: str) -> bytes:
    return (HEAD + body + TAIL).encode()


def _md(body: str) -> str:
    return str(zongjie.render(_facts(body)).content)


TRAINING = """主要做法:
  - 标题: 加强党员教育培训
    内容: 镇领导亲自授课，举办综合理论培训班【培训班】，培训村干部【村干部】、机关干部【机关干部】。
    数据: {培训班: 2期, 村干部: 100余名, 机关干部: 60余名, 发放资料: 300份}
"""


def test_a_placed_figure_prints_in_its_sentence_once() -> None:
    md = _md(TRAINING)
    assert "举办综合理论培训班2期，培训村干部100余名、机关干部60余名。" in md
    assert md.count("2期") == 1 and "培训班2期" in md and "【" not in md
    assert "发放资料300份" in md  # an unplaced figure still prints after the text
    report = zongjie.render(_facts(TRAINING))
    assert not [w for w in report.warnings if w.code == "fact-unused"]  # placed figures count as printed


def test_an_unknown_label_is_an_error_on_its_line_with_a_suggestion() -> None:
    diags = zongjie.check(_facts(TRAINING.replace("【培训班】", "【培训版】")))
    [d] = diags
    assert (d.code, d.line, d.path) == ("unknown-ref", 6, "主要做法[0].内容")
    assert "是否为“【培训班】”" in d.message
    assert d.column == len("    内容: 镇领导亲自授课，举办综合理论培训班") + 1


def test_a_double_bracket_prints_the_brackets() -> None:
    md = _md(TRAINING.replace("镇领导亲自授课", "推广【【典型】】经验"))
    assert "推广【典型】经验" in md


def test_a_figure_placed_twice_warns_and_one_of_another_item_is_an_error() -> None:
    twice = TRAINING.replace("机关干部【机关干部】。", "机关干部【机关干部】。再说一次【培训班】。")
    assert [d.code for d in zongjie.check(_facts(twice))] == ["ref-twice"]
    other = TRAINING + "  - 标题: 另一条\n    内容: 引用【村干部】。\n"
    [d] = zongjie.check(_facts(other))
    assert d.code == "unknown-ref" and "主要做法第1条" in d.message


def test_a_sub_item_places_its_parents_and_the_profiles_figures() -> None:
    body = """概况:
  数据: {行政村: 6个}
主要做法:
  - 标题: 抓班子
    数据: {谈话: 30人次}
    条目:
      - 标题: 谈心谈话
        内容: 对【行政村】个村的书记逐一谈话【谈话】。
      - 标题: 其他
        内容: 其他工作。
"""
    md = _md(body)
    assert "对6个个村的书记逐一谈话30人次。" in md
    assert "谈话30人次" not in md.replace("谈话30人次。", "")  # not printed again with its own item


def test_item_data_with_parts_prints_the_total_and_its_parts() -> None:
    body = """主要做法:
  - 标题: 开展实用技术培训
    数据:
      培训党员干部:
        总数: 10785人次
        其中: {棉花种植: 3800人次, 畜牧养殖: 2700人次}
"""
    assert "培训党员干部10785人次，其中棉花种植3800人次、畜牧养殖2700人次。" in _md(body)
    over = body.replace("2700人次", "7000人次")
    [d] = zongjie.check(_facts(over))
    assert (d.code, d.path) == ("subtotal-exceeds", "主要做法[0].数据.培训党员干部.其中")
    assert "10800" in d.message and "10785人次" in d.message


def test_a_placed_figure_with_parts_brings_its_clause() -> None:
    body = """主要做法:
  - 内容: 累计培训【培训】，效果良好。
    数据:
      培训: {总数: 100人次, 其中: {线上: 60人次, 线下: 40人次}}
"""
    assert "累计培训100人次，其中线上60人次、线下40人次，效果良好。" in _md(body)


def test_labels_holding_a_dunhao_are_listed_with_commas() -> None:
    body = """概况:
  党组织:
    党支部: 9
    其中: {农村党支部: 6, 镇直机关、社区和政府机关党支部: 3}
主要做法: [甲]
"""
    assert "其中农村党支部6个，镇直机关、社区和政府机关党支部3个" in _md(body)


@pytest.mark.parametrize(
    ("ages", "warned"),
    [
        ("{35岁及以下: 10, 60岁及以上: 20}", False),  # two tails: not a partition
        ("{35岁及以下: 10, 36岁至60岁: 50, 61岁及以上: 20}", True),  # a partition that misses 20
        ("{35岁及以下: 10, 36岁至60岁: 70, 61岁及以上: 20}", False),
        ("{35岁以下: 10, 35岁至60岁: 50, 60岁以上: 20}", True),
    ],
)
def test_age_buckets_are_summed_only_when_they_cover_everyone(ages: str, warned: bool) -> None:
    body = f"概况:\n  党员:\n    总数: 100\n    年龄: {ages}\n主要做法: [甲]\n"
    assert ("age-sum" in [d.code for d in zongjie.check(_facts(body))]) == warned


def test_the_profile_reads_in_a_writers_order() -> None:
    body = """概况:
  截至: 2023-12-31
  简介: 城关镇位于县城东部
  党组织: {总数: 12, 党委: 1, 党总支: 1, 党支部: 10}
  党员:
    总数: 300
    学历: {大专及以上: 100, 高中、中专: 120, 初中及以下: 80}
  发展党员: {总数: 6名, 其中: {女: 2名}}
主要做法: [甲]
"""
    md = unmark(_md(body))
    assert "城关镇位于县城东部。" in md
    assert "截至2023年12月31日，全镇下设基层党组织12个，其中党委1个、党总支1个、党支部10个；共有党员300名。" in md
    assert "从学历结构看，大专及以上100名，占33.3%" in md
    assert "2020年发展党员6名，其中女2名。" in md
    assert md.count("截至") == 1


def test_organisations_beyond_their_total_are_an_error() -> None:
    body = "概况:\n  党组织: {总数: 5, 党委: 1, 党支部: 9}\n主要做法: [甲]\n"
    [d] = zongjie.check(_facts(body))
    assert (d.code, d.path) == ("sum-exceeds", "概况.党组织.总数")


@pytest.mark.skipif(not NEXT.is_dir(), reason="../shared/examples-next is not beside the project")
def test_qianjin_2023_renders_with_its_profile_additions() -> None:
    path: Path = NEXT / "qianjin-2023-annual.yaml"
    assert zongjie.check(path) == []
    md = unmark(str(zongjie.render(path).content))
    assert "截至2023年末，全镇下设基层党组织27个，其中党委1个、党总支2个、党支部24个；共有党员1046名。" in md
    assert "2023年发展党员18名。" in md
    assert "依托镇党校举办党员轮训班6期，培训党员920人次。" in md


def test_what_the_unit_governs_takes_its_verb() -> None:
    governs = "概况:\n  数据: {行政村: 6个, 总人口: 1.2万人}\n主要做法: [甲]\n"
    assert "全镇辖行政村6个，总人口1.2万人。" in unmark(_md(governs))
    other = "概况:\n  数据: {辖区面积: 1.5平方公里, 楼房: 34栋}\n主要做法: [甲]\n"
    assert "城关镇辖区面积1.5平方公里，楼房34栋。" in unmark(_md(other))
