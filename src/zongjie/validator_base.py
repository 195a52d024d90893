"""The validator's frame: places (every value's :class:`~zongjie.provenance.Origin`), problems
as located diagnostics, the texts the checks run on (:class:`Leaf`), mappings of a model class
(unknown keys with a suggestion, required keys) and the dispatch of one field to its kind.

The kinds themselves (texts, quantities, items, tables …) are :mod:`zongjie.validation`'s."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .constants import KINDS, PathKey
from .diagnostics import Diagnostic
from .loading import Document
from .model import F, Facts, Item, child_class, field_of, label, zh_type
from .provenance import Origin, Provenance
from .values import (
    PERIOD_EXAMPLES,
    QUANTITY_EXAMPLES,
    ValueProblem,
)


def close_matches(word: str, choices: Any, n: int = 1, cutoff: float = 0.3) -> list[str]:
    import difflib  # only when something is misspelt

    return difflib.get_close_matches(word, list(choices), n=n, cutoff=cutoff)


#: how deep 条目 may nest below a section's items: 一、 is the section, then （一） 1. （1）
MAX_SUB_LEVELS = 2
#: the most items (or points) of one list: their numbers are written in Chinese up to 九百九十九
MAX_LIST = 999


def _index_keys() -> dict[str, list[str]]:
    """Chinese key → where it may stand (for “写错了位置” hints)."""
    where: dict[str, list[str]] = {}

    def visit(cls: type[Any], trail: str) -> None:
        for f in cls.FIELDS:
            where.setdefault(f.zh, []).append(trail or "顶层")
            sub = child_class(f)
            if sub is not None and sub is not cls:
                visit(sub, f"{trail}→{f.zh}" if trail else f.zh)

    visit(Facts, "")
    return where


_WHERE = _index_keys()
KNOWN_KEYS: frozenset[str] = frozenset(_WHERE)


@dataclass(frozen=True)
class Leaf:
    """A text the validator read, as given, with its origin and its role:
    ``text`` (a paragraph), ``heading`` (an item's 标题), ``point`` (one of 要点), ``item``
    (an item written as one string), ``key`` (a label or an unknown key), ``value``
    (a quantity as written, or a value under an unknown key)."""

    origin: Origin
    text: str
    role: str


@dataclass
class Validated:
    """What the validator made of one source."""

    facts: Facts | None
    diagnostics: list[Diagnostic]
    leaves: list[Leaf]
    objects: list[Any]  # every model object valid on its own, in source order
    provenance: Provenance
    top: dict[str, Any] = field(default_factory=dict)  # top-level values that are valid


class At(NamedTuple):
    """A place in the data: the path as written (aliases, for positions) and with the
    contract's Chinese keys (for the model and messages)."""

    raw: PathKey
    canon: PathKey

    def key(self, written: str | int, canonical: str | int | None = None) -> At:
        return At((*self.raw, written), (*self.canon, written if canonical is None else canonical))


ROOT = At((), ())


class ValidatorBase:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.provenance = Provenance(doc.file, doc.text, doc.location)
        self.diagnostics: list[Diagnostic] = []
        self.leaves: list[Leaf] = []
        self.objects: list[Any] = []
        self.top: dict[str, Any] = {}

    # -- places
    def origin(self, at: At) -> Origin:
        known = self.provenance.origins.get(at.canon)
        if known is not None:
            return known
        info = self.doc.nodes.get(at.raw)
        if not at.canon and self.doc.text:  # the file as a whole: its first line
            return self.provenance.add((), 1, 1)
        if info is None:
            cell = getattr(self.doc, "cells", {}).get(at.canon)  # a workbook row (sources.CellDocument)
            if cell:
                return self.provenance.add(at.canon, cell=cell)
            return self.provenance.origin(at.canon)
        return self.provenance.add(
            at.canon, info.line, info.column, info.key_line, info.key_column, (info.start, info.end)
        )

    def fail(self, at: At, code: str, message: str, *, key: bool = False) -> None:
        self.diagnostics.append(self.origin(at).diagnostic(code, message, key=key))

    def leaf(self, at: At, text: str, role: str) -> None:
        self.leaves.append(Leaf(self.origin(at), text, role))

    def stray(self, raw: Any, at: At) -> None:
        """The texts under a key zongjie does not know: still checked for placeholders."""
        if isinstance(raw, dict):
            for k, v in raw.items():
                sub = at.key(k)
                self.leaf(sub, str(k), "key")
                self.stray(v, sub)
        elif isinstance(raw, list):
            for i, v in enumerate(raw):
                self.stray(v, at.key(i))
        elif isinstance(raw, str):
            self.leaf(at, raw, "value")

    # -- mappings of a model class
    def model(self, cls: type[Any], raw: Any, at: At) -> Any:
        if not isinstance(raw, dict):
            self.fail(
                at,
                "wrong-type",
                f"“{label(at.canon)}”应为“字段: 值”映射（在下一行缩进书写各字段），这里是{zh_type(raw)}。",
            )
            return None
        before = len(self.diagnostics)
        used: dict[str, str] = {}  # attribute → the key as written
        meant: set[str] = set()  # Chinese keys an unknown key was taken to mean
        for key in raw:
            f = field_of(cls, str(key))
            if f is None:
                suggested = self.unknown_key(cls, str(key), at.key(key))
                if suggested:
                    meant.add(suggested)
                self.leaf(at.key(key), str(key), "key")
                self.stray(raw[key], at.key(key))
            elif f.attr in used:
                self.fail(
                    at.key(key),
                    "duplicate-key",
                    f"“{key}”与“{used[f.attr]}”是同一个字段，只能写一个：请删去其中一个。",
                    key=True,
                )
            else:
                used[f.attr] = str(key)
        values: dict[str, Any] = {}
        for f in cls.FIELDS:
            if f.attr not in used:
                if f.required and f.zh not in meant:  # “未知字段‘党员总’，是否为‘总数’？” says it
                    where = f"“{label(at.canon)}”中" if at.canon else ""
                    self.fail(
                        at,
                        "missing-key",
                        f"{where}缺少必填字段“{f.zh}”：请补上，写法见 zongjie help facts。",
                        key=True,
                    )
                continue
            value = self.value(f, raw[used[f.attr]], at.key(used[f.attr], f.zh))
            if value is not None:
                values[f.attr] = value
        if cls is Facts:
            self.top = dict(values)
        if len(self.diagnostics) > before:
            return None
        return self.after(cls, cls(**values, origin=self.origin(at)), at)

    def unknown_key(self, cls: type[Any], key: str, at: At) -> str:
        """Report an unknown key; the Chinese key of the field it suggests ("" if none)."""
        known = [k for f in cls.FIELDS for k in (f.zh, f.en)]
        chinese = [k for k in known if not k.isascii()]
        pool = known if key.isascii() else chinese
        near = close_matches(key, pool)
        if not near:  # shared characters count for short Chinese keys: 党员总 → 总数
            scored = sorted(((len(set(key) & set(k)), k) for k in pool), reverse=True)
            near = [scored[0][1]] if scored and scored[0][0] else []
        if near:
            self.fail(at, "unknown-key", f"未知字段“{key}”，是否为“{near[0]}”？", key=True)
            meant = field_of(cls, near[0])
            return meant.zh if meant else ""
        elsewhere = _WHERE.get(key)
        if elsewhere:
            message = f"字段“{key}”不能写在这里：它应写在“{elsewhere[0]}”之下，请调整缩进。"
        else:
            message = f"未知字段“{key}”：这里可用的字段有 {'、'.join(chinese)}。"
        self.fail(at, "unknown-key", message, key=True)
        return ""

    def after(self, cls: type[Any], obj: Any, at: At) -> Any:
        if cls is Item:
            if obj.items and not (obj.title or obj.text or obj.points or obj.data):
                self.fail(
                    at,
                    "empty-item",
                    "这一条只有下级“条目”，没有自己的“标题”或“内容”：编号后只剩一个序号，请为它写上“标题”。",
                )
                return None
            if not (obj.title or obj.text or obj.points or obj.data or obj.items):
                self.fail(
                    at,
                    "empty-item",
                    "这一条没有任何内容：请填写“标题”“内容”“要点”“数据”或“条目”之一，或删去它。",
                )
                return None
        self.objects.append(obj)
        return obj

    # -- one field
    def value(self, f: F, raw: Any, at: At) -> Any:
        self.origin(at)  # every value has its place, whether or not it is valid
        if isinstance(raw, str) and not raw.strip():
            raw = None  # 文种: "" is as unfilled as 文种:
        if raw is None and f.kind != "items":
            if not f.required:
                return None  # an optional key left empty counts as absent
            what = {
                "unit": "请写上单位名称，如“城关镇”“象山社区”。",
                "period": f"请写上期间，如 {PERIOD_EXAMPLES}。",
                "kind": "可选 " + "、".join(KINDS) + "。",
                "quantity": f"请写上数量，如 {QUANTITY_EXAMPLES}。",
            }
            self.fail(
                at,
                "empty-value",
                f"“{label(at.canon)}”尚未填写：" + what.get(f.kind, "请填写，或删去这一行。"),
                key=True,
            )
            return None
        try:
            return getattr(self, f"_{f.kind}")(f, raw, at)
        except ValueProblem as exc:
            name = label(at.canon)
            prefix = f"{name}：" if exc.message.startswith("“") else f"“{name}”"
            plain = exc.code in ("bad-period", "period-order")
            self.fail(at, exc.code, exc.message if plain else prefix + exc.message)
            return None

