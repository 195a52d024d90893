"""The .docx as a Chinese-locale package (settings, font table, app properties), the
styles' behaviour in an editor (w:next, keep-together, grid snapping) and title lines —
read back from the XML."""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

import zongjie
from zongjie.docx_writer import split_title, write_docx
from zongjie.typesetting import TITLE_LIMIT, points, signature_indents

from .conftest import EXAMPLES, ROOT
from .docxcheck import Docx, w

SHARED = sorted((ROOT.parent / "shared" / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def doc() -> Docx:
    return Docx(zongjie.render(EXAMPLES[-1], to="docx").content)  # type: ignore[arg-type]


def test_settings_are_those_of_a_chinese_word_2013_document(doc: Docx) -> None:
    compat = {s.get(w("name")): s.get(w("val")) for s in doc.settings.iter(w("compatSetting"))}
    assert compat["compatibilityMode"] == "15"
    assert doc.settings.find(w("characterSpacingControl")).get(w("val")) == "compressPunctuation"  # type: ignore[union-attr]
    lang = doc.settings.find(w("themeFontLang"))
    assert lang is not None and lang.get(w("eastAsia")) == "zh-CN"
    assert doc.settings.find(w("rsids")) is None


def _faces_used(d: Docx) -> set[str]:
    faces = set()
    for part in (d.styles, d.document):
        for fonts in part.iter(w("rFonts")):
            faces |= {v for k, v in fonts.attrib.items() if k in {w("eastAsia"), w("ascii"), w("hAnsi")}}
    return faces


def test_font_table_lists_every_face_with_substitutes_and_charset(doc: Docx) -> None:
    table = {f.get(w("name")): f for f in doc.xml("word/fontTable.xml").iter(w("font"))}
    used = _faces_used(doc)
    assert used == {"仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体", "Times New Roman"}
    assert used <= set(table)
    assert "ＭＳ 明朝" not in table
    alt = {
        name: f.find(w("altName")).get(w("val"))
        for name, f in table.items()
        if f.find(w("altName")) is not None
    }
    assert alt["仿宋_GB2312"] == "仿宋" and alt["楷体_GB2312"] == "楷体"
    for name, font in table.items():
        charset = font.find(w("charset")).get(w("val"))  # type: ignore[union-attr]
        assert charset == ("00" if name.isascii() else "86"), name
    assert table["黑体"].find(w("panose1")).get(w("val")) == "02010609060101010101"  # type: ignore[union-attr]
    # the schema's order inside w:font
    order = ["altName", "panose1", "charset", "family", "pitch", "sig"]
    for font in table.values():
        tags = [c.tag.removeprefix(w("")) for c in font]
        assert tags == [t for t in order if t in tags]


def test_renamed_fonts_get_their_own_entries(tmp_path: object) -> None:
    from zongjie.styles import Fonts, reference_bytes

    ref = Docx(reference_bytes(Fonts().replaced({"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体"})))
    names = {f.get(w("name")) for f in ref.xml("word/fontTable.xml").iter(w("font"))}
    assert {"仿宋", "楷体"} <= names and "仿宋_GB2312" not in names


def test_app_properties_are_neutral(doc: Docx) -> None:
    app = doc.zip.read("docProps/app.xml").decode()
    assert "<Application>zongjie</Application>" in app
    assert "Microsoft" not in app and "Macintosh" not in app and "AppVersion" not in app


def test_headings_continue_in_body_style_and_have_outline_levels(doc: Docx) -> None:
    body_id = doc.by_name["公文正文"].get(w("styleId"))
    for level, name in enumerate(("一级标题", "二级标题", "三级标题", "四级标题")):
        style = doc.by_name[name]
        assert style.find(w("next")).get(w("val")) == body_id, name  # type: ignore[union-attr]
        assert style.find(f"{w('pPr')}/{w('outlineLvl')}").get(w("val")) == str(level)  # type: ignore[union-attr]
    sig = doc.by_name["发文机关署名"]
    assert sig.find(w("next")).get(w("val")) == doc.by_name["成文日期"].get(w("styleId"))  # type: ignore[union-attr]


def test_title_is_off_the_grid_and_kept_with_the_body(doc: Docx) -> None:
    title = doc.by_name["公文标题"].find(w("pPr"))
    assert title.find(w("snapToGrid")).get(w("val")) == "0"  # type: ignore[union-attr]
    assert title.find(w("keepNext")) is not None and title.find(w("keepNext")).get(w("val")) is None  # type: ignore[union-attr]
    tags = [c.tag for c in title]  # type: ignore[union-attr]
    assert tags.index(w("snapToGrid")) < tags.index(w("spacing"))  # schema order


def test_signature_block_is_kept_together_wherever_it_stands() -> None:
    """The paragraph before the signature is kept with it, even when it is a heading or
    the only paragraph; a date alone (no signature) keeps its predecessor too."""
    data, _ = write_docx(
        "# 标题\n\n正文一。\n\n<!-- zongjie:signature -->\n某某党支部\n\n<!-- zongjie:date -->\n2024年1月1日\n"
    )
    d = Docx(data)
    body = d.body_paragraphs()[1]
    assert body.find(f"{w('pPr')}/{w('keepNext')}") is not None
    assert [c.tag for c in body.find(w("pPr"))][:3] == [w("pStyle"), w("keepNext"), w("widowControl")]  # type: ignore[union-attr]
    data, _ = write_docx("# 标题\n\n正文一。\n\n<!-- zongjie:date -->\n2024年1月1日\n")
    assert Docx(data).body_paragraphs()[1].find(f"{w('pPr')}/{w('keepNext')}") is not None


def test_tables_fit_the_type_area() -> None:
    data, _ = write_docx("# 标题\n\n| 甲 | 乙 | 丙 |\n| --- | --- | --- |\n| 1 | 2 | 3 |\n")
    d = Docx(data)
    [tbl] = list(d.body.iter(w("tbl")))  # type: ignore[union-attr]
    width = int(tbl.find(f"{w('tblPr')}/{w('tblW')}").get(w("w")))  # type: ignore[union-attr]
    cols = [int(c.get(w("w"))) for c in tbl.iter(w("gridCol"))]  # type: ignore[arg-type]
    assert sum(cols) == width <= 11906 - 1587 - 1474 - 10


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("象山社区党支部", "2023年12月28日"),
        ("中共十四道沟镇委员会", "2019年12月5日"),
        ("党支部", "2024年10月10日"),
    ],
)
def test_the_date_starts_two_characters_right_of_the_name(name: str, date: str) -> None:
    name_left, date_left = signature_indents(name, date)
    assert date_left - name_left == pytest.approx(2, abs=0.011)
    line = (11906 - 1587 - 1474) / 20 / 16
    assert max(name_left + points(name) / 16, date_left + points(date) / 16) == pytest.approx(
        line - 2, abs=0.011
    )


