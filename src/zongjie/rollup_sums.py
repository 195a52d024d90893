"""Many units at once (汇总): add up every figure whose label path is the same in all units.

Built on the public API: each unit is loaded with :func:`zongjie.load` (a facts file, or a row
of a collection workbook), so every unit's own checks apply.  Sums are exact (``Decimal``);
approximate figures and ranges are not added up (``rollup-approx``).  Every total keeps its
:class:`Contribution` s — each unit's quantity with its :class:`~zongjie.Origin` — so a figure
of the whole stays traceable to its units' files.  Cross-unit checks (different periods, a
unit given twice, labels that differ only as near-synonyms or typos, a figure most units
give and a few do not) are located in the unit's own file or cell.

The whole's report, table and YAML are written by :mod:`zongjie.rollup_output`.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .constants import PathKey
from .diagnostics import Diagnostic, sort_diagnostics
from .labels import standard
from .rollup_checks import missing, near_label, not_summable, typos
from .values import Figure, Period, Quantity, _trim

if TYPE_CHECKING:
    from .model import Facts, Item
    from .provenance import Origin

#: a figure's label path below the unit: ("党员", "结构", "女党员"), ("主要做法", "数据", "培训班")
Label = tuple[str, ...]

_P = TypeVar("_P", bound=tuple[Any, ...])

#: item sections whose 数据 are added up by label
SECTIONS = ("主要做法", "特色亮点", "存在问题", "下步打算")
_ATTRS = {"主要做法": "practices", "特色亮点": "highlights", "存在问题": "problems", "下步打算": "plans"}
#: default units of the profile's counts (a figure written bare)
DEFAULT_UNITS = {"党组织": "个", "党员": "名", "发展党员": "名"}


@dataclass(frozen=True)
class Contribution:
    """One unit's part of a total: its name, its quantity as written, where it came from."""

    unit: str
    quantity: Quantity
    origin: Origin


@dataclass(frozen=True)
class Total:
    """A figure of the whole: its label path, the exact sum, and every unit's contribution."""

    label: Label
    quantity: Quantity
    contributions: tuple[Contribution, ...]

    @property
    def dotted(self) -> str:
        return ".".join(self.label)


@dataclass(frozen=True)
class Piece:
    """An item of a unit as the whole's report uses it: its title, its text as one paragraph
    (its 【标签】 replaced by the unit's own figures), the labels of its figures."""

    title: str | None
    text: str
    labels: tuple[str, ...]


@dataclass
class Summary:
    """What the roll-up keeps of a unit's facts (the facts themselves are let go, so that
    memory grows only by the figures): period, kind, 截至, the places of its keys, its items."""

    period: Period
    kind: str
    as_of: str | None
    places: dict[PathKey, Origin]
    items: dict[str, list[Piece]]


@dataclass(eq=False)  # a unit is itself: the same file given twice is two units
class Unit:
    """One unit of the roll-up: its name and source, its own diagnostics, what the roll-up
    keeps of its facts (None when they have errors), and its figures with their origins."""

    name: str
    source: str
    summary: Summary | None
    diagnostics: list[Diagnostic]
    figures: dict[Label, list[tuple[Quantity, Origin]]] = field(default_factory=dict)
    cells: dict[Label, str] = field(default_factory=dict)  # a workbook row: each figure column's cell


@dataclass
class Rollup:
    """What :func:`rollup` made of the units: the totals, what was not added up and why,
    and every diagnostic (each unit's own, then the cross-unit ones), located in the units."""

    units: list[Unit]
    totals: dict[Label, Total]
    skipped: dict[Label, str]
    diagnostics: list[Diagnostic]
    name: str
    kind: str
    period: str

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    def facts(self) -> dict[str, Any]:
        """The facts of the whole as a mapping (for :func:`zongjie.load` or to save as YAML)."""
        from .rollup_output import whole_facts

        return whole_facts(self)


# --------------------------------------------------------------------------- reading the units


#: what rollup reads: facts files, folders of them, collection workbooks (or one of them alone)
Sources = Iterable[str | os.PathLike[str]] | str | os.PathLike[str]


def unit_sources(paths: Sources) -> list[Path]:
    """The files named, folders opened (their .yaml/.yml/.xlsx files, sorted by name)."""
    if isinstance(paths, (str, os.PathLike)):  # one folder or file given alone
        paths = [paths]
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.suffix.lower() in (".yaml", ".yml", ".xlsx")))
        else:
            out.append(p)
    return out


def _load(source: Any, name: str | None = None) -> tuple[Facts | None, list[Diagnostic]]:
    from . import load
    from .errors import FactsError

    try:
        facts = load(source, file=name)
    except FactsError as exc:
        return None, list(exc.diagnostics)
    return facts, list(facts.warnings)


