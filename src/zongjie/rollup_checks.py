"""The roll-up's cross-unit checks, each located in its unit's file or cell: a figure most units
give and a few do not (``rollup-missing``), approximate figures and ranges (``rollup-approx``),
figures in different units (``rollup-unit``), and labels that differ by a typo or a near-synonym
from the one most units use (``rollup-label``).  Different periods and a unit given twice are
found where the units are counted (:func:`zongjie.rollup_sums.rollup`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from .constants import PathKey
from .diagnostics import Diagnostic
from .labels import CATEGORIES
from .values import Quantity

if TYPE_CHECKING:
    from .provenance import Origin
    from .rollup_sums import Label, Unit

#: item sections (as in zongjie.rollup_sums)
_SECTIONS = ("主要做法", "特色亮点", "存在问题", "下步打算")


def missing(u: Unit, label: Label, holders: int, n: int) -> Diagnostic:
    return _where(u, label).diagnostic(
        "rollup-missing",
        f"{n}个单位中有{holders}个填写了“{'.'.join(label)}”，{u.name}没有填：这一项因此没有汇总，"
        "请补上这项数字（没有就写 0）。",
    )


def _where(u: Unit, label: Label) -> Origin:
    """The place in a unit's source where a figure of ``label`` belongs."""
    assert u.summary is not None
    path: PathKey = ("概况", *label) if label[0] not in _SECTIONS else (label[0],)
    places = u.summary.places
    if label in u.cells:  # the empty cell of a workbook row
        return replace(places[("单位",)], path=path, cell=u.cells[label])
    near = path
    while near and near not in places:
        near = near[:-1]
    found = places.get(near) or places[("单位",)]
    return replace(found, path=path, key_line=0, key_column=0)


def not_summable(label: Label, parts: list[tuple[Unit, Quantity, Origin]], diags: list[Diagnostic]) -> str:
    """Why these quantities cannot be added up ("" when they can); warnings located in the units."""
    inexact = [(u, q, o) for u, q, o in parts if not q.is_exact]
    for u, q, o in inexact:
        diags.append(
            o.diagnostic(
                "rollup-approx",
                f"{u.name}的“{label[-1]}”是约数或范围（{q.text}），不能与其他单位相加：这一项没有汇总，"
                "请改为确切数字。",
            )
        )
    if inexact:
        return "有约数或范围"
    if any(q.is_percent for _, q, _ in parts):
        return "百分比不能相加"
    kinds = Counter(_measure(q) for _, q, _ in parts)
    if len(kinds) > 1:
        usual = kinds.most_common(1)[0][0]
        for u, q, o in parts:
            if _measure(q) != usual:
                diags.append(
                    o.diagnostic(
                        "rollup-unit",
                        f"{u.name}的“{label[-1]}”单位是“{q.unit or '（无）'}”，其他单位是“{usual or '（无）'}”："
                        "单位不同不能相加，请统一单位，或改用不同的名称。",
                    )
                )
        return "各单位的单位不同"
    return ""


def _measure(q: Quantity) -> str:
    return "元" if q.is_money else q.unit


def near_label(label: Label, units: list[Unit], holders: list[Unit]) -> bool:
    """Whether the units without ``label`` wrote a near label instead (reported as a typo)."""
    return any(close(label, other) for u in units if u not in holders for other in u.figures)


def close(a: Label, b: Label) -> bool:
    import difflib

    if a[:-1] != b[:-1] or a == b:
        return False
    x, y = a[-1], b[-1]
    if [c for c in x if c.isdigit()] != [c for c in y if c.isdigit()]:
        return False  # 31岁至35岁 and 36岁至40岁 are different buckets, not a typo
    return x in y or y in x or difflib.SequenceMatcher(None, x, y).ratio() >= 0.75


def typos(units: list[Unit], given: Counter[Label]) -> list[Diagnostic]:
    """``rollup-label``: a label few units use, close to one more units use."""
    out: list[Diagnostic] = []
    for label, count in given.items():
        better = [b for b in given if given[b] > count and close(label, b)]
        if not better:
            continue
        target = max(better, key=lambda b: given[b])
        place = label[:-1]
        hint = "（党内统计的标准名称）" if place in CATEGORIES and target[-1] in CATEGORIES[place].standard else ""
        for u in units:
            for _, origin in u.figures.get(label, []):
                out.append(
                    origin.diagnostic(
                        "rollup-label",
                        f"{u.name}写作“{label[-1]}”，{given[target]}个单位写作“{target[-1]}”{hint}：名称不同就不能相加，"
                        f"这一项没有汇总，请改为“{target[-1]}”。",
                        key=True,
                    )
                )
    return out
