"""Stage 2 (continued): validating raw YAML data into the typed facts of :mod:`zongjie.model`.

One validator walks each class's ``FIELDS`` table; every problem is a
:class:`~zongjie.model.Problem` with a path, a diagnostic code and a Chinese message, and
:mod:`zongjie.checks` adds the file, line and column.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache
from typing import Any

from .constants import KINDS, SECTIONS, PathKey
from .model import CLASSES, F, Facts, Item, Problem, Unit, field_of, label, zh_type
from .values import (
    PERIOD_EXAMPLES,
    QUANTITY_EXAMPLES,
    Period,
    Quantity,
    ValueProblem,
    parse_date,
    parse_period,
    parse_quantity,
)


def _close(word: str, choices: Any, n: int = 1, cutoff: float = 0.3) -> list[str]:
    import difflib  # only when something is misspelt

    return difflib.get_close_matches(word, list(choices), n=n, cutoff=cutoff)


_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’—…·"
_FOLD_SPACE = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


def clean_text(value: str) -> str:
    """Paragraphs apart by a blank line; inside one, a line break or the space a folded
    YAML scalar leaves is noise between Chinese characters and one space elsewhere."""
    stripped = value.strip()
    if not _ANY_SPACE.search(stripped):
        return stripped  # no inner whitespace: the usual case
    paragraphs = (_FOLD_SPACE.sub("", p.strip()) for p in _PARAGRAPH_BREAK.split(value))
    return "\n\n".join(_SPACES.sub(" ", p) for p in paragraphs if p)


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000]*\n")
_ANY_SPACE = re.compile(r"\s")
_SPACES = re.compile(r"\s+")


class _Validator:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: PathKey, code: str, message: str, at_key: bool = False, missing: str = "") -> None:
        self.problems.append(Problem(path, code, message, at_key, missing))

    def model(self, cls: type[Any], raw: Any, path: PathKey) -> Any:
        if not isinstance(raw, dict):
            self.fail(
                path,
                "wrong-type",
                f"“{label(path)}”应为“字段: 值”映射（在下一行缩进书写各字段），这里是{zh_type(raw)}。",
            )
            return None
        before = len(self.problems)
        values: dict[str, Any] = {}
        used: dict[str, str] = {}
        for key in raw:
            f = field_of(cls, str(key))
            if f is None:
                self.fail((*path, key), "unknown-key", str(key), at_key=True)
            elif f.attr in used:
                self.fail(
                    (*path, key),
                    "duplicate-key",
                    f"“{key}”与“{used[f.attr]}”是同一个字段，只能写一个：请删去其中一个。",
                    at_key=True,
                )
            else:
                used[f.attr] = str(key)
        for f in cls.FIELDS:
            if f.attr not in used:
                if f.required:
                    where = f"“{label(path)}”中" if path else ""
                    self.fail(
                        path,
                        "missing-key",
                        f"{where}缺少必填字段“{f.zh}”：请补上，写法见 docs/facts.md。",
                        at_key=True,
                        missing=f.zh,
                    )
                continue
            key = used[f.attr]
            value = self.value(f, raw[key], (*path, key))
            if value is not None:
                values[f.attr] = value
        if len(self.problems) > before:
            return None
        return self.after(cls, cls(**values), path)

    def after(self, cls: type[Any], obj: Any, path: PathKey) -> Any:
        if cls is Item:
            if obj.items and not (obj.title or obj.text or obj.points or obj.data):
                self.fail(
                    path,
                    "empty-item",
                    "这一条只有下级“条目”，没有自己的“标题”或“内容”：编号后只剩一个序号，请为它写上“标题”。",
                )
                return None
            if not (obj.title or obj.text or obj.points or obj.data or obj.items):
                self.fail(
                    path,
                    "empty-item",
                    "这一条没有任何内容：请填写“标题”“内容”“要点”“数据”或“条目”之一，或删去它。",
                )
                return None
        return obj

    def value(self, f: F, raw: Any, path: PathKey) -> Any:
        if isinstance(raw, str) and not raw.strip():
            raw = None  # 文种: "" is as unfilled as 文种:
        if raw is None and f.kind not in ("items",):
            if not f.required:
                return None  # an optional key left empty counts as absent
            what = {
                "unit": "请写上单位名称，如“城关镇”“象山社区”。",
                "period": f"请写上期间，如 {PERIOD_EXAMPLES}。",
                "kind": "可选 " + "、".join(KINDS) + "。",
                "quantity": f"请写上数量，如 {QUANTITY_EXAMPLES}。",
            }
            self.fail(
                path,
                "empty-value",
                f"“{label(path)}”尚未填写：" + what.get(f.kind, "请填写，或删去这一行。"),
                at_key=True,
            )
            return None
        try:
            return getattr(self, f"_{f.kind}")(f, raw, path)
        except ValueProblem as exc:
            name = label(path)
            prefix = f"{name}：" if exc.message.startswith("“") else f"“{name}”"
            self.fail(
                path,
                exc.code,
                prefix + exc.message if exc.code not in ("bad-period", "period-order") else exc.message,
            )
            return None

    # -- leaves
    def _text(self, f: F, raw: Any, path: PathKey) -> str | None:
        if raw is None:
            self.fail(
                path,
                "empty-value",
                f"“{label(path)}”尚未填写：请填写文字，或删去这一行。",
                at_key=isinstance(path[-1], str),
            )
            return None
        if isinstance(raw, bool) or (not isinstance(raw, (str, int)) and not isinstance(raw, Decimal)):
            hint = "若是多段内容，请写在一段文字里。" if isinstance(raw, (list, dict)) else ""
            self.fail(path, "wrong-type", f"“{label(path)}”应为文字，这里是{zh_type(raw)}。{hint}")
            return None
        text = clean_text(str(raw))
        if not text:
            self.fail(path, "empty-value", f"“{label(path)}”尚未填写：请填写文字，或删去这一行。")
            return None
        return text

    def _kind(self, f: F, raw: Any, path: PathKey) -> str | None:
        if raw not in KINDS:
            near = _close(str(raw), KINDS, n=1, cutoff=0.3)
            hint = f"是否为“{near[0]}”？" if near else ""
            self.fail(path, "unknown-kind", f"未知文种“{raw}”。{hint}可选：" + "、".join(KINDS) + "。")
            return None
        return str(raw)

    def _date(self, f: F, raw: Any, path: PathKey) -> dt.date:
        return parse_date(raw)

    def _period(self, f: F, raw: Any, path: PathKey) -> Period:
        return parse_period(raw)

    def _quantity(self, f: F, raw: Any, path: PathKey) -> Quantity:
        return parse_quantity(raw, f.unit, integer=f.integer)

    # -- containers
    def _unit(self, f: F, raw: Any, path: PathKey) -> Unit | None:
        if isinstance(raw, (str, int)) and not isinstance(raw, bool):
            name = self._text(f, raw, path)
            return Unit(name) if name else None
        return self.model(Unit, raw, path)  # type: ignore[no-any-return]

    def _model(self, f: F, raw: Any, path: PathKey) -> Any:
        return self.model(CLASSES[f.model], raw, path)

    def _item(self, raw: Any, path: PathKey) -> Item | None:
        if raw is None:
            self.fail(
                path, "empty-value", f"“{label(path)}”这一条尚未填写：请在“- ”后写上内容，或删去这一行。"
            )
            return None
        if isinstance(raw, (str, int)) and not isinstance(raw, bool):
            text = self._text(f_item_text, raw, path)
            return Item(text=text) if text else None
        if isinstance(raw, list):
            self.fail(
                path,
                "wrong-type",
                "条目应为一段文字或“标题/内容/要点/数据/条目”映射，这里是列表：请检查缩进。",
            )
            return None
        return self.model(Item, raw, path)  # type: ignore[no-any-return]

    def _items(self, f: F, raw: Any, path: PathKey) -> list[Item] | None:
        if raw is None or raw == []:
            if f.required:
                self.fail(
                    path, "empty-section", f"“{label(path)}”这一部分不能为空：请至少写一条，每条以“- ”开头。"
                )
                return None
            return []
        if not isinstance(raw, list):
            self._not_a_list(raw, path)
            return None
        items = [self._item(r, (*path, i)) for i, r in enumerate(raw)]
        return None if any(i is None for i in items) else items  # type: ignore[return-value]

    def _not_a_list(self, raw: Any, path: PathKey) -> None:
        self.fail(
            path, "wrong-type", f"“{label(path)}”应为列表，这里是{zh_type(raw)}：每条另起一行，以“- ”开头。"
        )

    def _texts(self, f: F, raw: Any, path: PathKey) -> list[str] | None:
        if not isinstance(raw, list):
            self._not_a_list(raw, path)
            return None
        texts = [self._text(f, r, (*path, i)) for i, r in enumerate(raw)]
        return None if any(t is None for t in texts) else texts  # type: ignore[return-value]

    def _figures(self, f: F, raw: Any, path: PathKey) -> dict[str, Quantity] | None:
        if not isinstance(raw, dict):
            self.fail(
                path,
                "wrong-type",
                f"“{label(path)}”应为“字段: 值”映射（每行“名称: 数量”），这里是{zh_type(raw)}。",
            )
            return None
        figure = _figure_field(f.unit, f.integer)
        out = {str(k): self.value(figure, v, (*path, k)) for k, v in raw.items()}
        return None if any(v is None for v in out.values()) else out

    def _titles(self, f: F, raw: Any, path: PathKey) -> dict[str, str] | None:
        if not isinstance(raw, dict):
            self.fail(path, "wrong-type", f"“{label(path)}”应为“章节名: 新标题”映射，这里是{zh_type(raw)}。")
            return None
        english = {v: k for k, v in SECTIONS.items()}
        out: dict[str, str] = {}
        for key, title in raw.items():
            name = english.get(str(key), str(key))
            if name not in SECTIONS:
                near = _close(str(key), list(SECTIONS), n=1, cutoff=0.3)
                hint = f"是否为“{near[0]}”？" if near else ""
                self.fail(
                    (*path, key),
                    "unknown-section",
                    f"没有名为“{key}”的章节。{hint}可改名的章节：" + "、".join(SECTIONS) + "。",
                    at_key=True,
                )
                continue
            text = self._text(f, title, (*path, key))
            if text:
                out[name] = text
        return out


f_item_text = F("text", "内容", "text", "text", "")


@cache
def _figure_field(unit: str, integer: bool) -> F:
    """The field of one figure of a 数据 mapping (its messages name it by its path)."""
    return F("figure", "数据", "data", "quantity", "", True, unit, integer)


def validate(data: Any, cls: type[Any] = Facts, path: PathKey = ()) -> tuple[Any, list[Problem]]:
    """Raw data → an instance of ``cls`` (None when anything is wrong) and every problem."""
    v = _Validator()
    obj = v.model(cls, data, path)
    return (obj if not v.problems else None), v.problems
