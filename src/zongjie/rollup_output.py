"""The roll-up's outputs: the facts of the whole, its draft report (rendered through
:func:`zongjie.render`, so every check applies) with a per-unit table of key figures and a
total row, the table as a workbook, and the summed facts as YAML with their provenance."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .rollup_sums import DEFAULT_UNITS, SECTIONS, Label, Piece, Rollup, Total, Unit
from .values import Quantity, _trim

if TYPE_CHECKING:
    from .model import Item
    from .report import Report

#: written in a workbook's 主要做法 … cells left empty (see zongjie.workbook); never printed
NOT_FILLED = "（汇总表格中未填写）"
_REF = re.compile(r"(?<!【)【([^【】\n]{1,40})】(?!】)")


# --------------------------------------------------------------------------- the whole's facts


def whole_facts(r: Rollup) -> dict[str, Any]:
    """The facts of the whole: 概况 from the sums, the units' items merged by title with the
    summed item figures, each unit's highlights under its name."""
    units = [u for u in r.units if u.figures and u.summary is not None]
    profile: dict[str, Any] = {}
    as_of = {u.summary.as_of for u in units if u.summary}
    if len(as_of) == 1 and None not in as_of:
        profile["截至"] = as_of.pop()
    sums = {t.label: t.quantity.text for t in r.totals.values()}
    org = {k[1]: v for k, v in sums.items() if k[0] == "党组织" and len(k) == 2}
    org_parts = {k[2]: v for k, v in sums.items() if k[:2] == ("党组织", "其中")}
    if org:
        profile["党组织"] = {**org, **({"其中": org_parts} if org_parts else {})}
    if ("党员", "总数") in sums:
        members: dict[str, Any] = {"总数": sums[("党员", "总数")]}
        for key in ("其中", "结构", "年龄", "学历"):
            part = {k[2]: v for k, v in sums.items() if k[:2] == ("党员", key)}
            if part:
                members[key] = part
        profile["党员"] = members
    if ("发展党员",) in sums:
        parts = {k[2]: v for k, v in sums.items() if k[:2] == ("发展党员", "其中")}
        profile["发展党员"] = {"总数": sums[("发展党员",)], "其中": parts} if parts else sums[("发展党员",)]
    data = {k[1]: _figure(sums, k) for k in sums if k[0] == "数据" and len(k) == 2}
    if data:
        profile["数据"] = data
    facts: dict[str, Any] = {
        "文种": r.kind,
        "单位": {"名称": r.name},
        "期间": r.period,
        "概况": profile,
    }
    for section in SECTIONS:
        items = _merged(r, units, section)
        if items:
            facts[section] = items
    for section in ("主要做法", "存在问题", "下步打算"):
        facts.setdefault(section, [f"（请根据各单位情况填写{section}）"])
    return facts


def _figure(sums: dict[Label, str], label: Label) -> Any:
    parts = {k[-1]: v for k, v in sums.items() if k[:-1] == (*label, "其中")}
    return {"总数": sums[label], "其中": parts} if parts else sums[label]


def _merged(r: Rollup, units: list[Unit], section: str) -> list[Any]:
    """A section of the whole: items with the same title merged (each unit's text under its
    name), the summed figures on the first item that holds them; other items by unit."""
    titled: dict[str, dict[str, Any]] = {}
    out: list[Any] = []
    placed: set[str] = set()
    plain_seen: dict[str, list[str]] = {}
    for u in units:
        assert u.summary is not None
        items = u.summary.items[section]
        if section == "特色亮点" and items:
            out.append({"标题": u.name, "内容": "\n\n".join(_with_title(i) for i in items)})
            continue
        for item in items:
            text = item.text
            if item.title or item.labels:
                merged = titled.get(item.title or "")
                if merged is None:
                    merged = titled[item.title or ""] = {"内容": []}
                    if item.title:
                        merged["标题"] = item.title
                    out.append(merged)
                if text:
                    merged["内容"].append(f"{u.name}：{text}")
                data = {}
                for name in item.labels:
                    label = (section, "数据", name)
                    if label in r.totals and name not in placed:
                        placed.add(name)
                        data[name] = _figure({t.label: t.quantity.text for t in r.totals.values()}, label)
                if data:
                    merged.setdefault("数据", {}).update(data)
                    merged.setdefault("合计", []).extend(data)
            elif text in plain_seen:
                plain_seen[text].append(u.name)
            else:
                plain_seen[text] = [u.name]
                out.append(text)
    for item in out:
        if isinstance(item, dict) and isinstance(item.get("内容"), list):
            summed = item.pop("合计", [])
            if summed:  # the sums lead, each placed in the sentence (【标签】)
                item["内容"].insert(0, "各单位合计：" + "，".join(f"{n}【{n}】" for n in summed) + "。")
            item["内容"] = "\n\n".join(item["内容"]) or None
            if item["内容"] is None:
                del item["内容"]
    return _capped([_by_unit(i, plain_seen, len(units)) if isinstance(i, str) else i for i in out], section)


