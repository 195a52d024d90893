"""Stage 2: the typed facts.

Pydantic models whose Python attribute names are English and whose keys in a
facts file are the Chinese names of ``shared/facts-format.md`` (English aliases
are accepted too).  Values are parsed by :mod:`zongjie.values`; a problem is
raised as a ``PydanticCustomError`` whose type is a zongjie diagnostic code, so
:mod:`zongjie.check` can turn it into a located Chinese message.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .values import (
    DATE_EXAMPLES,
    PERIOD_EXAMPLES,
    QUANTITY_EXAMPLES,
    Period,
    Quantity,
    ValueProblem,
    parse_date,
    parse_period,
    parse_quantity,
)

KINDS: tuple[str, ...] = ("年度工作总结", "半年工作总结", "专项工作汇报", "述职报告", "工作汇报")
Kind = Literal["年度工作总结", "半年工作总结", "专项工作汇报", "述职报告", "工作汇报"]

#: section names a facts file may rename with 章节标题 (English aliases accepted)
SECTIONS: dict[str, str] = {
    "基本情况": "profile",
    "主要做法": "practices",
    "特色亮点": "highlights",
    "存在问题": "problems",
    "下步打算": "plans",
}


def zh_type(value: Any) -> str:
    """How a YAML value's type is called in a message for office staff."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "是/否"
    if isinstance(value, (int, float)) or type(value).__name__ == "Decimal":
        return "数字"
    if isinstance(value, str):
        return "文字"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "“字段: 值”映射"
    if isinstance(value, (dt.date, dt.datetime)):
        return "日期"
    return type(value).__name__


def _problem(exc: ValueProblem) -> PydanticCustomError:
    return PydanticCustomError(exc.code, exc.message)


# --------------------------------------------------------------------------- field types

_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’—…·"
_FOLD_SPACE = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


def _text(value: Any) -> str:
    if value is None:
        raise PydanticCustomError("empty-value", "尚未填写：请填写文字，或删去这一行。")
    if isinstance(value, bool) or (not isinstance(value, (str, int)) and type(value).__name__ != "Decimal"):
        raise PydanticCustomError(
            "wrong-type",
            f"应为文字，这里是{zh_type(value)}。"
            + ("若是多段内容，请写在一段文字里。" if isinstance(value, (list, dict)) else ""),
        )
    # paragraphs are separated by blank lines; inside one, a line break or the space a
    # folded YAML scalar leaves is noise between Chinese characters and one space elsewhere
    paragraphs = (_FOLD_SPACE.sub("", p.strip()) for p in re.split(r"\n[ \t\u3000]*\n", str(value)))
    text = "\n\n".join(re.sub(r"\s+", " ", p) for p in paragraphs if p)
    if not text:
        raise PydanticCustomError("empty-value", "尚未填写：请填写文字，或删去这一行。")
    return text


Text = Annotated[str, BeforeValidator(_text), Field(json_schema_extra={"minLength": 1})]


def _qty_validator(default_unit: str, integer: bool) -> PlainValidator:
    def validate(value: Any) -> Quantity:
        if isinstance(value, Quantity):
            return value
        if value is None:
            raise PydanticCustomError("empty-value", f"尚未填写：请写上数量，如 {QUANTITY_EXAMPLES}。")
        try:
            return parse_quantity(value, default_unit, integer=integer)
        except ValueProblem as exc:
            raise _problem(exc) from None

    return PlainValidator(validate)


def _qty_schema(default_unit: str) -> WithJsonSchema:
    unit = f"（不写单位时按“{default_unit}”）" if default_unit else ""
    return WithJsonSchema(
        {
            "anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "minLength": 1}],
            "description": f"数量：数字或带单位的文字{unit}，如 {QUANTITY_EXAMPLES}。",
            "examples": [271, "271名", "45.6万元", "300余人次", "3000-5000元"],
        }
    )


_AS_TEXT = PlainSerializer(str, return_type=str)
#: a count of Party bodies (bare numbers are 个)
Count = Annotated[Quantity, _qty_validator("个", True), _AS_TEXT, _qty_schema("个")]
#: a count of people (bare numbers are 名)
Members = Annotated[Quantity, _qty_validator("名", True), _AS_TEXT, _qty_schema("名")]
#: any figure, with the unit it is written with
Figure = Annotated[Quantity, _qty_validator("", False), _AS_TEXT, _qty_schema("")]