def test_widths_count_digits_as_times_new_roman_and_the_space_beside_them() -> None:
    # 8 digits of 8pt, 3 Chinese of 16pt, −0.25pt after each, ⅕ em at 5 script changes
    assert points("2023年12月28日") == pytest.approx(8 * 8 + 3 * 16 - 11 * 0.25 + 5 * 3.2)
    assert points("党支部") == pytest.approx(3 * 15.75)


@pytest.mark.parametrize(
    "title",
    [
        "关于2023年度全镇1234.5万元专项资金使用情况的报告",
        "某某社区党支部关于开展“不忘初心、牢记使命”主题教育情况的报告",
        "十四道沟镇2019年软弱涣散基层党组织专项整治工作的报告",
        "中共某某县某某镇委员会2024年第一季度基层党建工作情况汇报",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ城关镇2013年工作总结",
        "城关镇" + "甲" * 15 + "12345678",
        "甲" * 15 + "1234.5万元" + "乙" * 10,  # was “…甲1 / 234.5万元…”
        "一" * 21,
    ],
)
def test_title_lines_fit_keep_figures_whole_and_never_orphan_a_character(title: str) -> None:
    lines = split_title(title)
    assert "".join(lines) == title and len(lines) >= 2
    assert all(points(line, 22, 0.25) <= TITLE_LIMIT for line in lines)
    assert all(len(line) >= 2 for line in lines)
    for a, b in itertools.pairwise(lines):
        assert not (a[-1].isdigit() and (b[0].isdigit() or b[0] in ".万元")), (a, b)
        assert not (a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha()), (a, b)
        assert a.count("“") == a.count("”") and b[0] not in "，。、”》）"


