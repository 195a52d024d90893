"""The formal parts of a document (GB/T 9704-2012): 版头 (7.2), 附件说明 and 附件 (7.3.4, 7.3.6)
with tables, 版记 (7.4) — the facts, the Markdown, the .docx read back, and the PDF measured."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import pytest

import zongjie
from zongjie import pdf
from zongjie.styles import PAGE

from .conftest import ROOT

FORMAL = ROOT / "data_examples" / "zhengshi-gongwen-2024.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _xml(data: bytes, part: str = "word/document.xml") -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(part).decode("utf-8")


@pytest.fixture(scope="module")
def docx() -> bytes:
    content = zongjie.render(FORMAL, to="docx").content
    assert isinstance(content, bytes)
    return content


def test_the_facts_and_their_checks() -> None:
    facts = zongjie.load(FORMAL)
    assert facts.letterhead is not None and facts.letterhead.mark == "中共城关镇委员会文件"
    assert facts.imprint is not None and facts.imprint.copy_to == ["县委组织部", "县纪委监委"]
    assert facts.attachments[0].table == "党员结构"
    text = FORMAL.read_text(encoding="utf-8")
    bad = text.replace("表格: 党员结构", "表格: 党员统计表")
    [d] = zongjie.check(bad.encode())
    assert (d.code, d.path) == ("unknown-table", "附件[0].表格") and "党员结构" in d.message
    ragged = text.replace("[2, 李红, 城西村, 党支部书记]", "[2, 李红]")
    [d] = zongjie.check(ragged.encode())
    assert (d.code, d.path) == ("table-shape", "附件[1].表格[2]") and "第3行有2格" in d.message
    no_members = re.sub(r"  党员:\n(    .*\n|      .*\n)+", "", text)
    assert "table-data" in [d.code for d in zongjie.check(no_members.encode())]
    compared = text.replace("表格: 党员结构", "表格: 主要指标对比")
    assert "上期" in next(d.message for d in zongjie.check(compared.encode()) if d.code == "table-data")
    names = text.replace("抄送: [县委组织部, 县纪委监委]", "抄送: 县委组织部、县纪委监委")
    assert zongjie.load(names.encode()).imprint.copy_to == ["县委组织部", "县纪委监委"]  # type: ignore[union-attr]


def test_the_markdown_carries_every_part_in_its_place() -> None:
    md = str(zongjie.render(FORMAL).content)
    order = ["中共城关镇委员会文件", "城委〔2024〕12号　　签发人：张三", "# 中共城关镇委员会", "附件：1. 2024年党员",
             "2\\. 2024年村级", "<!-- zongjie:signature -->", "-->\n附件1\n", "-->\n附件2\n", "抄送：县委组织部，县纪委监委。",
             "中共城关镇委员会办公室　　2024年12月20日印发"]  # fmt: skip
    at = [md.index(s) for s in order]
    assert at == sorted(at)
    assert "| 人数（名） | 271 | 194 | 77 | 52 | 12 | 40 | 150 | 81 |" in md
    assert "| 项目 | 党员总数 | 其中／农村党员 |" in md
    report = zongjie.render(FORMAL)
    assert not [w for w in report.warnings if w.code in ("fact-unused", "docx-unsupported")]


def test_the_docx_has_the_letterhead_attachments_and_imprint(docx: bytes) -> None:
    xml = _xml(docx)
    styles = _xml(docx, "word/styles.xml")
    issuer = re.search(r'w:styleId="发文机关标志">.*?</w:style>', styles)
    assert issuer and '<w:color w:val="FF0000"/>' in issuer.group()  # red
    number = re.search(r'w:styleId="发文字号">.*?</w:style>', styles)
    assert number and 'w:bottom w:val="single"' in number.group() and 'w:color="FF0000"' in number.group()
    assert re.search(r'w:styleId="附件标识">.*?<w:pageBreakBefore/>', styles)
    # 签发人: the 字号 left, the name in 楷体 (the 二级标题字符 character style) after a tab
    assert re.search(r"<w:t[^>]*>\u3000城委〔2024〕12号</w:t></w:r><w:r><w:rPr><w:rFonts [^>]*/></w:rPr><w:tab/></w:r>.*?签发人：.*?二级标题字符", xml)
    # the member table: a two-level header with merged cells, repeated on every page
    assert '<w:gridSpan w:val="2"/>' in xml and '<w:gridSpan w:val="3"/>' in xml
    assert '<w:vMerge w:val="restart"/>' in xml and "<w:vMerge/>" in xml
    assert xml.count("<w:tblHeader/>") == 3  # two header rows, then one for the writer's own table
    assert re.search(r'<w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t>271<', xml)
    # 版记: a table floating at the foot of the type area, as wide as it
    assert f'w:horzAnchor="page" w:tblpX="{PAGE["left"]}" w:tblpYSpec="bottom"' in xml
    assert xml.index("抄送：") > xml.index("附件2") and xml.rindex("<w:tbl>") < xml.index("抄送：")


@pytest.mark.skipif(pdf.soffice() is None, reason="LibreOffice is not installed (.ci/run installs it)")
@pytest.mark.skipif(
    not shutil.which("fc-list")
    or not subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout.strip(),
    reason="no Chinese font installed (.ci/run installs fonts-noto-cjk)",
)
def test_the_pdf_places_each_part(docx: bytes) -> None:
    fitz = pytest.importorskip("pymupdf", reason="PyMuPDF is in the test extra")
    [data] = pdf.docx_to_pdf([docx])
    document = fitz.open(stream=data, filetype="pdf")
    lines: list[tuple[int, str, list[float], int]] = []  # page, text, bbox, colour of its first span
    for number, page in enumerate(document, 1):
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                spans = [s for s in line["spans"] if s["text"].strip()]
                if spans:
                    text = "".join(s["text"] for s in spans).replace(" ", "")
                    box = [spans[0]["bbox"][0], min(s["bbox"][1] for s in spans), spans[-1]["bbox"][2],
                           max(s["bbox"][3] for s in spans)]  # fmt: skip
                    lines.append((number, text, box, spans[0]["color"]))

    def find(text: str, exact: bool = False) -> tuple[int, list[float], int]:
        return next((n, box, colour) for n, t, box, colour in lines if (text == t if exact else text in t))

    left, right = PAGE["left"] / 20, (PAGE["width"] - PAGE["right"]) / 20
    bottom = (PAGE["height"] - PAGE["bottom"]) / 20
    page, mark, colour = find("中共城关镇委员会文件")
    assert page == 1 and colour == 0xFF0000  # red
    assert left - 1 <= mark[0] and mark[2] <= right + 1
    _, number, _ = find("城委〔2024〕12号")
    _, signer, _ = find("签发人：张三")
    assert abs(number[1] - signer[1]) < 2  # one line
    assert abs(number[0] - left) < 2  # “\u3000城委…”: one character in
    assert abs(right - signer[2] - 16) < 3  # one character from the right
    red_lines = [d for d in document[0].get_drawings() if d.get("color") == (1.0, 0.0, 0.0)]
    assert red_lines, "no red separator line under the 发文字号"
    # each 附件 on a new page, “附件N” at the top left
    pages = [find(f"附件{i}", exact=True)[0] for i in (1, 2)]
    assert pages[1] == pages[0] + 1 and pages[0] > find("中共城关镇委员会")[0]
    assert find("附件1", exact=True)[1][0] == pytest.approx(left, abs=1)
    # 版记 on the last page, at the foot of the type area
    page, printed, _ = find("2024年12月20日印发")
    assert page == len(document)
    assert bottom - 60 < printed[3] <= bottom + 1
    _, copy_to, _ = find("抄送：")
    assert abs(copy_to[0] - (left + 14)) < 2  # one 4号 character in
