"""The layout measured in LibreOffice's PDF (PyMuPDF reads the positions): the signature,
the date and the paragraph before them on one page wherever the page break falls; the
date two characters right of the signature; title lines that fit, hold more than one
character and stand exactly 35pt apart; tables inside the type area.  One LibreOffice
process converts every document of the module."""

from __future__ import annotations

import itertools
import shutil
import subprocess
from dataclasses import dataclass

import pytest

import zongjie
from zongjie import pdf
from zongjie.docx_writer import split_title, write_docx
from zongjie.styles import PAGE

from .conftest import EXAMPLES, SHARED

fitz = pytest.importorskip("pymupdf", reason="PyMuPDF is in the test extra (pip install -e '.[test]')")
pytestmark = [
    pytest.mark.skipif(pdf.soffice() is None, reason="LibreOffice is not installed (.ci/run installs it)"),
    pytest.mark.skipif(
        not shutil.which("fc-list")
        or not subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout.strip(),
        reason="no Chinese font installed (.ci/run installs fonts-noto-cjk): the layout would not be the real one",
    ),
]

LEFT = PAGE["left"] / 20
RIGHT = (PAGE["width"] - PAGE["right"]) / 20
CHAR = 16.0
SIGNATURE, DATE = "某某镇委员会", "2024年1月1日"
CLOSING = {
    1: "综上所述，全年工作任务圆满完成。",
    3: "综上所述，" + "各项工作任务均已按计划推进并取得实效" * 3 + "。",
}
TITLES = [
    "中共某某县某某镇委员会关于2023年度全镇1234.5万元专项资金使用情况的报告",
    "某某社区党支部关于开展“不忘初心、牢记使命”主题教育情况的报告",
    "街道社区党委关于20年来党建工作的总结报告",
    "十四道沟镇2019年软弱涣散基层党组织专项整治工作的报告",
    "中共某某县某某镇委员会2024年第一季度基层党建工作情况汇报",
]
TABLE = "# 表格\n\n| 序号 | 姓名 | 单位 | 职务 |\n| --- | --- | --- | --- |\n| 1 | 王建国 | 前进村 | 党支部书记 |\n"


@dataclass
class Line:
    page: int
    x0: float
    x1: float
    y: float
    size: float
    text: str  # without the spaces PyMuPDF reads into the gaps beside digits


def _variant(lines: int, closing: int) -> str:
    body = "".join(f"第{i:02d}段正文，每段恰好一行文字。\n\n" for i in range(lines))
    return (
        f"# 关于某某工作的报告\n\n{body}{CLOSING[closing]}\n\n"
        f"<!-- zongjie:signature -->\n{SIGNATURE}\n\n<!-- zongjie:date -->\n{DATE}\n"
    )


VARIANTS = [(n, c) for c in (1, 3) for n in range(12, 36)]


@pytest.fixture(scope="module")
def layouts() -> dict[str, list[Line]]:
    docs: dict[str, bytes] = {}
    for n, c in VARIANTS:
        docs[f"v{n}-{c}"] = write_docx(_variant(n, c))[0]
    for i, title in enumerate(TITLES):
        docs[f"t{i}"] = write_docx(f"# {title}\n\n正文。\n")[0]
    docs["table"] = write_docx(TABLE)[0]
    for path in [*EXAMPLES, *sorted(SHARED.glob("*.yaml"))]:
        docs[f"e-{path.parent.name}-{path.stem}"] = zongjie.render(path, to="docx").content  # type: ignore[assignment]
    pdfs = pdf.docx_to_pdf(list(docs.values()))
    global _DRAWINGS
    out = {}
    for name, data in zip(docs, pdfs, strict=True):
        document = fitz.open(stream=data, filetype="pdf")
        out[name] = _lines(document)
        if name == "table":
            _DRAWINGS = [d for page in document for d in page.get_drawings()]
    return out


_DRAWINGS: list[dict[str, object]] = []