def test_a_title_of_twenty_characters_with_digits_is_split_not_wrapped() -> None:
    """20 characters of 2号 with digits are wider than a line once the digits' space is
    counted: the writer splits them between words instead of letting Word orphan one."""
    from zongjie.typesetting import width

    title = "街道社区党委关于20年来党建工作的总结报告"
    assert width(title) == 20  # what the old check compared with 20: it was kept on one line
    lines = split_title(title)
    assert lines == ["街道社区党委关于", "20年来党建工作的总结报告"]


def test_every_shared_example_package_reads_back() -> None:
    for path in SHARED:
        data = zongjie.render(path, to="docx").content
        with zipfile.ZipFile(io.BytesIO(data)) as z:  # type: ignore[arg-type]
            assert z.testzip() is None
            assert b"ja-JP" not in z.read("word/settings.xml")


def test_headings_are_recognisable_to_converters(doc: Docx) -> None:
    """一级标题 … 四级标题 carry the ids Heading1 … Heading4 (mammoth, docling) and are
    based on Word's “heading N” (pandoc reads a heading level from a base's name), which
    has no look of its own to leak; the outline level is on both (Word's navigation)."""
    for n, name in enumerate(("一级标题", "二级标题", "三级标题", "四级标题"), 1):
        style = doc.by_name[name]
        assert style.get(w("styleId")) == f"Heading{n}"
        base = doc.by_id[style.find(w("basedOn")).get(w("val"))]  # type: ignore[union-attr]
        assert base.find(w("name")).get(w("val")) == f"heading {n}"  # type: ignore[union-attr]
        assert base.find(w("rPr")) is None
        assert base.find(f"{w('pPr')}/{w('outlineLvl')}").get(w("val")) == str(n - 1)  # type: ignore[union-attr]
        assert doc.by_id[base.find(w("basedOn")).get(w("val"))].find(w("name")).get(w("val")) == "Normal"  # type: ignore[union-attr]


def test_mammoth_reads_the_headings() -> None:
    mammoth = pytest.importorskip("mammoth", reason="mammoth is in the test extra")
    report = zongjie.render(EXAMPLES[-1], to="docx")
    html = mammoth.convert_to_html(io.BytesIO(report.content)).value  # type: ignore[arg-type]
    expected = [line[3:] for line in report.markdown.splitlines() if line.startswith("## ")]
    assert expected and [h for h in re.findall(r"<h1>(.*?)</h1>", html)] == expected


def test_styles_supplied_to_a_foreign_reference_get_their_own_ids(tmp_path: object) -> None:
    """python-docx's default document has its own blue “heading 1” with the id Heading1:
    the supplied 一级标题 takes another id and is based on that document's Normal."""
    import docx as python_docx

    plain = Path(str(tmp_path)) / "plain.docx"
    python_docx.Document().save(str(plain))
    d = Docx(zongjie.render(EXAMPLES[0], to="docx", reference_doc=plain).content)  # type: ignore[arg-type]
    ids = [s.get(w("styleId")) for s in d.styles.iter(w("style"))]
    assert len(ids) == len(set(ids))
    h1 = d.by_name["一级标题"]
    assert h1.get(w("styleId")) != "Heading1"
    assert h1.find(w("basedOn")).get(w("val")) == "Normal"  # type: ignore[union-attr]
    for style in d.by_name.values():
        for tag in ("basedOn", "next", "link"):
            ref = style.find(w(tag))
            assert ref is None or ref.get(w("val")) in d.by_id, (style.get(w("styleId")), tag)
    headings = [p for p in d.body_paragraphs() if d.style_name(p) == "一级标题"]
    assert headings and all(d.font(d.runs(p)[0]) == "黑体" for p in headings)


@pytest.mark.skipif(
    shutil.which("pandoc") is None, reason="pandoc is not installed (optional: apt-get install pandoc)"
)
def test_pandoc_reads_the_headings() -> None:
    report = zongjie.render(EXAMPLES[-1], to="docx")
    done = subprocess.run(
        ["pandoc", "-f", "docx", "-t", "markdown", "--markdown-headings=atx"],
        input=report.content,
        capture_output=True,
        check=True,
    )
    got = [m.group(1) for m in re.finditer(r"^# (\S+)", done.stdout.decode(), flags=re.M)]
    expected = [line[3:] for line in report.markdown.splitlines() if line.startswith("## ")]
    assert expected and got == expected
