"""The collection workbook: init --xlsx, check and rollup reading it, diagnostics by cell."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import zongjie
from zongjie.cli import main
from zongjie.rollup_sums import rollup
from zongjie.workbook import read_workbook

from .conftest import ROOT

VILLAGES = ROOT / "data_examples" / "rollup"


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def blank(tmp_path: Path) -> Path:
    units = tmp_path / "units.txt"
    units.write_text("# 本镇各村\n东岭村\n红旗村\n\n前进村\n", encoding="utf-8")
    target = tmp_path / "台账.xlsx"
    code, _, err = _run("init", "--xlsx", str(target), "--units", str(units))
    assert code == 0 and "已生成" in err
    return target


FILLED = {
    "东岭村": {"期间": "2024年", "党组织.党支部": 1, "党员.总数": 39, "党员.结构.女党员": 5, "发展党员": 1},
    "红旗村": {"期间": "2024年", "党组织.党支部": 1, "党员.总数": 48, "党员.结构.女党员": 7, "发展党员": 2},
    "前进村": {"期间": "2024年", "党组织.党支部": 1, "党员.总数": 62, "党员.结构.女党员": 9, "发展党员": 3},
}


def _fill(path: Path, values: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Fill the rows by unit name; the cell (A1 style) of each header."""
    wb = openpyxl.load_workbook(path)
    ws = wb["汇总"]
    header = {c.value: c.column_letter for c in ws[2]}
    for row in ws.iter_rows(min_row=3):
        for key, value in values.get(row[0].value, {}).items():
            ws[f"{header[key]}{row[0].row}"] = value
    wb.save(path)
    return header


def test_init_xlsx_writes_the_sheet_with_instructions_and_validation(blank: Path) -> None:
    wb = openpyxl.load_workbook(blank)
    assert wb.sheetnames == ["汇总"]
    ws = wb["汇总"]
    assert str(ws["A1"].value).startswith("填写说明：每行填写一个单位")
    header = [c.value for c in ws[2]]
    assert header[:4] == ["单位", "期间", "党组织.党支部", "党员.总数"]
    assert {"党员.结构.女党员", "发展党员", "数据.软弱涣散村党组织（个）"} <= set(header)
    assert [ws[f"A{r}"].value for r in (3, 4, 5)] == ["东岭村", "红旗村", "前进村"]
    [rule] = ws.data_validations.dataValidation
    assert rule.type == "decimal" and rule.operator == "greaterThanOrEqual" and rule.formula1 == "0"
    assert "C3:O" in str(rule.sqref)
    assert "只能填" in rule.error


def test_a_filled_workbook_rolls_up(blank: Path, tmp_path: Path) -> None:
    _fill(blank, FILLED)
    target = tmp_path / "t.md"
    code, _, err = _run("rollup", str(blank), "--unit", "前进镇", "-o", str(target))
    assert code == 0, err
    md = target.read_text(encoding="utf-8")
    assert "全镇共有党支部3个；党员149名" in md
    assert "女党员21名，占14.1%" in md
    assert "发展党员6名" in md
    assert "| 前进村 | 1 | 62 | 9 | 3 |" in md


def test_a_cell_holding_x_is_named_by_check(blank: Path) -> None:
    header = _fill(blank, {**FILLED, "红旗村": {**FILLED["红旗村"], "党员.总数": "X"}})
    code, out, _ = _run("check", str(blank))
    assert code == 1
    cell = f"汇总!{header['党员.总数']}4"
    assert f"{blank}:{cell}: 错误 [placeholder]" in out
    [d] = [d for d in rollup([blank]).diagnostics if d.code == "placeholder"]
    assert d.cell == cell and d.path == "概况.党员.总数" and d.line == 0
    assert d in zongjie.check(blank)  # the API checks a workbook as the command line does


def test_an_empty_cell_most_units_filled_is_named(blank: Path) -> None:
    header = _fill(blank, {**FILLED, "前进村": {k: v for k, v in FILLED["前进村"].items() if k != "发展党员"}})
    [d] = [d for d in rollup([blank]).diagnostics if d.code == "rollup-missing"]
    assert d.cell == f"汇总!{header['发展党员']}5"
    assert "前进村没有填" in d.message


