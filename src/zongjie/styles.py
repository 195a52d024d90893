"""The reference document: every named style of a GB/T 9704-2012 report, the page
set-up and the page-number footers — styles as data, as in pandoc's reference.docx.

``build_reference()`` makes it from python-docx's default template; the copy
shipped in ``zongjie/data/reference.docx`` is regenerated with
``python -m zongjie.styles`` (a test keeps the two equal).  An office edits its
own copy (``zongjie reference-doc -o 样式.docx``) and renders with
``--reference-doc 样式.docx``.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .formal_styles import apply_extra, formal_specs
from .package_parts import APP_XML, HEADING_IDS, chinese_settings, font_table_xml, page_setup, plain_headings

# python-docx is imported only to build a reference document, never to render a report

REFERENCE = Path(__file__).resolve().parent / "data" / "reference.docx"

#: page set-up of GB/T 9704 5.1–5.2, in twips
PAGE: dict[str, int] = {
    "width": 11906,
    "height": 16838,
    "top": 2098,
    "bottom": 1984,
    "left": 1587,
    "right": 1474,
}
#: the footer sits so that the “— 1 —” line is about 7 mm below the type area
FOOTER_DISTANCE_MM = 25
#: 22 lines of 28 characters: the grid's line pitch and the character pitch it implies
LINES, CHARS = 22, 28
LINE_PITCH = 579  # twips; 22 × 579 ≤ 12757 (the 225 mm type area)
BODY_SIZE = 16  # 3号
TITLE_SIZE = 22  # 2号
PAGE_NUMBER_SIZE = 14  # 4号


def char_spacing() -> int:
    """Character spacing (twentieths of a point, negative) that fits 28 characters of
    16pt into the 156 mm type area: 442.2pt / 28 = 15.79pt per character, so 16pt − 0.25pt.

    A character grid (``w:docGrid w:type="linesAndChars"`` with ``w:charSpace``) would say
    the same to Word, but LibreOffice gives every 16pt character two cells of a 15.8pt
    grid (14 characters a line); spacing in the styles gives 28 in both (docs/docx.md)."""
    type_width = PAGE["width"] - PAGE["left"] - PAGE["right"]  # twips
    pitch = type_width / CHARS  # twips per character: 315.9
    return -math.ceil(BODY_SIZE * 20 - pitch)


@dataclass(frozen=True)
class Fonts:
    """Font faces by role; many offices have 仿宋/楷体 instead of the _GB2312 faces."""

    title: str = "方正小标宋简体"
    body: str = "仿宋_GB2312"
    heading1: str = "黑体"
    heading2: str = "楷体_GB2312"
    latin: str = "Times New Roman"
    page: str = "宋体"
    level3_bold: bool = True

    def replaced(self, mapping: dict[str, str]) -> Fonts:
        """The same roles with faces renamed, e.g. {"仿宋_GB2312": "仿宋"}."""
        from dataclasses import fields, replace

        faces = {
            f.name: mapping.get(getattr(self, f.name), getattr(self, f.name))
            for f in fields(self)
            if f.type in (str, "str")
        }
        return replace(self, **faces)


@dataclass(frozen=True)
class StyleSpec:
    name: str
    kind: str = "paragraph"  # or "character", "table"
    east_asia: str = ""
    size: float = BODY_SIZE
    bold: bool = False
    align: str = "justify"
    first_line_chars: float | None = 2
    right_chars: float | None = None
    left_chars: float | None = None
    exact_line: float | None = 28
    before: float = 0
    after: float = 0
    keep_next: bool = False
    keep_lines: bool = False
    snap_to_grid: bool = True  # off for the title: its 35pt lines must not snap to two grid lines
    next_style: str = ""  # the style Enter continues in (w:next)
    outline: int | None = None
    style_id: str = ""  # a converter-friendly id (Heading1 …) instead of one made from the name
    latin: str = ""
    sample: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


#: names of the styles the .docx writer uses, by role
ROLE_STYLES = {
    "title": "公文标题",
    "body": "公文正文",
    "addressee": "主送机关",
    "h1": "一级标题",
    "h2": "二级标题",
    "h3": "三级标题",
    "h4": "四级标题",
    "r2": "二级标题字符",
    "r3": "三级标题字符",
    "r4": "四级标题字符",
    "signature": "发文机关署名",
    "date": "成文日期",
    "page-odd": "页码单页",
    "page-even": "页码双页",
    "cell": "表格文字",
    "header-cell": "表头",
    "table": "公文表格",
    # the formal parts (formal_styles.py)
    "issuer": "发文机关标志",
    "doc-number": "发文字号",
    "attachment-note": "附件说明",
    "attachment": "附件标识",
    "attachment-title": "附件标题",
    "copy-to": "抄送机关",
    "printed": "印发机关和日期",
}


def specs(f: Fonts) -> list[StyleSpec]:
    return [
        StyleSpec(
            "公文标题",
            east_asia=f.title,
            size=TITLE_SIZE,
            align="center",
            first_line_chars=None,
            exact_line=35,
            after=28,
            keep_next=True,
            keep_lines=True,
            snap_to_grid=False,
            next_style="公文正文",
            sample="公文标题（二号方正小标宋简体，居中）",
        ),
        StyleSpec(
            "主送机关",
            east_asia=f.body,
            align="left",
            first_line_chars=None,
            keep_next=True,
            next_style="公文正文",
            sample="主送机关：",
        ),
        StyleSpec(
            "公文正文",
            east_asia=f.body,
            sample="正文（三号仿宋_GB2312，首行缩进两字，两端对齐，固定行距28磅）。",
        ),
        StyleSpec(
            "一级标题",
            east_asia=f.heading1,
            keep_next=True,
            outline=0,
            next_style="公文正文",
            style_id="Heading1",
            sample="一、一级标题（黑体）",
        ),
        StyleSpec(
            "二级标题",
            east_asia=f.heading2,
            keep_next=True,
            outline=1,
            next_style="公文正文",
            style_id="Heading2",
            sample="（一）二级标题（楷体_GB2312）",
        ),
        StyleSpec(
            "三级标题",
            east_asia=f.body,
            bold=f.level3_bold,
            keep_next=True,
            outline=2,
            next_style="公文正文",
            style_id="Heading3",
            sample="1.三级标题",
        ),
        StyleSpec(
            "四级标题",
            east_asia=f.body,
            keep_next=True,
            outline=3,
            next_style="公文正文",
            style_id="Heading4",
            sample="（1）四级标题",
        ),
        StyleSpec("二级标题字符", kind="character", east_asia=f.heading2),
        StyleSpec("三级标题字符", kind="character", east_asia=f.body, bold=f.level3_bold),
        StyleSpec("四级标题字符", kind="character", east_asia=f.body),
        StyleSpec(
            "发文机关署名",
            east_asia=f.body,
            align="right",
            first_line_chars=None,
            right_chars=2,
            before=28,
            keep_next=True,  # the signature, the date and the paragraph before them share a page
            keep_lines=True,
            next_style="成文日期",
            sample="发文机关署名",
        ),
        StyleSpec(
            "成文日期",
            east_asia=f.body,
            align="right",
            first_line_chars=None,
            right_chars=4,
            keep_lines=True,
            sample="2024年1月1日",
        ),
        StyleSpec(
            "页码单页",
            east_asia=f.page,
            latin=f.page,
            size=PAGE_NUMBER_SIZE,
            align="right",
            first_line_chars=None,
            right_chars=1,
            exact_line=None,
            extra={"spacing": 0},
        ),
        StyleSpec(
            "页码双页",
            east_asia=f.page,
            latin=f.page,
            size=PAGE_NUMBER_SIZE,
            align="left",
            first_line_chars=None,
            left_chars=1,
            exact_line=None,
            extra={"spacing": 0},
        ),
        StyleSpec("表格文字", east_asia=f.body, align="left", first_line_chars=None, exact_line=None),
        StyleSpec("表头", east_asia=f.heading1, align="center", first_line_chars=None, exact_line=None),
        StyleSpec("公文表格", kind="table"),
        *formal_specs(f, StyleSpec, PAGE["width"] - PAGE["left"] - PAGE["right"]),
    ]


def _apply(document: Any, spec: StyleSpec, fonts: Fonts) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    from . import ooxml

    align = {
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }
    kinds = {
        "paragraph": WD_STYLE_TYPE.PARAGRAPH,
        "character": WD_STYLE_TYPE.CHARACTER,
        "table": WD_STYLE_TYPE.TABLE,
    }
    style = document.styles.add_style(spec.name, kinds[spec.kind])
    if spec.style_id:
        style.style_id = spec.style_id
    style.hidden = False
    style.quick_style = spec.kind != "table"
    if spec.kind == "table":
        style.base_style = document.styles["Table Grid"]
        return
    if spec.kind == "paragraph":
        level = spec.outline + 1 if spec.outline is not None else 0
        style.base_style = document.styles[f"Heading {level}" if 0 < level <= len(HEADING_IDS) else "Normal"]
    style.font.size = Pt(spec.size)
    style.font.bold = spec.bold
    rpr = style.element.get_or_add_rPr()
    ooxml.set_fonts(rpr, east_asia=spec.east_asia, latin=spec.latin or fonts.latin)
    if "spacing" in spec.extra:
        ooxml.set_char_spacing(rpr, spec.extra["spacing"])
    if spec.kind != "paragraph":
        return
    pf = style.paragraph_format
    pf.alignment = align[spec.align]
    pf.space_before = Pt(spec.before)
    pf.space_after = Pt(spec.after)
    if spec.exact_line:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(spec.exact_line)
    else:  # single spacing: tall exact lines would make table rows and footers too high
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.keep_with_next = spec.keep_next
    pf.keep_together = spec.keep_lines
    pf.widow_control = False
    ppr = style.element.get_or_add_pPr()
    if not spec.snap_to_grid:
        ooxml.set_ppr_flag(ppr, "w:snapToGrid", False)
    ooxml.clear_indent(ppr)
    char_twips = int(spec.size * 20)
    ooxml.set_indent_chars(
        ppr,
        first_line=spec.first_line_chars,
        left=spec.left_chars,
        right=spec.right_chars,
        char_twips=char_twips,
    )
    if spec.outline is not None:
        ooxml.set_outline_level(ppr, spec.outline)
    apply_extra(style, spec.extra)


def build_reference(fonts: Fonts | None = None) -> Any:
    """A python-docx Document holding every style, the page set-up and the footers."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    from . import ooxml

    fonts = fonts or Fonts()
    document = docx.Document()
    styles_root = document.styles.element
    ooxml.strip_theme_fonts(styles_root)
    # Normal (every style's base): 3号仿宋, Times New Roman for digits and Latin, Chinese language
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_SIZE)
    nrpr = normal.element.get_or_add_rPr()
    ooxml.set_fonts(nrpr, east_asia=fonts.body, latin=fonts.latin)
    ooxml.set_char_spacing(nrpr, char_spacing())
    ooxml.set_language(nrpr)
    defaults = styles_root.find(ooxml.qn("w:docDefaults"))
    for lang in defaults.iter(ooxml.qn("w:lang")) if defaults is not None else ():
        lang.set(ooxml.qn("w:eastAsia"), "zh-CN")
    npf = normal.paragraph_format
    npf.space_before = Pt(0)
    npf.space_after = Pt(0)
    npf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    npf.line_spacing = Pt(28)
    npf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    plain_headings(document)
    all_specs = specs(fonts)
    for spec in all_specs:
        _apply(document, spec, fonts)
    for spec in all_specs:
        if spec.next_style:
            document.styles[spec.name].next_paragraph_style = document.styles[spec.next_style]
    page_setup(document, PAGE, FOOTER_DISTANCE_MM, LINE_PITCH)
    chinese_settings(document.settings.element)
    for spec in all_specs:
        if spec.sample:
            document.add_paragraph(spec.sample, style=spec.name)
    return document


