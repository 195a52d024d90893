"""This period against the last in reports: 上期文件, inline 上期, --previous, previous=; where
the comparisons are printed; last period's facts checked, traceable and never unused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import zongjie
from zongjie.cli import main
from zongjie.context import build
from zongjie.lint import reader_text
from zongjie.previous import comparisons, expected, header, rows
from zongjie.values import parse_period

LAST = """\
文种: 年度工作总结
单位: 前进镇
期间: {period}
概况:
  党组织:
    党委: 1
    党支部: 24
  党员:
    总数: 1046
    结构:
      女党员: 201
  数据:
    软弱涣散村党组织: 2个
    志愿者: 250余名
主要做法:
  - 标题: 抓实党员教育培训
    内容: 依托镇党校举办党员轮训班【轮训班】。
    数据:
      轮训班: 6期
存在问题:
  - 部分党员年龄偏大。
下步打算:
  - 优化党员队伍结构。
"""

THIS = """\
文种: 年度工作总结
单位: 前进镇
期间: 2024年
上期文件: {previous}
概况:
  党组织:
    党委: 1
    党支部: 24
  党员:
    总数: 1058
    结构:
      女党员: 214
  数据:
    软弱涣散村党组织: 1个
    志愿者: 300余名
主要做法:
  - 标题: 抓实党员教育培训
    内容: 依托镇党校举办党员轮训班【轮训班】，培训党员一千余人次。
    数据:
      轮训班: 8期
存在问题:
  - 部分党员年龄偏大。
下步打算:
  - 优化党员队伍结构。
