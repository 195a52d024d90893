"""Stage 2: the typed facts, and validating raw YAML data into them.

Frozen dataclasses with English attribute names; in a facts file their keys are
the Chinese names of the facts-file contract (docs/facts.md) (English aliases accepted too).
Each class declares its keys in ``FIELDS``; one validator walks them, so the
JSON Schema, the unknown-key suggestions and the documentation all come from the
same table.  A problem is a :class:`Problem` — a path, a diagnostic code and a
Chinese message; :mod:`zongjie.checks` adds file, line and column.

(No pydantic: importing it costs ~100 ms, more than ``zongjie check`` may take.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .constants import KINDS, SECTIONS
from .fields import F as F
from .fields import label as label
from .fields import zh_type as zh_type
from .formal import Attachment, Imprint, Letterhead
from .provenance import NOWHERE, Origin, Provenance
from .values import (
    DATE_EXAMPLES,
    PERIOD_EXAMPLES,
    Period,
    Quantity,
)

# --------------------------------------------------------------------------- the classes


@dataclass(frozen=True)
class Unit:
    """单位：名称，或含名称、党组织、自称、上级的映射。"""

    name: str
    party_body: str | None = None
    self_name: str | None = None
    superior: str | None = None
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)

    FIELDS: ClassVar[tuple[F, ...]] = (
        F("name", "名称", "name", "text", "单位名称，如“城关镇”“象山社区”。", required=True),
        F(
            "party_body",
            "党组织",
            "party_body",
            "text",
            "报告中对本单位党组织的称呼，如“镇党委”“村党支部”；不写时按名称推断。",
        ),
        F("self_name", "自称", "self_name", "text", "报告中的自称，如“我镇”“我社区”；不写时按名称推断。"),
        F("superior", "上级", "superior", "text", "上级党组织，用于开头“在县委的正确领导下”，如“县委”。"),
    )
    _SUFFIXES: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("社区", "社区党委", "我社区"),
        ("街道", "街道党工委", "我街道"),
        ("镇", "镇党委", "我镇"),
        ("乡", "乡党委", "我乡"),
        ("村", "村党支部", "我村"),
    )

    def _suffix(self) -> tuple[str, str, str] | None:
        return next((s for s in self._SUFFIXES if self.name.endswith(s[0])), None)

    @property
    def party(self) -> str:
        """How the report names the unit's Party body: 镇党委, 村党支部 …"""
        suffix = self._suffix()
        return self.party_body or (suffix[1] if suffix else f"{self.name}党组织")

    @property
    def we(self) -> str:
        """How the report names the unit: 我镇, 我社区 … (我单位 when unknown)."""
        suffix = self._suffix()
        return self.self_name or (suffix[2] if suffix else "我单位")

    @property
    def scope(self) -> str:
        """全镇, 全村, 全社区 … the whole of the unit, for 基本情况."""
        suffix = self._suffix()
        return f"全{suffix[0]}" if suffix else "全单位"


@dataclass(frozen=True)
class Item:
    """条目：一段文字，或含标题、内容、要点、数据、条目的映射。"""

    title: str | None = None
    text: str | None = None
    points: list[str] = field(default_factory=list)
    data: dict[str, Quantity] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    plain: bool = field(default=False, compare=False)  # written as one string: its text is the item
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)

    FIELDS: ClassVar[tuple[F, ...]] = (
        F("title", "标题", "title", "text", "条目的小标题，如“进一步完善党员教育机制”；不要手写序号。"),
        F("text", "内容", "text", "text", "正文段落；空一行另起一段。"),
        F("points", "要点", "points", "texts", "要点列表，排成“一是……；二是……。”"),
        F("data", "数据", "data", "figures", "本条的数据，“名称: 数量”，写成“发放征求意见表200份”。"),
        F("items", "条目", "items", "items", "下一级条目，写法相同（全文最多四级：一、（一）1.（1））。"),
    )


