"""Wording true to its time (issue 13 item 4) and a report that names its period (issue 11 item 4).

Every kind, every year 2000–2027, year/half-year/quarter periods and every variant the templates
can pick (``variant`` forced to 0–5 covers ``variant % 2`` and ``variant % 3``): no word of
:data:`zongjie.eras.TERMS` appears before its time.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

import zongjie
from zongjie import context as cx
from zongjie import eras
from zongjie.drafting import KIND_TEMPLATES, tidy
from zongjie.lint import blocks, lint_markdown
from zongjie.templating import environment
from zongjie.values import Period, parse_period
from zongjie.writing import unmark

BASE = """\
文种: 年度工作总结
标题: 城关镇基层党建工作情况汇报
单位:
  名称: 城关镇
  党组织: 镇党委
  自称: 我镇
  上级: 县委
期间: 2019年
概况:
  党员:
    总数: 120
主要做法:
  - 标题: 加强班子建设
    内容: 召开专题会议，研究部署基层党建工作。
  - 标题: 规范组织生活
    内容: 严格落实“三会一课”制度。
特色亮点:
  - 标题: 打造党员服务站
    内容: 在村部设立党员服务站。
存在问题:
  - 党员教育方式比较单一。
  - 村级活动场所建设滞后。
下步打算:
  - 创新党员教育方式。
  - 推进活动场所建设。
