"""Smaller wording fixes (issue 13 item 5): the topic from the title, a lone item unnumbered,
no space left by a folded line beside full-width punctuation."""

from __future__ import annotations

import pytest

import zongjie
from zongjie.context import topic_of
from zongjie.lint import blocks
from zongjie.writing import clean, clean_text

from .test_wording import BASE, facts_for, forced


@pytest.mark.parametrize(
    ("title", "topic"),
    [
        ("城关镇软弱涣散基层党组织专项整治工作汇报", "软弱涣散基层党组织专项整治"),
        ("关于基层党建重点任务落实情况的汇报", "基层党建重点任务"),
        ("城关镇创先争优活动开展情况小结", "创先争优活动"),
        ("城关镇2019年基层党建工作总结", "基层党建"),
        ("城关镇2019年上半年党建工作总结", "党建"),
        (
            "中共城关镇委员会关于2019年度“不忘初心、牢记使命”主题教育开展情况的报告",
            "“不忘初心、牢记使命”主题教育",
        ),
        ("城关镇党委关于乡村振兴推进情况的汇报", "乡村振兴"),
        ("城关镇落实“三会一课”制度情况汇报", "“三会一课”制度"),
        ("城关镇2019年9月1日至11月30日专项整治工作汇报", "专项整治"),
        ("城关镇民主集中制执行情况自查报告", "民主集中制"),
        ("城关镇ISO 9001质量管理体系认证工作情况汇报", "ISO 9001质量管理体系认证"),
        ("城关镇工作汇报", ""),
        ("城关镇2019年专项工作汇报", ""),
    ],
)
def test_topic_from_the_title(title: str, topic: str) -> None:
    assert topic_of(title, "城关镇", "2019年") == topic


@pytest.mark.parametrize(
    ("title", "sentence"),
    [
        ("关于基层党建重点任务落实情况的汇报", "认真落实县委关于基层党建重点任务的部署要求"),
        ("城关镇创先争优活动开展情况小结", "认真落实县委关于创先争优活动的部署要求"),
    ],
)
def test_topic_reads_in_the_special_opening(title: str, sentence: str) -> None:
    facts = facts_for("2011年", 标题=title)
    assert sentence in forced(facts, "专项工作汇报", 1)
    topic = sentence.removeprefix("认真落实县委关于").removesuffix("的部署要求")
    assert f"把{topic}作为一项重要任务" in forced(facts, "专项工作汇报", 0)


def _report(facts_text: str) -> str:
    report = zongjie.render(zongjie.loads(facts_text))  # passes the output lint, numbering included
    assert report.warnings == []
    return str(report.content)


def test_a_lone_item_is_not_numbered() -> None:
    md = _report(BASE)
    assert "**打造党员服务站**。在村部设立党员服务站。" in md  # the one 特色亮点
    assert "（一）" in md and "**（一）加强班子建设**。" in md  # two 主要做法: numbered
    one_problem = BASE.replace("  - 村级活动场所建设滞后。\n", "")
    md = _report(one_problem)
    section = md.split("## 三、存在问题")[1].split("##")[0]
    assert "（一）" not in section and "党员教育方式比较单一。" in section


LONE_WITH_SUBS = BASE.replace(
    """特色亮点:
  - 标题: 打造党员服务站
    内容: 在村部设立党员服务站。
""",
    """特色亮点:
  - 标题: 打造党员服务站
    内容: 在村部设立党员服务站。
    条目:
      - 标题: 设立服务窗口
        内容: 每周安排党员值班。
      - 标题: 开展志愿服务
        内容: 组织党员志愿者入户走访。
        条目:
          - 每月走访一次困难群众。
""",
)


def test_a_lone_item_keeps_its_sub_items_at_its_level() -> None:
    md = _report(LONE_WITH_SUBS)
    section = md.split("## 二、特色亮点")[1].split("\n## ")[0]
    paragraphs = [b.text for b in blocks(section) if b.kind == "paragraph"]
    assert paragraphs[0] == "打造党员服务站。在村部设立党员服务站。"  # unnumbered, no heading of its own
    assert paragraphs[1] == "（一）设立服务窗口。每周安排党员值班。"
    # an item with sub-items of its own is a heading (### （二）), its lone sub-item unnumbered
    assert [b.text for b in blocks(section) if b.kind == "heading"] == ["（二）开展志愿服务"]
    assert paragraphs[2:] == ["组织党员志愿者入户走访。", "每月走访一次困难群众。"]


def test_a_lone_sub_item_of_a_numbered_item_is_not_numbered() -> None:
    text = BASE.replace(
        "    内容: 召开专题会议，研究部署基层党建工作。\n",
        "    内容: 召开专题会议，研究部署基层党建工作。\n    条目:\n      - 标题: 建立联系点制度\n        内容: 班子成员每人联系一个村。\n",
    )
    md = _report(text)
    assert "### （一）加强班子建设" in md
    assert "\n\n**建立联系点制度**。班子成员每人联系一个村。\n\n" in md
    assert "1." not in md


def test_a_folded_line_leaves_no_space_beside_full_width_punctuation() -> None:
    text = BASE.replace(
        "    内容: 在村部设立党员服务站。\n",
        "    内容: >-\n      将责任进一步落实到人。\n      5月20日，召开 ISO 9001 培训会。\n",
    )
    md = _report(text)
    assert "将责任进一步落实到人。5月20日，召开 ISO 9001 培训会。" in md


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("落实到人。 5月20日", "落实到人。5月20日"),
        ("落实到人。\n5月20日", "落实到人。5月20日"),
        ("共 5 个支部", "共 5 个支部"),  # Chinese beside a digit: as written
        ("完成 ISO 9001 认证。", "完成 ISO 9001 认证。"),
        ("截至2019 。", "截至2019。"),
        ("第一段。\n\n5月，第二段", "第一段。\n\n5月，第二段"),
        ("召开\n会议", "召开会议"),
        ("“三会一课” A级", "“三会一课”A级"),
    ],
)
def test_clean_text(raw: str, cleaned: str) -> None:
    assert clean_text(raw) == cleaned


def test_clean_removes_the_space_but_keeps_paragraphs() -> None:
    assert clean("落实到人。 5月20日") == "落实到人。5月20日"
    assert clean("第一段。\n\n5月，第二段") == "第一段。\n\n5月，第二段"
    assert clean("完成 ISO 9001 认证") == "完成 ISO 9001 认证"
