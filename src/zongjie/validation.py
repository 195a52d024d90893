"""Stage 2: plain data → the typed facts of :mod:`zongjie.model`, each value with its origin.

One validator walks each class's ``FIELDS`` table over the data of any source (a YAML
or JSON document, a mapping); every value it types gets an :class:`~zongjie.provenance.Origin`
(key path, and line and column where the source was text), every problem becomes a located
diagnostic at once.  It keeps going past a problem, so one run reports everything, and
hands the checks of :mod:`zongjie.checks` what they run on: every text it read (a
:class:`Leaf`), every model object that is valid on its own, and the top-level values.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from decimal import Decimal
from functools import cache
from typing import Any

from .constants import KINDS, SECTIONS
from .formal import BUILTIN_TABLES
from .linescan import ZERO_WIDTH
from .loading import Document
from .model import CLASSES, F, Facts, Item, Unit, label, zh_type
from .validator_base import KNOWN_KEYS as KNOWN_KEYS
from .validator_base import MAX_LIST as MAX_LIST
from .validator_base import MAX_SUB_LEVELS as MAX_SUB_LEVELS
from .validator_base import ROOT, At, ValidatorBase
from .validator_base import Leaf as Leaf
from .validator_base import Validated as Validated
from .validator_base import close_matches as close_matches
from .values import (
    Figure,
    Period,
    Quantity,
    ValueProblem,
    cn_date,
    parse_date,
    parse_period,
    parse_quantity,
)
from .writing import clean_text


class _Validator(ValidatorBase):
    """The kinds of value a field may hold (``F.kind``): ``value`` dispatches to ``_<kind>``."""

    # -- leaves
    def _text(self, f: F, raw: Any, at: At, role: str = "") -> str | None:
        if not role:  # an item's 标题 is a heading: zongjie numbers it
            role = (
                "heading"
                if f.attr == "title" and len(at.canon) > 1 and isinstance(at.canon[-2], int)
                else "text"
            )
        if raw is None:
            self.fail(
                at,
                "empty-value",
                f"“{label(at.canon)}”尚未填写：请填写文字，或删去这一行。",
                key=isinstance(at.canon[-1], str),
            )
            return None
        if isinstance(raw, bool) or not isinstance(raw, (str, int, Decimal)):
            hint = "若是多段内容，请写在一段文字里。" if isinstance(raw, (list, dict)) else ""
            self.fail(at, "wrong-type", f"“{label(at.canon)}”应为文字，这里是{zh_type(raw)}。{hint}")
            return None
        self.leaf(at, str(raw), role)
        text = clean_text(ZERO_WIDTH.sub("", str(raw)))  # from a mapping: a YAML file's are gone already
        if not text:
            self.fail(at, "empty-value", f"“{label(at.canon)}”尚未填写：请填写文字，或删去这一行。")
            return None
        return text

    def _kind(self, f: F, raw: Any, at: At) -> str | None:
        if not isinstance(raw, str) or raw not in KINDS:
            near = close_matches(str(raw), KINDS, n=1, cutoff=0.3)
            hint = f"是否为“{near[0]}”？" if near else ""
            self.fail(at, "unknown-kind", f"未知文种“{raw}”。{hint}可选：" + "、".join(KINDS) + "。")
            return None
        return raw

    def _date(self, f: F, raw: Any, at: At) -> dt.date:
        if isinstance(raw, str):
            self.leaf(at, raw, "value")
        return parse_date(raw)

    def _as_of(self, f: F, raw: Any, at: At) -> str | None:
        """截至: a date (printed 2023年12月31日) or a time in words (2023年末)."""
        if isinstance(raw, (dt.date, dt.datetime)):
            return cn_date(parse_date(raw))
        if isinstance(raw, str):
            try:
                return cn_date(parse_date(raw))
            except ValueProblem:
                pass
        return self._text(f, raw, at)

    def _period(self, f: F, raw: Any, at: At) -> Period:
        if isinstance(raw, str):
            self.leaf(at, raw, "value")
        return parse_period(raw)

    def _quantity(self, f: F, raw: Any, at: At) -> Quantity | None:
        if isinstance(raw, dict):
            return self._figure(f, raw, at)
        if isinstance(raw, str):
            self.leaf(at, raw, "value")
            if f.unit in _COUNT_UNITS and raw.strip().endswith(("%", "％")):
                raise ValueProblem(
                    "share-for-count",
                    f"是{'人数' if f.unit == '名' else '个数'}，这里写的是占比“{raw.strip()}”："
                    f"占比由 zongjie 计算，请填{'人数，如 9名' if f.unit == '名' else '个数，如 3个'}。",
                )
        q = parse_quantity(raw, f.unit, integer=f.integer)
        allowed = _COUNT_UNITS.get(f.unit)
        if allowed is not None and q.unit not in allowed:
            extra = q.unit[1:] if q.unit[:1] in allowed else ""
            why = f"单位后多了“{extra}”，报告中会重复印出（如“党员{q.text}”）" if extra else f"这里的单位是“{q.unit}”"
            raise ValueProblem(
                "foreign-unit",
                f"应以“{allowed[0]}”计，{why}：请只写数字和“{allowed[0]}”，"
                f"如“{q.text[: len(q.text) - len(q.unit)]}{allowed[0]}”。",
            )
        return q

    def _figure(self, f: F, raw: dict[Any, Any], at: At) -> Figure | None:
        """The mapping form of a figure: ``{总数: …, 其中: {…}, 上期: …}``."""
        found: dict[str, tuple[str, Any]] = {}
        for key, value in raw.items():
            name = _FIGURE_KEYS.get(str(key))
            if name is None:
                near = close_matches(str(key), ["总数", "其中", "上期"])
                hint = f"是否为“{near[0]}”？" if near else "可用的字段有 总数、其中、上期。"
                self.fail(at.key(key), "unknown-key", f"未知字段“{key}”，{hint}", key=True)
                self.stray(value, at.key(key))
            else:
                found[name] = (str(key), value)
        if "总数" not in found:
            self.fail(
                at,
                "missing-key",
                f"“{label(at.canon)}”写成了映射，却缺少“总数”：请写成 {{总数: 12名, 其中: {{…}}}}。",
                key=True,
            )
            return None
        scalar = replace(f, kind="quantity", required=True)
        total = self.value(scalar, found["总数"][1], at.key(found["总数"][0], "总数"))
        parts: dict[str, Quantity] | None = {}
        if "其中" in found:
            parts = self._figures(replace(f, kind="figures"), found["其中"][1], at.key(found["其中"][0], "其中"))
        previous = None
        if "上期" in found:
            previous = self.value(scalar, found["上期"][1], at.key(found["上期"][0], "上期"))
            if previous is None:
                return None
        if total is None or parts is None:
            return None
        return Figure.of(total, tuple(parts.items()), previous)

    # -- containers
    def _unit(self, f: F, raw: Any, at: At) -> Unit | None:
        if isinstance(raw, (str, int)) and not isinstance(raw, bool):
            name = self._text(f, raw, at)
            return self.after(Unit, Unit(name, origin=self.origin(at)), at) if name else None
        return self.model(Unit, raw, at)  # type: ignore[no-any-return]

    def _model(self, f: F, raw: Any, at: At) -> Any:
        return self.model(CLASSES[f.model], raw, at)

    def _item(self, raw: Any, at: At) -> Item | None:
        if raw is None:
            self.fail(
                at, "empty-value", f"“{label(at.canon)}”这一条尚未填写：请在“- ”后写上内容，或删去这一行。"
            )
            return None
        if isinstance(raw, (str, int)) and not isinstance(raw, bool):
            text = self._text(_ITEM_TEXT, raw, at, "item")
            return self.after(Item, Item(text=text, plain=True, origin=self.origin(at)), at) if text else None
        if isinstance(raw, list):
            self.fail(
                at, "wrong-type", "条目应为一段文字或“标题/内容/要点/数据/条目”映射，这里是列表：请检查缩进。"
            )
            return None
        return self.model(Item, raw, at)  # type: ignore[no-any-return]

    def _items(self, f: F, raw: Any, at: At) -> list[Item] | None:
        if raw is None or raw == []:
            if f.required:
                self.fail(
                    at,
                    "empty-section",
                    f"“{label(at.canon)}”这一部分不能为空：请至少写一条，每条以“- ”开头。",
                )
                return None
            return []
        if not isinstance(raw, list):
            self._not_a_list(raw, at)
            return None
        if sum(1 for p in at.canon if p == "条目") > MAX_SUB_LEVELS:
            self.fail(
                at.key(0),
                "item-too-deep",
                "条目超过四级（一、（一）1.（1））：公文正文最多四级标题，请把这一级并入上一级的“内容”或“要点”。",
            )
            self.stray(raw, at)
            return None
        if not self._countable(raw, at):
            return None
        items = [self._item(r, at.key(i)) for i, r in enumerate(raw)]
        return None if any(i is None for i in items) else items  # type: ignore[return-value]

    def _countable(self, raw: list[Any], at: At) -> bool:
        """Items and points are numbered in Chinese (一 … 九百九十九): at most :data:`MAX_LIST`."""
        if len(raw) <= MAX_LIST:
            return True
        self.fail(
            at.key(MAX_LIST),
            "too-many",
            f"“{label(at.canon)}”有 {len(raw)} 条，超过 {MAX_LIST} 条的上限（序号用汉字，最多到“九百九十九”）："
            "请合并相近的条目，或分成几份报告。",
        )
        self.stray(raw, at)
        return False

    def _models(self, f: F, raw: Any, at: At) -> list[Any] | None:
        if not isinstance(raw, list):
            self._not_a_list(raw, at)
            return None
        if not self._countable(raw, at):
            return None
        out = [self.model(CLASSES[f.model], r, at.key(i)) for i, r in enumerate(raw)]
        return None if any(o is None for o in out) else out

    def _flag(self, f: F, raw: Any, at: At) -> bool | None:
        """是/否 (also true/false, 1/0)."""
        value = {"是": True, "否": False, "1": True, "0": False}.get(str(raw).strip(), raw)
        if isinstance(value, bool):
            return value
        self.fail(at, "wrong-type", f"“{label(at.canon)}”应写“是”或“否”，这里是“{raw}”。")
        return None

    def _names(self, f: F, raw: Any, at: At) -> list[str] | None:
        """One or more names: a list, or one text with the names apart by 、，, or ；."""
        if isinstance(raw, list):
            names = [self._text(f, r, at.key(i), "value") for i, r in enumerate(raw)]
            return None if any(n is None for n in names) else names  # type: ignore[return-value]
        text = self._text(f, raw, at, "value")
        if text is None:
            return None
        return [n.strip() for n in re.split(r"[、，,；;]", text.rstrip("。")) if n.strip()]

    def _table(self, f: F, raw: Any, at: At) -> str | list[list[str]] | None:
        """A built-in table by name, or rows of cells (the first row is the header)."""
        if isinstance(raw, str):
            name = raw.strip()
            if name not in BUILTIN_TABLES:
                near = close_matches(name, BUILTIN_TABLES, n=1, cutoff=0.3)
                hint = f"是否为“{near[0]}”？" if near else ""
                self.fail(
                    at,
                    "unknown-table",
                    f"没有名为“{name}”的内置表格。{hint}可用：" + "、".join(BUILTIN_TABLES)
                    + "；自己的表格请每行写一个列表，如 - [序号, 姓名, 职务]。",
                )
                return None
            return name
        if not isinstance(raw, list) or not raw or not all(isinstance(r, list) and r for r in raw):
            self.fail(
                at,
                "wrong-type",
                f"“{label(at.canon)}”应为内置表格名称，或每行一个列表（第一行是表头），如 - [序号, 姓名, 职务]。",
            )
            return None
        rows: list[list[str]] = []
        for i, row in enumerate(raw):
            cells: list[str] = []
            for j, cell in enumerate(row):
                where = at.key(i).key(j)
                if isinstance(cell, (dict, list)) or isinstance(cell, bool):
                    self.fail(where, "wrong-type", f"表格第{i + 1}行第{j + 1}格应为文字或数字，这里是{zh_type(cell)}。")
                    return None
                text = "" if cell is None else clean_text(str(cell)).replace("\n\n", " ")
                if text:
                    self.leaf(where, str(cell), "value")
                cells.append(text)
            rows.append(cells)
        width = len(rows[0])
        for i, row in enumerate(rows[1:], 2):
            if len(row) != width:
                self.fail(
                    at.key(i - 1),
                    "table-shape",
                    f"表格第{i}行有{len(row)}格，表头有{width}格：每行的格数应与表头相同（空格写 \"\"）。",
                )
                return None
        return rows

    def _not_a_list(self, raw: Any, at: At) -> None:
        self.fail(
            at, "wrong-type", f"“{label(at.canon)}”应为列表，这里是{zh_type(raw)}：每条另起一行，以“- ”开头。"
        )

    def _texts(self, f: F, raw: Any, at: At) -> list[str] | None:
        if not isinstance(raw, list):
            self._not_a_list(raw, at)
            return None
        if not self._countable(raw, at):
            return None
        texts = [self._text(f, r, at.key(i), "point") for i, r in enumerate(raw)]
        return None if any(t is None for t in texts) else texts  # type: ignore[return-value]

    def _figures(self, f: F, raw: Any, at: At) -> dict[str, Quantity] | None:
        if not isinstance(raw, dict):
            self.fail(
                at,
                "wrong-type",
                f"“{label(at.canon)}”应为“字段: 值”映射（每行“名称: 数量”），这里是{zh_type(raw)}。",
            )
            return None
        figure = _figure_field(f.unit, f.integer)
        out: dict[str, Quantity | None] = {}
        for k, v in raw.items():
            # a label prints inside a sentence: line breaks (U+2028, \r …) and runs of spaces
            # are noise, as in a text
            name = clean_text(ZERO_WIDTH.sub("", str(k))).replace("\n\n", "")
            where = at.key(k, name)
            self.leaf(where, str(k), "key")
            if not name:
                self.fail(where, "empty-value", f"“{label(at.canon)}”中有一项没有名称：请写成“名称: 数量”。", key=True)
                continue
            if name in out:
                self.fail(
                    where, "duplicate-key", f"数据名称“{name}”写了两次：请合并或删去其中一个。", key=True
                )
                continue
            out[name] = self.value(figure, v, where)
        return None if any(v is None for v in out.values()) else out  # type: ignore[return-value]

    def _titles(self, f: F, raw: Any, at: At) -> dict[str, str] | None:
        if not isinstance(raw, dict):
            self.fail(
                at, "wrong-type", f"“{label(at.canon)}”应为“章节名: 新标题”映射，这里是{zh_type(raw)}。"
            )
            return None
        english = {v: k for k, v in SECTIONS.items()}
        out: dict[str, str] = {}
        for key, title in raw.items():
            name = english.get(str(key), str(key))
            if name not in SECTIONS:
                near = close_matches(str(key), list(SECTIONS), n=1, cutoff=0.3)
                hint = f"是否为“{near[0]}”？" if near else ""
                self.fail(
                    at.key(key),
                    "unknown-section",
                    f"没有名为“{key}”的章节。{hint}可改名的章节：" + "、".join(SECTIONS) + "。",
                    key=True,
                )
                continue
            text = self._text(f, title, at.key(key, name))
            if text:
                out[name] = text
        return out



_ITEM_TEXT = F("text", "内容", "text", "text", "")
_FIGURE_KEYS = {"总数": "总数", "total": "总数", "其中": "其中", "of_which": "其中", "上期": "上期", "previous": "上期"}
#: the units a count may be written in (people: 名 or 人; Party bodies: 个), the first the usual one
_COUNT_UNITS = {"名": ("名", "人"), "个": ("个",)}


@cache
def _figure_field(unit: str, integer: bool) -> F:
    """The field of one figure of a 数据 mapping (its messages name it by its path)."""
    return F("figure", "数据", "data", "quantity", "", True, unit, integer)


def validate(doc: Document) -> Validated:
    """The typed facts of a loaded document (None when anything is wrong), every problem
    as a located diagnostic, and what the checks run on."""
    v = _Validator(doc)
    facts = v.model(Facts, doc.data, ROOT)
    if v.diagnostics:
        facts = None
    return Validated(facts, v.diagnostics, v.leaves, v.objects, v.provenance, v.top)
