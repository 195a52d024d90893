"""Stage 3: every problem of the facts, located, in one run — whatever the source.

The checks run on what :mod:`zongjie.validation` made of the source: every text it read
(placeholders, control characters, hand-typed numbering), every model object valid on its
own (sums of 其中, 结构 and 年龄; figures without a unit), and the top-level values (the
date against the period).  Places come from each value's origin, so a YAML file, JSON
and a mapping give the same diagnostics; only the place differs.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from .diagnostics import Diagnostic, sort_diagnostics
from .loading import Document
from .model import Facts, Item, MemberCounts, Organizations, Profile
from .placing import place
from .validation import KNOWN_KEYS, Leaf, validate
from .values import Figure, Quantity, _trim, cn_date
from .writing import NUMBERING, NUMBERING_SHI

__all__ = ["KNOWN_KEYS", "PLACEHOLDER", "PLACEHOLDER_CHARS", "check_document"]

# --------------------------------------------------------------------------- texts

# X, XX, x, ×, ×× standing alone (not part of a Latin word); ** and more; ＊; 某 standing for a name
PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])(?<![A-Za-z]-)(?<!\d(?=[x×]\d))(?:[Xx]+|×+|Ｘ+|ｘ+)(?![A-Za-z])(?!-[A-Za-z])"
    r"|\*{2,}|＊+|□+"
    r"|某{2,}|某(?=[镇乡村县市区省街组队户年月日人]|社区|单位|部门|同志|企业|公司|学校|支部|党委|党总支|小区|项目|书记)"
)
_URL = re.compile(r"(?:https?://|www\.)[\w\-.~:/?#\[\]@!$&'()*+,;=%]+", re.ASCII)
#: every character a placeholder or a control character starts with: a quick test before the scans
PLACEHOLDER_CHARS = re.compile(
    "[Xx×Ｘｘ*＊□某\x00-\x08\x0b\x0c\x0e-\x1f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff]"
)
#: what XML 1.0 cannot hold, and the noncharacters of the draft's marks
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")
#: private-use characters: offices put rare characters of names (生僻字) there
_PRIVATE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


def _leaf(leaf: Leaf) -> list[Diagnostic]:
    out = _numbering(leaf) if leaf.role in ("heading", "point", "item") else []
    text = leaf.text
    if not PLACEHOLDER_CHARS.search(text):  # nothing a placeholder or control character is made of
        return out
    key = leaf.role == "key"
    urls = [u.span() for u in _URL.finditer(text)]
    for m in PLACEHOLDER.finditer(text):
        if any(a <= m.start() < b for a, b in urls):
            continue
        out.append(
            leaf.origin.diagnostic(
                "placeholder",
                f"“{m.group()}”是范文留下的占位符（在“{_excerpt(text, m.start(), m.end())}”中）："
                "请换成真实的名称或数字；不知道的内容请删去，不要留空位。",
                at=_where(leaf, m.start()),
            )
        )
    private = sorted(set(_PRIVATE.findall(text)))
    if private:
        shown = "、".join(f"U+{ord(c):04X}" for c in private[:5])
        out.append(
            leaf.origin.diagnostic(
                "private-use",
                f"这里有私用区字符 {shown}（常用于造字的生僻字）：zongjie 会原样写入报告，"
                "请确认打开报告的电脑装有含这些字的字体，否则会显示为方框。",
                at=_where(leaf, text.index(private[0])),
            )
        )
    for m in _XML_ILLEGAL.finditer(text):
        out.append(
            leaf.origin.diagnostic(
                "control-char",
                f"文字中含有控制字符 U+{ord(m.group()):04X}，会损坏 .docx：请删去（检查双引号里的“\\x”“\\u”转义）。",
                key=key,
            )
        )
    return out


def _where(leaf: Leaf, index: int) -> tuple[int, int]:
    """Line and column of ``leaf.text[index]`` in the source (the value's place if unknown)."""
    origin = leaf.origin
    if leaf.role == "key":
        line, column = origin.place(key=True)
        return (line, column + index) if line else (0, 0)
    needle = leaf.text[index : index + 8].split("\n")[0]
    return origin.locate(needle, leaf.text[:index].count(needle))


def _excerpt(text: str, start: int, end: int) -> str:
    a, b = max(0, start - 6), min(len(text), end + 6)
    return (("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")).replace("\n", "⏎")


def _numbering(leaf: Leaf) -> list[Diagnostic]:
    # 一是/首先 are numbering only in headings and points; 内容 prints as written
    text = leaf.text
    m = NUMBERING.match(text) or (leaf.role != "item" and NUMBERING_SHI.match(text))
    if not (m and text[m.end() :].strip()):
        return []
    return [
        leaf.origin.diagnostic(
            "manual-numbering",
            f"开头的“{m.group().strip()}”是手写的序号：zongjie 会按层级自动编号，生成时已去掉它；请从事实文件中删去。",
            at=leaf.origin.locate(text[: m.end()].strip()),
        )
    ]


# --------------------------------------------------------------------------- figures


def _figures(data: dict[str, Quantity], owner: Any) -> list[Diagnostic]:
    """Figures whose label runs into the number, or that have no unit."""
    out: list[Diagnostic] = []
    for name, q in data.items():
        origin = owner.origin.child("数据", name)
        if name[-1:].isdigit() and q.text.lstrip("约近逾超")[:1].isdigit():
            out.append(
                origin.diagnostic(
                    "label-digit",
                    f"数据名称“{name}”以数字结尾，印出来会和数量连在一起（“{name}{q}”）："
                    f"请在名称后加上单位或说明，如“{name}年”“{name}号”。",
                    key=True,
                )
            )
        if not q.unit and not q.magnitude:
            out.append(
                origin.diagnostic(
                    "no-unit",
                    f"“{name}: {q}”没有单位：报告中会印成“{name}{q}”，请加上单位，如“{q}个”“{q}名”“{q}万元”。",
                )
            )
    return out


def _parts(obj: Any) -> list[Diagnostic]:
    """Every figure of an object written with 其中: its parts may not add up to more than it."""
    out: list[Diagnostic] = []
    for f in type(obj).FIELDS:
        value = getattr(obj, f.attr)
        pairs = value.items() if f.kind == "figures" else [(None, value)] if f.kind == "quantity" else []
        for name, q in pairs:
            if not isinstance(q, Figure) or not q.parts:
                continue
            total, part = _exact_sum([q]), _exact_sum([p for _, p in q.parts])
            if total is not None and part is not None and part > total:
                where = obj.origin.child(f.zh, *([name] if name is not None else []), "其中")
                out.append(
                    where.diagnostic(
                        "subtotal-exceeds",
                        f"“其中”各项之和为{_trim(part)}，超过总数{q.text}：请核对各项数字。",
                        key=True,
                    )
                )
    return out


_BOUND = re.compile(r"^(\d+)岁?(?:及以下|以下)$|^(\d+)岁?(?:及以上|以上)$|^(\d+)[岁\-—至到~～]+(\d+)岁?$")


def _covers_everyone(labels: list[str]) -> bool:
    """Do age buckets claim to cover every member: from “……及以下” to “……及以上” without a gap
    (35岁及以下 / 36岁至60岁 / 61岁及以上)?  Two tails alone do not."""
    spans: list[tuple[float, float]] = []
    for name in labels:
        m = _BOUND.match(name.replace(" ", ""))
        if m is None:
            return False
        if m.group(1):
            low, high = float("-inf"), float(m.group(1)) - (0 if "及" in name else 1)
        elif m.group(2):
            low, high = float(m.group(2)) + (0 if "及" in name else 1), float("inf")
        else:
            low, high = float(m.group(3)), float(m.group(4))
        spans.append((low, high))
    spans.sort()
    if not spans or spans[0][0] != float("-inf") or spans[-1][1] != float("inf"):
        return False
    return all(b[0] == a[1] + 1 for a, b in itertools.pairwise(spans))


#: the education buckets of the national Party statistics (lowest “初中及以下” to 研究生)
EDUCATION = ("研究生", "大学本科", "大学专科", "中专", "高中、中技", "初中及以下")


def _education_covers_everyone(labels: list[str]) -> bool:
    has_low = any(name.endswith("及以下") for name in labels)
    has_high = any(name.endswith("及以上") or name.startswith("研究生") for name in labels)
    return set(EDUCATION) <= set(labels) or (has_low and has_high)


def _exact_sum(values: list[Quantity]) -> Decimal | None:
    if not values or not all(v.is_exact for v in values):
        return None
    return sum((v.value for v in values), Decimal(0))


def _organizations(org: Organizations) -> list[Diagnostic]:
    bodies = org.bodies()
    out: list[Diagnostic] = []
    if org.total is not None and bodies:
        total, part = _exact_sum([org.total]), _exact_sum([q for _, q in bodies])
        if total is not None and part is not None and part > total:
            out.append(
                org.origin.child("总数").diagnostic(
                    "sum-exceeds",
                    f"党委、党总支、党支部等之和为{_trim(part)}个，超过基层党组织总数{_trim(total)}个：请核对。",
                )
            )
    return out + _of_which(org, bodies)


def _of_which(org: Organizations, bodies: list[tuple[str, Quantity]]) -> list[Diagnostic]:
    if not org.of_which:
        return []
    of_which = org.origin.child("其中")
    if not bodies:
        return [
            of_which.diagnostic(
                "missing-total", "写了“其中”却没有总数：请写上“党委”“党总支”或“党支部”的个数。", key=True
            )
        ]
    branches_only = org.branches is not None and all(k.endswith("支部") for k in org.of_which)
    total = _exact_sum([org.branches] if branches_only and org.branches else [q for _, q in bodies])
    part = _exact_sum(list(org.of_which.values()))
    name = "党支部" if branches_only else "党组织"
    if total is not None and part is not None and part > total:
        return [
            of_which.diagnostic(
                "sum-exceeds",
                f"“其中”各项之和为{_trim(part)}个，超过{name}总数{_trim(total)}个：请核对各项数字。",
                key=True,
            )
        ]
    return []


def _members(m: MemberCounts) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    if not m.total.is_exact:
        return out
    total = m.total.value
    part = _exact_sum(list(m.of_which.values()))
    if part is not None and part > total:
        out.append(
            m.origin.child("其中").diagnostic(
                "sum-exceeds",
                f"“其中”各项之和为{_trim(part)}名，超过党员总数{_trim(total)}名：请核对各项数字。",
                key=True,
            )
        )
    for name, q in m.groups.items():
        if q.is_exact and q.value > total:
            out.append(
                m.origin.child("结构", name).diagnostic(
                    "group-exceeds", f"“{name}”{q}超过党员总数{_trim(total)}名：请核对。"
                )
            )
    ages = _exact_sum(list(m.ages.values())) if _covers_everyone(list(m.ages)) else None
    if ages is not None and ages != total:
        out.append(
            m.origin.child("年龄").diagnostic(
                "age-sum",
                f"各年龄段之和为{_trim(ages)}名，与党员总数{_trim(total)}名不符：这些年龄段从最低到最高连续覆盖全部党员，"
                "各段之和应等于总数，请核对。",
                key=True,
            )
        )
    levels = _exact_sum(list(m.education.values())) if _education_covers_everyone(list(m.education)) else None
    if levels is not None and levels != total:
        out.append(
            m.origin.child("学历").diagnostic(
                "age-sum",
                f"各学历段之和为{_trim(levels)}名，与党员总数{_trim(total)}名不符：学历分段覆盖全部党员时，"
                "各段之和应等于总数，请核对。",
                key=True,
            )
        )
    return out


#: the checks of each model class, run on every object of it that is valid on its own
_OBJECT_CHECKS: dict[type[Any], Callable[[Any], list[Diagnostic]]] = {
    Item: lambda item: _figures(item.data, item) + _parts(item),
    Profile: lambda profile: _figures(profile.data, profile) + _parts(profile),
    Organizations: lambda org: _organizations(org) + _parts(org),
    MemberCounts: lambda m: _members(m) + _parts(m),
}


def _tables(top: dict[str, Any]) -> list[Diagnostic]:
    """A built-in table needs the facts it is made of."""
    out: list[Diagnostic] = []
    profile = top.get("profile")
    for attachment in top.get("attachments") or []:
        where = attachment.origin.child("表格")
        if attachment.table == "党员结构" and (profile is None or profile.members is None):
            out.append(
                where.diagnostic(
                    "table-data", "内置表格“党员结构”由“概况→党员”生成，这里没有写党员人数：请补上“概况→党员”，或改用自己的表格。"
                )
            )
        elif attachment.table == "主要指标对比" and not _compared(top):
            out.append(
                where.diagnostic(
                    "table-data",
                    "内置表格“主要指标对比”列出本期与上期的数据，这里没有任何上期数据：请写“上期文件”或在数据中写“上期”。",
                )
            )
    return out


def _compared(top: dict[str, Any]) -> bool:
    """Does any figure carry its previous value?"""

    def walk(value: Any) -> bool:
        if isinstance(value, Figure):
            return value.previous is not None
        if isinstance(value, dict):
            return any(walk(v) for v in value.values())
        if isinstance(value, list):
            return any(walk(v) for v in value)
        if hasattr(value, "FIELDS"):
            return any(walk(getattr(value, f.attr)) for f in value.FIELDS)
        return False

    return any(walk(v) for v in top.values()) or bool(top.get("previous"))


def _dates(top: dict[str, Any], facts_origin: Any) -> list[Diagnostic]:
    day, period = top.get("date"), top.get("period")
    if day is None or period is None or day >= period.start:
        return []
    return [
        facts_origin.diagnostic(
            "date-before-period",
            f"成文日期{cn_date(day)}早于期间开始（{cn_date(period.start)}）：请核对成文日期或期间。",
        )
    ]


# --------------------------------------------------------------------------- entry point


def check_document(doc: Document) -> tuple[Facts | None, list[Diagnostic]]:
    """All diagnostics of a loaded source, in source order, and its facts if it has no error
    (carrying the warnings)."""
    diags = list(doc.diagnostics)
    # a control character was already replaced: the rest of the file can still be checked
    stopped = any(d.is_error and d.code != "control-char" for d in diags)
    if stopped or not isinstance(doc.data, dict):
        return None, sort_diagnostics(diags)
    v = validate(doc)
    diags.extend(v.diagnostics)
    for leaf in v.leaves:
        diags.extend(_leaf(leaf))
    for obj in v.objects:
        check = _OBJECT_CHECKS.get(type(obj))
        if check is not None:
            diags.extend(check(obj))
    diags.extend(_dates(v.top, v.provenance.origin(("成文日期",))))
    diags.extend(place(v.top).diagnostics)
    diags.extend(_tables(v.top))
    diags = sort_diagnostics(diags)
    if v.facts is None or any(d.is_error for d in diags):
        return None, diags
    return replace(v.facts, warnings=tuple(diags)), diags