#: the most items of a section of the whole listed one by one (a county's hundreds of villages)
MAX_LISTED = 100


def _capped(items: list[Any], section: str) -> list[Any]:
    if len(items) <= MAX_LISTED:
        return items
    rest = len(items) - MAX_LISTED + 1
    return [*items[: MAX_LISTED - 1], f"另有{rest}条{section}未逐条列出，见各单位的事实文件或汇总表格。"]


def _by_unit(text: str, seen: dict[str, list[str]], n: int) -> str:
    who = seen[text]
    return text if len(who) == n else f"{'、'.join(who)}：{text}"


def _labels(item: Item) -> tuple[str, ...]:
    return (*item.data, *(name for sub in item.items for name in _labels(sub)))


def piece(item: Item, own: dict[str, str]) -> Piece:
    """What the whole's report uses of a unit's item (``own``: the unit's figures by label)."""
    return Piece(item.title, _text(item, own, with_title=False), _labels(item))


def _with_title(p: Piece) -> str:
    return (p.title + "。" if p.title else "") + p.text


def _text(item: Item, own: dict[str, str], *, with_title: bool = True) -> str:
    """An item as one paragraph, its 【标签】 replaced by the unit's own figures."""
    pieces = [item.title] if with_title and item.title else []
    pieces += [t for t in (item.text, "；".join(item.points) if item.points else None) if t]
    pieces += [_text(sub, own) for sub in item.items]
    text = "".join(p if p.endswith(_STOPS) else p + "。" for p in pieces if p)
    return _REF.sub(lambda m: own.get(m.group(1), m.group(1)), text) if "【" in text else text


_STOPS = ("。", "！", "？", "；")


# --------------------------------------------------------------------------- the per-unit table


def key_columns(r: Rollup, limit: int = 8) -> list[Total]:
    """The figures of the per-unit table: 党组织, 党员, 结构, 发展党员, then 数据 and items."""

    def rank(t: Total) -> tuple[int, int]:
        order = {"党组织": 0, "党员": 1, "发展党员": 3, "数据": 4}
        first = order.get(t.label[0], 5)
        if t.label[0] == "党员" and t.label[1] == "结构":
            first = 2
        return first, list(r.totals).index(t.label)

    keep = [
        t
        for t in r.totals.values()
        if (len(t.label) == 2 and t.label[0] in ("党组织", "党员", "数据"))
        or t.label == ("发展党员",)
        or t.label[:2] == ("党员", "结构")
        or (len(t.label) == 3 and t.label[0] in SECTIONS)
    ]
    keep = [t for t in keep if t.label != ("党组织", "总数") or ("党组织", "党支部") not in r.totals]
    return sorted(keep, key=rank)[:limit]


def table_rows(r: Rollup, columns: list[Total]) -> list[list[str]]:
    """Header (each figure with its unit: 党员（名）), one row per unit, the total row (合计);
    the cells are bare numbers in the header's unit, as in a statistical table."""
    header = ["单位"]
    for t in columns:
        unit, _ = _unit_of(t)
        name = t.label[-1] if t.label[-1] != "总数" else t.label[0]
        header.append(f"{name}（{unit}）" if unit else name)
    rows = [header]
    for u in r.units:
        if u.figures:
            rows.append([u.name, *(_shown(sum_of(u, t.label), t) for t in columns)])
    rows.append(["合计", *(_shown(t.quantity, t) for t in columns)])
    return rows


def _shown(q: Quantity | None, t: Total) -> str:
    if q is None:
        return "—"
    _, scale = _unit_of(t)
    return _trim(q.value / scale)


