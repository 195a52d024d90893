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
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from .constants import PathKey
from .eras import era
from .marks import CAPACITY, CLOSE, mark
from .model import Facts, Item, MemberCounts, Organizations
from .values import Period, Quantity, cn_date, share
from .writing import (
    bare,
    clean,
    cn_numeral,
    md_escape,
    sentence,
    strip_numbering,
)


def marked(text: str, ident: int | None = None) -> str:
    """A fact's text, Markdown-escaped and wrapped in the provenance marks."""
    return mark(md_escape(text), ident)


class Md(Markup):
    """Trusted Markdown (a macro's or a zongjie filter's output; facts in it are marked)."""

    __slots__ = ()

    def __new__(cls, base: Any = "", encoding: str | None = None, errors: str = "strict") -> Md:
        if type(base) is str and encoding is None:  # the usual case, without Markup's checks
            return str.__new__(cls, base)
        return super().__new__(cls, base, encoding, errors)

    def __html__(self) -> Md:
        return self

    @classmethod
    def escape(cls, s: Any) -> Md:
        """How Markup's own methods (``+``, ``join``, ``replace``, ``%``, ``format``) escape what
        they add: as Markdown, not HTML — a fact marked, Markdown kept, anything else escaped."""
        if hasattr(s, "__html__"):
            html = s.__html__()
            return html if type(html) is cls else cls(str(html))
        return cls(md_escape(str(s)))


class Fact(str):
    """A fact's text.  Compares and slices as the plain text; prints as escaped, marked Markdown."""

    path: PathKey
    ident: int | None

    def __new__(cls, text: str, path: PathKey, ident: int | None = None) -> Fact:
        obj = super().__new__(cls, text)
        obj.path = path
        obj.ident = ident
        return obj

    @property
    def text(self) -> str:
        """The plain text, without escaping."""
        return str.__str__(self)

    def derive(self, text: str) -> Fact:
        """The same fact, reworded (punctuation, trimming): it keeps its path and identity."""
        return Fact(text, self.path, self.ident)

    def __html__(self) -> Md:
        return Md(marked(self.text, self.ident))

    def __str__(self) -> str:
        # the plain text: Jinja prints a fact through __html__ (escaped and marked); a str()
        # made by a builtin filter such as |format is escaped once more by the finalize step
        return self.text


class Datum(Fact):
    """A labelled figure: “发放党支部征求意见表200份” (label + quantity as written)."""

    label: str
    quantity: Quantity

    def __new__(cls, label: str, quantity: Quantity, path: PathKey, ident: int | None = None) -> Datum:
        obj = str.__new__(cls, f"{label}{quantity.text}")
        obj.path = path
        obj.ident = ident
        obj.label = label
        obj.quantity = quantity
        return obj


def md_of(parts: Iterable[Any]) -> Md:
    """Join facts, Markdown and plain strings (plain strings are escaped)."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, Fact):
            out.append(marked(part.text, part.ident))
        elif isinstance(part, Markup):
            out.append(str.__str__(part))
        elif part:
            out.append(md_escape(str(part)))
    return Md("".join(out))


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
    """基本情况 as ready sentences (Md) plus the figures they are made of."""

    overview: Md
    note: Fact | None
    party: Md
    structure: Md
    ages: Md
    data: list[Datum] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.overview or self.note or self.party)


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

    def fact(
        self, text: str | None, path: PathKey, *, numbered: bool = False, trim: bool = False
    ) -> Fact | None:
        """The fact at ``path``, cleaned; None when nothing printable is left (“：” alone).
        ``numbered``: a typed ordinal goes; ``trim``: so does final punctuation (a heading, 主送)."""
        text = clean(text or "")
        if numbered:
            text = strip_numbering(text, shi=True)
        if trim:
            text = bare(text)
        if not text.strip():
            return None
        f = Fact(text, path, self._ident(path))
        self.registry[path] = f
        return f

    def datum(self, label: str, q: Quantity, path: PathKey) -> Datum:
        d = Datum(clean(label), q, path, self._ident(path))
        self.registry[path] = d
        return d

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
            whole = self.fact(strip_numbering(item.text) if item.plain else item.text, tpath)
            paras = [whole.derive(p) for p in whole.text.split("\n\n") if p.strip()] if whole else []
        points = [
            f for i, p in enumerate(item.points) if (f := self.fact(p, (*path, "要点", i), numbered=True))
        ]
        data = [self.datum(k, q, (*path, "数据", k)) for k, q in item.data.items()]
        subs = [self.item(s, (*path, "条目", i)) for i, s in enumerate(item.items)]
        return ItemView(title, paras, points, data, subs)

    def items(self, key: str) -> list[ItemView]:
        return [self.item(it, (key, i)) for i, it in enumerate(getattr(self.facts, _ATTR[key]))]

    def profile(self) -> ProfileView | None:
        p = self.facts.profile
        if p is None:
            return None
        unit = self.facts.unit
        data = [self.datum(k, q, ("概况", "数据", k)) for k, q in p.data.items()]
        overview = md_of([_setting(unit.name, ("单位",)), md_of(_join(data, "，")), "。"]) if data else Md()
        note = self.fact(p.note, ("概况", "说明"))
        party, structure, ages = Md(), Md(), Md()
        orgs = self._organizations(p.organizations, ("概况", "党组织"))
        if p.members is not None:
            members, structure, ages = self._members(p.members, ("概况", "党员"))
            party = md_of([unit.scope, "共有", orgs, "；" if orgs else "", members, "。"])
        elif orgs:
            party = md_of([unit.scope, "共有", orgs, "。"])
        return ProfileView(overview, note, party, structure, ages, data)

    def _organizations(self, org: Organizations | None, path: PathKey) -> Md:
        if org is None:
            return Md()
        bodies = [self.datum(k, q, (*path, k)) for k, q in org.bodies()]
        parts = [self.datum(k, q, (*path, "其中", k)) for k, q in org.of_which.items()]
        head = md_of(_join(bodies, "、"))
        return md_of([head, "，其中", md_of(_join(parts, "、"))]) if parts else head

    def _members(self, m: MemberCounts, path: PathKey) -> tuple[Md, Md, Md]:
        total = self.datum("党员", m.total, (*path, "总数"))
        parts = [self.datum(k, q, (*path, "其中", k)) for k, q in m.of_which.items()]
        members = md_of([total, "，其中", md_of(_join(parts, "、"))]) if parts else md_of([total])

        def shares(key: str, groups: dict[str, Quantity]) -> list[Md]:
            out = []
            for label, q in groups.items():
                pct = share(q, m.total)
                out.append(md_of([self.datum(label, q, (*path, key, label)), f"，占{pct}" if pct else ""]))
            return out

        structure = (
            md_of(["党员中，", md_of(_join(shares("结构", m.groups), "；")), "。"]) if m.groups else Md()
        )
        ages = md_of(["从年龄结构看，", md_of(_join(shares("年龄", m.ages), "；")), "。"]) if m.ages else Md()
        return members, structure, ages


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
        "opening": top("开头", facts.opening),
        "closing": top("结尾", facts.closing),
        "profile": b.profile(),
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


def data_prose(data: list[Datum], unit: str | None = None) -> Md:
    """“发放党支部征求意见表200份，梳理意见建议7条。”; money in ``unit`` if given."""
    if not data:
        return Md()
    parts = [
        d.derive(d.label + d.quantity.in_unit(unit)) if unit and d.quantity.is_money else d for d in data
    ]
    return md_of([*_join(parts, "，"), "。"])


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