def read_units(paths: Sources) -> list[Unit]:
    """Every unit of the files, folders and workbooks named, loaded and checked."""
    units: list[Unit] = []
    for path in unit_sources(paths):
        if path.suffix.lower() == ".xlsx":
            from .workbook import read_workbook

            for row in read_workbook(path):
                unit = unit_of(row.facts, row.diagnostics, row.name, str(path))
                unit.cells = row.cells
                units.append(unit)
            continue
        facts, diags = _load(path)
        units.append(unit_of(facts, diags, facts.unit.name if facts else path.stem, str(path)))
    return units


def unit_of(facts: Facts | None, diags: list[Diagnostic], name: str, source: str) -> Unit:
    """A unit of the roll-up from facts already loaded (``diags``: their diagnostics)."""
    if facts is None:
        return Unit(name, source, None, diags)
    found = list(figures(facts))
    unit = Unit(name, source, _summary(facts, {label[-1]: q.text for label, q, _ in found}), diags)
    for label, q, origin in found:
        unit.figures.setdefault(_interned(label), []).append((_lean(q), _bare(origin)))
    return unit


_PATHS: dict[Any, Any] = {}


def _interned(path: _P) -> _P:
    """One tuple per key path for all units (a county's thousands of units share them)."""
    if len(_PATHS) > 100_000:
        _PATHS.clear()
    return _PATHS.setdefault(path, path)  # type: ignore[no-any-return]


def _bare(o: Origin) -> Origin:
    """An origin without its source's provenance (which holds the whole text)."""
    return type(o)(o.source, _interned(o.path), o.line, o.column, o.key_line, o.key_column, o.cell)


def _lean(q: Quantity) -> Quantity:
    return Quantity(q.text, q.number, q.value, q.high, q.unit, q.magnitude, q.approx) if isinstance(q, Figure) else q


#: the places a cross-unit diagnostic may point at: 期间, 单位, where a missing figure belongs
_PLACES: tuple[PathKey, ...] = (
    ("期间",), ("单位",), ("概况",), ("概况", "党组织"), ("概况", "党组织", "其中"), ("概况", "党员"),
    ("概况", "党员", "其中"), ("概况", "党员", "结构"), ("概况", "党员", "年龄"), ("概况", "党员", "学历"),
    ("概况", "发展党员"), ("概况", "数据"), *((s,) for s in SECTIONS),
)  # fmt: skip


def _summary(facts: Facts, own: dict[str, str]) -> Summary:
    from .rollup_output import NOT_FILLED, piece

    here = facts.provenance
    places = {p: _bare(here.origins[p]) for p in _PLACES if p in here.origins}
    places.update({p: _bare(here.origin(p)) for p in _PLACES[:2]})
    items = {
        s: [piece(i, own) for i in getattr(facts, _ATTRS[s]) if i.text != NOT_FILLED] for s in SECTIONS
    }
    as_of = facts.profile.as_of if facts.profile else None
    return Summary(facts.period, facts.kind, as_of, places, items)


# --------------------------------------------------------------------------- a unit's figures


def figures(facts: Facts) -> Iterator[tuple[Label, Quantity, Origin]]:
    """Every figure of a unit with its label path (standard labels where a near-synonym was
    written) and its origin."""
    p = facts.profile
    if p is not None:
        if p.organizations is not None:
            o = p.organizations
            yield from _one(("党组织", "总数"), o.total, o.origin.child("总数"))
            for body, q in o.bodies():
                yield ("党组织", body), q, o.origin.child(body)
            yield from _labelled(("党组织", "其中"), o.of_which, o.origin.child("其中"))
        if p.members is not None:
            m = p.members
            yield ("党员", "总数"), m.total, m.origin.child("总数")
            for key, attr in (("其中", "of_which"), ("结构", "groups"), ("年龄", "ages"), ("学历", "education")):
                yield from _labelled(("党员", key), getattr(m, attr), m.origin.child(key))
        if p.recruited is not None:
            yield from _figure(("发展党员",), p.recruited, p.origin.child("发展党员"))
        for name, q in p.data.items():
            yield from _figure(("数据", name), q, p.origin.child("数据", name))
    for section in SECTIONS:
        for item in getattr(facts, _ATTRS[section]):
            yield from _item(section, item)


def _one(label: Label, q: Quantity | None, origin: Origin) -> Iterator[tuple[Label, Quantity, Origin]]:
    if q is not None:
        yield label, q, origin


def _labelled(place: Label, data: dict[str, Quantity], origin: Origin) -> Iterator[tuple[Label, Quantity, Origin]]:
    for name, q in data.items():
        yield (*place, standard(place, name)), q, origin.child(name)


def _figure(label: Label, q: Quantity, origin: Origin) -> Iterator[tuple[Label, Quantity, Origin]]:
    yield label, q, origin.child("总数") if isinstance(q, Figure) else origin
    if isinstance(q, Figure):
        place = (*label, "其中")
        for name, part in q.parts:
            yield (*place, standard(place, name)), part, origin.child("其中", name)


def _item(section: str, item: Item) -> Iterator[tuple[Label, Quantity, Origin]]:
    for name, q in item.data.items():
        yield from _figure((section, "数据", name), q, item.origin.child("数据", name))
    for sub in item.items:
        yield from _item(section, sub)


