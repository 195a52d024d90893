"""Drafting: golden Markdown, structure of every kind, literal facts, nothing dropped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import zongjie
from zongjie.drafting import RenderError
from zongjie.lint import blocks, reader_text
from zongjie.values import Quantity

from .conftest import EXAMPLES, ROOT

GOLDEN = ROOT / "tests" / "golden"


def figures(facts: zongjie.Facts) -> list[str]:
    """Every quantity of a facts file, as written."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, Quantity):
            found.append(value.text)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)
        elif hasattr(type(value), "FIELDS"):
            for f in type(value).FIELDS:
                walk(getattr(value, f.attr))

    walk(facts)
    return found


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_golden_markdown(path: Path, update_golden: bool) -> None:
    report = zongjie.render(path)
    golden = GOLDEN / f"{path.stem}.md"
    if update_golden:
        golden.write_text(report.content, encoding="utf-8")
    assert golden.exists(), f"no golden file: run pytest --update-golden and review {golden}"
    assert report.content == golden.read_text(encoding="utf-8")
    assert report.warnings == []


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_structure_and_figures(path: Path) -> None:
    facts = zongjie.load(path)
    md = zongjie.render(facts).content
    assert isinstance(md, str)
    heads = [(b.level, b.text) for b in blocks(md) if b.kind == "heading"]
    assert heads[0][0] == 1 and heads[0][1] == (facts.title or heads[0][1])
    sections = [t for lvl, t in heads if lvl == 2]
    assert [re.match(r"^(.)、", t).group(1) for t in sections] == list("一二三四五六"[: len(sections)])  # type: ignore[union-attr]
    text = reader_text(md)
    for figure in figures(facts):
        assert figure in text, figure
    for item in facts.practices + facts.problems + facts.plans:
        if item.title:
            assert item.title.rstrip("。") in text


BASE = (ROOT / "data_examples" / "shisidaogou-2019-special.yaml").read_text(encoding="utf-8")

EXPECTED_SECTIONS = {
    "年度工作总结": ["一、主要工作及成效", "二、存在问题", "三、下一步工作打算"],
    "半年工作总结": ["一、2019年9月至11月工作开展情况", "二、存在问题", "三、下一步工作打算"],
    "专项工作汇报": ["一、基本情况", "二、工作开展情况", "三、存在的问题", "四、下一步工作打算"],
    "述职报告": ["一、履职情况", "二、存在问题及原因", "三、下步工作思路"],
    "工作汇报": ["一、基本情况", "二、主要做法及成效", "三、存在问题", "四、下步打算"],
}


@pytest.mark.parametrize("kind", list(EXPECTED_SECTIONS))
def test_five_kinds_from_one_facts_file(kind: str) -> None:
    text = BASE.replace("文种: 专项工作汇报", f"文种: {kind}")
    report = zongjie.render(zongjie.loads(text))
    md = str(report.content)
    sections = [b.text for b in blocks(md) if b.kind == "heading" and b.level == 2]
    assert sections == EXPECTED_SECTIONS[kind]
    assert report.warnings == []
    assert ("各位领导：" in md) == (kind == "工作汇报")
    standard = str(zongjie.render(zongjie.loads(_standard(text))).content)
    if kind == "工作汇报":
        assert "不妥之处，敬请各位领导批评指正。" in standard and "欢迎" in standard


def test_half_year_periods_plan_ahead() -> None:
    first = BASE.replace("文种: 专项工作汇报", "文种: 半年工作总结").replace(
        "期间: {起: 2019-09-01, 止: 2019-11-30}", "期间: 2020年上半年"
    )
    second = first.replace("2020年上半年", "2020年下半年")
    heads1 = [b.text for b in blocks(str(zongjie.render(zongjie.loads(first)).content)) if b.level == 2]
    heads2 = [b.text for b in blocks(str(zongjie.render(zongjie.loads(second)).content)) if b.level == 2]
    assert heads1[0] == "一、上半年工作开展情况" and heads1[-1] == "三、下半年工作打算"
    assert heads2[0] == "一、下半年工作开展情况" and heads2[-1] == "三、2021年工作打算"


def _standard(text: str) -> str:
    """The facts without their own 开头/结尾, so the standard wording is used."""
    return re.sub(r"\n(开头|结尾): [^\n]*", "", text)


@pytest.mark.parametrize(
    ("period", "congress"),
    [("2013年", "十八大"), ("2019年", "十九大"), ("2023年", "二十大"), ("2017年", None), ("2022年", None)],
)
def test_openings_name_the_congress_of_their_time(period: str, congress: str | None) -> None:
    for kind in EXPECTED_SECTIONS:
        for name in ("城关镇", "汪城村", "府前街道", "象山社区"):
            text = (
                _standard(BASE)
                .replace("文种: 专项工作汇报", f"文种: {kind}")
                .replace("期间: {起: 2019-09-01, 止: 2019-11-30}", f"期间: {period}")
                .replace("成文日期: 2019-12-05", "")
                .replace("名称: 十四道沟镇", f"名称: {name}")
            )
            md = str(zongjie.render(zongjie.loads(text)).content)
            named = set(re.findall(r"(十[六七八九]大|二十大)", md))
            assert named <= ({congress} if congress else set()), (kind, name, named)


