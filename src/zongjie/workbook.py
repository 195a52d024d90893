"""The collection workbook (汇总台账): one sheet, one row per unit, one column per figure.

``zongjie init --xlsx 台账.xlsx`` writes it (Chinese instructions, number validation on the
count cells); ``zongjie check`` and ``zongjie rollup`` read it.  Each row becomes a facts
mapping whose values keep their cells (``汇总!D7``), so every diagnostic names its cell.
A column is headed by the figure's label path (``党员.总数``, ``党员.结构.女党员``, ``发展党员``,
``数据.软弱涣散村党组织``), optionally with its unit in brackets (``数据.村级组织运转经费（万元）``).

Excel files are read and written with openpyxl (the optional extra ``zongjie[excel]``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .constants import PathKey
from .diagnostics import Diagnostic, make
from .errors import ZongjieError
from .rollup_output import NOT_FILLED

if TYPE_CHECKING:
    from .model import Facts

SHEET = "汇总"
#: the columns of a new workbook, after 单位 and 期间
FIGURES = (
    "党组织.党支部",
    "党员.总数",
    "党员.结构.女党员",
    "党员.结构.少数民族党员",
    "党员.结构.大专及以上学历党员",
    "党员.结构.流动党员",
    "党员.年龄.35岁及以下",
    "党员.年龄.36岁至60岁",
    "党员.年龄.61岁及以上",
    "发展党员",
    "发展党员.其中.女",
    "发展党员.其中.35岁及以下",
    "数据.软弱涣散村党组织（个）",
)
TEXTS = ("主要做法", "特色亮点", "存在问题", "下步打算")
_HEADER = re.compile(r"^(?P<path>[^（(]+?)\s*(?:[（(](?P<unit>[^）)]+)[）)])?$")
_DEFAULT_UNITS = {"党组织": "个", "党员": "名", "发展党员": "名"}
INSTRUCTIONS = (
    "填写说明：每行填写一个单位；第一列“单位”填单位全称，“期间”填如“2024年”“2024年上半年”。"
    "数字栏只填阿拉伯数字（人数不带“名”，个数不带“个”，括号中注明了单位的按该单位填写，如 4.4 表示 4.4万元），"
    "没有的填 0，不知道的留空。表头是各项数字在事实文件中的名称（党员.结构.女党员 即“党员→结构→女党员”），"
    "可按党内统计的标准名称增加列，如“党员.结构.少数民族党员”“数据.村级组织运转经费（万元）”。"
    "主要做法等文字栏可选，每行一条。填好后运行 zongjie check 本表.xlsx 检查，zongjie rollup 本表.xlsx 汇总。"
)


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise ZongjieError(
            "读写 Excel 表格（.xlsx）需要安装 openpyxl：请运行 pip install \"zongjie[excel]\"（或 pip install openpyxl）后重试。"
        ) from None
    return openpyxl


@dataclass
class Row:
    """One unit of a workbook: its facts (None when they have errors), its diagnostics, and
    the cell of each figure column (also of the empty ones)."""

    name: str
    facts: Facts | None
    diagnostics: list[Diagnostic]
    cells: dict[tuple[str, ...], str] = field(default_factory=dict)


@dataclass(frozen=True)
class Column:
    index: int  # 0-based
    header: str
    path: tuple[str, ...]  # the label path, e.g. ("党员", "结构", "女党员")
    unit: str


# --------------------------------------------------------------------------- writing


def new_workbook(units: Sequence[str] = ()) -> bytes:
    """A collection workbook to fill in: instructions, the header, the units' names."""
    openpyxl = _openpyxl()
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    header = ["单位", "期间", *FIGURES, *TEXTS]
    ws.append([INSTRUCTIONS])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.row_dimensions[1].height = 90
    ws["A1"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.append(header)
    for i, name in enumerate(header, 1):
        cell = ws.cell(row=2, column=i)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        ws.column_dimensions[get_column_letter(i)].width = max(10, min(30, len(name) * 2 + 2))
    ws["A2"].comment = Comment("单位全称，每行一个单位，不要重复。", "zongjie")
    ws["B2"].comment = Comment("如 2024年、2024年上半年；各单位应为同一期间。", "zongjie")
    for name in units:
        ws.append([name, None])
    last = max(len(units) + 2, 200) + 2
    counts = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="只能填数字",
        error="这一栏只能填不小于 0 的阿拉伯数字（不带单位）；没有的填 0，不知道的留空。",
    )
    ws.add_data_validation(counts)
    first, end = get_column_letter(3), get_column_letter(2 + len(FIGURES))
    counts.add(f"{first}3:{end}{last}")
    ws.freeze_panes = "B3"
    import io

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_table(header: list[str], rows: list[list[Any]]) -> bytes:
    """A one-sheet workbook of the roll-up's table (the header, a row per unit, 合计)."""
    openpyxl = _openpyxl()
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(header)
    for row in rows:
        ws.append(row)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    import io

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- reading