"""

KINDS = list(KIND_TEMPLATES)
VARIANTS = range(6)
PERIOD_FORMS = ("{y}年", "{y}年上半年", "{y}年下半年", *(f"{{y}}年第{q}季度" for q in "一二三四"))
CONGRESS_NAMES = tuple(eras.CONGRESS_OPENED)


def facts_for(period: str, **changes: str | None) -> zongjie.Facts:
    text = BASE.replace("期间: 2019年", f"期间: {period}")
    for key, value in changes.items():
        line = re.search(rf"^{key}: .*$", text, re.MULTILINE)
        if value is None:
            text = text.replace(line.group() + "\n", "") if line else text
        elif line:
            text = text.replace(line.group(), f"{key}: {value}")
        else:
            text = f"{key}: {value}\n" + text
    return zongjie.loads(text)


def forced(facts: zongjie.Facts, kind: str, variant: int, *, lint: bool = False) -> str:
    """The report's Markdown with ``variant`` forced (what the checksum would pick for some unit);
    with ``lint``, it must pass the output lint as a drafted report must."""
    ctx, _ = cx.build(facts, kind)
    ctx["variant"] = variant
    marked = tidy(environment(None).get_template(KIND_TEMPLATES[kind]).render(ctx))
    if lint:
        assert lint_markdown(marked, KIND_TEMPLATES[kind]) == [], (kind, variant)
    return unmark(marked)


def congresses_named(text: str) -> set[str]:
    # “二十大” contains no other name; “十九大” etc. are matched whole
    return {name for name in CONGRESS_NAMES if name in text}


ALL_PERIODS = [form.format(y=y) for y in range(2000, 2028) for form in PERIOD_FORMS]


@pytest.mark.parametrize("year", range(2000, 2028))
def test_no_phrase_before_its_time(year: int) -> None:
    for form in PERIOD_FORMS:
        facts = facts_for(form.format(y=year))
        period = facts.period
        row = eras.wording(period)
        for kind in KINDS:
            used = False
            for variant in VARIANTS:
                text = forced(facts, kind, variant)
                wrong = eras.misplaced(text, period)
                assert not wrong, (kind, variant, period.label, [(t.text, t.why) for t in wrong])
                # the congress named is the one of the period's row, never a later one
                assert congresses_named(text) <= ({row.congress} if row.congress else set())
                used = used or any(phrase in text for phrase in (row.guide, row.task, row.goal, row.spirit))
            assert used, (kind, period.label)  # every kind draws on the table


@pytest.mark.parametrize("year", range(2000, 2012))
def test_no_report_before_2012_speaks_of_later_things(year: int) -> None:
    """The acceptance of issue 13 in its own words."""
    later = ("党建引领", "管党治党", "主责主业", "建强组织体系", "全面从严治党", "新时代", "聚焦", "落地见效")
    for form in PERIOD_FORMS:
        facts = facts_for(form.format(y=year))
        for kind in KINDS:
            for variant in VARIANTS:
                text = forced(facts, kind, variant)
                assert not [w for w in later if w in text], (kind, variant, year)
                assert not congresses_named(text) & {"十八大", "十九大", "二十大"}


@pytest.mark.parametrize(
    ("period", "congress"),
    [
        ("2000年", "十五大"),
        ("2001年第二季度", "十五大"),
        ("2003年", "十六大"),
        ("2006年下半年", "十六大"),
        ("2008年", "十七大"),
        ("2011年上半年", "十七大"),
        ("2013年", "十八大"),
        ("2014年", "十八大"),
        ("2016年", "十八大"),
        ("2017年上半年", "十八大"),
        ("2018年第一季度", "十九大"),
        ("2019年", "十九大"),
        ("2022年上半年", "十九大"),
        ("2023年第一季度", "二十大"),
        ("2023年", "二十大"),
        ("2027年上半年", "二十大"),
    ],
)
def test_the_row_follows_the_period(period: str, congress: str) -> None:
    facts = facts_for(period)
    assert eras.wording(facts.period).congress == congress
    for kind in KINDS:
        for variant in VARIANTS:
            forced(facts, kind, variant, lint=True)  # every row's wording passes the output lint
    text = forced(facts, "年度工作总结", 0)
    assert congresses_named(text) == {congress}
    assert eras.wording(facts.period).guide in text


@pytest.mark.parametrize(
    "period",
    [
        "1999年",
        "1999年下半年",
        "2002年",  # 十六大 opened 2002-11-08
        "2007年",
        "2012年",
        "2017年",
        "2022年",
        "2027年",  # ends after 2027-09-30: the next congress may have met
        "2028年",
        "{起: 2002-10-01, 止: 2002-12-31}",
        "{起: 2017-07-01, 止: 2018-06-30}",
        "{起: 2022-10-16, 止: 2022-12-31}",  # starts on the opening day: 二十大, not neutral
    ],
)
def test_neutral_where_unsure(period: str) -> None:
    facts = facts_for(period)
    row = eras.wording(facts.period)
    if period.startswith("{起: 2022-10-16"):
        assert row.congress == "二十大"
        return
    assert row is eras.NEUTRAL
    for kind in KINDS:
        for variant in VARIANTS:
            text = forced(facts, kind, variant)
            assert congresses_named(text) == set(), (kind, variant)
            assert not eras.misplaced(text, Period(dt.date(2000, 1, 1), dt.date(2000, 1, 1), "months"))


def test_each_row_is_true_to_its_whole_span() -> None:
    """A row's phrases fit every period inside the row — up to the next row or the next congress."""
    rows = list(eras.ROWS)
    assert rows == sorted(rows, key=lambda r: r.since)
    for row, nxt in zip(rows, [*rows[1:], None], strict=True):
        last = (nxt.since if nxt else eras.WORDING_UNTIL + dt.timedelta(days=1)) - dt.timedelta(days=1)
        for start, end in ((row.since, row.since), (row.since, last), (last, last)):
            period = Period(start, end, "months")
            text = "".join((row.guide, row.task, row.goal, row.spirit))
            assert eras.misplaced(text, period) == [], (row.since, end)
        assert row.congress is not None and eras.CONGRESS_OPENED[row.congress] <= row.since
    neutral = "".join((eras.NEUTRAL.guide, eras.NEUTRAL.task, eras.NEUTRAL.goal, eras.NEUTRAL.spirit))
    assert eras.misplaced(neutral, Period(dt.date(1990, 1, 1), dt.date(1990, 1, 1), "months")) == []


