"""The field table every model class declares (``FIELDS``), and how values are named in
messages; shared by the model, the validator and the JSON Schema."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .constants import PathKey


@dataclass(frozen=True)
class F:
    """One key of a mapping: attribute, Chinese key, English alias, what it holds."""

    attr: str
    zh: str
    en: str
    kind: str  # text, kind, date, period, quantity, unit, items, texts, figures, titles, model, models,
    # as_of, flag, names, table
    description: str
    required: bool = False
    unit: str = ""  # default unit of the quantities it holds
    integer: bool = False
    model: str = ""  # the class held by a "model" field


def zh_type(value: Any) -> str:
    """How a YAML value's type is called in a message for office staff."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "是/否"
    if isinstance(value, (int, float)) or isinstance(value, Decimal):
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


def label(path: PathKey) -> str:
    """主要做法第2条→数据→发放意见表 — a human name for a location."""
    parts: list[str] = []
    for p in path:
        if isinstance(p, int):
            if parts:
                parts[-1] += f"第{p + 1}条"
        else:
            parts.append(p)
    return "→".join(parts)