def read_workbook(
    path: str | os.PathLike[str], *, kind: str = "年度工作总结", name: str | None = None
) -> Iterator[Row]:
    """Every unit (row) of a collection workbook, loaded and checked, values located by cell
    (one row at a time: a province's workbook is not held as facts all at once)."""
    from openpyxl.utils import get_column_letter

    shown = name or os.fspath(path)
    openpyxl = _openpyxl()
    if not Path(path).is_file():
        yield Row("", None, [make("file-not-found", shown, 0, 0, f"找不到汇总表格“{shown}”：请检查文件名和所在文件夹。")])
        return
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        yield Row("", None, [make("workbook", shown, 0, 0, f"无法读取 Excel 表格：{exc}。请确认这是 .xlsx 文件。")])
        return
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        rows = list(ws.iter_rows(values_only=True))
    finally:
        wb.close()
    sheet = ws.title
    start = next((i for i, r in enumerate(rows[:10]) if r and _text(r[0]) == "单位"), None)
    if start is None:
        message = f"工作表“{sheet}”前10行中找不到第一列为“单位”的表头：请用 zongjie init --xlsx 生成的表格填写。"
        yield Row("", None, [make("workbook", shown, 0, 0, message, cell=f"{sheet}!A1")])
        return
    columns, problems = _columns(rows[start], start + 1, sheet, shown)
    if problems:
        yield Row("", None, problems)
    for r, values in enumerate(rows[start + 1 :], start + 2):
        if not values or _text(values[0]) in ("", "合计", "总计"):
            if values and any(v not in (None, "") for v in values[1:]) and _text(values[0]) == "":
                where = f"{sheet}!A{r}"
                message = f"第{r}行填了数字却没有填单位：请在 A{r} 填写单位名称。"
                yield Row("", None, [make("workbook", shown, 0, 0, message, cell=where)])
            continue
        yield _row(values, r, columns, sheet, shown, kind, get_column_letter)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _columns(header: Sequence[Any], row: int, sheet: str, shown: str) -> tuple[list[Column], list[Diagnostic]]:
    from openpyxl.utils import get_column_letter

    columns: list[Column] = []
    problems: list[Diagnostic] = []
    for i, raw in enumerate(header):
        text = _text(raw)
        if i == 0 or not text:
            continue
        m = _HEADER.match(text)
        path = tuple(p.strip() for p in m.group("path").split(".")) if m else ()
        if text in ("期间", *TEXTS):
            columns.append(Column(i, text, (text,), ""))
        elif m and path and path[0] in ("党组织", "党员", "发展党员", "数据", *TEXTS) and all(path):
            columns.append(Column(i, text, path, m.group("unit") or _DEFAULT_UNITS.get(path[0], "")))
        else:
            problems.append(
                make(
                    "workbook",
                    shown,
                    0,
                    0,
                    f"表头“{text}”不是可识别的数字名称：应写成“党员.总数”“党员.结构.女党员”“数据.名称（单位）”"
                    "这样以 党组织、党员、发展党员、数据 或 主要做法 等开头、用“.”分隔的名称。",
                    cell=f"{sheet}!{get_column_letter(i + 1)}{row}",
                )
            )
    return columns, problems


