"""The previous period: ``上期文件`` and inline ``上期`` — last period's value of each figure.

Last period's facts file is loaded like any facts file (:func:`zongjie.load`), so its figures
keep their own provenance (file, line, column) and get every check; its diagnostics are
reported under its own name.  It must cover the period before this one (a warning names both
periods otherwise): for a year the year before; for a half-year, a quarter or months the same
months of the year before (同比, “较去年同期”); for any other period the period that ends the
day before this one starts.

Figures are matched by their label path (the key path with the contract's Chinese keys):
``("概况", "党员", "总数")``, ``("概况", "党员", "结构", "女党员")``, ``("概况", "数据", "行政村")``.
A figure of an item (``("主要做法", 0, "数据", "轮训班")``) matches the figure of the same label
in last period's item of the same section with the same title; failing that, the figure of that
label when the label names exactly one item figure in each file.  A figure's inline ``上期``
comes before the previous file's value.  Parts (``其中``) of a 数据 figure are not compared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .compare import Change, compare, compare_shares, reference
from .constants import PathKey
from .diagnostics import Diagnostic, sort_diagnostics
from .model import Facts, Item
from .provenance import Origin
from .values import Figure, Period, Quantity, _month_end

#: the 概况 groups printed with their share of the members (compared in 个百分点)
SHARE_GROUPS = ("结构", "年龄", "学历")
MEMBERS: PathKey = ("概况", "党员", "总数")
_SECTIONS = (
    ("主要做法", "practices"),
    ("特色亮点", "highlights"),
    ("存在问题", "problems"),
    ("下步打算", "plans"),
)

Loader = Callable[[Any], tuple["Facts | None", list[Diagnostic]]]


@dataclass(frozen=True)
class Comparison:
    """A figure against last period's: the ``change`` (wording and arithmetic) and ``origin``,
    where last period's value was written (its own file and line, or this file's ``上期``)."""

    path: PathKey
    label: str
    change: Change
    origin: Origin


# --------------------------------------------------------------------------- the previous facts


def attach(
    facts: Facts | None, diagnostics: list[Diagnostic], previous: Any, load: Loader
) -> tuple[Facts | None, list[Diagnostic]]:
    """``facts`` with last period's facts attached (``facts.previous``), and the diagnostics of
    both.  ``previous`` is a source or a :class:`Facts` given by the caller; None follows the
    file's ``上期文件``.  ``load`` loads a source without following its own ``上期文件``.
    A figure given a previous value that cannot be compared with it is a warning."""
    facts, diagnostics = _attach(facts, diagnostics, previous, load)
    if facts is None:
        return None, diagnostics
    notes = uncompared(facts)
    return _with(facts, [*diagnostics, *notes]) if notes else (facts, diagnostics)


def _attach(
    facts: Facts | None, diagnostics: list[Diagnostic], previous: Any, load: Loader
) -> tuple[Facts | None, list[Diagnostic]]:
    if facts is None:
        return None, diagnostics
    where = facts.provenance.origin(("上期文件",))
    source: Any = previous
    if previous is None:
        if not facts.previous_file:
            return facts, diagnostics
        location = facts.provenance.location
        if not location:
            found = where.diagnostic(
                "previous-ignored",
                f"“上期文件: {facts.previous_file}”没有读取：这份事实不是从文件读入的，无法确定相对路径。"
                "请在调用时用 previous= 传入上期的事实（命令行用 --previous 文件）。",
            )
            return _with(facts, [*diagnostics, found])
        path = Path(location).parent / facts.previous_file
        if not path.is_file():
            missing = where.diagnostic(
                "previous-missing",
                f"找不到上期文件“{facts.previous_file}”（按本文件所在的文件夹查找：{path}）："
                "请核对文件名和路径，或删去“上期文件”这一行。",
            )
            return None, sort_diagnostics([*diagnostics, missing])
        source = path
    prior: Facts | None
    if isinstance(source, Facts):
        prior, found_diags = source, list(source.warnings)
    else:
        prior, found_diags = load(source)
    diagnostics = [*diagnostics, *found_diags]
    if prior is None:
        return None, sort_diagnostics(diagnostics)
    named = previous is None  # by 上期文件, not by the caller
    at = where if named else facts.provenance.origin(("期间",))
    problem = period_problem(facts.period, prior.period)
    if problem:
        diagnostics.append(at.diagnostic("previous-period", problem + (_DROP if named else "。")))
    if prior.unit.name != facts.unit.name:
        diagnostics.append(
            at.diagnostic(
                "previous-unit",
                f"上期的事实是“{prior.unit.name}”的，本期是“{facts.unit.name}”：请核对是否选错了上期的文件"
                + ("，或删去“上期文件”。" if named else "。")
                + "单位改过名时，可不理会这条警告。",
            )
        )
    attached, diags = _with(facts, diagnostics)
    return (replace(attached, previous=prior) if attached else None), diags


def _with(facts: Facts, diagnostics: list[Diagnostic]) -> tuple[Facts | None, list[Diagnostic]]:
    diags = sort_diagnostics(diagnostics)
    if any(d.is_error for d in diags):
        return None, diags
    return replace(facts, warnings=tuple(diags)), diags


def expected(period: Period) -> Period | None:
    """The period before ``period`` (同比 for a half-year, a quarter or months); None for a
    free range (any period that ends the day before it starts will do)."""
    if period.kind == "range":
        return None
    start = period.start.replace(year=period.start.year - 1)
    return Period(start, _month_end(period.end.year - 1, period.end.month), period.kind)


_DROP = "，或删去“上期文件”。"


def period_problem(current: Period, prior: Period) -> str:
    """Why ``prior`` is not the period before ``current`` (“” when it is); the advice that
    ends it is left open (“请换成2023年的事实文件”), for the caller to finish."""
    want = expected(current)
    if want is not None:
        if (prior.start, prior.end) == (want.start, want.end):
            return ""
        return (
            f"上期的期间是{prior.label}，不是本期（{current.label}）的上一期{want.label}："
            f"比较的文字会写“较{reference(current.kind)}”，数字却是{prior.label}的。"
            f"请换成{want.label}的事实文件"
        )
    if prior.end == current.start - dt.timedelta(days=1):
        return ""
    return (
        f"上期的期间是{prior.label}，不是紧接本期（{current.label}）之前的一期："
        "上期应在本期开始的前一天结束。请换成上一期的事实文件"
    )


# --------------------------------------------------------------------------- figures by label path


def profile_figures(facts: Facts) -> Iterator[tuple[PathKey, str, Quantity]]:
    """Every figure of 概况: (label path, label, quantity)."""
    p = facts.profile
    if p is None:
        return
    org = p.organizations
    if org is not None:
        if org.total is not None:
            yield ("概况", "党组织", "总数"), "基层党组织", org.total
        for k, q in org.bodies():
            yield ("概况", "党组织", k), k, q
        for k, q in org.of_which.items():
            yield ("概况", "党组织", "其中", k), k, q
    m = p.members
    if m is not None:
        yield MEMBERS, "党员", m.total
        groups = (("其中", m.of_which), ("结构", m.groups), ("年龄", m.ages), ("学历", m.education))
        for key, figures in groups:
            for k, q in figures.items():
                yield ("概况", "党员", key, k), k, q
    if p.recruited is not None:
        yield ("概况", "发展党员"), "发展党员", p.recruited
    for k, q in p.data.items():
        yield ("概况", "数据", k), k, q


def item_figures(facts: Facts) -> Iterator[tuple[PathKey, str | None, str, Quantity]]:
    """Every figure of an item: (label path, the item's title, label, quantity)."""

    def walk(item: Item, path: PathKey) -> Iterator[tuple[PathKey, str | None, str, Quantity]]:
        for k, q in item.data.items():
            yield (*path, "数据", k), item.title, k, q
        for i, sub in enumerate(item.items):
            yield from walk(sub, (*path, "条目", i))

    for key, attr in _SECTIONS:
        for i, item in enumerate(getattr(facts, attr)):
            yield from walk(item, (key, i))


def _previous_values(facts: Facts) -> dict[PathKey, tuple[Quantity, Origin]]:
    """Last period's value of each figure of ``facts`` (by this file's label path), with where
    it was written: the previous file's figure matched by label path, or the inline 上期."""
    out: dict[PathKey, tuple[Quantity, Origin]] = {}
    prior = facts.previous
    if prior is not None:
        theirs = {path: q for path, _, q in profile_figures(prior)}
        for path, _, _ in profile_figures(facts):
            if path in theirs:
                out[path] = (theirs[path], prior.provenance.origin(path))
        out.update(_matched_items(facts, prior))
    every = [(path, q) for path, _, q in profile_figures(facts)]
    every += [(path, q) for path, _, _, q in item_figures(facts)]
    for path, q in every:
        if isinstance(q, Figure) and q.previous is not None:
            out[path] = (q.previous, facts.provenance.origin((*path, "上期")))
    return out


def _matched_items(facts: Facts, prior: Facts) -> dict[PathKey, tuple[Quantity, Origin]]:
    theirs = list(item_figures(prior))
    ours = list(item_figures(facts))
    by_title = {(path[0], _bare(title), name): (path, q) for path, title, name, q in theirs if title}
    by_label: dict[str, list[tuple[PathKey, Quantity]]] = {}
    for path, _, name, q in theirs:
        by_label.setdefault(name, []).append((path, q))
    counts: dict[str, int] = {}
    for _, _, name, _ in ours:
        counts[name] = counts.get(name, 0) + 1
    out: dict[PathKey, tuple[Quantity, Origin]] = {}
    for path, title, name, _ in ours:
        found = by_title.get((path[0], _bare(title), name)) if title else None
        if found is None and counts[name] == 1 and len(by_label.get(name, ())) == 1:
            found = by_label[name][0]
        if found is not None:
            out[path] = (found[1], prior.provenance.origin(found[0]))
    return out


def uncompared(facts: Facts) -> list[Diagnostic]:
    """Warnings for the figures given a previous value that cannot be compared with it: an
    inline ``上期`` of an approximate figure or a range, a previous value in another unit, a
    share whose total has no previous value.  (An approximate figure matched in the previous
    file is simply not compared.)"""
    out: list[Diagnostic] = []
    quantities = {path: (name, q) for path, name, q in profile_figures(facts)}
    quantities.update({path: (name, q) for path, _, name, q in item_figures(facts)})
    values = _previous_values(facts)
    for path, (before, origin) in values.items():
        name, now = quantities[path]
        inline = isinstance(now, Figure) and now.previous is before
        if inline and not (now.is_exact and before.is_exact):
            message = (
                f"“{name}”的本期（{now.text}）或上期（{before.text}）是约数或范围，不作比较："
                "要与上期比较，请写确切的数字；否则请删去“上期”。"
            )
        elif now.unit != before.unit and now.is_exact and before.is_exact:
            where = (
                ""
                if inline
                else f"（{origin.source}第{origin.line}行）"
                if origin.line
                else f"（{origin.source}）"
            )
            message = (
                f"“{name}”本期是{now.text}，上期{where}是{before.text}，单位不同，不作比较："
                "请用相同的单位书写两期的数字。"
            )
        elif len(path) == 4 and path[2] in SHARE_GROUPS and MEMBERS not in values and inline:
            message = (
                f"“{name}”写了上期，但党员总数没有上期的数字，算不出上期的占比，不作比较："
                "请把“党员→总数”写成 {总数: …, 上期: …}，或用“上期文件”。"
            )
        else:
            continue
        at = facts.provenance.origin((*path, "上期")) if inline else facts.provenance.origin(path)
        out.append(at.diagnostic("previous-uncompared", message))
    return out


def _bare(title: str) -> str:
    """A title as matched: without its final punctuation and surrounding spaces."""
    return title.strip().rstrip("。；;.！!").strip()


def comparisons(facts: Facts) -> dict[PathKey, Comparison]:
    """Every figure of ``facts`` that has a comparable previous value, by label path."""
    values = _previous_values(facts)
    if not values:
        return {}
    kind = facts.period.kind
    labels = {path: name for path, name, _ in profile_figures(facts)}
    labels.update({path: name for path, _, name, _ in item_figures(facts)})
    quantities = {path: q for path, _, q in profile_figures(facts)}
    quantities.update({path: q for path, _, _, q in item_figures(facts)})
    out: dict[PathKey, Comparison] = {}
    for path, (before, origin) in values.items():
        now = quantities[path]
        change: Change | None
        if len(path) == 4 and path[:2] == ("概况", "党员") and path[2] in SHARE_GROUPS:
            total, total_before = quantities[MEMBERS], values.get(MEMBERS)
            change = compare_shares(now, total, before, total_before[0], kind) if total_before else None
        else:
            change = compare(now, before, kind, members=path == MEMBERS)
        if change is not None:
            out[path] = Comparison(path, labels[path], change, origin)
    return out


# --------------------------------------------------------------------------- the 主要指标对比 table


@dataclass(frozen=True)
class Row:
    """One row of the 主要指标对比 table: ``labels`` is the label path without the keys that
    are not labels (``("党员", "结构", "女党员")``, ``("轮训班",)`` for a figure of an item); ``name`` the row's heading (``女党员``); ``current``
    and ``previous`` as written; ``change`` signed (“+12名”, “-1个”, “0”; for a share, of the
    count); ``rate`` the growth (“+1.1%”) or, for a share, its change (“+1.0个百分点”); “—”
    when there is none (a previous value of 0, a count that is not a total)."""

    path: PathKey
    labels: tuple[str, ...]
    name: str
    current: str
    previous: str
    change: str
    rate: str
    shares: tuple[str, str] | None = None  # for a share: (this period's, last period's), “20.2%”


def header(facts: Facts) -> tuple[str, str, str, str, str]:
    """The header row of 主要指标对比: 指标, this period, last period, 增减, 增减幅度
    (“2024年”, “2023年”; 本期/上期 when a period has no previous facts to name it)."""
    before = facts.previous.period.label if facts.previous is not None else "上期"
    return ("指标", facts.period.label, before, "增减", "增减幅度")


#: the keys of a label path that are not labels: sections, 数据, 条目, 总数
_NOT_LABELS = frozenset({"概况", "数据", "条目", "总数", *(key for key, _ in _SECTIONS)})


def _row_name(path: PathKey, label: str) -> str:
    """How a row of 主要指标对比 names its figure: 党员总数, 基层党组织, 35岁及以下党员, 女党员 …"""
    if path == MEMBERS:
        return "党员总数"
    if len(path) == 4 and path[:3] in (("概况", "党员", "年龄"), ("概况", "党员", "学历")):
        return label if label.endswith("党员") else f"{label}党员"
    return label


def rows(facts: Facts) -> list[Row]:
    """The rows of the built-in 附件 table 主要指标对比: every compared figure, in file order."""
    out: list[Row] = []
    for path, c in comparisons(facts).items():
        counted = compare(c.change.current, c.change.previous, facts.period.kind, members=path == MEMBERS)
        if counted is None:
            continue
        change = "0" if not counted.change else ("+" if counted.change > 0 else "-") + counted.amount
        sign = "+" if c.change.change > 0 else "-" if c.change.change < 0 else ""
        if c.change.style == "share":
            rate = sign + (c.change.amount or "0个百分点")
        elif counted.rate is not None:
            rate = ("+" if counted.rate > 0 else "-" if counted.rate < 0 else "") + counted.rate_text
        else:
            rate = "—"
        labels = tuple(str(k) for k in path if isinstance(k, str) and k not in _NOT_LABELS)
        name = _row_name(path, c.label)
        current, before = c.change.current.text, c.change.previous.text
        out.append(Row(path, labels, name, current, before, change, rate, c.change.shares))
    order = {
        path: i
        for i, path in enumerate(
            [p for p, _, _ in profile_figures(facts)] + [p for p, _, _, _ in item_figures(facts)]
        )
    }
    return sorted(out, key=lambda r: order.get(r.path, len(order)))