def markdown_table(rows: list[list[str]]) -> str:
    def esc(text: str) -> str:
        return re.sub(r"([\\|*_`\[\]<>#])", r"\\\1", text)

    lines = ["| " + " | ".join(esc(c) for c in rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows[1:]]
    return "\n".join(lines)


# --------------------------------------------------------------------------- writing


def render_whole(r: Rollup, *, to: str = "md", reference_doc: str | None = None) -> Report:
    """The whole's draft report with the per-unit table after 基本情况's figures; raises
    :class:`~zongjie.FactsError` when the roll-up or the whole's facts have errors."""
    from . import load, render
    from .errors import FactsError

    if r.errors:
        raise FactsError(r.diagnostics)
    report = render(load(whole_facts(r), file=f"<汇总：{r.name}>"), to="md")
    columns = key_columns(r)
    table = ""
    if columns:
        counted = [u.name for u in r.units if u.figures]
        table = (
            f"{'、'.join(counted)}{len(counted)}个单位的主要数据如下表：\n\n"
            f"{markdown_table(table_rows(r, columns))}\n\n"
        )
    anchors = [f"{t.label[-2] if t.label[-1] == '总数' else t.label[-1]}{t.quantity.text}" for t in columns]
    markdown = _insert(report.markdown, table, anchors)
    report.markdown = report.content = markdown
    report.format = "md"
    if to == "docx":
        from .docx_writer import write_docx

        report.content, more = write_docx(markdown, reference_doc=reference_doc)
        report.format = "docx"
        report.warnings.extend(more)
    return report


def _insert(markdown: str, block: str, anchors: list[str]) -> str:
    """After the paragraph that states the first of ``anchors`` (the profile's figures, e.g.
    “党员204名”), else before the signature."""
    if not block:
        return markdown
    paragraphs = markdown.split("\n\n")
    for anchor in anchors:
        for i, p in enumerate(paragraphs):
            if anchor in p and not p.startswith("#"):
                return "\n\n".join([*paragraphs[: i + 1], block.rstrip("\n"), *paragraphs[i + 1 :]])
    marker = "<!-- zongjie:signature -->"
    return markdown.replace(marker, block + marker, 1) if marker in markdown else markdown + "\n\n" + block


def provenance_lines(r: Rollup) -> list[str]:
    """Each total with every unit's contribution and where it came from."""
    lines = []
    for t in r.totals.values():
        parts = "＋".join(f"{c.unit} {c.quantity.text}（{_place(c)}）" for c in t.contributions)
        lines.append(f"{t.dotted} = {t.quantity.text}：{parts}")
    for label, why in r.skipped.items():
        lines.append(f"{'.'.join(label)}：未汇总（{why}）")
    return lines


def _place(c: Any) -> str:
    o = c.origin
    if o.cell:
        return f"{o.source}:{o.cell}"
    return f"{o.source}:{o.line}:{o.column}" if o.line else f"{o.source}:{o.dotted}"


def whole_yaml(r: Rollup) -> str:
    """The summed facts as YAML for the writer to complete, the provenance as comments."""
    import yaml

    head = [
        f"# {r.name}{r.period}汇总：{len([u for u in r.units if u.figures])}个单位",
        "# 由 zongjie rollup 生成。请补充主要做法、存在问题、下步打算后，用 zongjie render 生成报告。",
        "# 每项汇总数字的来源（各单位文件:行:列 或 表格单元格）：",
        *(f"#   {line}" for line in provenance_lines(r)),
        "",
    ]
    body = yaml.safe_dump(whole_facts(r), allow_unicode=True, sort_keys=False, width=1000)
    return "\n".join(head) + body


def workbook_rows(r: Rollup) -> tuple[list[str], list[list[Any]]]:
    """Every summed figure by unit (as numbers where the column's unit allows), with 合计."""
    columns = list(r.totals.values())
    header = ["单位", "期间", *(_header(t) for t in columns)]
    rows: list[list[Any]] = []
    for u in r.units:
        if u.figures and u.summary is not None:
            rows.append([u.name, u.summary.period.label, *(_number(sum_of(u, t.label), t) for t in columns)])
    rows.append(["合计", r.period, *(_number(t.quantity, t) for t in columns)])
    return header, rows


def sum_of(u: Unit, label: Label) -> Quantity | None:
    found = u.figures.get(label, [])
    if len(found) == 1:
        return found[0][0]
    from .rollup_sums import _sum

    return _sum(label, [q for q, _ in found]) if found else None


def _unit_of(t: Total) -> tuple[str, int]:
    q = t.quantity
    if q.is_money:
        wan = all(c.quantity.magnitude == "万" for c in t.contributions)
        return ("万元", 10000) if wan else ("元", 1)
    return q.unit, 1


def _header(t: Total) -> str:
    unit, _ = _unit_of(t)
    dotted = ".".join(t.label)
    return dotted if not unit or unit == DEFAULT_UNITS.get(t.label[0]) else f"{dotted}（{unit}）"


def _number(q: Quantity | None, t: Total) -> Any:
    if q is None:
        return None
    _, scale = _unit_of(t)
    value = q.value / scale
    return int(value) if value == value.to_integral_value() else float(value)