def _date(value: Any) -> dt.date:
    if value is None:
        raise PydanticCustomError("empty-value", f"尚未填写：请写上日期，如 {DATE_EXAMPLES}。")
    try:
        return parse_date(value)
    except ValueProblem as exc:
        raise _problem(exc) from None


def _period(value: Any) -> Period:
    if isinstance(value, Period):
        return value
    if value is None:
        raise PydanticCustomError("empty-value", f"尚未填写：请写上期间，如 {PERIOD_EXAMPLES}。")
    try:
        return parse_period(value)
    except ValueProblem as exc:
        raise _problem(exc) from None


Date = Annotated[
    dt.date,
    PlainValidator(_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string", "format": "date"}, {"type": "string"}],
            "description": f"日期，如 {DATE_EXAMPLES}。",
        }
    ),
]
PeriodField = Annotated[
    Period,
    PlainValidator(_period),
    PlainSerializer(lambda p: p.label, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["起", "止"],
                    "properties": {
                        "起": {"type": "string", "format": "date", "title": "起"},
                        "止": {"type": "string", "format": "date", "title": "止"},
                    },
                },
            ],
            "description": f"期间，如 {PERIOD_EXAMPLES}。",
        }
    ),
]


def F(zh: str, en: str, description: str, **kw: Any) -> Any:
    """A field whose key is Chinese in facts files, with an English alias."""
    return Field(
        validation_alias=AliasChoices(zh, en), serialization_alias=zh, title=zh, description=description, **kw
    )


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --------------------------------------------------------------------------- unit

_UNIT_SUFFIXES: tuple[tuple[str, str, str], ...] = (
    # suffix, party body, how the report calls itself
    ("社区", "社区党委", "我社区"),
    ("街道", "街道党工委", "我街道"),
    ("镇", "镇党委", "我镇"),
    ("乡", "乡党委", "我乡"),
    ("村", "村党支部", "我村"),
)


class Unit(_Model):
    """单位：名称，或含名称、党组织、自称、上级的映射。"""

    name: Text = F("名称", "name", "单位名称，如“城关镇”“象山社区”。")
    party_body: Text | None = F(
        "党组织",
        "party_body",
        "报告中对本单位党组织的称呼，如“镇党委”“村党支部”；不写时按名称推断。",
        default=None,
    )
    self_name: Text | None = F(
        "自称", "self_name", "报告中的自称，如“我镇”“我社区”；不写时按名称推断。", default=None
    )
    superior: Text | None = F(
        "上级", "superior", "上级党组织，用于开头“在县委的正确领导下”，如“县委”。", default=None
    )

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, value: Any) -> Any:
        if value is None:
            raise PydanticCustomError("empty-value", "尚未填写：请写上单位名称，如“城关镇”“象山社区”。")
        return {"名称": value} if isinstance(value, (str, int)) else value

    def _suffix(self) -> tuple[str, str, str] | None:
        return next((s for s in _UNIT_SUFFIXES if self.name.endswith(s[0])), None)

    @property
    def party(self) -> str:
        """How the report names the unit's Party body: 镇党委, 村党支部 …"""
        if self.party_body:
            return self.party_body
        suffix = self._suffix()
        return suffix[1] if suffix else f"{self.name}党组织"

    @property
    def we(self) -> str:
        """How the report names the unit: 我镇, 我社区 … (我单位 when unknown)."""
        if self.self_name:
            return self.self_name
        suffix = self._suffix()
        return suffix[2] if suffix else "我单位"

    @property
    def scope(self) -> str:
        """全镇, 全村, 全社区 … the whole of the unit, for 基本情况."""
        suffix = self._suffix()
        return f"全{suffix[0]}" if suffix else "全单位"


# --------------------------------------------------------------------------- items