def test_terms_know_the_known_anachronisms() -> None:
    early = Period(dt.date(2011, 1, 1), dt.date(2011, 12, 31), "year")
    text = "紧紧围绕中心工作，聚焦主责主业，坚持党建引领，认真履行管党治党责任，建强组织体系，推动各项任务落地见效"
    assert {t.text for t in eras.misplaced(text, early)} == {
        "聚焦",
        "主责主业",
        "党建引领",
        "管党治党",
        "组织体系",
        "落地见效",
    }
    assert [t.text for t in eras.misplaced("深入学习贯彻党的十九大精神", early)] == ["十九大"]
    campaign = [t.text for t in eras.misplaced("深入开展创先争优活动", parse_period("2014年"))]
    assert campaign == ["创先争优"]
    assert eras.misplaced("深入开展创先争优活动", parse_period("2011年")) == []


# --------------------------------------------------------------------------- issue 11: the period is named


def _title_and_opening(md: str) -> tuple[str, str]:
    paragraphs = [b for b in blocks(md) if b.kind in ("heading", "paragraph")]
    title = next(b.text for b in paragraphs if b.kind == "heading" and b.level == 1)
    # the opening: the first paragraph that is not the addressee (“各位领导：”)
    after = [
        b.text
        for b in paragraphs
        if b.kind == "paragraph" and (not b.text.endswith("：") or "如下" in b.text)
    ]
    return title, after[0]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("period", ["2019年", "2019年上半年", "2019年第三季度", "2019年9月至11月"])
@pytest.mark.parametrize("written", [None, "2019-12-05", "2020-01-10"])
def test_every_kind_names_its_period(kind: str, period: str, written: str | None) -> None:
    label = parse_period(period).label
    for title in (None, "城关镇基层党建工作情况汇报"):
        facts = facts_for(period, 标题=title, 成文日期=written)
        for variant in VARIANTS:
            md = forced(facts, kind, variant, lint=True)
            head, opening = _title_and_opening(md)
            assert label in head or label in opening, (kind, variant, title, head, opening)


@pytest.mark.parametrize("kind", KINDS)
def test_a_writers_opening_is_led_by_the_period_it_does_not_name(kind: str) -> None:
    opening = "按照会议安排，现将有关工作开展情况汇报如下。"
    facts = facts_for("{起: 2019-09-01, 止: 2019-11-30}", 开头=opening)
    md = str(zongjie.render(facts, kind=kind).content)
    assert f"2019年9月至11月，{opening}" in md
    # an opening or title that names the period, or an opening with its own time, is left as written
    for own in (
        "2019年9月以来，我镇按照县委部署开展整顿。",
        "今年以来，我镇按照县委部署开展整顿。",
        "自9月起，我镇按照县委部署开展整顿。",
        "第三季度，我镇按照县委部署开展整顿。",
    ):
        md = str(zongjie.render(facts_for("{起: 2019-09-01, 止: 2019-11-30}", 开头=own), kind=kind).content)
        assert f"\n\n{own}\n\n" in md
    titled = facts_for("2019年", 开头=opening, 标题="城关镇2019年基层党建工作汇报")
    assert f"\n\n{opening}\n\n" in str(zongjie.render(titled, kind=kind).content)


@pytest.mark.parametrize("kind", KINDS)
def test_the_date_is_printed_without_a_signature(kind: str) -> None:
    facts = facts_for("2019年", 成文日期="2019-12-05")
    assert facts.signature is None
    report = zongjie.render(facts, kind=kind)
    md = str(report.content)
    assert "<!-- zongjie:date -->\n2019年12月5日" in md
    assert "<!-- zongjie:signature -->" not in md
    assert [d.code for d in report.warnings] == []


def test_docs_show_the_table_and_the_dated_words() -> None:
    """docs/wording.md cannot drift from eras.py: every phrase of every row, every dated word."""
    from .conftest import ROOT

    doc = (ROOT / "docs" / "wording.md").read_text(encoding="utf-8")
    for row in (*eras.ROWS, eras.NEUTRAL):
        for phrase in (row.guide, row.task, row.goal, row.spirit):
            assert phrase in doc, phrase
        if row.congress:
            assert f"| {row.since.isoformat()} | {row.congress} |" in doc
    for term in eras.TERMS:
        assert term.text in doc and term.since.isoformat() in doc, term.text
        assert term.until is None or term.until.isoformat() in doc, term.text
