"""Stage 4: the template context — facts as printable values, derived figures.

Every fact reaches the templates as a :class:`Fact`: a ``str`` holding the
cleaned text, which prints as escaped Markdown (so a fact can never become
markup) wrapped in private-use marks carrying its identity.  Filters that compose
several facts return :class:`Md` — trusted Markdown, its facts still marked.  After
rendering, the marks in the draft tell which facts reached it; the others are
reported as ``fact-unused``.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from dataclasses import dataclass, field
from typing import Any

from . import context_formal as cf
from .constants import PathKey
from .eras import era
from .marks import CAPACITY, CLOSE
from .model import Facts, Item, MemberCounts, Organizations
from .placing import place
from .previous import comparisons
from .printable import Datum as Datum
from .printable import Fact as Fact
from .printable import Md as Md
from .printable import md_of as md_of
from .values import Period, Quantity, cn_date, share
from .writing import (
    bare,
    clean,
    cn_numeral,
    sentence,
    strip_numbering,
)

# --------------------------------------------------------------------------- views


@dataclass
class ItemView:
    """An item for the templates; its texts are cleaned and de-numbered."""

    title: Fact | None
    paragraphs: list[Fact]
    points: list[Fact]
    data: list[Datum]
    items: list[ItemView]


@dataclass
class ProfileView:
    """基本情况 as ready sentences (Md) plus the figures they are made of.  The date of the
    figures (截至) leads the first sentence that holds figures."""

    overview: Md
    note: Fact | None
    party: Md
    structure: Md
    ages: Md
    data: list[Datum] = field(default_factory=list)
    intro: Fact | None = None
    education: Md = field(default_factory=Md)
    recruited: Md = field(default_factory=Md)
    #: the same sentences without the comparisons with last period (for a template that
    #: prints them elsewhere, or not at all); the view itself when nothing is compared
    uncompared: ProfileView | None = field(default=None, repr=False, compare=False)

    def __bool__(self) -> bool:
        return bool(self.overview or self.note or self.party or self.intro or self.recruited)


@dataclass
class PeriodView:
    label: str
    since: str
    next: str
    kind: str
    year: int
    start: dt.date
    end: dt.date


@dataclass
class Section:
    name: str
    title: Fact | str
    template: str
    items: list[ItemView]
    heading: Md = field(default_factory=Md)


# --------------------------------------------------------------------------- building


class _Builder:
    """Walks the typed facts; each Fact knows its key path (the contract's Chinese keys),
    by which the facts' provenance tells where it came from."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.registry: dict[PathKey, Fact] = {}
        self.placements = place({f.attr: getattr(facts, f.attr) for f in Facts.FIELDS})
        self.placed = self.placements.placed()
        self.comparisons = comparisons(facts)  # this period against the last, by label path
        self.figures: dict[PathKey, tuple[str, Quantity]] = {}
        if facts.profile is not None:
            self.figures.update({("概况", "数据", k): (k, q) for k, q in facts.profile.data.items()})
        for key, attr in _ATTR.items():
            for i, it in enumerate(getattr(facts, attr)):
                self._index(it, (key, i))

    def _index(self, item: Item, path: PathKey) -> None:
        self.figures.update({(*path, "数据", k): (k, q) for k, q in item.data.items()})
        for i, sub in enumerate(item.items):
            self._index(sub, (*path, "条目", i))

    def fact(
        self, text: str | None, path: PathKey, *, numbered: bool = False, trim: bool = False, places: bool = False
    ) -> Fact | None:
        """The fact at ``path``, cleaned; None when nothing printable is left (“：” alone).
        ``numbered``: a typed ordinal goes; ``trim``: so does final punctuation (a heading, 主送);
        ``places``: the text may place figures (``【标签】``)."""
        text = clean(text or "")
        if numbered:
            text = strip_numbering(text, shi=True)
        if trim:
            text = bare(text)
        if not text.strip():
            return None
        refs = None
        if places:
            refs = {}
            for name, figure in self.placements.in_text(path).items():
                label, q = self.figures[figure]
                refs[name] = self.datum(label, q, figure)
        f = Fact(text, path, self._ident(path), refs)
        self.registry[path] = f
        return f

    def datum(self, label: str, q: Quantity, path: PathKey) -> Datum:
        d = Datum(clean(label), q, path, self._ident(path), self.comparisons.get(path))
        self.registry[path] = d
        return d

    def data(self, figures: dict[str, Quantity], path: PathKey) -> list[Datum]:
        """The figures at ``path`` that no text places: printed after their item's text."""
        return [self.datum(k, q, (*path, k)) for k, q in figures.items() if (*path, k) not in self.placed]

    def _ident(self, path: PathKey) -> int:
        """A fact's identity in the draft's marks: its place among the facts."""
        if path in self.registry:
            return self.registry[path].ident or 0
        if len(self.registry) >= CAPACITY:
            raise ValueError("too many facts in one report")
        return len(self.registry)

    def item(self, item: Item, path: PathKey) -> ItemView:
        title = self.fact(item.title, (*path, "标题"), numbered=True)
        paras: list[Fact] = []
        if item.text:
            # an item written as a plain string is numbered by zongjie: a typed number goes;
            # 内容 prints as written
            tpath = path if item.plain else (*path, "内容")
            whole = self.fact(strip_numbering(item.text) if item.plain else item.text, tpath, places=True)
            paras = [whole.derive(p) for p in whole.text.split("\n\n") if p.strip()] if whole else []
        points = [
            f
            for i, p in enumerate(item.points)
            if (f := self.fact(p, (*path, "要点", i), numbered=True, places=True))
        ]
        data = self.data(item.data, (*path, "数据"))
        subs = [self.item(s, (*path, "条目", i)) for i, s in enumerate(item.items)]
        return ItemView(title, paras, points, data, subs)

    def items(self, key: str) -> list[ItemView]:
        return [self.item(it, (key, i)) for i, it in enumerate(getattr(self.facts, _ATTR[key]))]

    def profile(self, period: PeriodView) -> ProfileView | None:
        view = self._profile(period, True)
        if view is not None:
            view.uncompared = self._profile(period, False) if self.comparisons else view
        return view

    def _profile(self, period: PeriodView, compared: bool) -> ProfileView | None:
        p = self.facts.profile
        if p is None:
            return None
        unit = self.facts.unit
        data = self.data(p.data, ("概况", "数据"))
        lead = md_of(["截至", self.fact(p.as_of, ("概况", "截至")), "，"]) if p.as_of else Md()
        overview = Md()
        if data:
            # “全镇辖行政村19个，常住人口3.2万人” when the figures start with what the unit governs
            governs = data[0].label in _GOVERNED
            who = md_of([unit.scope, "辖"]) if governs else _setting(unit.name, ("单位",))
            overview = md_of([lead, who, data_prose(data, compared=compared)])
            lead = Md()
        intro = self.fact(p.intro, ("概况", "简介"), places=True)
        note = self.fact(p.note, ("概况", "说明"), places=True)
        party, structure, ages, education = Md(), Md(), Md(), Md()
        orgs = self._organizations(p.organizations, ("概况", "党组织"), compared)
        whole = p.organizations is not None and p.organizations.total is not None
        if p.members is not None:
            members, structure, ages, education = self._members(p.members, ("概况", "党员"), compared)
            if not orgs:
                party = md_of([lead, unit.scope, "共有", members, "。"])
            elif whole:  # “全镇下设基层党组织27个，其中……；共有党员1046名。”
                party = md_of([lead, unit.scope, orgs, "；共有", members, "。"])
            else:  # “全镇共有党委1个、党支部9个，其中……；党员271名。”
                party = md_of([lead, unit.scope, "共有", orgs, "；", members, "。"])
        elif orgs:
            party = md_of([lead, unit.scope, "" if whole else "共有", orgs, "。"])
        recruited = Md()
        if p.recruited is not None:
            figure = self.datum("发展党员", p.recruited, ("概况", "发展党员"))
            recruited = md_of([period.label, figure.phrase(compared=compared), "。"])
        return ProfileView(overview, note, party, structure, ages, data, intro, education, recruited)

    def _organizations(self, org: Organizations | None, path: PathKey, compared: bool) -> Md:
        if org is None:
            return Md()
        bodies = [self.datum(k, q, (*path, k)) for k, q in org.bodies()]
        parts = [self.datum(k, q, (*path, "其中", k)) for k, q in org.of_which.items()]
        shown = [b.phrase(compared=compared, listed=True) for b in bodies]
        listed = md_of(_join([x.phrase(compared=compared, listed=True) for x in parts], _sep(parts)))
        if org.total is not None:
            total = self.datum("基层党组织", org.total, (*path, "总数")).phrase(compared=compared)
            inner = md_of(["（其中", listed, "）"]) if parts else Md()
            last = bodies[-1].comparison if bodies else None
            if parts and compared and last is not None:  # one bracket, not “（较上年增加1个）（其中……）”
                shown[-1] = bodies[-1].phrase(compared=False)
                inner = md_of(["（", last.change.wording, "；其中", listed, "）"])
            head = md_of(_join(shown, "、"))
            return md_of(["下设", total, "，其中", head, inner]) if bodies else md_of(["下设", total, inner])
        head = md_of(_join(shown, "、"))
        return md_of([head, "，其中", listed]) if parts else head

    def _members(self, m: MemberCounts, path: PathKey, compared: bool) -> tuple[Md, Md, Md, Md]:
        total = self.datum("党员", m.total, (*path, "总数")).phrase(compared=compared)
        parts = [self.datum(k, q, (*path, "其中", k)) for k, q in m.of_which.items()]
        listed = [x.phrase(compared=compared, listed=True) for x in parts]
        members = md_of([total, "，其中", md_of(_join(listed, _sep(parts)))]) if parts else md_of([total])

        def shares(key: str, groups: dict[str, Quantity], lead: str) -> Md:
            out = []
            for label, q in groups.items():
                pct = share(q, m.total)
                d = self.datum(label, q, (*path, key, label))
                change = f"，{d.comparison.change.wording}" if compared and d.comparison and pct else ""
                out.append(md_of([d, f"，占{pct}" if pct else "", change]))
            return md_of([lead, md_of(_join(out, "；")), "。"]) if out else Md()

        return (
            members,
            shares("结构", m.groups, "党员中，"),
            shares("年龄", m.ages, "从年龄结构看，"),
            shares("学历", m.education, "从学历结构看，"),
        )


#: what a unit governs (辖): its villages, communities, groups — the labels themselves
_GOVERNED = frozenset(
    {"行政村", "建制村", "自然村", "村", "社区", "村（社区）", "村民小组", "村委会", "居委会", "村民委员会",
     "居民委员会", "网格", "小区", "街道", "乡镇"}
)  # fmt: skip


def _sep(parts: list[Datum]) -> str:
    """A 顿号 list, unless a label holds “、” itself: then “，” keeps it unambiguous."""
    return "，" if any("、" in d.label for d in parts) else "、"


_ATTR = {"主要做法": "practices", "特色亮点": "highlights", "存在问题": "problems", "下步打算": "plans"}


def _join(parts: list[Any], sep: str) -> list[Any]:
    out: list[Any] = []
    for i, p in enumerate(parts):
        if i:
            out.append(Md(sep))
        out.append(p)
    return out


# --------------------------------------------------------------------------- period and era

#: Party congresses and the day each opened; a period lies in one congress's term or it straddles two
CONGRESSES: tuple[tuple[str, dt.date], ...] = (
    ("十六大", dt.date(2002, 11, 8)),
    ("十七大", dt.date(2007, 10, 15)),
    ("十八大", dt.date(2012, 11, 8)),
    ("十九大", dt.date(2017, 10, 18)),
    ("二十大", dt.date(2022, 10, 16)),
)
#: the latest day zongjie knows to be before the next congress
CONGRESS_KNOWN_UNTIL = dt.date(2027, 9, 30)


def congress(period: Period) -> str | None:
    """The congress whose term covers the whole period, or None when the period
    straddles a congress or lies outside what zongjie knows (stay neutral)."""
    if period.start < CONGRESSES[0][1] or period.end > CONGRESS_KNOWN_UNTIL:
        return None
    current = [name for name, opened in CONGRESSES if opened <= period.start]
    later = [name for name, opened in CONGRESSES if period.start < opened <= period.end]
    return None if later or not current else current[-1]


def period_view(period: Period, written: dt.date | None) -> PeriodView:
    same_year = written is None or written.year == period.year
    since = {
        "year": "今年以来" if same_year else f"{period.year}年",
        "first-half": "今年以来" if same_year else f"{period.year}年上半年",
        "second-half": "下半年以来" if same_year else f"{period.year}年下半年",
    }.get(period.kind, f"{period.label}")
    nxt = {"year": f"{period.year + 1}年", "first-half": "下半年", "second-half": f"{period.year + 1}年"}.get(
        period.kind, "下一步"
    )
    return PeriodView(period.label, since, nxt, period.kind, period.year, period.start, period.end)


# --------------------------------------------------------------------------- the context


def build(facts: Facts, kind: str | None = None) -> tuple[dict[str, Any], dict[PathKey, Fact]]:
    """The template context of ``facts``, and every fact it holds by path."""
    b = _Builder(facts)
    kind = kind or facts.kind

    def top(key: str, value: str | None, **kw: bool) -> Fact | None:
        return b.fact(value, (key,), **kw) if value else None

    renamed = {name: f for name, t in facts.section_titles.items() if (f := b.fact(t, ("章节标题", name)))}
    unit = facts.unit
    unit_path: PathKey = ("单位",)
    date = b.fact(cn_date(facts.date), ("成文日期",)) if facts.date else None
    period = period_view(facts.period, facts.date)
    seed = zlib.crc32(f"{unit.name}|{facts.period.label}|{kind}".encode())
    ctx: dict[str, Any] = {
        "kind": kind,
        # how the report names the unit: settings rather than facts (not reported when unused),
        # but the writer's text all the same — cleaned, and marked as theirs for the lint
        "unit": {
            "name": _setting(unit.name, unit_path),
            "party": _setting(unit.party, unit_path),
            "we": _setting(unit.we, unit_path),
            "scope": _setting(unit.scope, unit_path),
            "superior": _setting(unit.superior or "", unit_path),
        },
        "period": period,
        "congress": congress(facts.period),
        "era": era(facts.period),  # the time-bound phrases of the openings and closings (eras.py)
        "variant": seed,
        "title": (title := top("标题", facts.title, trim=True)),
        "topic": title.derive(topic)
        if title and (topic := topic_of(title.text, unit.name, period.label))
        else "",
        "addressee": top("主送", facts.addressee, trim=True),  # the template adds the “：”
        "signature": top("署名", facts.signature, trim=True),
        "date": date,
        "opening": top("开头", facts.opening, places=True),
        "closing": top("结尾", facts.closing, places=True),
        "profile": b.profile(period),
        # the formal parts (GB/T 9704 7.2–7.4), when the facts give them
        "letterhead": cf.letterhead(facts.letterhead, b.fact),
        "imprint": cf.imprint(facts.imprint, b.fact),
        "attachments": cf.attachments(
            facts.attachments,
            b.fact,
            facts.profile.members if facts.profile is not None else None,
            compared=lambda: cf.comparison_table(facts, b.fact),
        ),
        "practices": b.items("主要做法"),
        "highlights": b.items("特色亮点"),
        "problems": b.items("存在问题"),
        "plans": b.items("下步打算"),
        "renamed": renamed,
    }
    return ctx, b.registry


def _setting(text: str, path: PathKey) -> Fact | str:
    return Fact(clean(text), path) if text else ""


def topic_of(title: str, unit_name: str, period_label: str) -> str:
    """The subject of a report from its title, for “把……作为一项重要任务”, “关于……的部署要求”:
    “十四道沟镇软弱涣散基层党组织专项整治工作汇报” → “软弱涣散基层党组织专项整治”,
    “关于基层党建重点任务落实情况的汇报” → “基层党建重点任务”, “创先争优活动开展情况小结” →
    “创先争优活动”; “” when too little or too much is left."""
    topic = title.strip()
    while True:  # who and when, in any order: “中共某镇委员会关于2019年度……”
        head = _TOPIC_HEAD.match(topic)
        if head and head.end():
            topic = topic[head.end() :]
        elif unit_name and topic.startswith(unit_name):
            topic = topic[len(unit_name) :]
        elif period_label and topic.startswith(period_label):
            topic = topic[len(period_label) :]
        else:
            break
    before = None
    while topic != before:  # what kind of text it is: “……工作开展情况的汇报”
        before = topic
        topic = _TOPIC_TAIL.sub("", topic)
    return topic if 2 <= len(topic) <= 30 else ""


_TOPIC_HEAD = re.compile(
    r"^(?:中共|关于|[\u4e00-\u9fff]{0,12}?(?:委员会|党委|党工委|党总支|党支部|党组)(?=关于)"
    r"|\d{4}年\d{1,2}月\d{1,2}日至(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日"
    r"|\d{4}年度?(?:上半年|下半年|第[一二三四]季度|前[一二三]季度|\d{1,2}月(?:至\d{1,2}月)?)?(?:以来)?"
    r"|(?:今年|本年度?|上半年|下半年)(?:以来)?|的|贯彻落实|落实)"
)
_TOPIC_TAIL = re.compile(
    r"(?:的|有关|相关|工作|情况|开展|落实|推进|进展|执行|完成|专项|自查|汇报稿|汇报|报告|总结|小结|材料|发言稿|发言|述职)$"
)


def section_heading(ordinal: str, title: Fact | str) -> Md:
    return md_of([Md(ordinal), title.derive(bare(title.text)) if isinstance(title, Fact) else bare(title)])


def runin(lead: str, title: Fact | None) -> Md:
    """``**（一）标题**。`` — the run-in heading of an item paragraph.

    The closing ``**`` must be followed by punctuation for CommonMark to close the
    strong after Chinese text, so the title's final mark always stands outside it.
    """
    if title is None:
        return Md(lead)
    text = title.text.rstrip()
    mark = text[-1] if text and text[-1] in "。！？" else "。"
    return md_of([Md("**"), Md(lead), title.derive(bare(text)), Md("**"), Md(mark)])


def as_sentence(text: Any) -> Any:
    """A fact or Markdown ending in exactly one sentence-final mark."""
    if isinstance(text, Fact):
        return text.derive(sentence(text.text))
    if isinstance(text, Md):
        raw = str.__str__(text)
        if raw.endswith(CLOSE):  # the final mark goes inside the fact's marks
            return Md(sentence(raw[:-1]) + CLOSE)
        return Md(sentence(raw))
    return sentence(str(text)) if text else text


def data_prose(data: list[Datum], unit: str | None = None, compared: bool = True) -> Md:
    """“发放党支部征求意见表200份，梳理意见建议7条。”; money in ``unit`` if given.
    Each figure with its comparison with last period, if it has one (“举办轮训班8期，较上年增加
    2期；培训党员1030人次”: the figures are then separated by “；”); not when ``compared`` is false."""
    if not data:
        return Md()
    parts = [d.phrase(unit, compared=compared) for d in data]
    sep = "；" if compared and any(d.comparison for d in data) else "，"
    return md_of([*_join(parts, sep), "。"])


def enumeration(points: list[Fact]) -> Md:
    """“一是……；二是……；三是……。” (one point: just the sentence)."""
    texts = [p.derive(bare(strip_numbering(p.text, shi=True))) for p in points]
    texts = [t for t in texts if t.text]
    if len(texts) == 1:
        return md_of([texts[0], Md("。")])
    parts: list[Any] = []
    for i, t in enumerate(texts, 1):
        parts += [Md("；" if i > 1 else ""), Md(f"{cn_numeral(i)}是"), t]
    return md_of([*parts, Md("。")]) if parts else Md()


def dunhao_list(items: list[Any], last: str = "和") -> Md:
    """顿号 list: “A、B和C”."""
    items = [i for i in items if i]
    parts: list[Any] = []
    for i, item in enumerate(items):
        if i:
            parts.append(Md(last if last and i == len(items) - 1 else "、"))
        parts.append(item)
    return md_of(parts)