@dataclass(frozen=True)
class Organizations:
    """党组织个数（个）。"""

    committees: Quantity | None = None
    working_committees: Quantity | None = None
    general_branches: Quantity | None = None
    branches: Quantity | None = None
    of_which: dict[str, Quantity] = field(default_factory=dict)
    total: Quantity | None = None
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)

    FIELDS: ClassVar[tuple[F, ...]] = (
        F(
            "total",
            "总数",
            "total",
            "quantity",
            "基层党组织总数（个）；党委、党工委、党总支、党支部是它的组成部分。",
            unit="个",
            integer=True,
        ),
        F("committees", "党委", "committees", "quantity", "党委个数。", unit="个", integer=True),
        F(
            "working_committees",
            "党工委",
            "working_committees",
            "quantity",
            "党工委个数。",
            unit="个",
            integer=True,
        ),
        F(
            "general_branches",
            "党总支",
            "general_branches",
            "quantity",
            "党总支个数。",
            unit="个",
            integer=True,
        ),
        F("branches", "党支部", "branches", "quantity", "党支部个数。", unit="个", integer=True),
        F(
            "of_which",
            "其中",
            "of_which",
            "figures",
            "“其中”分项，名称自定；各项之和不能超过总数。",
            unit="个",
            integer=True,
        ),
    )

    def bodies(self) -> list[tuple[str, Quantity]]:
        """(党委, 1个), (党支部, 9个) … in the order of the contract, skipping absent ones."""
        pairs = [
            ("党委", self.committees),
            ("党工委", self.working_committees),
            ("党总支", self.general_branches),
            ("党支部", self.branches),
        ]
        return [(k, v) for k, v in pairs if v is not None]


@dataclass(frozen=True)
class MemberCounts:
    """党员人数（名）。"""

    total: Quantity
    of_which: dict[str, Quantity] = field(default_factory=dict)
    groups: dict[str, Quantity] = field(default_factory=dict)
    ages: dict[str, Quantity] = field(default_factory=dict)
    education: dict[str, Quantity] = field(default_factory=dict)
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)

    FIELDS: ClassVar[tuple[F, ...]] = (
        F("total", "总数", "total", "quantity", "党员总数（名）。", required=True, unit="名", integer=True),
        F(
            "of_which",
            "其中",
            "of_which",
            "figures",
            "按类别的分项，各项之和不能超过总数。",
            unit="名",
            integer=True,
        ),
        F(
            "groups",
            "结构",
            "groups",
            "figures",
            "交叉的结构分组（女党员、大专以上学历……），每项不超过总数，自动计算占比。",
            unit="名",
            integer=True,
        ),
        F(
            "ages",
            "年龄",
            "ages",
            "figures",
            "年龄分段；从“……及以下”到“……及以上”连续覆盖全部党员时，各段之和应等于总数。",
            unit="名",
            integer=True,
        ),
        F(
            "education",
            "学历",
            "education",
            "figures",
            "学历分段（研究生、大学本科、大学专科、中专、高中、中技、初中及以下）；覆盖全部党员时各段之和应等于总数。",
            unit="名",
            integer=True,
        ),
    )


@dataclass(frozen=True)
class Profile:
    """单位概况，写入“基本情况”。"""

    organizations: Organizations | None = None
    members: MemberCounts | None = None
    data: dict[str, Quantity] = field(default_factory=dict)
    note: str | None = None
    as_of: str | None = None
    intro: str | None = None
    recruited: Quantity | None = None
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)

    FIELDS: ClassVar[tuple[F, ...]] = (
        F("as_of", "截至", "as_of", "as_of", "概况数字所指的时间，如“2023年末”“2023-12-31”；印在概况开头：“截至2023年末，……”。"),
        F("intro", "简介", "intro", "text", "单位简介（位置、面积、特点），印在概况最前面。"),
        F("organizations", "党组织", "organizations", "model", "党组织个数（个）。", model="Organizations"),
        F("members", "党员", "members", "model", "党员人数（名）。", model="MemberCounts"),
        F(
            "recruited",
            "发展党员",
            "new_members",
            "quantity",
            "本期发展党员人数（名），可写成 {总数: 12名, 其中: {女: 4名}}。",
            unit="名",
            integer=True,
        ),
        F("data", "数据", "data", "figures", "概况中的其他数据，“名称: 数量”。"),
        F("note", "说明", "note", "text", "自由文字，接在概况的数字之后。"),
    )


