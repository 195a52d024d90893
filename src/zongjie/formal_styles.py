"""The styles of the formal parts (GB/T 9704-2012 7.2–7.4): 版头, 附件说明, 附件 and 版记.

Named styles like the body's, so an office adapts them in its reference document; what
python-docx has no API for (the red line under the 发文字号, tab stops measured in the type
area) is set here on the style's XML.
"""

from __future__ import annotations

from typing import Any

#: 版头 and 版记 in GB/T 9704: the red line 4 mm under the 发文字号; 版记's lines
RED = "FF0000"
ISSUER_TOP_MM = 35  # 7.2.2: the mark's top edge 35 mm below the type area's (28 mm with 签发人)
ISSUER_TOP_UPWARD_MM = 28
IMPRINT_SIZE = 14  # 4号


def formal_specs(f: Any, style_spec: Any, type_width: int) -> list[Any]:
    """(Fonts, the StyleSpec class, the type area's width in twips) → the StyleSpecs."""
    s = style_spec
    return [
        s(
            "发文机关标志",
            east_asia=f.title,
            size=36,
            align="center",
            first_line_chars=None,
            exact_line=None,
            before=round(ISSUER_TOP_MM / 25.4 * 72, 1),
            keep_next=True,
            snap_to_grid=False,
            next_style="发文字号",
            extra={"color": RED, "spacing": 0},
            sample="发文机关标志（红色小标宋，居中）",
        ),
        s(
            "发文字号",
            east_asia=f.body,
            align="center",
            first_line_chars=None,
            before=56,  # 7.2.3: two lines under the mark
            after=56,  # the title two lines under the red line (7.3.1)
            keep_next=True,
            next_style="公文标题",
            # 7.2.5: the red line, as wide as the type area, 4 mm under the 发文字号; with a 签发人
            # (7.2.4) the 字号 sits one character from the left and 签发人 one from the right
            extra={"border": RED, "right_tab": type_width - 320},
            sample="城委〔2024〕12号",
        ),
        s(
            "附件说明",
            east_asia=f.body,
            align="left",
            first_line_chars=None,
            left_chars=2,  # 7.3.4: “附件” two characters in
            before=28,  # one line under the body
            keep_next=True,
            keep_lines=True,
            next_style="发文机关署名",
            sample="附件：1. 附件名称",
        ),
        s(
            "附件标识",
            east_asia=f.heading1,
            align="left",
            first_line_chars=None,
            keep_next=True,
            extra={"page_break_before": True},  # 7.3.6: each 附件 on a new page
            next_style="附件标题",
            sample="附件1",
        ),
        s(
            "附件标题",
            east_asia=f.title,
            size=22,
            align="center",
            first_line_chars=None,
            exact_line=35,
            before=28,  # 7.3.6: the title on the type area's third line
            after=28,
            keep_next=True,
            keep_lines=True,
            snap_to_grid=False,
            next_style="公文正文",
            sample="附件标题（二号方正小标宋简体，居中）",
        ),
        s(
            "抄送机关",
            east_asia=f.body,
            size=IMPRINT_SIZE,
            align="left",
            first_line_chars=None,
            exact_line=None,
            # 7.4.2: one character in on each side; a second line starts under the first name
            extra={"indent": (4 * IMPRINT_SIZE * 20, IMPRINT_SIZE * 20, 3 * IMPRINT_SIZE * 20), "spacing": 0},
            sample="抄送：县委组织部，县纪委监委。",
        ),
        s(
            "印发机关和日期",
            east_asia=f.body,
            size=IMPRINT_SIZE,
            align="left",
            first_line_chars=None,
            exact_line=None,
            # 7.4.3: 印发机关 one character from the left, 印发日期 one from the right
            extra={"indent": (IMPRINT_SIZE * 20, IMPRINT_SIZE * 20, 0), "right_tab": type_width - IMPRINT_SIZE * 20, "spacing": 0},
            sample="中共城关镇委员会办公室\t2024年12月20日印发",
        ),
    ]


def apply_extra(style: Any, extra: dict[str, Any]) -> None:
    """What StyleSpec's plain fields do not say: colour, page break, border, tab, twips indents."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import RGBColor, Twips

    from . import ooxml

    if "color" in extra:
        style.font.color.rgb = RGBColor.from_string(extra["color"])
    pf = style.paragraph_format
    if extra.get("page_break_before"):
        pf.page_break_before = True
    if "right_tab" in extra:
        pf.tab_stops.add_tab_stop(Twips(extra["right_tab"]), WD_TAB_ALIGNMENT.RIGHT)
    ppr = style.element.get_or_add_pPr()
    if "indent" in extra:
        left, right, hanging = extra["indent"]
        ooxml.clear_indent(ppr)
        ind = ppr.get_or_add_ind()
        for name in ("firstLineChars", "leftChars", "rightChars", "hangingChars"):
            ind.attrib.pop(ooxml.qn(f"w:{name}"), None)  # twips only: these indents are in 4号 characters
        ind.set(ooxml.qn("w:left"), str(left))
        ind.set(ooxml.qn("w:right"), str(right))
        if hanging:
            ind.attrib.pop(ooxml.qn("w:firstLine"), None)
            ind.set(ooxml.qn("w:hanging"), str(hanging))
    if "border" in extra:
        border = ooxml.OxmlElement("w:pBdr")
        bottom = ooxml.OxmlElement("w:bottom")
        # 1.5pt, 4 mm (11pt) under the text
        for name, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "11"), ("w:color", extra["border"])):
            bottom.set(ooxml.qn(name), value)
        border.append(bottom)
        ooxml.insert_ppr(ppr, border)
