"""zongjie rollup (汇总): sums by label path, the whole's report, table and YAML, and the
cross-unit checks, each located in its unit's file."""

from __future__ import annotations

import io
import shutil
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import zongjie
from zongjie.cli import main
from zongjie.rollup_sums import rollup, unit_of

from .conftest import ROOT

VILLAGES = ROOT / "data_examples" / "rollup"
NAMES = ("dongling-cun-2024.yaml", "hongqi-cun-2024.yaml", "qianjin-cun-2024.yaml", "xintang-cun-2024.yaml")


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def villages(tmp_path: Path) -> Path:
    folder = tmp_path / "villages"
    shutil.copytree(VILLAGES, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


# --------------------------------------------------------------------------- the acceptance


def test_rollup_markdown_states_the_sums_and_shares(tmp_path: Path) -> None:
    target = tmp_path / "t.md"
    code, _, err = _run("rollup", str(VILLAGES), "--unit", "前进镇", "-o", str(target))
    assert code == 0, err
    md = target.read_text(encoding="utf-8")
    assert md.startswith("# 前进镇2024年工作总结")
    assert "全镇共有党支部4个；党员204名" in md
    assert "女党员32名，占15.7%" in md  # the share recomputed from the sums: 32 / 204
    assert "大专及以上学历党员43名，占21.1%" in md
    assert "2024年发展党员8名，其中女4名、35岁及以下2名" in md
    assert "村级组织运转经费22.5万元" in md
    assert "开展主题党日活动48次" in md
    assert "| 单位 | 党支部（个） | 党员（名） | 女党员（名） |" in md
    assert "| 合计 | 4 | 204 | 32 |" in md
    assert "| 东岭村 | 1 | 39 | 5 |" in md
    assert "（一）东岭村：村党组织书记年龄偏大，后备力量不足。" in md
    assert md.count("坚持“三会一课”制度") == 1  # the same plan of every unit once
    assert "已汇总 4 个单位" in err


def test_rollup_docx_has_the_per_unit_table(tmp_path: Path) -> None:
    target = tmp_path / "t.docx"
    code, _, err = _run("rollup", str(VILLAGES), "--unit", "前进镇", "-o", str(target))
    assert code == 0, err
    document = docx.Document(str(target))
    [table] = document.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0][:3] == ["单位", "党支部（个）", "党员（名）"]
    assert rows[0][-2:] == ["村级组织运转经费（万元）", "开展主题党日活动（次）"]
    assert [r[0] for r in rows[1:]] == ["东岭村", "红旗村", "前进村", "新塘村", "合计"]
    assert rows[1][-2:] == ["4.4", "12"]
    assert rows[-1][2] == "204"
    assert rows[-1][-2:] == ["22.5", "48"]


