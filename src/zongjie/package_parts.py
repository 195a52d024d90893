"""The reference package besides its named styles: the page set-up and page-number footers,
the plain bases of the heading styles, and the parts that say which locale a document is in —
the font table (every face used, with its Chinese charset, PANOSE class and a substitute
name), the settings of a Chinese Word 2013+ document and neutral application properties.

Word shows a document with ``compatibilityMode`` 14 as “[兼容模式]”, leaves wide gaps
between adjacent full-width marks unless punctuation is compressed, and offers a PC that
only has 仿宋 no substitute for 仿宋_GB2312 unless the font table names one (``w:altName``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Face:
    """A font-table entry: ``alt`` is the name Word substitutes when the face is missing."""

    alt: str = ""
    panose: str = ""
    family: str = "auto"
    pitch: str = "variable"
    sig: tuple[str, str, str, str, str, str] | None = None


_GB2312_SIG = ("00000001", "080E0000", "00000010", "00000000", "00040000", "00000000")
_GBK_SIG = ("800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000")

#: the faces of GB/T 9704 documents as Word's own font tables describe them (Windows
#: 仿宋_GB2312/楷体_GB2312 from the old GB2312 fonts, 仿宋/楷体/黑体/宋体 from Windows itself)
FACES: dict[str, Face] = {
    "仿宋_GB2312": Face("仿宋", "02010609030101010101", "modern", "fixed", _GB2312_SIG),
    "楷体_GB2312": Face("楷体", "02010609030101010101", "modern", "fixed", _GB2312_SIG),
    "仿宋": Face("FangSong", "02010609060101010101", "modern", "fixed", _GBK_SIG),
    "楷体": Face("KaiTi", "02010609060101010101", "modern", "fixed", _GBK_SIG),
    "黑体": Face("SimHei", "02010609060101010101", "modern", "fixed", _GBK_SIG),
    "宋体": Face(
        "SimSun",
        "02010600030101010101",
        "auto",
        "variable",
        ("00000003", "288F0000", "00000016", "00000000", "00040001", "00000000"),
    ),
    "方正小标宋简体": Face("宋体"),
}
_TIMES = Face(
    "",
    "02020603050405020304",
    "roman",
    "variable",
    ("E0002AFF", "C0007841", "00000009", "00000000", "000001FF", "00000000"),
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def font_table_xml(faces: list[str]) -> bytes:
    """``word/fontTable.xml`` listing ``faces`` (each once, in the order given)."""
    out = []
    for name in dict.fromkeys(faces):
        latin = name.isascii()
        face = _TIMES if name == "Times New Roman" else FACES.get(name, Face())
        parts = [f'<w:font w:name="{_esc(name)}">']
        if face.alt:
            parts.append(f'<w:altName w:val="{_esc(face.alt)}"/>')
        if face.panose:
            parts.append(f'<w:panose1 w:val="{face.panose}"/>')
        parts.append(f'<w:charset w:val="{"00" if latin else "86"}"/>')
        parts.append(f'<w:family w:val="{face.family}"/><w:pitch w:val="{face.pitch}"/>')
        if face.sig:
            u0, u1, u2, u3, c0, c1 = face.sig
            parts.append(
                f'<w:sig w:usb0="{u0}" w:usb1="{u1}" w:usb2="{u2}" w:usb3="{u3}" w:csb0="{c0}" w:csb1="{c1}"/>'
            )
        parts.append("</w:font>")
        out.append("".join(parts))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:fonts xmlns:w="{W_NS}">{"".join(out)}</w:fonts>'
    ).encode()


APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>zongjie</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def chinese_settings(settings: Any) -> None:
    """Make python-docx's settings part (lxml) those of a Chinese Word 2013+ document:
    ``compatibilityMode`` 15, compressed punctuation, zh-CN theme language."""
    from .ooxml import qn

    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    control = settings.find(qn("w:characterSpacingControl"))
    if control is not None:
        control.set(qn("w:val"), "compressPunctuation")
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    for name in ("w:rsids", "w:proofState"):  # the template's edit history and spell-check state
        element = settings.find(qn(name))
        if element is not None:
            settings.remove(element)


#: Word's built-in “heading 1” … “heading 4” stay in the reference document, plain (no
#: look of their own), as the bases of 一级标题 … 四级标题 — which carry the ids Heading1 …
#: Heading4: pandoc knows a heading by its style's (or a base's) name, mammoth and docling
#: by the id, Word's navigation pane by the outline level.  The bases take the ids Chinese
#: Word gives them (1 … 4).
HEADING_IDS = ("1", "2", "3", "4")


def plain_headings(document: Any) -> None:
    from . import ooxml

    for n, sid in enumerate(HEADING_IDS, 1):
        element = document.styles[f"Heading {n}"].element
        for child in list(element):
            if child.tag not in (ooxml.qn("w:name"), ooxml.qn("w:basedOn"), ooxml.qn("w:uiPriority")):
                element.remove(child)
        element.set(ooxml.qn("w:styleId"), sid)
        ppr = element.get_or_add_pPr()
        ooxml.set_ppr_flag(ppr, "w:keepNext", True)
        ooxml.set_outline_level(ppr, n - 1)


def page_setup(document: Any, page: dict[str, int], footer_mm: float, line_pitch: int) -> None:
    """A4 and the margins of ``page`` (twips), the line grid, and the page-number footers:
    “— n —” in 页码单页 on odd pages and 页码双页 on even ones."""
    from docx.shared import Mm, Twips

    from . import ooxml

    section = document.sections[0]
    section.page_width, section.page_height = Twips(page["width"]), Twips(page["height"])
    section.top_margin, section.bottom_margin = Twips(page["top"]), Twips(page["bottom"])
    section.left_margin, section.right_margin = Twips(page["left"]), Twips(page["right"])
    section.footer_distance = Mm(footer_mm)
    section.header_distance = Mm(15)
    ooxml.set_doc_grid(section._sectPr, line_pitch=line_pitch)
    document.settings.odd_and_even_pages_header_footer = True
    for footer, style in ((section.footer, "页码单页"), (section.even_page_footer, "页码双页")):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = document.styles[style]
        left = paragraph.add_run("— ")
        ooxml.add_page_field(paragraph._p)
        right = paragraph.add_run(" —")
        for run in (left, right):
            ooxml.hint_east_asia(run._r)
