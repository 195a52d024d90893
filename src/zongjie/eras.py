"""Wording true to its time: the era-bound phrases of the standard openings and closings.

A report of 2005 that speaks of “全面从严治党” or “新时代” gives itself away: those words belong
to 2014 and 2017.  The templates therefore take every time-bound phrase from one table, by
period: a row per Party congress term, with later rows inside a term where the wording of
reports changed (“三个代表” from 2001, 科学发展观 and 执政能力建设 from 2005, 习近平总书记系列重要讲话
from 2014, 全面从严治党 from 2015, 党建引领基层治理 from 2021).  A period takes the row in force on
its first day; a period that straddles a congress, starts before 2000 or ends after what
zongjie knows (2027-09-30) takes the neutral row, which names no congress and no slogan.

:data:`TERMS` dates the words themselves; the tests render every kind, year and variant and
check that no word of :data:`TERMS` appears in a report whose period begins before the word's
time (or ends after it went out of use).  docs/wording.md explains the table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .values import Period


@dataclass(frozen=True)
class Wording:
    """The era-bound phrases of one row of the table (all plain text, no final mark)."""

    since: dt.date  # the first day the row applies
    congress: str | None  # the congress whose term the row lies in; None for the neutral row
    guide: str  # the guiding clause: “深入学习贯彻党的十八大精神”
    task: str  # how Party building is pursued: “坚持党要管党、从严治党，……”
    goal: str  # what the work serves, for closings: “为……提供坚强的组织保证”
    spirit: str  # the working attitude a closing promises: “坚持问题导向”


NEUTRAL = Wording(
    dt.date.min,
    None,
    guide="认真贯彻落实上级党组织各项决策部署",
    task="切实加强基层党组织建设",
    goal="为推动各项事业发展提供坚强的组织保证",
    spirit="坚持实事求是",
)

_OLD_TASK = "切实加强党的思想、组织和作风建设"
_SIXTEEN_TASK = "坚持把发展作为第一要务，全面加强党的思想、组织和作风建设"
_NINETEEN_GUIDE = "坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的十九大精神"

#: the rows, in order of their first day; a row applies until the next one begins
ROWS: tuple[Wording, ...] = (
    Wording(
        dt.date(2000, 1, 1),
        "十五大",
        guide="以邓小平理论为指导，认真贯彻党的十五大精神",
        task=_OLD_TASK,
        goal="为改革、发展、稳定提供坚强的组织保证",
        spirit="坚持实事求是",
    ),
    Wording(
        dt.date(2001, 1, 1),
        "十五大",
        guide="以邓小平理论和“三个代表”重要思想为指导，认真贯彻党的十五大精神",
        task=_OLD_TASK,
        goal="为改革、发展、稳定提供坚强的组织保证",
        spirit="坚持实事求是",
    ),
    Wording(
        dt.date(2002, 11, 8),
        "十六大",
        guide="以邓小平理论和“三个代表”重要思想为指导，深入学习贯彻党的十六大精神",
        task=_SIXTEEN_TASK,
        goal="为全面建设小康社会提供坚强的组织保证",
        spirit="坚持实事求是",
    ),
    Wording(
        dt.date(2005, 1, 1),
        "十六大",
        guide="以邓小平理论和“三个代表”重要思想为指导，认真贯彻党的十六大精神，全面落实科学发展观",
        task="以加强党的执政能力建设和先进性建设为重点，切实加强基层党组织建设",
        goal="为全面建设小康社会提供坚强的组织保证",
        spirit="坚持实事求是",
    ),
    Wording(
        dt.date(2007, 10, 15),
        "十七大",
        guide="高举中国特色社会主义伟大旗帜，深入学习贯彻党的十七大精神，深入贯彻落实科学发展观",
        task="以改革创新精神全面推进党的思想、组织、作风、制度建设和反腐倡廉建设",
        goal="为推动科学发展、促进社会和谐提供坚强的组织保证",
        spirit="坚持实事求是",
    ),
    Wording(
        dt.date(2012, 11, 8),
        "十八大",
        guide="深入学习贯彻党的十八大精神",
        task="坚持党要管党、从严治党，全面加强服务型基层党组织建设",
        goal="为全面建成小康社会提供坚强的组织保证",
        spirit="坚持实事求是",
    ),
    Wording(
        dt.date(2014, 1, 1),
        "十八大",
        guide="深入学习贯彻党的十八大精神和习近平总书记系列重要讲话精神",
        task="坚持党要管党、从严治党，全面加强服务型基层党组织建设",
        goal="为全面建成小康社会提供坚强的组织保证",
        spirit="坚持问题导向",
    ),
    Wording(
        dt.date(2015, 1, 1),
        "十八大",
        guide="深入学习贯彻党的十八大精神和习近平总书记系列重要讲话精神",
        task="认真落实全面从严治党要求，切实履行管党治党政治责任",
        goal="为全面建成小康社会提供坚强的组织保证",
        spirit="坚持问题导向",
    ),
    Wording(
        dt.date(2017, 10, 18),
        "十九大",
        guide=_NINETEEN_GUIDE,
        task="以党的政治建设为统领，以提升组织力为重点，突出政治功能，全面加强基层党组织建设",
        goal="为推动经济社会高质量发展提供坚强的组织保证",
        spirit="坚持问题导向和目标导向",
    ),
    Wording(
        dt.date(2021, 1, 1),
        "十九大",
        guide=_NINETEEN_GUIDE,
        task="以党的政治建设为统领，坚持党建引领基层治理，持续建强基层组织体系",
        goal="为推动经济社会高质量发展提供坚强的组织保证",
        spirit="坚持问题导向和目标导向",
    ),
    Wording(
        dt.date(2022, 10, 16),
        "二十大",
        guide="坚持以习近平新时代中国特色社会主义思想为指导，全面学习贯彻党的二十大精神",
        task="以高质量党建引领高质量发展，持续增强基层党组织政治功能和组织功能",
        goal="为推进中国式现代化贡献基层力量",
        spirit="坚持问题导向和目标导向",
    ),
)

#: the first day a phrase is written for (before 2000 zongjie stays neutral)
WORDING_FROM = dt.date(2000, 1, 1)
#: the last day zongjie knows to lie before the next congress (the 二十一大 is due in autumn 2027)
WORDING_UNTIL = dt.date(2027, 9, 30)

#: the day each congress opened (the 十五大 for the rows of 2000–2002)
CONGRESS_OPENED: dict[str, dt.date] = {
    "十五大": dt.date(1997, 9, 12),
    "十六大": dt.date(2002, 11, 8),
    "十七大": dt.date(2007, 10, 15),
    "十八大": dt.date(2012, 11, 8),
    "十九大": dt.date(2017, 10, 18),
    "二十大": dt.date(2022, 10, 16),
}


def wording(period: Period) -> Wording:
    """The row for ``period``: the one in force on its first day, unless the period straddles
    a congress or lies outside 2000-01-01 … 2027-09-30 (then :data:`NEUTRAL`)."""
    if period.start < WORDING_FROM or period.end > WORDING_UNTIL:
        return NEUTRAL
    if any(period.start < opened <= period.end for opened in CONGRESS_OPENED.values()):
        return NEUTRAL
    row = NEUTRAL
    for candidate in ROWS:
        if candidate.since <= period.start:
            row = candidate
    return row


def era(period: Period) -> dict[str, str]:
    """The template variable ``era``: the row's phrases, and its congress (“” when neutral)."""
    row = wording(period)
    return {
        "congress": row.congress or "",
        "guide": row.guide,
        "task": row.task,
        "goal": row.goal,
        "spirit": row.spirit,
    }