class Item(_Model):
    """条目：一段文字，或含标题、内容、要点、数据、条目的映射。"""

    title: Text | None = F(
        "标题", "title", "条目的小标题，如“进一步完善党员教育机制”；不要手写序号。", default=None
    )
    text: Text | None = F("内容", "text", "正文段落。", default=None)
    points: list[Text] = F("要点", "points", "要点列表，排成“一是……；二是……。”", default_factory=list)
    data: dict[str, Figure] = F(
        "数据", "data", "本条的数据，“名称: 数量”，写成“发放征求意见表200份”。", default_factory=dict
    )
    items: list[Item] = F(
        "条目", "items", "下一级条目，写法相同（全文最多四级：一、（一）1.（1））。", default_factory=list
    )

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if value is None:
            raise PydanticCustomError("empty-value", "这一条尚未填写：请在“- ”后写上内容，或删去这一行。")
        if isinstance(value, (str, int)):
            return {"内容": value}
        if isinstance(value, list):
            raise PydanticCustomError(
                "wrong-type", "条目应为一段文字或“标题/内容/要点/数据/条目”映射，这里是列表：请检查缩进。"
            )
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> Item:
        if self.items and not (self.title or self.text or self.points or self.data):
            raise PydanticCustomError(
                "empty-item",
                "这一条只有下级“条目”，没有自己的“标题”或“内容”：编号后只剩一个序号，请为它写上“标题”。",
            )
        if not (self.title or self.text or self.points or self.data or self.items):
            raise PydanticCustomError(
                "empty-item", "这一条没有任何内容：请填写“标题”“内容”“要点”“数据”或“条目”之一，或删去它。"
            )
        return self


# --------------------------------------------------------------------------- profile


class Organizations(_Model):
    """党组织个数（个）。"""

    committees: Count | None = F("党委", "committees", "党委个数。", default=None)
    working_committees: Count | None = F("党工委", "working_committees", "党工委个数。", default=None)
    general_branches: Count | None = F("党总支", "general_branches", "党总支个数。", default=None)
    branches: Count | None = F("党支部", "branches", "党支部个数。", default=None)
    of_which: dict[str, Count] = F(
        "其中", "of_which", "“其中”分项，名称自定；各项之和不能超过总数。", default_factory=dict
    )

    def bodies(self) -> list[tuple[str, Quantity]]:
        """(党委, 1个), (党支部, 9个) … in the order of the contract, skipping absent ones."""
        pairs = [
            ("党委", self.committees),
            ("党工委", self.working_committees),
            ("党总支", self.general_branches),
            ("党支部", self.branches),
        ]
        return [(k, v) for k, v in pairs if isinstance(v, Quantity)]


class MemberCounts(_Model):
    """党员人数（名）。"""

    total: Members = F("总数", "total", "党员总数（名）。")
    of_which: dict[str, Members] = F(
        "其中", "of_which", "按类别的分项，各项之和不能超过总数。", default_factory=dict
    )
    groups: dict[str, Members] = F(
        "结构",
        "groups",
        "交叉的结构分组（女党员、大专以上学历……），每项不超过总数，自动计算占比。",
        default_factory=dict,
    )
    ages: dict[str, Members] = F("年龄", "ages", "年龄分段，各段之和应等于总数。", default_factory=dict)


class Profile(_Model):
    """单位概况，写入“基本情况”。"""

    organizations: Organizations | None = F("党组织", "organizations", "党组织个数（个）。", default=None)
    members: MemberCounts | None = F("党员", "members", "党员人数（名）。", default=None)
    data: dict[str, Figure] = F("数据", "data", "概况中的其他数据，“名称: 数量”。", default_factory=dict)
    note: Text | None = F("说明", "note", "自由文字，接在概况之后。", default=None)


# --------------------------------------------------------------------------- facts


