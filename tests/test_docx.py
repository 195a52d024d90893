"""The .docx, read back from its XML: page, fonts, sizes, spacing, indents, footers."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

import zongjie
from zongjie.docx_writer import split_title, width
from zongjie.lint import blocks
from zongjie.styles import Fonts
from zongjie.typesetting import TYPE_WIDTH_PT, points

from .conftest import EXAMPLES, ROOT
from .docxcheck import Docx, w
from .test_drafting import figures


@pytest.fixture(scope="module", params=EXAMPLES, ids=[p.stem for p in EXAMPLES])
def rendered(request: pytest.FixtureRequest) -> tuple[zongjie.Facts, str, Docx, bytes]:
    facts = zongjie.load(request.param)
    report = zongjie.render(facts, to="docx")
    assert isinstance(report.content, bytes)
    assert report.warnings == []
    return facts, report.markdown, Docx(report.content), report.content


def test_python_docx_reopens_it(rendered: tuple) -> None:
    document = docx.Document(io.BytesIO(rendered[3]))
    assert document.paragraphs


def test_page_a4_margins_and_grid(rendered: tuple) -> None:
    d: Docx = rendered[2]
    size = d.sect.find(w("pgSz"))
    assert (size.get(w("w")), size.get(w("h")), size.get(w("orient"))) == ("11906", "16838", None)
    margins = d.sect.find(w("pgMar"))
    got = {k: int(margins.get(w(k))) for k in ("top", "bottom", "left", "right", "footer")}
    assert got == {"top": 2098, "bottom": 1984, "left": 1587, "right": 1474, "footer": 1417}
    grid = d.sect.find(w("docGrid"))
    assert (grid.get(w("type")), grid.get(w("linePitch"))) == ("lines", "579")
    assert 22 * 579 <= 16838 - 2098 - 1984  # 22 lines fit the type area


def test_no_theme_fonts_and_chinese_language(rendered: tuple) -> None:
    d: Docx = rendered[2]
    assert d.theme_font_attributes() == 0
    normal = d.by_name["Normal"]
    assert normal.find(f"{w('rPr')}/{w('lang')}").get(w("eastAsia")) == "zh-CN"


ROLE_FONT = {
    "公文标题": ("方正小标宋简体", 22.0),
    "公文正文": ("仿宋_GB2312", 16.0),
    "一级标题": ("黑体", 16.0),
    "二级标题": ("楷体_GB2312", 16.0),
    "三级标题": ("仿宋_GB2312", 16.0),
    "四级标题": ("仿宋_GB2312", 16.0),
    "主送机关": ("仿宋_GB2312", 16.0),
    "发文机关署名": ("仿宋_GB2312", 16.0),
    "成文日期": ("仿宋_GB2312", 16.0),
    "发文机关标志": ("方正小标宋简体", 42.0),  # as large as one line allows (at most 初号)
    "发文字号": ("仿宋_GB2312", 16.0),
    "附件说明": ("仿宋_GB2312", 16.0),
    "附件标识": ("黑体", 16.0),
    "附件标题": ("方正小标宋简体", 22.0),
}
RUNIN_FONT = {"二级标题字符": "楷体_GB2312", "三级标题字符": "仿宋_GB2312", "四级标题字符": "仿宋_GB2312"}


def test_every_run_has_its_role_font_through_the_style_chain(rendered: tuple) -> None:
    d: Docx = rendered[2]
    seen = set()
    for p in d.body_paragraphs():
        style = d.style_name(p)
        for run in d.runs(p):
            rstyle = run.element.find(f"{w('rPr')}/{w('rStyle')}")
            rname = (
                d.by_id[rstyle.get(w("val"))].find(w("name")).get(w("val")) if rstyle is not None else None
            )
            east, size = ROLE_FONT[style]
            if rname:
                east = RUNIN_FONT[rname]
            assert d.font(run, "eastAsia") == east, (style, rname, run.text)
            assert d.font(run, "ascii") == d.font(run, "hAnsi") == "Times New Roman"
            assert d.size(run) == size
            assert d.bold(run) == (rname == "三级标题字符" or style == "三级标题")
            assert run.element.find(f"{w('rPr')}/{w('rFonts')}").get(w("hint")) == "eastAsia"
            seen.add(rname or style)
    assert {"公文标题", "公文正文", "一级标题", "二级标题字符"} <= seen


def test_paragraph_layout(rendered: tuple) -> None:
    d: Docx = rendered[2]
    for p in d.body_paragraphs():
        style = d.style_name(p)
        line, rule = d.para_attr(p, "spacing", "line"), d.para_attr(p, "spacing", "lineRule")
        before, after = d.para_attr(p, "spacing", "before"), d.para_attr(p, "spacing", "after")
        jc = d.para_attr(p, "jc", "val")
        first = d.para_attr(p, "ind", "firstLineChars")
        if style in ("公文正文", "一级标题", "二级标题", "三级标题", "四级标题"):
            assert (line, rule, before, after) == ("560", "exact", "0", "0")
            assert first == "200" and d.para_attr(p, "ind", "firstLine") == "640"
            assert jc == "both"
        elif style == "公文标题":
            assert jc == "center" and first == "0" and after == "560"
        elif style == "主送机关":
            assert jc == "left" and first == "0"
        elif style in ("发文机关署名", "成文日期"):  # set flush left from computed indents
            assert jc == "left" and first == "0" and d.para_attr(p, "ind", "rightChars") == "0"


def test_signature_and_date_placed_per_7_3_5(rendered: tuple) -> None:
    d: Docx = rendered[2]
    paragraphs = d.body_paragraphs()
    sig = [p for p in paragraphs if d.style_name(p) == "发文机关署名"]
    date = [p for p in paragraphs if d.style_name(p) == "成文日期"]
    if not sig or not date:
        pytest.skip("no signature block")
    (s,), (t,) = sig, date
    assert d.para_attr(s, "spacing", "before") == "560"  # one blank line below the body
    name_left = int(d.para_attr(s, "ind", "leftChars")) / 100
    date_left = int(d.para_attr(t, "ind", "leftChars")) / 100
    assert int(d.para_attr(s, "ind", "left")) == round(name_left * 320)
    # the date's first character two characters right of the name's first character
    assert date_left - name_left == pytest.approx(2, abs=0.011)
    # and the longer of the two ends two characters from the right edge (widths as set:
    # Times New Roman digits, ⅕ em between digits and Chinese)
    line = TYPE_WIDTH_PT / 16
    ends = [name_left + points(d.text(s)) / 16, date_left + points(d.text(t)) / 16]
    assert line - max(ends) == pytest.approx(2, abs=0.011)
    # kept together: the signature with the date, the paragraph before with the signature
    closing = paragraphs[paragraphs.index(s) - 1]
    assert closing.find(f"{w('pPr')}/{w('keepNext')}") is not None
    assert closing.find(f"{w('pPr')}/{w('widowControl')}") is not None
    assert _on(d, s, "keepNext") and _on(d, s, "keepLines") and _on(d, t, "keepLines")


def _on(d: Docx, p: object, flag: str) -> bool:
    """An on/off paragraph property through the style chain (absent = off)."""
    for ppr in d.paragraph_chain(p):  # type: ignore[arg-type]
        el = ppr.find(w(flag))
        if el is not None:
            return el.get(w("val"), "1") not in ("0", "false")
    return False


def test_footers_page_numbers_odd_right_even_left(rendered: tuple) -> None:
    d: Docx = rendered[2]
    assert d.settings.find(w("evenAndOddHeaders")) is not None
    for kind, align, side in (("default", "right", "right"), ("even", "left", "left")):
        footer = d.footer(kind)
        [p] = footer.findall(w("p"))
        instr = [(t.text or "").strip() for t in p.iter(w("instrText"))]
        assert instr == ["PAGE"]
        assert Docx.text(p) == "— 1 —"
        style_id = p.find(f"{w('pPr')}/{w('pStyle')}").get(w("val"))
        style = d.by_id[style_id]
        assert style.find(f"{w('pPr')}/{w('jc')}").get(w("val")) == align
        ind = style.find(f"{w('pPr')}/{w('ind')}")
        assert ind.get(w(f"{side}Chars")) == "100" and ind.get(w(side)) == "280"
        rpr = style.find(w("rPr"))
        fonts = rpr.find(w("rFonts"))
        assert fonts.get(w("eastAsia")) == fonts.get(w("ascii")) == "宋体"
        assert rpr.find(w("sz")).get(w("val")) == "28"


def test_docx_text_equals_markdown_text_in_order(rendered: tuple) -> None:
    facts, markdown, d, _ = rendered
    # 版记 (抄送, 印发) is a table at the foot of the last page; 版头's 字号 and 签发人 stand apart by a tab
    md_text, imprint = [], False
    for b in blocks(markdown):
        if b.kind == "role":
            imprint = b.text in ("<!-- zongjie:copy-to -->", "<!-- zongjie:printed -->")
        elif b.kind in ("heading", "paragraph") and not imprint:
            md_text.append(b.text.replace("\u3000", ""))
    docx_text = [t for p in d.body_paragraphs() if (t := Docx.text(p).replace("\n", "").replace("\u3000", ""))]
    assert docx_text == md_text
    whole = "\n".join(docx_text)
    for figure in figures(facts):
        assert figure in whole


def test_same_facts_same_bytes() -> None:
    a = zongjie.render(EXAMPLES[0], to="docx").content
    b = zongjie.render(EXAMPLES[0], to="docx").content
    assert a == b


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        (
            "十四道沟镇软弱涣散基层党组织专项整治工作汇报",
            ["十四道沟镇软弱涣散基层党组织", "专项整治工作汇报"],
        ),
        ("城关镇2013年工作总结", ["城关镇2013年工作总结"]),
        ("象山社区2023年党建工作总结", ["象山社区2023年党建工作总结"]),
    ],
)
def test_long_titles_split_between_words(title: str, lines: list[str]) -> None:
    assert split_title(title) == lines


def test_title_lines_never_exceed_the_line() -> None:
    title = "中共某县某某镇委员会关于进一步加强和改进新时代基层党组织建设工作的情况汇报"
    lines = split_title(title)
    assert "".join(lines) == title and all(width(line) <= 20 for line in lines) and len(lines) >= 2


def test_tables_from_a_template(tmp_path: Path) -> None:
    (tmp_path / "sections").mkdir()
    profile = (ROOT / "templates" / "sections" / "profile.md.j2").read_text(encoding="utf-8")
    table = "\n| 年龄段 | 人数 |\n| --- | --- |\n{% for d in profile.data %}| {{ d.label }} | {{ d.quantity.text }} |\n{% endfor %}\n\n"
    (tmp_path / "sections" / "profile.md.j2").write_text(profile + table, encoding="utf-8")
    report = zongjie.render(EXAMPLES[2], to="docx", templates=tmp_path)
    d = Docx(report.content)  # type: ignore[arg-type]
    [tbl] = list(d.body.iter(w("tbl")))
    rows = tbl.findall(w("tr"))
    assert len(rows) == 1 + len(zongjie.load(EXAMPLES[2]).profile.data)  # type: ignore[union-attr]
    head = rows[0].find(f"{w('tc')}/{w('p')}")
    assert d.style_name(head) == "表头"
    run = d.runs(head)[0]
    assert d.font(run) == "黑体"
    cell = rows[1].find(f"{w('tc')}/{w('p')}")
    assert d.style_name(cell) == "表格文字" and d.para_attr(cell, "spacing", "lineRule") == "auto"
    assert d.para_attr(cell, "ind", "firstLineChars") == "0"


def test_unsupported_markdown_is_reported_not_dropped(tmp_path: Path) -> None:
    (tmp_path / "sections").mkdir()
    items = (ROOT / "templates" / "sections" / "items.md.j2").read_text(encoding="utf-8")
    (tmp_path / "sections" / "items.md.j2").write_text(items + "\n- 列表一项\n- 列表二项\n", encoding="utf-8")
    report = zongjie.render(EXAMPLES[0], to="docx", templates=tmp_path)
    unsupported = [d for d in report.warnings if d.code == "docx-unsupported"]
    assert unsupported and all(d.line > 0 for d in unsupported)
    text = "\n".join(Docx.text(p) for p in Docx(report.content).body_paragraphs())  # type: ignore[arg-type]
    assert "列表一项" in text and "列表二项" in text


def test_a_role_comment_applies_to_the_next_paragraph_even_inside_a_quote() -> None:
    from zongjie.docx_writer import write_docx

    data, warnings = write_docx("# 标题\n\n<!-- zongjie:signature -->\n> 张三\n\n下一段\n")
    d = Docx(data)
    styles = [(d.style_name(p), Docx.text(p)) for p in d.body_paragraphs()]
    assert styles == [("公文标题", "标题"), ("发文机关署名", "张三"), ("公文正文", "下一段")]
    assert [x.code for x in warnings] == ["docx-unsupported"]  # the quote itself


def test_reference_doc_fonts_are_used(tmp_path: Path) -> None:
    from zongjie.cli import main

    ref = tmp_path / "ref.docx"
    assert (
        main(
            ["reference-doc", "-o", str(ref), "--font", "仿宋_GB2312=仿宋", "--font", "楷体_GB2312=楷体"],
            io.StringIO(),
            io.StringIO(),
        )
        == 0
    )
    d = Docx(zongjie.render(EXAMPLES[1], to="docx", reference_doc=ref).content)  # type: ignore[arg-type]
    fonts = {d.font(r) for p in d.body_paragraphs() for r in d.runs(p)}
    assert "仿宋" in fonts and "楷体" in fonts and "仿宋_GB2312" not in fonts


def test_reference_doc_missing_styles_are_supplied_with_a_warning(tmp_path: Path) -> None:
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    report = zongjie.render(EXAMPLES[0], to="docx", reference_doc=plain)
    assert [d.code for d in report.warnings] == ["docx-unsupported"]
    assert "缺少样式" in report.warnings[0].message
    assert "公文正文" in {s.name for s in docx.Document(io.BytesIO(report.content)).styles}  # type: ignore[arg-type]


def test_bad_reference_doc_is_a_clear_error(tmp_path: Path) -> None:
    from zongjie.docx_writer import ReferenceDocError

    junk = tmp_path / "junk.docx"
    junk.write_text("not a docx", encoding="utf-8")
    for ref in (junk, tmp_path / "missing.docx"):
        with pytest.raises(ReferenceDocError):
            zongjie.render(EXAMPLES[0], to="docx", reference_doc=ref)


def test_shipped_reference_matches_the_style_code() -> None:
    from zongjie.styles import REFERENCE, reference_bytes

    fresh, shipped = Docx(reference_bytes()), Docx(REFERENCE.read_bytes())
    names = sorted(fresh.zip.namelist())
    assert names == sorted(shipped.zip.namelist())
    for name in names:  # styles, settings, font table, app properties … all of them
        assert fresh.zip.read(name) == shipped.zip.read(name), (
            f"{name}: run `python -m zongjie.styles` to regenerate src/zongjie/data/reference.docx"
        )


def test_fonts_can_be_renamed() -> None:
    fonts = Fonts().replaced({"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体"})
    assert (fonts.body, fonts.heading2, fonts.heading1) == ("仿宋", "楷体", "黑体")


# --------------------------------------------------------------------------- LibreOffice

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CJK_FONT = bool(shutil.which("fc-list")) and bool(
    subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout.strip()
)


@pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed (.ci/run installs libreoffice-writer-nogui)"
)
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_libreoffice_converts_each_example_with_numbered_pages(tmp_path: Path) -> None:
    for path in EXAMPLES:
        (tmp_path / f"{path.stem}.docx").write_bytes(zongjie.render(path, to="docx").content)  # type: ignore[arg-type]
    subprocess.run(
        [
            str(SOFFICE),
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *map(str, tmp_path.glob("*.docx")),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for path in EXAMPLES:
        pdf = tmp_path / f"{path.stem}.pdf"
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        pages = text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
        if CJK_FONT:  # with a Chinese font the layout is the real one: 28 characters a line
            expected = _expected_pages(zongjie.render(path).content)  # type: ignore[arg-type]
            assert len(pages) in (expected, expected + 1), (path.name, len(pages), expected)
        for n, page in enumerate(pages, 1):
            assert re.search(rf"—\s*{n}\s*—", page), f"{path.name}: page {n} has no “— {n} —”"
            lines = [
                line
                for line in page.splitlines()
                if line.strip() and not re.fullmatch(r"\s*—\s*\d+\s*—\s*", line)
            ]
            assert len(lines) <= 22, (path.name, n, len(lines))


def _expected_pages(markdown: str) -> int:
    """Pages at 22 lines of 28 characters (the title counts two body lines a line, plus one blank);
    each 附件 starts a page of its own (a table row counts two lines)."""
    parts = markdown.split("<!-- zongjie:attachment -->")
    if len(parts) > 1:
        return sum(_expected_pages(part) for part in parts)
    lines = markdown.count("\n|") * 2.0
    for b in blocks(markdown):
        if b.kind == "heading" and b.level == 1:
            lines += len(split_title(b.text)) * 1.25 + 1
        elif b.kind in ("heading", "paragraph"):
            indent = 0 if b.text in ("",) else 2
            lines += -(-(width(b.text) + indent) // 28)
    return max(1, int(-(-lines // 22)))
