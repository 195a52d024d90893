"""Figures placed in sentences: ``【标签】`` in a text prints the figure of that label there.

A label is looked up in the item's own 数据, then in its parent items', then in 概况.数据;
``【【标签】】`` is the literal ``【标签】``.  One walk over the typed facts finds every placement
for both the checks (unknown labels, a figure placed twice) and the drafting (which figure
goes where, and which figures are printed after their item's text because no text placed them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .constants import PathKey
from .diagnostics import Diagnostic
from .model import Item, label
from .provenance import Origin

#: ``【标签】`` places a figure; ``【【标签】】`` is the literal ``【标签】``
REF = re.compile(r"【【([^【】\n]*)】】|【([^【】\n]+)】")


@dataclass(frozen=True)
class Placement:
    """``【label】`` in the text at ``text`` (a key path) places the figure at ``figure``."""

    text: PathKey
    label: str
    figure: PathKey


@dataclass
class Placements:
    found: list[Placement] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def placed(self) -> set[PathKey]:
        """The figures some text places (not printed again after their item's text)."""
        return {p.figure for p in self.found}

    def in_text(self, path: PathKey) -> dict[str, PathKey]:
        """Label → figure path, for the text at ``path``."""
        return {p.label: p.figure for p in self.found if p.text == path}


_SECTIONS = (("主要做法", "practices"), ("特色亮点", "highlights"), ("存在问题", "problems"), ("下步打算", "plans"))


def _item_texts(item: Item, path: PathKey) -> Iterator[tuple[PathKey, str, Origin]]:
    if item.text:
        where = path if item.plain else (*path, "内容")
        yield where, item.text, item.origin if item.plain else item.origin.child("内容")
    for i, point in enumerate(item.points):
        yield (*path, "要点", i), point, item.origin.child("要点", i)


def place(top: dict[str, Any]) -> Placements:
    """Every placement in the facts (``top``: the top-level values by attribute, as validated)."""
    out = Placements()
    profile = top.get("profile")
    base: dict[str, PathKey] = {}
    texts: list[tuple[PathKey, str, Origin, list[dict[str, PathKey]]]] = []
    if profile is not None:
        base = {name: ("概况", "数据", name) for name in profile.data}
        for attr, key in (("intro", "简介"), ("note", "说明")):
            if getattr(profile, attr):
                texts.append((("概况", key), getattr(profile, attr), profile.origin.child(key), [base]))
    everywhere: dict[str, list[PathKey]] = {name: [path] for name, path in base.items()}
    facts_origin = next((v.origin for v in top.values() if hasattr(v, "origin")), None)
    for attr, key in (("opening", "开头"), ("closing", "结尾")):
        if top.get(attr) and facts_origin is not None:
            origin = facts_origin.provenance.origin((key,)) if facts_origin.provenance else facts_origin
            texts.append(((key,), top[attr], origin, [base]))

    def walk(item: Item, path: PathKey, scopes: list[dict[str, PathKey]]) -> None:
        own = {name: (*path, "数据", name) for name in item.data}
        for name, where in own.items():
            everywhere.setdefault(name, []).append(where)
        inner = [own, *scopes]
        for where, text, origin in _item_texts(item, path):
            texts.append((where, text, origin, inner))
        for i, sub in enumerate(item.items):
            walk(sub, (*path, "条目", i), inner)

    for key, attr in _SECTIONS:
        for i, item in enumerate(top.get(attr) or []):
            walk(item, (key, i), [base])
    seen: dict[PathKey, int] = {}
    for where, text, origin, scopes in texts:
        for m in REF.finditer(text):
            name = m.group(2)
            if name is None:
                continue  # 【【X】】
            figure = next((scope[name] for scope in scopes if name in scope), None)
            occurrence = text[: m.start()].count(m.group())
            at = origin.locate(m.group(), occurrence)
            if figure is None:
                out.diagnostics.append(origin.diagnostic("unknown-ref", _unknown(name, scopes, everywhere), at=at))
                continue
            seen[figure] = seen.get(figure, 0) + 1
            if seen[figure] == 2:
                out.diagnostics.append(
                    origin.diagnostic(
                        "ref-twice",
                        f"“{name}”的数字已在别处引用过一次，这里又引用了一次：同一个数字在报告中只宜出现一次，"
                        "请删去其中一处，或改写为文字。",
                        at=at,
                    )
                )
            out.found.append(Placement(where, name, figure))
    return out


def _unknown(name: str, scopes: list[dict[str, PathKey]], everywhere: dict[str, list[PathKey]]) -> str:
    if name in everywhere:
        owner = label(everywhere[name][0][:-2]) or "概况"
        return (
            f"“【{name}】”引用的数据写在“{owner}”中，不在这一条能引用的范围内："
            "一条只能引用本条、上级条目和“概况→数据”中的数据；请把这项数据移到本条的“数据”中。"
        )
    from .validation import close_matches

    names = [n for scope in scopes for n in scope]
    near = close_matches(name, names, n=1, cutoff=0.4)
    hint = f"是否为“【{near[0]}】”？" if near else (f"这里可引用：{'、'.join(names[:8])}。" if names else "")
    return (
        f"“【{name}】”没有对应的数据：【】中应写本条（或上级条目、概况）“数据”中的名称。{hint}"
        "如要印出方括号本身，请写成“【【…】】”。"
    )