def test_standard_opening_and_closing_are_deterministic_and_vary() -> None:
    text = _standard(BASE)
    assert zongjie.render(zongjie.loads(text)).content == zongjie.render(zongjie.loads(text)).content
    openings = set()
    for name in ("城关镇", "汪城镇", "红旗镇", "东风镇", "向阳镇", "前进镇"):
        md = str(zongjie.render(zongjie.loads(text.replace("名称: 十四道沟镇", f"名称: {name}"))).content)
        openings.add(md.split("\n\n")[1].replace(name, "某地"))
    assert len(openings) >= 2


def test_addressee_and_renamed_sections() -> None:
    text = BASE.replace("署名:", "主送: 县委组织部\n章节标题: {存在问题: 存在的不足和问题}\n署名:")
    md = str(zongjie.render(zongjie.loads(text)).content)
    assert "<!-- zongjie:addressee -->\n县委组织部：" in md
    assert "## 三、存在的不足和问题" in md


LITERALS = [
    "{{ 7*7 }}",
    "*星号*",
    "__下划线__",
    "<b>标签</b>",
    "| 竖线",
    "a_b_c",
    "{% raw %}",
    "A&B",
    "#话题#",
    "[链接](http://a.cn)",
    "`代码`",
    "~删除~",
    "\\反斜杠",
]


@pytest.mark.parametrize("literal", LITERALS)
def test_facts_print_literally(literal: str) -> None:
    text = BASE.replace("多渠道、全方位加强基层党员教育", f"多渠道、全方位加强基层党员教育{literal}")
    md = str(zongjie.render(zongjie.loads(text)).content)
    assert literal in reader_text(md)
    assert "49" not in reader_text(md) or "{{" not in literal


@pytest.mark.parametrize(
    "start", ["1. 先做这个", "* 星号开头", "- 横线开头", "# 井号开头", "> 引用开头", "+ 加号开头"]
)
def test_paragraph_starts_print_literally(start: str) -> None:
    text = BASE.replace("依托广播、网络", f"|-\n      依托广播、网络\n\n      {start}")
    report = zongjie.render(zongjie.loads(text))
    md = str(report.content)
    assert f"\n{start}、手机" in reader_text(md)  # its own paragraph, exactly as written
    assert [b for b in blocks(md) if b.kind == "other"] == []
    assert report.warnings == []


def test_user_template_dropping_data_warns_with_the_line(tmp_path: Path) -> None:
    macros = (ROOT / "templates" / "macros.md.j2").read_text(encoding="utf-8")
    (tmp_path / "macros.md.j2").write_text(macros.replace("~ (it.data | prose)", ""), encoding="utf-8")
    report = zongjie.render(ROOT / "data_examples" / "shisidaogou-2019-special.yaml", templates=tmp_path)
    unused = [(d.code, d.line) for d in report.warnings]
    lines = BASE.splitlines()
    expected = [
        i + 1
        for i, line in enumerate(lines)
        if re.match(r"^\s+(发放党支部|梳理意见|35周岁|36至|56周岁|50周岁|受到纪律|尚未实现)", line)
    ]
    assert unused == [("fact-unused", n) for n in expected]
    assert all("事实未被使用" in d.message for d in report.warnings)


def test_template_errors_name_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "items.md.j2").write_text("第一行\n{{ no_such_thing }}\n", encoding="utf-8")
    with pytest.raises(RenderError) as info:
        zongjie.render(EXAMPLES[0], templates=tmp_path)
    [d] = info.value.diagnostics
    assert (d.code, d.file, d.line) == ("template-error", str(tmp_path / "sections" / "items.md.j2"), 2)

    (tmp_path / "sections" / "items.md.j2").write_text("第一行\n{{ x + }}\n", encoding="utf-8")
    with pytest.raises(RenderError) as info:
        zongjie.render(EXAMPLES[0], templates=tmp_path)
    [d] = info.value.diagnostics
    assert (d.code, d.line) == ("template-error", 2) and d.file.endswith("items.md.j2")


def test_template_output_failing_the_lint_is_refused(tmp_path: Path) -> None:
    (tmp_path / "kinds").mkdir()
    annual = (ROOT / "templates" / "kinds" / "annual.md.j2").read_text(encoding="utf-8")
    (tmp_path / "kinds" / "annual.md.j2").write_text(
        annual.replace("现将{{ p.this() }}有关情况总结如下", "现将XX情况总结如下").replace(
            "现将{{ p.this() }}工作总结如下", "现将XX工作总结如下"
        ),
        encoding="utf-8",
    )
    with pytest.raises(RenderError) as info:
        zongjie.render(EXAMPLES[0], templates=tmp_path)
    assert [d.code for d in info.value.diagnostics] == ["output-lint"]
    assert info.value.diagnostics[0].file == str(tmp_path / "kinds" / "annual.md.j2")