@dataclass(frozen=True)
class Term:
    """A time-bound word: written for periods from ``since`` (and until ``until``, if set)."""

    text: str
    since: dt.date
    until: dt.date | None = None
    why: str = ""

    def fits(self, period: Period) -> bool:
        return self.since <= period.start and (self.until is None or period.end <= self.until)


#: the time-bound words the tests look for in every drafted report (docs/wording.md)
TERMS: tuple[Term, ...] = (
    *(Term(name, opened, why="党的代表大会") for name, opened in CONGRESS_OPENED.items()),
    Term("邓小平理论", dt.date(1997, 9, 12), why="十五大写入党章"),
    Term("三个代表", dt.date(2000, 2, 25), why="2000年2月提出"),
    Term("第一要务", dt.date(2002, 11, 8), why="十六大报告"),
    Term("小康社会", dt.date(2002, 11, 8), dt.date(2021, 6, 30), why="十六大至2021年7月"),
    Term("全面建设小康社会", dt.date(2002, 11, 8), dt.date(2012, 11, 7), why="十六大、十七大"),
    Term("全面建成小康社会", dt.date(2012, 11, 8), dt.date(2021, 6, 30), why="十八大至建成"),
    Term("科学发展观", dt.date(2003, 10, 14), why="十六届三中全会"),
    Term("执政能力建设", dt.date(2004, 9, 19), why="十六届四中全会"),
    Term("先进性建设", dt.date(2005, 1, 1), why="先进性教育活动"),
    Term("保持共产党员先进性教育", dt.date(2005, 1, 1), dt.date(2006, 6, 30), why="2005—2006年"),
    Term("反腐倡廉建设", dt.date(2007, 10, 15), why="十七大报告"),
    Term("社会和谐", dt.date(2004, 9, 19), why="十六届四中全会起"),
    Term("学习实践科学发展观", dt.date(2008, 9, 1), dt.date(2010, 2, 28), why="2008—2010年"),
    Term("创先争优", dt.date(2010, 4, 1), dt.date(2012, 11, 30), why="2010—2012年"),
    Term("服务型", dt.date(2012, 11, 8), why="十八大报告"),
    Term("习近平", dt.date(2012, 11, 15), why="十八届一中全会"),
    Term("群众路线教育实践活动", dt.date(2013, 6, 18), dt.date(2014, 10, 8), why="2013—2014年"),
    Term("问题导向", dt.date(2014, 1, 1), why="十八届三中全会后"),
    Term("系列重要讲话", dt.date(2014, 1, 1), dt.date(2017, 10, 17), why="十八大期间"),
    Term("主体责任", dt.date(2014, 1, 1), why="十八届三中全会后"),
    Term("主责主业", dt.date(2014, 1, 1), why="2014年起"),
    Term("聚焦", dt.date(2014, 1, 1), why="2014年起的公文用语"),
    Term("落地见效", dt.date(2014, 1, 1), why="2014年起"),
    Term("压实", dt.date(2014, 1, 1), why="2014年起"),
    Term("全面从严治党", dt.date(2014, 10, 8), why="2014年10月提出"),
    Term("管党治党", dt.date(2014, 10, 8), why="2014年起"),
    Term("三严三实", dt.date(2015, 4, 10), why="2015年专题教育"),
    Term("党建引领", dt.date(2015, 1, 1), why="2014年后"),
    Term("两学一做", dt.date(2016, 2, 1), dt.date(2018, 12, 31), why="2016年起"),
    Term("四个意识", dt.date(2016, 1, 29), why="2016年1月"),
    Term("不忘初心", dt.date(2016, 7, 1), why="2016年“七一”讲话"),
    Term("新时代", dt.date(2017, 10, 18), why="十九大报告"),
    Term("组织力", dt.date(2017, 10, 18), why="十九大报告"),
    Term("政治建设为统领", dt.date(2017, 10, 18), why="十九大报告"),
    Term("高质量发展", dt.date(2017, 10, 18), why="十九大报告"),
    Term("组织体系", dt.date(2018, 7, 3), why="2018年全国组织工作会议"),
    Term("两个维护", dt.date(2018, 1, 1), why="2018年起"),
    Term("主题教育", dt.date(2019, 5, 31), why="2019年起"),
    Term("基层治理", dt.date(2019, 1, 1), why="2019年起"),
    Term("社会主义现代化国家", dt.date(2020, 10, 29), why="十九届五中全会"),
    Term("中国式现代化", dt.date(2021, 7, 1), why="2021年“七一”讲话"),
    Term("政治功能和组织功能", dt.date(2022, 10, 16), why="二十大报告"),
    Term("高质量党建", dt.date(2022, 10, 16), why="二十大后的常用语"),
)


def misplaced(text: str, period: Period) -> list[Term]:
    """The words of :data:`TERMS` in ``text`` that are out of their time for ``period``."""
    return [t for t in TERMS if t.text in text and not t.fits(period)]