#: parts of python-docx's default template a report does not need (a stock thumbnail of some
#: other document among them); dropping them makes the package a sixth of the size
UNUSED_PARTS = {
    "word/stylesWithEffects.xml",
    "docProps/thumbnail.jpeg",
    "word/numbering.xml",
    "word/webSettings.xml",
    "customXml/*",
}
#: styles kept besides zongjie's own: the defaults Word expects and the base of 公文表格
KEPT_STYLES = {"Normal", "Default Paragraph Font", "Normal Table", "No List", "Table Grid"}  # + the bases


def reference_bytes(fonts: Fonts | None = None) -> bytes:
    from . import ooxml

    fonts = fonts or Fonts()
    document = build_reference(fonts)
    ooxml.prune_styles(document.styles.element, KEPT_STYLES | set(ROLE_STYLES.values()))
    buffer = io.BytesIO()
    document.save(buffer)
    faces = [fonts.body, fonts.title, fonts.heading1, fonts.heading2, fonts.page, fonts.latin]
    parts = {"word/fontTable.xml": font_table_xml(faces), "docProps/app.xml": APP_XML}
    return ooxml.drop_parts(buffer.getvalue(), UNUSED_PARTS, parts)


@lru_cache(maxsize=1)
def shipped_reference() -> bytes:
    """The reference document shipped with zongjie."""
    return REFERENCE.read_bytes()


if __name__ == "__main__":  # python -m zongjie.styles: regenerate the shipped reference
    from .zipfiles import normalize_zip

    REFERENCE.parent.mkdir(parents=True, exist_ok=True)
    REFERENCE.write_bytes(normalize_zip(reference_bytes()))
    print(f"wrote {REFERENCE}")