def test_periods_and_units_given_twice_are_named_by_cell(blank: Path) -> None:
    header = _fill(blank, {**FILLED, "红旗村": {**FILLED["红旗村"], "期间": "2023年"}})
    wb = openpyxl.load_workbook(blank)
    wb["汇总"]["A6"] = "东岭村"
    wb["汇总"][f"{header['期间']}6"] = "2024年"
    wb.save(blank)
    found = {d.code: d.cell for d in rollup([blank]).diagnostics}
    assert found == {"rollup-period": f"汇总!{header['期间']}4", "rollup-twice": "汇总!A6"}


def test_round_trip_rollup_xlsx_reads_back_to_the_same_totals(tmp_path: Path) -> None:
    table = tmp_path / "t.xlsx"
    assert _run("rollup", str(VILLAGES), "-o", str(table))[0] == 0
    direct = rollup([VILLAGES])
    again = rollup([table])
    assert again.diagnostics == []
    assert {k: t.quantity.text for k, t in again.totals.items()} == {
        k: t.quantity.text for k, t in direct.totals.items()
    }
    first = again.totals[("主要做法", "数据", "村级组织运转经费")].contributions[0]
    column = {c.value: c.column_letter for c in openpyxl.load_workbook(table)["汇总"][1]}
    assert (first.unit, first.quantity.text, first.origin.cell) == (
        "东岭村", "4.4万元", f"汇总!{column['主要做法.数据.村级组织运转经费（万元）']}2",
    )  # fmt: skip


def test_a_header_that_is_not_a_label_path_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append(["单位", "期间", "党员总数"])
    ws.append(["东岭村", "2024年", 39])
    wb.save(path)
    [row, _] = read_workbook(path)
    [d] = row.diagnostics
    assert (d.code, d.cell) == ("workbook", "汇总!C1")
    assert "“党员总数”不是可识别的数字名称" in d.message


def test_a_sheet_without_the_header_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["名称", "数字"])
    wb.save(path)
    code, out, _ = _run("check", str(path))
    assert code == 1 and "[workbook]" in out and "找不到第一列为“单位”的表头" in out


def test_without_openpyxl_the_message_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    code, _, err = _run("init", "--xlsx", str(tmp_path / "t.xlsx"))
    assert code == 2
    assert 'pip install "zongjie[excel]"' in err
    with pytest.raises(zongjie.ZongjieError, match="需要安装 openpyxl"):
        rollup([tmp_path / "t.xlsx"])


def test_item_figures_and_texts_of_a_row_keep_their_cells(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append(["单位", "期间", "主要做法.数据.开展主题党日活动（次）", "主要做法", "存在问题"])
    ws.append(["东岭村", "2024年", "十二", "开展党员积分管理。\n评选星级党员。", "XX问题"])
    wb.save(path)
    [row] = read_workbook(path)
    found = {(d.code, d.cell, d.path) for d in row.diagnostics}
    assert ("bad-quantity", "汇总!C2", "主要做法[2].数据.开展主题党日活动") in found  # after the two texts
    assert ("placeholder", "汇总!E2", "存在问题[0]") in found
    assert {d.code for d in row.diagnostics} == {"bad-quantity", "placeholder"}


def test_units_without_xlsx_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = _run("init", "--units", str(tmp_path / "名单.txt"))
    assert code == 2 and "--units 只能与 --xlsx 一起使用" in err


def test_a_missing_workbook_is_reported(tmp_path: Path) -> None:
    code, out, _ = _run("check", str(tmp_path / "无.xlsx"))
    assert code == 1 and "[file-not-found] 找不到汇总表格" in out


def test_check_json_names_the_cell(blank: Path) -> None:
    import json

    _fill(blank, {**FILLED, "前进村": {**FILLED["前进村"], "党组织.党支部": "X"}})
    code, out, _ = _run("check", "--format", "json", str(blank))
    assert code == 1
    [d] = [d for d in json.loads(out)["diagnostics"] if d["code"] == "placeholder"]
    assert (d["file"], d["cell"], d["path"]) == (str(blank), "汇总!C5", "概况.党组织.党支部")


def test_a_workbooks_diagnostics_are_in_row_then_column_order(blank: Path) -> None:
    header = _fill(
        blank,
        {
            "东岭村": {**FILLED["东岭村"], "发展党员": "X"},
            "红旗村": {**FILLED["红旗村"], "党组织.党支部": "XX"},
            "前进村": FILLED["前进村"],
        },
    )
    cells = [d.cell for d in rollup([blank]).diagnostics if d.code == "placeholder"]
    assert cells == [f"汇总!{header['发展党员']}3", f"汇总!{header['党组织.党支部']}4"]
