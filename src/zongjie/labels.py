"""The standard labels of the national Party statistics, and their near-synonyms.

Labels in a facts file stay free, but the categories of the Party statistics (党内统计年报 and
the yearly 中国共产党党内统计公报 of the 中央组织部) add up across units and years.  This module
holds that vocabulary by where a label stands (``党员.结构``, ``党员.年龄`` …), the near-synonyms
office staff write for them (大专以上学历 → 大专及以上学历党员), and the check ``label-nonstandard``
that suggests the standard label.  Sources and the full list: docs/rollup.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import Diagnostic
from .values import Figure, _ascii_digits

#: where a label stands: the key path of its mapping below 概况
Place = tuple[str, ...]


@dataclass(frozen=True)
class Category:
    """The labels of one place: the standard ones, and near-synonym → standard."""

    name: str  # how a message calls the place
    standard: tuple[str, ...]
    synonyms: dict[str, str] = field(default_factory=dict)


_GROUPS = Category(
    "党员结构",
    ("女党员", "少数民族党员", "大专及以上学历党员", "流动党员"),
    {
        "女性党员": "女党员",
        "女": "女党员",
        "少数民族": "少数民族党员",
        "少数民族党员数": "少数民族党员",
        "大专以上学历": "大专及以上学历党员",
        "大专以上学历党员": "大专及以上学历党员",
        "大专及以上学历": "大专及以上学历党员",
        "大专及以上": "大专及以上学历党员",
        "大专以上": "大专及以上学历党员",
        "大专以上文化程度": "大专及以上学历党员",
        "大专及以上文化程度": "大专及以上学历党员",
        "外出流动党员": "流动党员",
    },
)

#: the eight age groups of the statistics bulletins, and the coarser partition also in use
AGES_FINE = (
    "30岁及以下", "31岁至35岁", "36岁至40岁", "41岁至45岁", "46岁至50岁", "51岁至55岁", "56岁至60岁", "61岁及以上",
)  # fmt: skip
AGES_COARSE = ("35岁及以下", "36岁至45岁", "46岁至60岁", "36岁至60岁", "61岁及以上")
_AGES = Category("党员年龄", AGES_FINE + AGES_COARSE)

_EDUCATION = Category(
    "党员学历",
    ("研究生", "大学本科", "大学专科", "中专", "高中、中技", "初中及以下"),
    {
        "研究生及以上": "研究生",
        "硕士研究生及以上": "研究生",
        "本科": "大学本科",
        "大学本科学历": "大学本科",
        "本科学历": "大学本科",
        "专科": "大学专科",
        "大专": "大学专科",
        "大专学历": "大学专科",
        "大学专科学历": "大学专科",
        "中专学历": "中专",
        "高中": "高中、中技",
        "高中及中技": "高中、中技",
        "高中和中技": "高中、中技",
        "高中/中技": "高中、中技",
        "初中以下": "初中及以下",
        "初中及以下学历": "初中及以下",
    },
)

_RECRUITED = Category(
    "发展党员",
    ("女", "少数民族", "35岁及以下", "大专及以上学历", "生产工作一线"),
    {
        "女党员": "女",
        "女性": "女",
        "少数民族党员": "少数民族",
        "大专以上学历": "大专及以上学历",
        "大专及以上学历党员": "大专及以上学历",
        "大专以上学历党员": "大专及以上学历",
        "大专及以上": "大专及以上学历",
        "大专以上": "大专及以上学历",
        "生产、工作一线": "生产工作一线",
        "生产工作第一线": "生产工作一线",
        "生产一线": "生产工作一线",
        "一线": "生产工作一线",
    },
)

_BRANCHES = (
    "农村党支部", "社区党支部", "机关党支部", "事业单位党支部", "企业党支部", "社会组织党支部",
    "学校党支部", "离退休干部党支部",
)  # fmt: skip
_ORGANIZATIONS = Category(
    "党组织分类",
    _BRANCHES,
    {
        "村党支部": "农村党支部",
        "行政村党支部": "农村党支部",
        "社区支部": "社区党支部",
        "机关支部": "机关党支部",
        "企业支部": "企业党支部",
        "非公企业党支部": "企业党支部",
        "社会组织支部": "社会组织党支部",
        "学校支部": "学校党支部",
    },
)

#: the categories by the place of their mapping (the key path below 概况)
CATEGORIES: dict[Place, Category] = {
    ("党员", "结构"): _GROUPS,
    ("党员", "年龄"): _AGES,
    ("党员", "学历"): _EDUCATION,
    ("发展党员", "其中"): _RECRUITED,
    ("党组织", "其中"): _ORGANIZATIONS,
}

#: the bodies of 党组织 (fixed keys of the facts file)
BODIES = ("党委", "党工委", "党总支", "党支部")

_AGE_RANGE = re.compile(r"^(\d+)岁?(?:至|到|-|—|–|~|～)(\d+)岁$")
_AGE_TAIL = re.compile(r"^(\d+)岁(及以下|及以上)$")


def _plain(text: str) -> str:
    return _ascii_digits(re.sub(r"\s+", "", text)).replace("周岁", "岁")


def suggest(place: Place, name: str) -> str | None:
    """The standard label for ``name`` at ``place`` when it is a near-synonym of one
    (None when it is standard already, or not a known synonym)."""
    category = CATEGORIES.get(place)
    if category is None or name in category.standard:
        return None
    plain = _plain(name)
    found = category.synonyms.get(plain)
    if found is None and plain in category.standard:
        found = plain
    if found is None and category is _AGES:
        found = _age(plain)
    return found if found != name else None


def _age(plain: str) -> str | None:
    m = _AGE_RANGE.match(plain)
    if m:
        return f"{int(m.group(1))}岁至{int(m.group(2))}岁"
    m = _AGE_TAIL.match(plain)
    return f"{int(m.group(1))}岁{m.group(2)}" if m else None


def standard(place: Place, name: str) -> str:
    """``name`` as the standard label where it is a near-synonym of one, else unchanged."""
    return suggest(place, name) or name


def is_standard(place: Place, name: str) -> bool:
    category = CATEGORIES.get(place)
    return category is not None and name in category.standard


def overlapping(parts: Iterable[tuple[str, Any]]) -> bool:
    """Are these 发展党员 parts the statistics' cross-cutting groups (女, 35岁及以下, 大专及以上学历 …),
    which overlap, so that only each one — not their sum — is bounded by the total?"""
    place = ("发展党员", "其中")
    names = [standard(place, name) for name, _ in parts]
    return len(names) > 1 and all(is_standard(place, name) for name in names)


# --------------------------------------------------------------------------- the check


def _labelled(obj: Any) -> Iterator[tuple[Place, tuple[str, ...], list[str]]]:
    """(place, key path below the object, labels) of each labelled mapping an object holds."""
    from .model import MemberCounts, Organizations, Profile

    if isinstance(obj, MemberCounts):
        yield ("党员", "结构"), ("结构",), list(obj.groups)
        yield ("党员", "年龄"), ("年龄",), list(obj.ages)
        yield ("党员", "学历"), ("学历",), list(obj.education)
    elif isinstance(obj, Organizations):
        yield ("党组织", "其中"), ("其中",), list(obj.of_which)
    elif isinstance(obj, Profile) and isinstance(obj.recruited, Figure):
        yield ("发展党员", "其中"), ("发展党员", "其中"), [name for name, _ in obj.recruited.parts]


def nonstandard(obj: Any) -> list[Diagnostic]:
    """``label-nonstandard``: a label that is a near-synonym of a standard one (a warning)."""
    out: list[Diagnostic] = []
    for place, keys, names in _labelled(obj):
        for name in names:
            better = suggest(place, name)
            if better is None or better in names:
                continue
            out.append(
                obj.origin.child(*keys, name).diagnostic(
                    "label-nonstandard",
                    f"“{name}”请写作党内统计的标准名称“{better}”：标准名称才能与其他单位、其他年份的数字相加和比较。",
                    key=True,
                )
            )
    return out