def test_rollup_xlsx_holds_the_units_and_the_totals(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    assert _run("rollup", str(VILLAGES), "-o", str(target))[0] == 0
    ws = openpyxl.load_workbook(target)["汇总"]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("单位", "期间", "党组织.党支部", "党员.总数")
    assert "主要做法.数据.村级组织运转经费（万元）" in header
    assert [r[0] for r in rows[1:]] == ["东岭村", "红旗村", "前进村", "新塘村", "合计"]
    total = dict(zip(header, rows[-1], strict=True))
    assert total["党员.总数"] == 204
    assert total["主要做法.数据.村级组织运转经费（万元）"] == 22.5


def test_rollup_yaml_is_facts_with_the_provenance_as_comments(tmp_path: Path) -> None:
    target = tmp_path / "t.yaml"
    assert _run("rollup", str(VILLAGES), "--unit", "前进镇", "-o", str(target))[0] == 0
    text = target.read_text(encoding="utf-8")
    line = _line_of(VILLAGES / "dongling-cun-2024.yaml", "总数: 39")
    assert f"#   党员.总数 = 204名：东岭村 39名（{VILLAGES / 'dongling-cun-2024.yaml'}:{line}:9）＋红旗村 48名" in text
    data = yaml.safe_load(text)
    assert data["概况"]["党员"]["结构"]["女党员"] == "32名"
    assert data["主要做法"][0]["数据"] == {"村级组织运转经费": "22.5万元", "开展主题党日活动": "48次"}
    assert zongjie.check(target) == []


def test_every_total_keeps_each_units_contribution_and_origin() -> None:
    r = zongjie.rollup([VILLAGES], unit="前进镇")
    total = r.totals[("主要做法", "数据", "村级组织运转经费")]
    assert total.quantity.value == Decimal("225000")
    assert [(c.unit, c.quantity.text) for c in total.contributions] == [
        ("东岭村", "4.4万元"), ("红旗村", "5.2万元"), ("前进村", "6.8万元"), ("新塘村", "6.1万元"),
    ]  # fmt: skip
    first = total.contributions[0].origin
    assert first.source.endswith("dongling-cun-2024.yaml")
    assert first.dotted == "主要做法[0].数据.村级组织运转经费"
    assert first.line == _line_of(VILLAGES / "dongling-cun-2024.yaml", "村级组织运转经费")
    assert r.diagnostics == []
    assert zongjie.load(r.facts()).profile.members.total.text == "204名"  # type: ignore[union-attr]


# --------------------------------------------------------------------------- cross-unit checks


def test_a_unit_of_another_period_is_an_error_in_its_file(villages: Path, tmp_path: Path) -> None:
    odd = villages / "hongqi-cun-2024.yaml"
    _edit(odd, "期间: 2024年", "期间: 2023年")
    code, _, err = _run("rollup", str(villages), "-o", str(tmp_path / "t.md"))
    assert code == 1
    assert f"{odd}:{_line_of(odd, '期间')}:5: 错误 [rollup-period] 红旗村的期间是“2023年”，其他单位是“2024年”" in err
    assert not (tmp_path / "t.md").exists()


def test_a_unit_given_twice_is_reported_and_counted_once(villages: Path) -> None:
    again = villages / "dongling-cun-2024.yaml"
    r = rollup([villages, again])
    [d] = [d for d in r.diagnostics if d.code == "rollup-twice"]
    assert d.severity == "error" and d.file == str(again) and d.path == "单位"
    assert "“东岭村”在汇总中出现了两次" in d.message
    assert r.totals[("党员", "总数")].quantity.text == "204名"


def test_the_same_name_in_two_files_is_a_unit_given_twice(villages: Path) -> None:
    copy = villages / "zz-copy.yaml"
    shutil.copy(villages / "qianjin-cun-2024.yaml", copy)
    [d] = [d for d in rollup([villages]).diagnostics if d.code == "rollup-twice"]
    assert d.file == str(copy) and "与" in d.message and "qianjin-cun-2024.yaml" in d.message


def test_a_near_synonym_is_reported_and_added_under_the_standard_label(villages: Path) -> None:
    odd = villages / "xintang-cun-2024.yaml"
    _edit(odd, "大专及以上学历党员: 15", "大专以上学历党员: 15")
    r = rollup([villages])
    [d] = [d for d in r.diagnostics if d.code == "label-nonstandard"]
    assert d.file == str(odd) and d.line == _line_of(odd, "大专以上学历党员")
    assert "“大专及以上学历党员”" in d.message
    assert r.totals[("党员", "结构", "大专及以上学历党员")].quantity.text == "43名"


def test_a_typo_is_reported_with_the_label_most_units_use(villages: Path) -> None:
    odd = villages / "qianjin-cun-2024.yaml"
    _edit(odd, "流动党员: 2", "流动党圆: 2")
    r = rollup([villages])
    [d] = [d for d in r.diagnostics if d.code == "rollup-label"]
    assert d.file == str(odd) and d.path == "概况.党员.结构.流动党圆"
    assert "3个单位写作“流动党员”（党内统计的标准名称）" in d.message and "请改为“流动党员”" in d.message
    assert ("党员", "结构", "流动党员") not in r.totals
    assert not [d for d in r.diagnostics if d.code == "rollup-missing"]  # the typo says it


def test_a_figure_most_units_give_is_missing_in_one(villages: Path) -> None:
    odd = villages / "hongqi-cun-2024.yaml"
    _edit(odd, "      流动党员: 1\n", "")
    r = rollup([villages])
    [d] = [d for d in r.diagnostics if d.code == "rollup-missing"]
    assert d.severity == "warning" and d.file == str(odd) and d.path == "概况.党员.结构.流动党员"
    assert d.line == _line_of(odd, "结构:") + 1  # in the 结构 mapping, where the figure belongs
    assert "4个单位中有3个填写了“党员.结构.流动党员”，红旗村没有填" in d.message
    assert r.skipped[("党员", "结构", "流动党员")] == "只有3个单位填写（共4个）"


def test_approximate_figures_are_not_added_up(villages: Path) -> None:
    odd = villages / "dongling-cun-2024.yaml"
    _edit(odd, "开展主题党日活动: 12次", "开展主题党日活动: 12余次")
    r = rollup([villages])
    [d] = [d for d in r.diagnostics if d.code == "rollup-approx"]
    assert d.file == str(odd) and "12余次" in d.message
    assert r.skipped[("主要做法", "数据", "开展主题党日活动")] == "有约数或范围"


def test_figures_in_different_units_are_not_added_up(villages: Path) -> None:
    odd = villages / "dongling-cun-2024.yaml"
    _edit(odd, "开展主题党日活动: 12次", "开展主题党日活动: 12场")
    [d] = [d for d in rollup([villages]).diagnostics if d.code == "rollup-unit"]
    assert d.file == str(odd) and "单位是“场”，其他单位是“次”" in d.message


def test_units_own_checks_still_apply(villages: Path, tmp_path: Path) -> None:
    odd = villages / "dongling-cun-2024.yaml"
    _edit(odd, "名称: 东岭村", "名称: X村")
    code, _, err = _run("rollup", str(villages), "-o", str(tmp_path / "t.md"))
    assert code == 1 and "[placeholder]" in err and str(odd) in err


# --------------------------------------------------------------------------- the sums are the sums


_unit_counts = st.tuples(
    st.integers(0, 5000), st.integers(0, 100), st.integers(0, 999), st.sampled_from(["", "万"])
)


@settings(max_examples=25, deadline=None)
@given(st.lists(_unit_counts, min_size=1, max_size=6))
def test_the_rollup_of_generated_units_equals_the_sums(counts: list[tuple[int, int, int, str]]) -> None:
    units = []
    for i, (total, share, money, magnitude) in enumerate(counts):
        women = total * share // 100
        amount = f"{Decimal(money) / 10}{magnitude}元"
        facts = zongjie.load(
            {
                "文种": "年度工作总结",
                "单位": f"第{i + 1}村",
                "期间": "2024年",
                "概况": {"党员": {"总数": total, "结构": {"女党员": women}}},
                "主要做法": [{"标题": "抓党建", "数据": {"经费": amount}}],
                "存在问题": ["问题"],
                "下步打算": ["打算"],
            },
            file=f"u{i}.yaml",
        )
        units.append(unit_of(facts, list(facts.warnings), facts.unit.name, f"u{i}.yaml"))
    r = rollup(units=units)
    assert r.totals[("党员", "总数")].quantity.value == sum(c[0] for c in counts)
    assert r.totals[("党员", "结构", "女党员")].quantity.value == sum(c[0] * c[1] // 100 for c in counts)
    expected = sum(Decimal(m) / 10 * (10000 if mag else 1) for _, _, m, mag in counts)
    assert r.totals[("主要做法", "数据", "经费")].quantity.value == expected
    assert len(r.totals[("党员", "总数")].contributions) == len(counts)


def test_one_folder_may_be_given_alone() -> None:
    assert rollup(VILLAGES).totals[("党员", "总数")].quantity.text == "204名"


def test_a_unit_given_twice_is_not_a_row_twice(villages: Path) -> None:
    r = rollup([villages, villages / "dongling-cun-2024.yaml"])
    assert [u.name for u in r.units if u.figures] == ["东岭村", "红旗村", "前进村", "新塘村"]


def test_each_units_highlights_are_listed_under_its_name(villages: Path, tmp_path: Path) -> None:
    for name, text in (("hongqi-cun-2024.yaml", "“四议两公开”全程纪实。"), ("xintang-cun-2024.yaml", "党员包棚联户。")):
        _edit(villages / name, "存在问题:", f"特色亮点:\n  - {text}\n\n存在问题:")
    target = tmp_path / "t.md"
    assert _run("rollup", str(villages), "--unit", "前进镇", "-o", str(target))[0] == 0
    md = target.read_text(encoding="utf-8")
    assert "## 二、特色亮点\n\n**（一）红旗村**。“四议两公开”全程纪实。\n\n**（二）新塘村**。党员包棚联户。" in md


def test_kind_drafts_the_whole_as_another_kind(tmp_path: Path) -> None:
    code, out, _ = _run("rollup", str(VILLAGES), "--unit", "前进镇", "--kind", "工作汇报", "-o", "-")
    assert code == 0 and out.startswith("# 前进镇工作汇报")


def test_an_unusable_reference_doc_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "样式.docx"
    bad.write_text("不是 Word 文档", encoding="utf-8")
    code, _, err = _run("rollup", str(VILLAGES), "-o", str(tmp_path / "t.docx"), "--reference-doc", str(bad))
    assert code == 2 and not (tmp_path / "t.docx").exists()
    assert "样式.docx" in err
