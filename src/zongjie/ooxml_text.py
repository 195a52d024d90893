"""Body XML as text: the hot path of the .docx writer makes document.xml as a string, and
these builders are the only place it is made (no lxml, no python-docx at render time)."""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_RUN_FONTS = '<w:rFonts w:hint="eastAsia"/>'


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run_xml(text: str, char_style: str | None = None, *, break_after: bool = False) -> str:
    """One run; shared characters (“”—…) marked East Asian; ``break_after`` adds a line break."""
    style = f'<w:rStyle w:val="{esc(char_style)}"/>' if char_style else ""
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    brk = "<w:br/>" if break_after else ""
    return f"<w:r><w:rPr>{style}{_RUN_FONTS}</w:rPr><w:t{space}>{esc(text)}</w:t>{brk}</w:r>"


def tab_xml() -> str:
    """A run holding a tab (to a tab stop of the paragraph's style)."""
    return f"<w:r><w:rPr>{_RUN_FONTS}</w:rPr><w:tab/></w:r>"


def paragraph_xml(style_id: str, runs: str, *, left_chars: float | None = None, char_twips: int = 320) -> str:
    """A paragraph; ``left_chars`` sets it flush left from that indent (the signature and
    the date, whose starts must be exactly two characters apart)."""
    ind = ""
    if left_chars is not None:
        ind = (
            f'<w:ind w:leftChars="{round(left_chars * 100)}" w:left="{round(left_chars * char_twips)}" '
            'w:rightChars="0" w:right="0"/><w:jc w:val="left"/>'
        )
    return f'<w:p><w:pPr><w:pStyle w:val="{esc(style_id)}"/>{ind}</w:pPr>{runs}</w:p>'


def keep_with_next(paragraph: str) -> str:
    """A paragraph of :func:`paragraph_xml` kept on the page of the next one, with at least
    two of its lines (widow control) when it breaks."""
    at = paragraph.index("/>", paragraph.index("<w:pStyle ")) + 2
    return f"{paragraph[:at]}<w:keepNext/><w:widowControl/>{paragraph[at:]}"


def table_xml(style_id: str, width: int, rows: list[list[tuple[str, str]]]) -> str:
    """A table of ``rows``, each a list of (paragraph style id, runs) cells, in ``width`` twips."""
    cols = max(len(r) for r in rows)
    col = width // cols
    grid = "".join(f'<w:gridCol w:w="{col}"/>' for _ in range(cols))
    body = []
    for row in rows:
        cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{col}" w:type="dxa"/></w:tcPr>{paragraph_xml(sid, runs)}</w:tc>'
            for sid, runs in row
        )
        cells += "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{col}" w:type="dxa"/></w:tcPr><w:p/></w:tc>'
            for _ in range(cols - len(row))
        )
        body.append(f"<w:tr>{cells}</w:tr>")
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{esc(style_id)}"/><w:tblW w:w="{col * cols}" w:type="dxa"/>'
        f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" '
        f'w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(body)}</w:tbl>'
    )


def core_xml(title: str, author: str, when: str) -> str:
    """docProps/core.xml with fixed values (``when`` in W3CDTF), so equal input gives equal bytes."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{esc(title)}</dc:title><dc:creator>{esc(author)}</dc:creator>"
        f"<cp:lastModifiedBy>{esc(author)}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def split_document(document_xml: bytes) -> tuple[bytes, bytes]:
    """document.xml cut around its body content: (everything up to ``<w:body>``, the
    body's final ``<w:sectPr>…</w:body></w:document>``)."""
    import re

    body = re.search(rb"<w:body\b[^>]*>", document_xml)
    end = document_xml.rfind(b"</w:body>")
    if body is None or end < 0:
        raise ValueError("document.xml has no w:body")
    section = document_xml.rfind(b"<w:sectPr", body.end(), end)
    # the body's own section properties come last; without them the body simply ends
    last_para = document_xml.rfind(b"</w:p>", body.end(), end)
    tail = section if section > last_para else end
    return document_xml[: body.end()], document_xml[tail:]


def style_ids(styles_xml: bytes) -> dict[str, str]:
    """Style name → style id, from styles.xml."""
    from xml.etree import ElementTree as ET

    w = f"{{{W_NS}}}"
    out = {}
    for style in ET.fromstring(styles_xml).iter(f"{w}style"):
        name = style.find(f"{w}name")
        if name is not None:
            out[str(name.get(f"{w}val"))] = str(style.get(f"{w}styleId"))
    return out