class Facts(_Model):
    """事实文件：一个单位在一个期间内做了什么。"""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        title="zongjie 事实文件",
        json_schema_extra={
            "description": "基层党组织工作总结、工作汇报的事实文件（YAML），见 docs/facts.md。"
        },
    )

    kind: Kind = F("文种", "kind", "报告种类：" + "、".join(KINDS) + "。")
    unit: Unit = F("单位", "unit", "单位：名称，或含“名称、党组织、自称、上级”的映射。")
    period: PeriodField = F("期间", "period", "总结的期间。")
    title: Text | None = F("标题", "title", "报告标题；不写时由单位、期间、文种组成。", default=None)
    addressee: Text | None = F(
        "主送", "addressee", "主送机关，印在正文之上，后加全角冒号，如“县委组织部”。", default=None
    )
    signature: Text | None = F("署名", "signature", "落款单位，如“中共城关镇委员会”。", default=None)
    date: Date | None = F("成文日期", "date", "成文日期。", default=None)
    opening: Text | None = F("开头", "opening", "替换标准开头段的文字。", default=None)
    closing: Text | None = F("结尾", "closing", "替换标准结尾段的文字。", default=None)
    profile: Profile | None = F("概况", "profile", "单位概况，写入“基本情况”。", default=None)
    practices: list[Item] = F("主要做法", "practices", "主要做法（必填，至少一条）。")
    highlights: list[Item] = F("特色亮点", "highlights", "特色亮点（可选）。", default_factory=list)
    problems: list[Item] = F("存在问题", "problems", "存在问题（必填，至少一条）。")
    plans: list[Item] = F("下步打算", "plans", "下步打算（必填，至少一条）。")
    section_titles: dict[str, Text] = F(
        "章节标题",
        "section_titles",
        "为本报告改写章节标题，如 {存在问题: 存在的不足和问题}；可改：" + "、".join(SECTIONS) + "。",
        default_factory=dict,
    )

    # set by zongjie.load: where each value came from, and the load's warnings
    _document: Any = PrivateAttr(default=None)
    _warnings: list[Any] = PrivateAttr(default_factory=list)

    @property
    def warnings(self) -> list[Any]:
        """Warnings found when the facts were loaded (a list of Diagnostic)."""
        return list(self._warnings)

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        if value is None:
            raise PydanticCustomError("empty-value", "尚未填写：可选 " + "、".join(KINDS) + "。")
        if value not in KINDS:
            near = difflib.get_close_matches(str(value), KINDS, n=1, cutoff=0.3)
            hint = f"是否为“{near[0]}”？" if near else ""
            raise PydanticCustomError(
                "unknown-kind", f"未知文种“{value}”。{hint}可选：" + "、".join(KINDS) + "。"
            )
        return value

    @field_validator("practices", "problems", "plans", mode="before")
    @classmethod
    def _required_list(cls, value: Any) -> Any:
        if value is None or value == []:
            raise PydanticCustomError("empty-section", "这一部分不能为空：请至少写一条，每条以“- ”开头。")
        if isinstance(value, (str, dict)):
            raise PydanticCustomError(
                "wrong-type", f"应为列表，这里是{zh_type(value)}：每条另起一行，以“- ”开头。"
            )
        return value

    @field_validator("highlights", mode="before")
    @classmethod
    def _optional_list(cls, value: Any) -> Any:
        if value is None:
            return []
        if isinstance(value, (str, dict)):
            raise PydanticCustomError(
                "wrong-type", f"应为列表，这里是{zh_type(value)}：每条另起一行，以“- ”开头。"
            )
        return value

    @field_validator("section_titles", mode="before")
    @classmethod
    def _sections(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        out = {}
        english = {v: k for k, v in SECTIONS.items()}
        for key, title in value.items():
            name = english.get(key, key)
            if name not in SECTIONS:
                near = difflib.get_close_matches(str(key), list(SECTIONS), n=1, cutoff=0.3)
                hint = f"是否为“{near[0]}”？" if near else ""
                raise PydanticCustomError(
                    "unknown-section",
                    f"没有名为“{key}”的章节。{hint}可改名的章节：" + "、".join(SECTIONS) + "。",
                )
            out[name] = title
        return out


def json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a facts file, keyed by the Chinese names."""
    schema = Facts.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    # an item may also be written as one plain paragraph
    item = schema["$defs"]["Item"]
    schema["$defs"]["Item"] = {
        "anyOf": [{"type": "string", "minLength": 1, "description": "一段文字（等同于只写“内容”）"}, item],
        "title": "条目",
        "description": item.get("description", ""),
    }
    schema["$defs"]["ItemMapping"] = item
    schema["$defs"]["Item"]["anyOf"][1] = {"$ref": "#/$defs/ItemMapping"}
    unit = schema["$defs"]["Unit"]
    schema["$defs"]["Unit"] = {
        "anyOf": [
            {"type": "string", "minLength": 1, "description": "单位名称"},
            {"$ref": "#/$defs/UnitMapping"},
        ],
        "title": "单位",
        "description": unit.get("description", ""),
    }
    schema["$defs"]["UnitMapping"] = unit
    return schema