# --------------------------------------------------------------------------- adding up


def rollup(
    sources: Sources | None = None,
    *,
    units: list[Unit] | None = None,
    name: str | None = None,
    kind: str | None = None,
) -> Rollup:
    """Add up the units in ``sources`` (facts files, folders of them, collection workbooks) or
    the ``units`` given; ``name`` names the whole (its 单位), ``kind`` its 文种.  Never raises
    for bad input: problems are in ``Rollup.diagnostics``."""
    if units is None:
        units = read_units(sources or [])
    loaded = [u for u in units if u.summary is not None]
    diags: list[Diagnostic] = [d for u in units for d in u.diagnostics]
    period = _majority([u.summary.period for u in loaded if u.summary])
    kind = kind or _majority([u.summary.kind for u in loaded if u.summary]) or "年度工作总结"
    counted: list[Unit] = []
    seen_files: set[str] = set()
    seen_names: dict[str, Unit] = {}
    for u in loaded:
        assert u.summary is not None
        here = u.summary.places
        if u.summary.period != period:
            diags.append(
                here[("期间",)].diagnostic(
                    "rollup-period",
                    f"{u.name}的期间是“{u.summary.period.label}”，其他单位是“{period.label if period else ''}”："
                    "不同期间的数字不能相加，请换成同一期间的事实文件。",
                )
            )
            continue
        key = os.path.realpath(u.source) if not u.source.lower().endswith(".xlsx") else ""
        if u.name in seen_names or (key and key in seen_files):
            first = seen_names.get(u.name)
            where = f"（与 {first.source} 重复）" if first is not None and first.source != u.source else ""
            diags.append(
                here[("单位",)].diagnostic(
                    "rollup-twice", f"“{u.name}”在汇总中出现了两次{where}：只计算第一次，请去掉重复的一份。"
                )
            )
            continue
        seen_files.add(key)
        seen_names[u.name] = u
        counted.append(u)
    kept = set(map(id, counted))
    for u in units:
        if id(u) not in kept:
            u.figures = {}
    totals, skipped, cross = _add_up(counted)
    diags.extend(cross)
    return Rollup(
        units,
        totals,
        skipped,
        sorted(sort_diagnostics(diags), key=_place),
        name or "汇总",
        kind,
        period.label if period else "",
    )


def _place(d: Diagnostic) -> tuple[str, int, int, int, int]:
    """Source order: by file, line and column — for a workbook, by row, then column."""
    m = re.fullmatch(r".*!([A-Z]+)(\d+)", d.cell)
    if m is None:
        return d.file, d.line, d.column, 0, 0
    column = 0
    for ch in m.group(1):
        column = column * 26 + ord(ch) - 64
    return d.file, d.line, d.column, int(m.group(2)), column


def _majority(values: list[Any]) -> Any:
    return Counter(values).most_common(1)[0][0] if values else None


def _add_up(units: list[Unit]) -> tuple[dict[Label, Total], dict[Label, str], list[Diagnostic]]:
    totals: dict[Label, Total] = {}
    skipped: dict[Label, str] = {}
    diags: list[Diagnostic] = []
    given: Counter[Label] = Counter(label for u in units for label in u.figures)
    n = len(units)
    for label in given:  # in the order of the first unit that gives it
        holders = [u for u in units if label in u.figures]
        if len(holders) < n:
            skipped[label] = f"只有{len(holders)}个单位填写（共{n}个）"
            if len(holders) * 2 > n and not near_label(label, units, holders):
                for u in units:
                    if u not in holders:
                        diags.append(missing(u, label, len(holders), n))
            continue
        parts = [(u, q, o) for u in holders for q, o in u.figures[label]]
        problem = not_summable(label, parts, diags)
        if problem:
            skipped[label] = problem
            continue
        contributions = tuple(Contribution(u.name, q, o) for u, q, o in parts)
        totals[label] = Total(label, _sum(label, [q for _, q, _ in parts]), contributions)
    diags.extend(typos(units, given))
    return totals, skipped, diags


def _sum(label: Label, quantities: list[Quantity]) -> Quantity:
    """The exact sum, written in the units' own way (万元 when they all wrote 万元)."""
    from .values import parse_quantity

    total = sum((q.value for q in quantities), Decimal(0))
    first = quantities[0]
    if first.is_money:
        unit = "万元" if all(q.magnitude == "万" for q in quantities) else "元"
        text = f"{_trim(total / (10000 if unit == '万元' else 1))}{unit}"
    else:
        magnitude = first.magnitude if all(q.magnitude == first.magnitude for q in quantities) else ""
        scale = {"": 1, "万": 10**4, "亿": 10**8, "万亿": 10**12}[magnitude]
        text = f"{_trim(total / scale)}{magnitude}{first.unit}"
    return parse_quantity(text, DEFAULT_UNITS.get(label[0], ""))