@dataclass(frozen=True)
class Facts:
    """事实文件：一个单位在一个期间内做了什么。"""

    kind: str
    unit: Unit
    period: Period
    practices: list[Item]
    problems: list[Item]
    plans: list[Item]
    title: str | None = None
    addressee: str | None = None
    signature: str | None = None
    date: dt.date | None = None
    opening: str | None = None
    closing: str | None = None
    profile: Profile | None = None
    highlights: list[Item] = field(default_factory=list)
    section_titles: dict[str, str] = field(default_factory=dict)
    letterhead: Letterhead | None = None
    imprint: Imprint | None = None
    attachments: list[Attachment] = field(default_factory=list)
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)
    #: the warnings of the check that produced these facts (``zongjie.load``)
    warnings: tuple[Any, ...] = field(default=(), compare=False, repr=False)

    FIELDS: ClassVar[tuple[F, ...]] = (
        F("kind", "文种", "kind", "kind", "报告种类：" + "、".join(KINDS) + "。", required=True),
        F(
            "unit",
            "单位",
            "unit",
            "unit",
            "单位：名称，或含“名称、党组织、自称、上级”的映射。",
            required=True,
        ),
        F("period", "期间", "period", "period", f"总结的期间，如 {PERIOD_EXAMPLES}。", required=True),
        F("title", "标题", "title", "text", "报告标题；不写时由单位、期间、文种组成。"),
        F("addressee", "主送", "addressee", "text", "主送机关，印在正文之上，后加全角冒号，如“县委组织部”。"),
        F("signature", "署名", "signature", "text", "落款单位，如“中共城关镇委员会”。"),
        F("date", "成文日期", "date", "date", f"成文日期，如 {DATE_EXAMPLES}。"),
        F("opening", "开头", "opening", "text", "替换标准开头段的文字。"),
        F("closing", "结尾", "closing", "text", "替换标准结尾段的文字。"),
        F("profile", "概况", "profile", "model", "单位概况，写入“基本情况”。", model="Profile"),
        F("practices", "主要做法", "practices", "items", "主要做法（必填，至少一条）。", required=True),
        F("highlights", "特色亮点", "highlights", "items", "特色亮点（可选）。"),
        F("problems", "存在问题", "problems", "items", "存在问题（必填，至少一条）。", required=True),
        F("plans", "下步打算", "plans", "items", "下步打算（必填，至少一条）。", required=True),
        F(
            "section_titles",
            "章节标题",
            "section_titles",
            "titles",
            "为本报告改写章节标题，如 {存在问题: 存在的不足和问题}；可改：" + "、".join(SECTIONS) + "。",
        ),
        F("letterhead", "版头", "letterhead", "model", "版头（GB/T 9704 7.2）：发文机关标志、发文字号、签发人。", model="Letterhead"),
        F("attachments", "附件", "attachments", "models", "附件（GB/T 9704 7.3.6）：每项有标题，以及表格或内容。", model="Attachment"),
        F("imprint", "版记", "imprint", "model", "版记（GB/T 9704 7.4）：抄送、印发机关和印发日期。", model="Imprint"),
    )

    @property
    def provenance(self) -> Provenance:
        """Where every value came from (empty for facts built in code)."""
        return self.origin.provenance or Provenance(self.origin.source)


CLASSES: dict[str, type[Any]] = {
    c.__name__: c
    for c in (Unit, Item, Organizations, MemberCounts, Profile, Letterhead, Imprint, Attachment, Facts)
}


def field_of(cls: type[Any], key: str) -> F | None:
    return _BY_KEY[cls].get(key)


_BY_KEY: dict[type[Any], dict[str, F]] = {
    cls: {k: f for f in cls.FIELDS for k in (f.zh, f.en)} for cls in CLASSES.values()
}


def child_class(f: F) -> type[Any] | None:
    """The class a field's values are validated into (None for leaves)."""
    return {"unit": Unit, "items": Item, "model": CLASSES.get(f.model), "models": CLASSES.get(f.model)}.get(f.kind)