def _lines(document: object) -> list[Line]:
    rows: dict[tuple[int, float], list[dict[str, object]]] = {}
    for number, page in enumerate(document, 1):  # type: ignore[call-overload]
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    if span["text"].strip():
                        rows.setdefault((number, round(span["origin"][1], 0)), []).append(span)
    out = []
    for (number, y), spans in sorted(rows.items()):
        spans.sort(key=lambda s: s["bbox"][0])  # type: ignore[index]
        text = "".join(str(s["text"]) for s in spans).replace(" ", "")
        x0, x1 = spans[0]["bbox"][0], spans[-1]["bbox"][2]  # type: ignore[index]
        out.append(Line(number, float(x0), float(x1), y, float(spans[0]["size"]), text))  # type: ignore[arg-type]
    return out


def _find(lines: list[Line], text: str) -> Line:
    [found] = [line for line in lines if line.text == text]
    return found


def test_signature_date_and_closing_paragraph_never_split(layouts: dict[str, list[Line]]) -> None:
    positions = set()
    for n, c in VARIANTS:
        lines = layouts[f"v{n}-{c}"]
        sig, date = _find(lines, SIGNATURE), _find(lines, DATE)
        first = next(i for i, line in enumerate(lines) if line.text.startswith("综上所述"))
        closing = lines[first : lines.index(sig)]
        assert sig.page == date.page == closing[-1].page, (n, c, sig, date, closing[-1])
        if c == 3:  # a paragraph that breaks leaves two lines with the signature, never one
            assert sum(line.page == sig.page for line in closing) >= 2, (n, c)
        positions.add((closing[0].page, closing[0].y))
    # the variants move the closing paragraph line by line over the page break
    assert len(positions) >= 20
    assert {p for p, _ in positions} >= {1, 2}


def test_the_date_starts_two_characters_right_of_the_signature(layouts: dict[str, list[Line]]) -> None:
    checked = 0
    for name, lines in layouts.items():
        sigs = [i for i, line in enumerate(lines) if i + 1 < len(lines) and re_date(lines[i + 1].text)]
        for i in sigs:
            sig, date = lines[i], lines[i + 1]
            if name.startswith("v"):
                assert (sig.text, date.text) == (SIGNATURE, DATE.replace(" ", ""))
            offset = (date.x0 - sig.x0) / CHAR
            assert offset == pytest.approx(2, abs=0.3), (name, offset)
            assert (RIGHT - max(sig.x1, date.x1)) / CHAR == pytest.approx(2, abs=0.3), name
            checked += 1
    assert checked >= len(VARIANTS) + len(EXAMPLES)


def re_date(text: str) -> bool:
    import re

    return re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", text) is not None


def test_title_lines_fit_and_never_hold_one_character(layouts: dict[str, list[Line]]) -> None:
    for i, title in enumerate(TITLES):
        lines = [line for line in layouts[f"t{i}"] if line.size > 20]
        assert [line.text for line in lines] == split_title(title), title
        assert all(len(line.text) >= 2 for line in lines)
        assert all(LEFT - 0.5 <= line.x0 and line.x1 <= RIGHT + 0.5 for line in lines)
        # exact 35pt spacing (not snapped to two 28.95pt grid lines)
        for a, b in itertools.pairwise(lines):
            assert b.y - a.y == pytest.approx(35, abs=0.6), title


def test_tables_lie_within_the_type_area(layouts: dict[str, list[Line]]) -> None:
    xs = []
    for drawing in _DRAWINGS:
        for item in drawing["items"]:  # type: ignore[attr-defined]
            if item[0] == "l":
                xs += [item[1].x, item[2].x]
            elif item[0] == "re":
                xs += [item[1].x0, item[1].x1]
    assert xs, "no table borders drawn"
    assert min(xs) >= LEFT - 0.3 and max(xs) <= RIGHT + 0.3, (min(xs), max(xs), LEFT, RIGHT)
    rows = [line for line in layouts["table"] if "王建国" in line.text or "序号" in line.text]
    assert len(rows) == 2 and all(LEFT <= row.x0 and row.x1 <= RIGHT for row in rows)
