"""The JSON Schema of a facts file, made from the model's field table.

It agrees with zongjie wherever a schema can: types, required keys, the 文种 enum,
quantities and dates (patterns made from the same pieces as their parsers), items nested
at most as deep as zongjie allows, no empty item.  What only zongjie checks (sums, shares,
placeholders, dates inside the period, integral counts, percentages above 100) is listed in
docs/api.md.  The schema describes the canonical form: Chinese keys (zongjie also reads the
English aliases).
"""

from __future__ import annotations

from typing import Any

from .constants import KINDS, SECTIONS
from .formal import BUILTIN_TABLES
from .model import CLASSES, F, Facts, Item, child_class
from .validation import MAX_LIST, MAX_SUB_LEVELS
from .values import PERIOD_EXAMPLES, QUANTITY_EXAMPLES

_DIGIT = "[0-9０-９]"
_NUMBER = rf"{_DIGIT}+(?:[,，]{_DIGIT}{{3}})*(?:[.．]{_DIGIT}+)?"
_SP = r"\s*"
#: a quantity as values.parse_quantity reads it (before its checks of magnitude, range order, 0–100%)
QUANTITY_PATTERN = (
    rf"^{_SP}(?:约|近|逾|超)?{_SP}{_NUMBER}{_SP}"
    rf"(?:(?:[-–—~～至到－～]){_SP}{_NUMBER}{_SP})?"
    rf"(?:余|多)?{_SP}(?:万亿|万|亿)?{_SP}(?:余|多)?{_SP}"
    r"[^0-9０-９\s,，。、；;:：()（）]{0,8}\s*$"
)
#: a date as values.parse_date reads it: 2019-11-25, 2019年11月25日, 2019.11.25, 2019/11/25
DATE_PATTERN = rf"^\s*{_DIGIT}{{4}}\s*[年./\-－．]\s*{_DIGIT}{{1,2}}\s*[月./\-－．]\s*{_DIGIT}{{1,2}}\s*日?\s*$"
_TEXT: dict[str, Any] = {"type": "string", "pattern": r"\S"}


def _quantity(f: F) -> dict[str, Any]:
    default = f"（不写单位时按“{f.unit}”）" if f.unit else ""
    number: dict[str, Any] = {"type": "integer" if f.integer else "number", "minimum": 0}
    scalar: list[dict[str, Any]] = [number, {"type": "string", "pattern": QUANTITY_PATTERN}]
    return {
        "anyOf": [
            *scalar,
            {
                "type": "object",
                "title": "带分项的数据",
                "description": "数据的映射写法：总数（必填）、其中（分项）、上期（上一期的同一数据）。",
                "additionalProperties": False,
                "required": ["总数"],
                "properties": {
                    "总数": {"anyOf": scalar, "title": "总数"},
                    "其中": {"type": "object", "title": "其中", "additionalProperties": {"anyOf": scalar}},
                    "上期": {"anyOf": scalar, "title": "上期"},
                },
            },
        ],
        "description": f"数量：数字或带单位的文字{default}，如 {QUANTITY_EXAMPLES}。",
        "examples": [271, "271名", "45.6万元", "300余人次", "3000-5000元"],
    }


def _date() -> dict[str, Any]:
    return {"type": "string", "pattern": DATE_PATTERN, "examples": ["2019-11-25", "2019年11月25日"]}


def _field(f: F, item: str) -> dict[str, Any]:
    sub = child_class(f)
    ref: dict[str, Any] = {"$ref": f"#/$defs/{sub.__name__}"} if sub else {}
    kinds: dict[str, dict[str, Any]] = {
        "text": _TEXT,
        "kind": {"type": "string", "enum": list(KINDS)},
        "date": _date(),
        "as_of": {"anyOf": [_date(), _TEXT], "examples": ["2023年末", "2023-12-31"]},
        "period": {
            "anyOf": [
                _TEXT,
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["起", "止"],
                    "properties": {"起": {**_date(), "title": "起"}, "止": {**_date(), "title": "止"}},
                },
            ],
            "examples": [PERIOD_EXAMPLES.split("、")[0]],
        },
        "quantity": _quantity(f),
        "unit": ref,
        "model": ref,
        "items": {
            "type": "array",
            "items": {"$ref": f"#/$defs/{item}"},
            "maxItems": MAX_LIST,
            **({"minItems": 1} if f.required else {}),
        },
        "texts": {"type": "array", "items": _TEXT, "maxItems": MAX_LIST},
        "models": {"type": "array", "items": ref, "maxItems": MAX_LIST},
        "flag": {"anyOf": [{"type": "boolean"}, {"enum": ["是", "否"]}]},
        "names": {"anyOf": [_TEXT, {"type": "array", "items": _TEXT, "minItems": 1}]},
        "table": {
            "anyOf": [
                {"enum": list(BUILTIN_TABLES)},
                {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"type": ["string", "number", "null"]},
                    },
                },
            ]
        },
        "figures": {
            "type": "object",
            "propertyNames": {"pattern": r"\S"},
            "additionalProperties": _quantity(f),
        },
        "titles": {
            "type": "object",
            "propertyNames": {"enum": [*SECTIONS, *SECTIONS.values()]},
            "additionalProperties": _TEXT,
        },
    }
    return {**kinds[f.kind], "title": f.zh, "description": f.description}


def _object(cls: type[Any], item: str = "Item1") -> dict[str, Any]:
    return {
        "type": "object",
        "title": cls.__doc__.split("：")[0] if cls.__doc__ else cls.__name__,
        "description": cls.__doc__ or "",
        "additionalProperties": False,
        "properties": {f.zh: _field(f, item) for f in cls.FIELDS},
        "required": [f.zh for f in cls.FIELDS if f.required],
    }


def _items() -> dict[str, Any]:
    """Item1 (a section's items, （一）) … ItemN: each level's 条目 holds the next; the last
    level has no 条目 — deeper is the ``item-too-deep`` error."""
    levels = MAX_SUB_LEVELS + 1
    defs: dict[str, Any] = {}
    for level in range(1, levels + 1):
        body = _object(Item, f"Item{level + 1}")
        if level == levels:
            del body["properties"]["条目"]
        # an item says something of its own: a title, a text, points or figures (not only 条目)
        body["anyOf"] = [
            {"required": ["标题"]},
            {"required": ["内容"]},
            {"required": ["要点"], "properties": {"要点": {"minItems": 1}}},
            {"required": ["数据"], "properties": {"数据": {"minProperties": 1}}},
        ]
        defs[f"Item{level}"] = {
            "anyOf": [{**_TEXT, "description": "一段文字（等同于只写“内容”）"}, body],
            "title": f"条目（第{level}级）",
        }
    return defs


def json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a facts file, keyed by the Chinese names."""
    defs = {name: _object(cls) for name, cls in CLASSES.items() if name not in ("Facts", "Item")}
    # a unit may be just its name
    defs["Unit"] = {"anyOf": [{**_TEXT, "description": "单位名称"}, _object(CLASSES["Unit"])], "title": "单位"}
    defs.update(_items())
    schema = _object(Facts)
    schema["title"] = "zongjie 事实文件"
    schema["description"] = "基层党组织工作总结、工作汇报的事实文件（YAML 或 JSON），见 docs/facts.md。"
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "$defs": defs}
