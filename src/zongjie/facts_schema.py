"""The JSON Schema of a facts file, made from the model's field table."""

from __future__ import annotations

from typing import Any

from .constants import KINDS, SECTIONS
from .model import CLASSES, F, Facts, child_class
from .values import PERIOD_EXAMPLES, QUANTITY_EXAMPLES


def _quantity(unit: str) -> dict[str, Any]:
    default = f"（不写单位时按“{unit}”）" if unit else ""
    return {
        "anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "minLength": 1}],
        "description": f"数量：数字或带单位的文字{default}，如 {QUANTITY_EXAMPLES}。",
        "examples": [271, "271名", "45.6万元", "300余人次", "3000-5000元"],
    }


def _field(f: F) -> dict[str, Any]:
    text: dict[str, Any] = {"type": "string", "minLength": 1}
    sub = child_class(f)
    ref: dict[str, Any] = {"$ref": f"#/$defs/{sub.__name__}"} if sub else {}
    kinds: dict[str, dict[str, Any]] = {
        "text": text,
        "kind": {"type": "string", "enum": list(KINDS)},
        "date": {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "minLength": 1}]},
        "period": {
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
            "examples": [PERIOD_EXAMPLES.split("、")[0]],
        },
        "quantity": _quantity(f.unit),
        "unit": ref,
        "model": ref,
        "items": {"type": "array", "items": ref, **({"minItems": 1} if f.required else {})},
        "texts": {"type": "array", "items": text},
        "figures": {"type": "object", "additionalProperties": _quantity(f.unit)},
        "titles": {
            "type": "object",
            "propertyNames": {"enum": [*SECTIONS, *SECTIONS.values()]},
            "additionalProperties": text,
        },
    }
    return {**kinds[f.kind], "title": f.zh, "description": f.description}


def _object(cls: type[Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "title": cls.__doc__.split("：")[0] if cls.__doc__ else cls.__name__,
        "description": cls.__doc__ or "",
        "additionalProperties": False,
        "properties": {f.zh: _field(f) for f in cls.FIELDS},
        "required": [f.zh for f in cls.FIELDS if f.required],
    }


def json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a facts file, keyed by the Chinese names."""
    defs = {name: _object(cls) for name, cls in CLASSES.items() if name != "Facts"}
    # a unit may be just its name; an item just one paragraph
    defs["Unit"] = {
        "anyOf": [{"type": "string", "minLength": 1, "description": "单位名称"}, _object(CLASSES["Unit"])],
        "title": "单位",
    }
    defs["Item"] = {
        "anyOf": [
            {"type": "string", "minLength": 1, "description": "一段文字（等同于只写“内容”）"},
            _object(CLASSES["Item"]),
        ],
        "title": "条目",
    }
    schema = _object(Facts)
    schema["title"] = "zongjie 事实文件"
    schema["description"] = "基层党组织工作总结、工作汇报的事实文件（YAML），见 docs/facts.md。"
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "$defs": defs}