def _row(
    values: Sequence[Any], r: int, columns: list[Column], sheet: str, shown: str, kind: str, letter: Any
) -> Row:
    from .checks import check_document
    from .sources import from_mapping

    name = _text(values[0])
    data: dict[str, Any] = {"文种": kind, "单位": name}
    cells: dict[PathKey, str] = {(): f"{sheet}!A{r}", ("单位",): f"{sheet}!A{r}"}
    figure_cells: dict[tuple[str, ...], str] = {}
    profile: dict[str, Any] = {}
    sections: dict[str, list[Any]] = {}
    section_data: dict[str, dict[str, Any]] = {}
    data_cells: dict[tuple[str, str], str] = {}
    for c in columns:
        cell = f"{sheet}!{letter(c.index + 1)}{r}"
        value = values[c.index] if c.index < len(values) else None
        if c.path[0] != "期间" and c.path not in [(t,) for t in TEXTS]:
            figure_cells[c.path] = cell
        if value is None or _text(value) == "":
            continue
        if c.path == ("期间",):
            data["期间"] = _text(value) if not isinstance(value, (dt.date, dt.datetime)) else value
            cells[("期间",)] = cell
        elif len(c.path) == 1 and c.path[0] in TEXTS:
            lines = [line.strip() for line in _text(value).splitlines() if line.strip()]
            sections[c.path[0]] = lines
            for i in range(len(lines)):
                cells[(c.path[0], i)] = cell
            cells[(c.path[0],)] = cell
        elif c.path[0] in TEXTS:
            label = c.path[-1]
            section_data.setdefault(c.path[0], {})[label] = _quantity(value, c.unit)
            data_cells[(c.path[0], label)] = cell
        else:
            _put(profile, c.path, _quantity(value, c.unit))
            where: PathKey = ("概况", *c.path)
            cells[where] = cell
    if isinstance(profile.get("发展党员"), dict) and ("概况", "发展党员") in cells:
        cells[("概况", "发展党员", "总数")] = cells[("概况", "发展党员")]
    if profile:
        data["概况"] = profile
    for section in TEXTS:
        items: list[Any] = list(sections.get(section, []))
        if section in section_data:  # the figures of a section: one item after its texts
            cells.update({(section, len(items), "数据", k): v for (sec, k), v in data_cells.items() if sec == section})
            items.append({"数据": section_data[section]})
        if not items and section != "特色亮点":
            items = [NOT_FILLED]
            cells[(section, 0)] = f"{sheet}!A{r}"
        if items:
            data[section] = items
    doc = from_mapping(data, shown, cells)
    facts, diags = check_document(doc)
    return Row(name, facts, diags, figure_cells)


def _quantity(value: Any, unit: str) -> Any:
    """A number cell with the column's unit; text as written (checked like a facts file)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        text = str(int(number)) if number == number.to_integral_value() else format(number.normalize(), "f")
        return f"{text}{unit}" if unit else text
    text = _text(value)
    return f"{text}{unit}" if unit and re.fullmatch(r"\d+(?:\.\d+)?", text) else text


def _put(profile: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """Place a figure of 概况 by its label path (发展党员 with 其中 becomes {总数, 其中})."""
    if path[0] == "发展党员":
        current = profile.get("发展党员")
        if len(path) == 1:
            if isinstance(current, dict):
                current["总数"] = value
            else:
                profile["发展党员"] = value
        else:
            holder = current if isinstance(current, dict) else {"总数": current} if current is not None else {}
            holder.setdefault("其中", {})[path[-1]] = value
            profile["发展党员"] = holder
        return
    node = profile
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value


def unit_names(path: str | os.PathLike[str]) -> list[str]:
    """The units' names of a --units file: one a line (blank lines and “#” comments skipped)."""
    text = Path(path).read_text(encoding="utf-8-sig")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def rows_of(paths: Iterable[str]) -> list[Row]:
    return [row for p in paths for row in read_workbook(p)]