"""


def pair(tmp_path: Path, last_period: str = "2023年", name: str = "2023.yaml") -> Path:
    (tmp_path / name).write_text(LAST.format(period=last_period), encoding="utf-8")
    this = tmp_path / "2024.yaml"
    this.write_text(THIS.format(previous=name), encoding="utf-8")
    return this


def text_of(report: zongjie.Report) -> str:
    return reader_text(str(report.markdown))


# --------------------------------------------------------------------------- the acceptance


def test_the_acceptance_pair(tmp_path: Path) -> None:
    report = zongjie.render(pair(tmp_path), to="md")
    text = text_of(report)
    assert "党员1058名，比上年净增12名，增长1.1%" in text
    assert "女党员214名，占20.2%，较上年提高1.0个百分点" in text
    assert "党支部24个（与上年持平）" in text
    assert "软弱涣散村党组织1个，较上年减少1个" in text
    assert "举办党员轮训班8期（较上年增加2期），培训党员" not in text  # before “，” a comma, not brackets
    assert "举办党员轮训班8期，较上年增加2期，培训党员一千余人次" in text
    assert "志愿者300余名" in text and "志愿者300余名，" not in text.replace("志愿者300余名。", "")
    assert "50余" not in text and "50名" not in text  # 250余 → 300余 is not compared
    assert report.warnings == []  # last year's figures are never reported as unused


def test_without_previous_nothing_is_compared(tmp_path: Path) -> None:
    this = pair(tmp_path)
    plain = this.read_text(encoding="utf-8").replace("上期文件: 2023.yaml\n", "")
    text = text_of(zongjie.render(plain.encode(), to="md"))
    assert "较上年" not in text and "比上年" not in text and "持平" not in text


def test_a_2022_file_as_previous_of_2024_warns_naming_both(tmp_path: Path) -> None:
    this = pair(tmp_path, "2022年", "2022.yaml")
    diags = zongjie.check(this)
    [warning] = [d for d in diags if d.code == "previous-period"]
    assert warning.severity == "warning" and warning.file == str(this)
    assert (warning.line, warning.path) == (4, "上期文件")
    assert "2022年" in warning.message and "2024年" in warning.message and "2023年" in warning.message
    # it still renders, saying 较上年 as the 期间 asks
    assert "较上年增加2期" in text_of(zongjie.render(this, to="md"))


def test_half_year_inline_previous_says_same_period_last_year() -> None:
    facts = zongjie.loads(
        "文种: 半年工作总结\n单位: 前进镇\n期间: 2024年上半年\n"
        "概况:\n  发展党员: {总数: 12名, 上期: 9名}\n"
        "主要做法: [抓党建]\n存在问题: [不足]\n下步打算: [打算]\n"
    )
    report = zongjie.render(facts, to="md")
    assert "发展党员12名，较去年同期增加3名" in text_of(report)
    assert report.warnings == []


# --------------------------------------------------------------------------- last period's facts are facts


def test_previous_file_is_checked_under_its_own_name(tmp_path: Path) -> None:
    this = pair(tmp_path)
    last = tmp_path / "2023.yaml"
    last.write_text(last.read_text(encoding="utf-8").replace("单位: 前进镇", "单位: X镇"), encoding="utf-8")
    diags = zongjie.check(this)
    [placeholder] = [d for d in diags if d.code == "placeholder"]
    assert placeholder.file == str(last) and placeholder.line == 2
    with pytest.raises(zongjie.FactsError) as caught:
        zongjie.load(this)
    assert any(d.file == str(last) and d.code == "placeholder" for d in caught.value.errors)


def test_previous_file_sums_are_checked(tmp_path: Path) -> None:
    this = pair(tmp_path)
    last = tmp_path / "2023.yaml"
    last.write_text(last.read_text(encoding="utf-8").replace("女党员: 201", "女党员: 2010"), encoding="utf-8")
    [exceeds] = [d for d in zongjie.check(this) if d.code == "group-exceeds"]
    assert exceeds.file == str(last) and exceeds.line == 11


def test_previous_figures_are_traceable_to_their_own_file_and_line(tmp_path: Path) -> None:
    facts = zongjie.load(pair(tmp_path))
    assert facts.previous is not None and facts.previous.period.label == "2023年"
    found = comparisons(facts)
    members = found[("概况", "党员", "总数")]
    assert members.origin.source == str(tmp_path / "2023.yaml") and members.origin.line == 9
    course = found[("主要做法", 0, "数据", "轮训班")]
    assert (course.origin.source, course.origin.line, course.change.previous.text) == (
        str(tmp_path / "2023.yaml"), 19, "6期"
    )  # fmt: skip
    assert ("概况", "数据", "志愿者") not in found


def test_inline_previous_is_traceable_to_this_file() -> None:
    facts = zongjie.loads("文种: 半年工作总结\n单位: 前进镇\n期间: 2024年上半年\n概况:\n  发展党员: {总数: 12名, 上期: 9名}\n"
                          "主要做法: [抓党建]\n存在问题: [不足]\n下步打算: [打算]\n", file="半年.yaml")  # fmt: skip
    [c] = comparisons(facts).values()
    assert (c.origin.source, c.origin.line, c.origin.dotted) == ("半年.yaml", 5, "概况.发展党员.上期")


def test_inline_previous_comes_before_the_previous_file(tmp_path: Path) -> None:
    this = pair(tmp_path)
    this.write_text(this.read_text(encoding="utf-8").replace("轮训班: 8期", "轮训班: {总数: 8期, 上期: 7期}"), "utf-8")
    assert "较上年增加1期" in text_of(zongjie.render(this, to="md"))


def test_missing_previous_file_is_an_error_at_its_line(tmp_path: Path) -> None:
    this = pair(tmp_path)
    (tmp_path / "2023.yaml").unlink()
    [missing] = zongjie.check(this)
    assert (missing.code, missing.severity, missing.line, missing.path) == ("previous-missing", "error", 4, "上期文件")
    assert "2023.yaml" in missing.message


def test_previous_file_in_bytes_is_not_read_and_says_how() -> None:
    text = THIS.format(previous="2023.yaml")
    [ignored] = zongjie.check(text.encode())
    assert ignored.code == "previous-ignored" and "previous=" in ignored.message
    assert "较上年" not in text_of(zongjie.render(text.encode(), to="md"))


def test_previous_keyword_of_the_api(tmp_path: Path) -> None:
    this = pair(tmp_path)
    last = zongjie.load(tmp_path / "2023.yaml")
    text = THIS.format(previous="2023.yaml").encode()
    for previous in (last, tmp_path / "2023.yaml", LAST.format(period="2023年").encode()):
        report = zongjie.render(text, to="md", previous=previous)
        assert "比上年净增12名，增长1.1%" in text_of(report), previous
        assert not [d for d in report.warnings if d.code == "previous-ignored"]
    facts = zongjie.load(this, previous=zongjie.loads(LAST.format(period="2022年")))
    assert [d.code for d in facts.warnings] == ["previous-period"]
    # a Facts loaded before gets its previous when asked
    assert zongjie.load(zongjie.load(text), previous=last).previous is last


def test_previous_file_does_not_follow_its_own_previous(tmp_path: Path) -> None:
    this = pair(tmp_path)
    last = tmp_path / "2023.yaml"
    last.write_text(last.read_text(encoding="utf-8").replace("期间: 2023年", "期间: 2023年\n上期文件: 无.yaml"), "utf-8")
    facts = zongjie.load(this)
    assert facts.previous is not None and facts.previous.previous is None and facts.warnings == ()


# --------------------------------------------------------------------------- the command line


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out, err), out.getvalue(), err.getvalue()


def test_cli_previous_option(tmp_path: Path) -> None:
    this = pair(tmp_path)
    other = tmp_path / "其他.yaml"
    other.write_text(LAST.format(period="2023年").replace("总数: 1046", "总数: 1000"), encoding="utf-8")
    status, out, _ = run("render", str(this), "-o", "-", "--previous", str(other))
    assert status == 0 and "比上年净增58名，增长5.8%" in out
    status, out, _ = run("check", str(this), "--previous", str(other))
    assert status == 0 and "没有发现问题" in out
    status, _, err = run("check", str(this), str(other), "--previous", str(other))
    assert status == 2 and "--previous" in err
    status, _, err = run("render", str(this), str(other), "-d", str(tmp_path / "out"), "--previous", str(other))
    assert status == 2 and "--previous" in err


def test_cli_check_reports_the_previous_files_problems(tmp_path: Path) -> None:
    this = pair(tmp_path)
    last = tmp_path / "2023.yaml"
    last.write_text(last.read_text(encoding="utf-8").replace("单位: 前进镇", "单位: X镇"), encoding="utf-8")
    status, out, _ = run("check", str(this))
    assert status == 1 and f"{last}:2:" in out and "[placeholder]" in out


# --------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("period", "before"),
    [
        ("2024年", "2023年"),
        ("2024年上半年", "2023年上半年"),
        ("2024年下半年", "2023年下半年"),
        ("2024年第一季度", "2023年第一季度"),
        ("2024年1月至9月", "2023年1月至9月"),
        ("2024年2月", "2023年2月"),
    ],
)
def test_the_period_before(period: str, before: str) -> None:
    want = expected(parse_period(period))
    assert want is not None and want.label == before


def test_a_free_range_follows_the_day_before(tmp_path: Path) -> None:
    head = "文种: 专项工作汇报\n单位: 前进镇\n期间: {p}\n主要做法:\n  - 数据: {{培训: {n}}}\n存在问题: [不足]\n下步打算: [打算]\n"
    last = zongjie.loads(head.format(p="2024年3月5日至2024年6月4日", n="3期"))
    this = head.format(p="2024年6月5日至2024年9月4日", n="5期").encode()
    report = zongjie.render(this, to="md", previous=last)
    assert "培训5期，较上期增加2期" in text_of(report) and report.warnings == []
    late = zongjie.loads(head.format(p="2024年1月1日至2024年3月4日", n="3期"))
    [w] = zongjie.render(this, to="md", previous=late).warnings
    assert w.code == "previous-period" and "2024年1月1日至3月4日" in w.message


# --------------------------------------------------------------------------- placement and templates


def test_profile_uncompared_and_prose_without_comparisons(tmp_path: Path) -> None:
    (tmp_path / "sections").mkdir()
    from zongjie.resources import templates_dir

    profile = (templates_dir() / "sections" / "profile.md.j2").read_text(encoding="utf-8")
    (tmp_path / "sections" / "profile.md.j2").write_text(
        "{% set profile = profile.uncompared %}\n" + profile, encoding="utf-8"
    )
    macros = (templates_dir() / "macros.md.j2").read_text(encoding="utf-8")
    (tmp_path / "macros.md.j2").write_text(
        macros.replace("(it.data | prose)", "(it.data | prose(compared=false))"), encoding="utf-8"
    )
    (tmp_path / "macros.md.j2").write_text(
        macros.replace("(it.data | prose)", "(it.data | prose(compared=false))").replace(
            "{{ p | sentence }}", "{{ p.uncompared | sentence }}"
        ),
        encoding="utf-8",
    )
    this = pair(tmp_path)
    report = zongjie.render(this, to="md", templates=tmp_path)
    text = text_of(report)
    assert "党员1058名" in text and "较上年" not in text and "比上年" not in text and "持平" not in text
    assert "举办党员轮训班8期，培训党员一千余人次" in text and report.warnings == []
    this.write_text(this.read_text(encoding="utf-8").replace("【轮训班】", "轮训"), "utf-8")
    text = text_of(zongjie.render(this, to="md", templates=tmp_path))
    assert "轮训班8期。" in text and "较上年" not in text


def test_template_access_to_each_figures_comparison(tmp_path: Path) -> None:
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "work.md.j2").write_text(
        "{% for it in s.items %}{% for d in it.data %}"
        "{{ d.label }}：本期{{ d.quantity }}，上期{{ d.previous }}，变化{{ d.change }}，"
        "{{ '增长率%s%%' | format(d.rate) if d.rate is not none else '无增长率' }}，{{ d.compared }}。\n\n"
        "{% endfor %}{% endfor %}",
        encoding="utf-8",
    )
    this = pair(tmp_path)
    this.write_text(this.read_text(encoding="utf-8").replace("【轮训班】", "轮训"), "utf-8")
    report = zongjie.render(this, to="md", templates=tmp_path)
    assert "轮训班：本期8期，上期6期，变化2，无增长率，较上年增加2期。" in text_of(report)


def test_the_rows_of_the_comparison_table(tmp_path: Path) -> None:
    facts = zongjie.load(pair(tmp_path))
    assert header(facts) == ("指标", "2024年", "2023年", "增减", "增减幅度")
    table = [(r.name, r.current, r.previous, r.change, r.rate) for r in rows(facts)]
    assert table == [
        ("党委", "1个", "1个", "0", "—"),
        ("党支部", "24个", "24个", "0", "—"),
        ("党员总数", "1058名", "1046名", "+12名", "+1.1%"),
        ("女党员", "214名", "201名", "+13名", "+1.0个百分点"),
        ("软弱涣散村党组织", "1个", "2个", "-1个", "—"),
        ("轮训班", "8期", "6期", "+2期", "—"),
    ]
    assert [r.labels for r in rows(facts)][2:] == [("党员",), ("党员", "结构", "女党员"), ("软弱涣散村党组织",), ("轮训班",)]
    assert rows(facts)[-1].path == ("主要做法", 0, "数据", "轮训班")


def test_the_context_gives_each_datum_its_comparison(tmp_path: Path) -> None:
    ctx, registry = build(zongjie.load(pair(tmp_path)))
    [course] = ctx["practices"][0].paragraphs[0].refs.values()
    assert course.previous.text == "6期" and course.change == 2 and course.rate is None
    assert str(course.compared) == "较上年增加2期"
    members = registry[("概况", "党员", "总数")]
    assert str(members.rate) == "1.1"


def test_groups_of_new_members_overlap_each_may_not_exceed() -> None:
    """发展党员.其中 (女, 35岁及以下, 大专及以上学历) overlap like 结构: the shared 2024 example sums
    to 31 of 21 and is right; one group above the total is wrong."""
    head = "文种: 年度工作总结\n单位: 前进镇\n期间: 2024年\n主要做法: [抓党建]\n存在问题: [不足]\n下步打算: [打算]\n"
    fine = head + "概况:\n  发展党员: {总数: 21名, 其中: {女: 7名, 35岁及以下: 15名, 大专及以上学历: 9名}}\n"
    assert zongjie.check(fine.encode()) == []
    wrong = head + "概况:\n  发展党员: {总数: 21名, 其中: {女: 7名, 35岁及以下: 25名}}\n"
    [d] = zongjie.check(wrong.encode())
    assert (d.code, d.path) == ("subtotal-exceeds", "概况.发展党员.其中.35岁及以下")
    assert "“35岁及以下”25名，超过发展党员总数21名" in d.message


# --------------------------------------------------------------------------- the shared pair

NEXT = Path(__file__).resolve().parent.parent.parent / "shared" / "examples-next"
DOCUMENT_PARTS = ("版头", "版记", "附件")


def _without_document_parts(text: str) -> str:
    """The facts without 版头/版记/附件 (issue 15's keys), for a model that does not know them yet."""
    out: list[str] = []
    skipping = False
    for line in text.splitlines():
        if line.split(":")[0] in DOCUMENT_PARTS:
            skipping = True
            continue
        if skipping and (line.startswith(" ") or not line.strip()):
            continue
        skipping = False
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.skipif(not (NEXT / "qianjin-2024-annual.yaml").exists(), reason="../shared/examples-next is absent")
def test_the_shared_pair_compares(tmp_path: Path) -> None:
    from zongjie.model import Facts, field_of

    (tmp_path / "qianjin-2023-annual.yaml").write_bytes((NEXT / "qianjin-2023-annual.yaml").read_bytes())
    text = (NEXT / "qianjin-2024-annual.yaml").read_text(encoding="utf-8")
    if field_of(Facts, "附件") is None:  # the document parts land with issue 15
        text = _without_document_parts(text)
    this = tmp_path / "qianjin-2024-annual.yaml"
    this.write_text(text, encoding="utf-8")
    report = zongjie.render(this, to="md")
    assert report.warnings == []
    said = text_of(report)
    for phrase in (
        "下设基层党组织28个，较上年增加1个",
        "共有党员1058名，比上年净增12名，增长1.1%",
        "女党员214名，占20.2%，较上年提高1.0个百分点",
        "35岁及以下152名，占14.4%，较上年提高0.9个百分点",
        "2024年发展党员21名，较上年增加3名，其中女7名",
        "举办党员轮训班8期，较上年增加2期，培训党员1030人次，较上年增加110人次，其中农村党员812人次",
        "对排查出的1个（较上年减少1个）选派第一书记",
    ):
        assert phrase in said, phrase
    if field_of(Facts, "附件") is not None:  # the 附件 table 主要指标对比
        markdown = str(report.content)
        assert "| 指标 | 2024年 | 2023年 | 增减 | 增减幅度 |" in markdown
        assert "| 党员总数 | 1058名 | 1046名 | +12名 | +1.1% |" in markdown
        assert "| 女党员 | 214名（20.2%） | 201名（19.2%） | +13名 | +1.0个百分点 |" in markdown
        assert "| 软弱涣散村党组织 | 1个 | 2个 | -1个 | — |" in markdown
    assert zongjie.render(NEXT / "qianjin-2023-annual.yaml", to="md").warnings == []


# --------------------------------------------------------------------------- a previous value that cannot be compared

HALF = "文种: 半年工作总结\n单位: 前进镇\n期间: 2024年上半年\n主要做法: [抓党建]\n存在问题: [不足]\n下步打算: [打算]\n概况:\n"


@pytest.mark.parametrize(
    ("figure", "said"),
    [
        ("  发展党员: {总数: 12名, 上期: 10余名}\n", "约数或范围"),
        ("  发展党员: {总数: 约12名, 上期: 10名}\n", "约数或范围"),
        ("  数据:\n    培训: {总数: 300人次, 上期: 250人}\n", "单位不同"),
        ("  党员:\n    总数: 100\n    结构:\n      女党员: {总数: 20, 上期: 18}\n", "党员总数没有上期"),
    ],
)
def test_an_inline_previous_that_cannot_be_compared_warns(figure: str, said: str) -> None:
    [d] = zongjie.check((HALF + figure).encode())
    assert d.code == "previous-uncompared" and d.path.endswith(".上期") and said in d.message
    text = text_of(zongjie.render((HALF + figure).encode(), to="md"))
    assert "去年同期" not in text


def test_a_previous_file_figure_in_another_unit_warns_naming_it(tmp_path: Path) -> None:
    this = pair(tmp_path)
    last = tmp_path / "2023.yaml"
    last.write_text(last.read_text(encoding="utf-8").replace("轮训班: 6期", "轮训班: 6次"), encoding="utf-8")
    [d] = zongjie.check(this)
    assert (d.code, d.file, d.path) == ("previous-uncompared", str(this), "主要做法[0].数据.轮训班")
    assert f"{last}第19行" in d.message and "6次" in d.message
    assert "较上年增加2期" not in text_of(zongjie.render(this, to="md"))


def test_titles_match_without_their_final_mark(tmp_path: Path) -> None:
    this = pair(tmp_path)
    this.write_text(
        this.read_text(encoding="utf-8").replace("标题: 抓实党员教育培训", "标题: 抓实党员教育培训。")
        .replace("轮训班: 8期", "轮训班: 8期\n      培训: 3期"), "utf-8"
    )  # fmt: skip
    last = tmp_path / "2023.yaml"
    last.write_text(last.read_text(encoding="utf-8").replace("轮训班: 6期", "轮训班: 6期\n      培训: 1期")
                    + "特色亮点:\n  - 数据: {培训: 5期}\n", encoding="utf-8")  # fmt: skip
    found = comparisons(zongjie.load(this))
    assert found[("主要做法", 0, "数据", "培训")].change.previous.text == "1期"  # by title, not the label


def test_a_new_previous_replaces_the_old_ones_warnings(tmp_path: Path) -> None:
    this = pair(tmp_path, "2022年", "2022.yaml")
    old = zongjie.load(this)
    assert [d.code for d in old.warnings] == ["previous-period"]
    new = zongjie.load(old, previous=LAST.format(period="2023年").encode())
    assert new.warnings == () and new.previous is not None and new.previous.period.label == "2023年"


def test_previous_of_another_unit_warns(tmp_path: Path) -> None:
    this = pair(tmp_path)
    last = tmp_path / "2023.yaml"
    last.write_text(last.read_text(encoding="utf-8").replace("单位: 前进镇", "单位: 红旗镇"), encoding="utf-8")
    [d] = zongjie.check(this)
    assert (d.code, d.line) == ("previous-unit", 4) and "红旗镇" in d.message and "前进镇" in d.message


def test_period_warning_for_a_previous_given_by_the_caller_points_at_the_period() -> None:
    text = THIS.format(previous="2023.yaml").replace("上期文件: 2023.yaml\n", "")
    [d] = zongjie.check(text.encode(), previous=LAST.format(period="2022年").encode())
    assert (d.code, d.path, d.line) == ("previous-period", "期间", 3)
    assert d.message.endswith("请换成2023年的事实文件。") and "上期文件" not in d.message


def test_rows_sign_decreases_and_money() -> None:
    facts = zongjie.loads(
        HALF
        + "  党员: {总数: {总数: 1034, 上期: 1046}}\n"
        + "  数据:\n    运转经费: {总数: 270万元, 上期: 285.6万元}\n    覆盖率: {总数: 79%, 上期: 85.5%}\n"
    )
    table = [(r.name, r.change, r.rate) for r in rows(facts)]
    assert table == [("党员总数", "-12名", "-1.1%"), ("运转经费", "-15.6万元", "-5.5%"), ("覆盖率", "-6.5个百分点", "—")]
    assert header(facts)[1:3] == ("2024年上半年", "上期")