def test_render_accepts_facts_path_bytes_and_text() -> None:
    a = zongjie.render(EXAMPLES[0]).content
    b = zongjie.render(zongjie.load(EXAMPLES[0])).content
    c = zongjie.render(zongjie.loads(EXAMPLES[0].read_text(encoding="utf-8"))).content
    d = zongjie.render(EXAMPLES[0].read_bytes()).content
    e = zongjie.render(str(EXAMPLES[0])).content
    assert a == b == c == d == e


def test_render_refuses_facts_with_errors() -> None:
    with pytest.raises(zongjie.FactsError):
        zongjie.render(BASE.replace("单位:\n  名称: 十四道沟镇", "单位:\n  名称: X镇").encode())


def test_report_save_never_overwrites_the_input(tmp_path: Path) -> None:
    from zongjie.output import OutputError

    f = tmp_path / "facts.yaml"
    f.write_text(BASE, encoding="utf-8")
    report = zongjie.render(f)
    with pytest.raises(OutputError):
        report.save(f)
    assert f.read_text(encoding="utf-8") == BASE
    report.save(tmp_path / "out.md")
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == report.content


def test_missing_templates_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RenderError) as info:
        zongjie.render(EXAMPLES[0], templates=tmp_path / "nope")
    assert info.value.diagnostics[0].code == "template-not-found"


def test_misspelt_variable_is_named(tmp_path: Path) -> None:
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "signature.md.j2").write_text("{{ unit.nmae }}\n", encoding="utf-8")
    with pytest.raises(RenderError) as info:
        zongjie.render(EXAMPLES[0], templates=tmp_path)
    assert "nmae" in info.value.diagnostics[0].message and "不存在的变量" in info.value.diagnostics[0].message


def test_extending_a_template_of_the_same_name_is_explained(tmp_path: Path) -> None:
    (tmp_path / "kinds").mkdir()
    (tmp_path / "kinds" / "annual.md.j2").write_text('{% extends "kinds/annual.md.j2" %}\n', encoding="utf-8")
    with pytest.raises(RenderError) as info:
        zongjie.render(EXAMPLES[0], templates=tmp_path)
    assert "同名" in info.value.diagnostics[0].message


def test_format_filter_escapes_once(tmp_path: Path) -> None:
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "signature.md.j2").write_text(
        '{% if signature %}\n<!-- zongjie:signature -->\n{{ "%s" | format(signature) }}\n{% endif %}\n',
        encoding="utf-8",
    )
    text = BASE.replace("署名: 中共十四道沟镇委员会", "署名: 中共*十四道沟镇*委员会")
    md = str(zongjie.render(zongjie.loads(text), templates=tmp_path).content)
    assert "中共*十四道沟镇*委员会" in reader_text(md)


def test_money_in_wan_keeps_the_datum_printed(tmp_path: Path) -> None:
    macros = (ROOT / "templates" / "macros.md.j2").read_text(encoding="utf-8")
    (tmp_path / "macros.md.j2").write_text(
        macros.replace("(it.data | prose)", '(it.data | prose("万元"))'), encoding="utf-8"
    )
    report = zongjie.render(ROOT / "data_examples" / "chengguan-annual.yaml", templates=tmp_path)
    assert "春节慰问金0.2万元" in str(report.content) and report.warnings == []


def test_a_fact_used_but_never_printed_is_reported(tmp_path: Path) -> None:
    macros = (ROOT / "templates" / "macros.md.j2").read_text(encoding="utf-8")
    # the tail is still computed (the facts are *used*) but no longer printed
    (tmp_path / "macros.md.j2").write_text(
        macros.replace('{{ tail if loop.last else "" }}', "").replace("{{ lead }}{{ tail }}", "{{ lead }}"),
        encoding="utf-8",
    )
    report = zongjie.render(ROOT / "data_examples" / "shisidaogou-2019-special.yaml", templates=tmp_path)
    unused = {d.message.split("（")[0] for d in report.warnings if d.code == "fact-unused"}
    assert "事实未被使用：“发放党支部征求意见表200份”" in unused


def test_unit_and_addressee_text_is_cleaned() -> None:
    text = (
        BASE.replace("名称: 十四道沟镇", "名称: 十四道沟镇(东区)")
        .replace("上级: 县委", "上级: 县委(组织部)")
        .replace("署名: 中共十四道沟镇委员会", "署名: 中共十四道沟镇委员会。\n主送: 县委组织部：")
    )
    md = str(zongjie.render(zongjie.loads(_standard(text))).content)
    assert "县委组织部：\n" in md and "：：" not in md
    assert "中共十四道沟镇委员会\n" in md and "委员会。" not in md
