"""Tables of the .docx: a header (one row, or two with merged cells — ``其中／农村党员`` puts
农村党员 under a 其中 spanning its columns), repeated on every page; numbers right-aligned;
and the floating table of the 版记 at the foot of the last page (GB/T 9704 7.4)."""

from __future__ import annotations

import re

from .ooxml_text import esc, paragraph_xml, run_xml

#: separates the two levels of a grouped header cell
GROUP = "／"
_NUMBER = re.compile(r"^[约近逾超]?[-+]?\d[\d,]*(?:\.\d+)?(?:[—\-～~]\d[\d,]*(?:\.\d+)?)?[余多]?[万亿]?[^\d\s]{0,4}$")
_RIGHT = "<w:jc w:val=\"right\"/>"


def _cell(width: int, inner: str, *, span: int = 1, vmerge: str | None = None) -> str:
    props = f'<w:tcW w:w="{width * span}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if vmerge is not None:
        props += '<w:vMerge w:val="restart"/>' if vmerge == "restart" else "<w:vMerge/>"
    props += '<w:vAlign w:val="center"/>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{inner}</w:tc>"


def _paragraph(style_id: str, runs: str, *, right: bool = False) -> str:
    xml = paragraph_xml(style_id, runs)
    return xml.replace("</w:pPr>", f"{_RIGHT}</w:pPr>", 1) if right else xml


def _header_rows(texts: list[str], style_id: str, col: int, grouped: bool) -> list[str]:
    if not grouped or not any(GROUP in t for t in texts):
        cells = "".join(_cell(col, paragraph_xml(style_id, run_xml(t))) for t in texts)
        return [cells]
    top: list[str] = []
    bottom: list[str] = []
    i = 0
    while i < len(texts):
        head, sep, _ = texts[i].partition(GROUP)
        if not sep:  # one level: spans both header rows
            top.append(_cell(col, paragraph_xml(style_id, run_xml(head)), vmerge="restart"))
            bottom.append(_cell(col, "<w:p/>", vmerge="continue"))
            i += 1
            continue
        j = i
        while j < len(texts) and texts[j].partition(GROUP)[0] == head and GROUP in texts[j]:
            bottom.append(_cell(col, paragraph_xml(style_id, run_xml(texts[j].partition(GROUP)[2]))))
            j += 1
        top.append(_cell(col, paragraph_xml(style_id, run_xml(head)), span=j - i))
        i = j
    return ["".join(top), "".join(bottom)]


def grid_table_xml(
    table_style: str,
    header_style: str,
    cell_style: str,
    width: int,
    header: list[str],
    body: list[list[tuple[str, str]]],
    *,
    grouped: bool = False,
) -> str:
    """A table: ``header`` the header cells' texts, ``body`` rows of (runs, plain text) cells;
    a grouped header is two rows with merged cells. Every header row repeats on a new page."""
    cols = max(len(header), *(len(r) for r in body)) if body else len(header)
    col = width // cols
    header = header + [""] * (cols - len(header))
    rows = [
        f'<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{cells}</w:tr>'
        for cells in _header_rows(header, header_style, col, grouped)
    ]
    for row in body:
        cells = "".join(
            _cell(col, _paragraph(cell_style, runs, right=bool(_NUMBER.match(text.strip()))))
            for runs, text in row
        )
        cells += "".join(_cell(col, "<w:p/>") for _ in range(cols - len(row)))
        rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
    grid = "".join(f'<w:gridCol w:w="{col}"/>' for _ in range(cols))
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{esc(table_style)}"/><w:tblW w:w="{col * cols}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" '
        f'w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>'
    )


def imprint_xml(width: int, left: int, paragraphs: list[str]) -> str:
    """版记: its paragraphs between lines — the first and last thick (0.35 mm), those between
    thin (0.25 mm) — in a table floating at the foot of the last page's type area, as wide as
    the type area (``width`` twips, ``left`` from the page's edge).

    Anchored to the page horizontally: LibreOffice floats a table only if it is narrower than
    what it is anchored to (by 5 %), and the type area is exactly as wide as this table."""
    line = 'w:val="single" w:space="0" w:color="000000"'
    borders = (
        f'<w:tblBorders><w:top {line} w:sz="8"/><w:left w:val="nil"/><w:bottom {line} w:sz="8"/>'
        f'<w:right w:val="nil"/><w:insideH {line} w:sz="6"/><w:insideV w:val="nil"/></w:tblBorders>'
    )
    rows = "".join(
        f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
        f"{p}</w:tc></w:tr>"
        for p in paragraphs
    )
    return (
        '<w:tbl><w:tblPr><w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" '
        f'w:bottomFromText="0" w:vertAnchor="margin" w:horzAnchor="page" w:tblpX="{left}" '
        'w:tblpYSpec="bottom"/><w:tblOverlap w:val="never"/>'
        f'<w:tblW w:w="{width}" w:type="dxa"/>{borders}<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="60" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
        '<w:bottom w:w="60" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        f'w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>{rows}</w:tbl>'
        # a table may not end the body; this paragraph is one twip high, so it adds no page
        '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
        '<w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>'
    )
