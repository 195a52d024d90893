"""The raw WordprocessingML python-docx has no API for — and the only module that
touches lxml: East Asian fonts, theme fonts, language, indents in character
units, the document grid and the PAGE field.

Child order inside ``w:rPr``, ``w:pPr`` and ``w:sectPr`` follows the schema
(python-docx's ``get_or_add_*`` / ``_insert_*`` helpers keep it), or Word
"repairs" the file.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(
    rpr: Any, *, east_asia: str | None = None, latin: str | None = None, hint: bool = False
) -> None:
    """Set ``w:rFonts`` on an ``w:rPr``: the Chinese face in ``w:eastAsia``, the face of
    digits and Latin letters in ``w:ascii``/``w:hAnsi``; theme fonts removed (they would
    override the names); ``hint`` marks shared characters (“”—…) as East Asian."""
    fonts = rpr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    if latin:
        fonts.set(qn("w:ascii"), latin)
        fonts.set(qn("w:hAnsi"), latin)
        fonts.set(qn("w:cs"), latin)
    if east_asia:
        fonts.set(qn("w:eastAsia"), east_asia)
    if hint:
        fonts.set(qn("w:hint"), "eastAsia")


def hint_east_asia(run_element: Any) -> None:
    """Mark a run's shared characters (“ ” ‘ ’ — … 《 》) to be set in the East Asian face."""
    fonts = run_element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:hint"), "eastAsia")


def set_language(rpr: Any, east_asia: str = "zh-CN", latin: str = "en-US") -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)  # w:lang is late in CT_RPr; appending keeps the order for our rPr
    lang.set(qn("w:val"), latin)
    lang.set(qn("w:eastAsia"), east_asia)


def strip_theme_fonts(root: Any) -> int:
    """Remove every theme font reference under ``root`` (styles.xml); returns how many."""
    count = 0
    for fonts in root.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            if fonts.attrib.pop(qn(attr), None) is not None:
                count += 1
    return count


def set_indent_chars(
    ppr: Any,
    *,
    first_line: float | None = None,
    left: float | None = None,
    right: float | None = None,
    char_twips: int = 320,
) -> None:
    """Indents in character units (``w:firstLineChars`` … in hundredths of a character),
    with twips beside them for readers that ignore the character form."""
    ind = ppr.get_or_add_ind()
    for name, chars in (("firstLine", first_line), ("left", left), ("right", right)):
        if chars is None:
            continue
        ind.set(qn(f"w:{name}Chars"), str(round(chars * 100)))
        ind.set(qn(f"w:{name}"), str(round(chars * char_twips)))
        if name == "firstLine":
            ind.attrib.pop(qn("w:hanging"), None)
            ind.attrib.pop(qn("w:hangingChars"), None)


def clear_indent(ppr: Any) -> None:
    """No indentation at all (the title, footers and table cells must not inherit it)."""
    ind = ppr.get_or_add_ind()
    for name in ("firstLine", "left", "right", "hanging"):
        ind.set(qn(f"w:{name}Chars"), "0")
        ind.set(qn(f"w:{name}"), "0")
    ind.attrib.pop(qn("w:hanging"), None)
    ind.attrib.pop(qn("w:hangingChars"), None)


def set_outline_level(ppr: Any, level: int) -> None:
    """Word's navigation pane shows headings by ``w:outlineLvl`` (0 = level 1)."""
    existing = ppr.find(qn("w:outlineLvl"))
    if existing is None:
        existing = OxmlElement("w:outlineLvl")
        # outlineLvl comes after w:jc/w:textDirection… and before w:divId/w:rPr/w:sectPr
        successor = next(
            (
                ppr.find(qn(t))
                for t in ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
                if ppr.find(qn(t)) is not None
            ),
            None,
        )
        if successor is not None:
            successor.addprevious(existing)
        else:
            ppr.append(existing)
    existing.set(qn("w:val"), str(level))


def set_doc_grid(sect_pr: Any, *, line_pitch: int, kind: str = "lines") -> None:
    """The section's document grid: lines ``line_pitch`` twips apart (22 to a page)."""
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)  # docGrid is the last-but-few child; python-docx's sectPr has one
    grid.set(qn("w:type"), kind)
    grid.set(qn("w:linePitch"), str(line_pitch))
    grid.attrib.pop(qn("w:charSpace"), None)


_RPR_AFTER_SPACING = (
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)


def set_char_spacing(rpr: Any, twentieths: int) -> None:
    """``w:spacing`` in an ``w:rPr``: extra space after each character, in 1/20 pt."""
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        successor = next((el for tag in _RPR_AFTER_SPACING if (el := rpr.find(qn(tag))) is not None), None)
        if successor is not None:
            successor.addprevious(spacing)
        else:
            rpr.append(spacing)
    spacing.set(qn("w:val"), str(twentieths))


def doc_grid(sect_pr: Any) -> dict[str, str]:
    grid = sect_pr.find(qn("w:docGrid"))
    return {} if grid is None else {k.split("}")[1]: v for k, v in grid.attrib.items()}


def add_page_field(paragraph_element: Any, style_id: str | None = None) -> None:
    """Append a PAGE field (begin · instruction · separate · “1” · end) to a paragraph."""

    def run(child: Any) -> None:
        r = OxmlElement("w:r")
        if style_id:
            rpr = OxmlElement("w:rPr")
            rstyle = OxmlElement("w:rStyle")
            rstyle.set(qn("w:val"), style_id)
            rpr.append(rstyle)
            r.append(rpr)
        r.append(child)
        paragraph_element.append(r)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run(sep)
    shown = OxmlElement("w:t")
    shown.text = "1"
    run(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run(end)


def page_fields(element: Any) -> list[str]:
    """The instructions of the complex fields under ``element`` (for checks)."""
    return [(t.text or "").strip() for t in element.iter(qn("w:instrText"))]


def line_break(run_element: Any) -> None:
    run_element.append(OxmlElement("w:br"))


def style_names(styles_root: Any) -> set[str]:
    return {
        s.find(qn("w:name")).get(qn("w:val"))
        for s in styles_root.iter(qn("w:style"))
        if s.find(qn("w:name")) is not None
    }


def copy_style(source_root: Any, target_root: Any, name: str) -> bool:
    """Copy the style called ``name`` (and the styles it is based on) from one styles
    part to another; False when the source has no such style."""
    import copy

    by_name = {
        s.find(qn("w:name")).get(qn("w:val")): s
        for s in source_root.iter(qn("w:style"))
        if s.find(qn("w:name")) is not None
    }
    by_id = {s.get(qn("w:styleId")): s for s in source_root.iter(qn("w:style"))}
    present = style_names(target_root)
    style = by_name.get(name)
    if style is None:
        return False
    chain = []
    while style is not None and style.find(qn("w:name")).get(qn("w:val")) not in present:
        chain.append(style)
        based = style.find(qn("w:basedOn"))
        style = by_id.get(based.get(qn("w:val"))) if based is not None else None
    for element in reversed(chain):
        target_root.append(copy.deepcopy(element))
    return True


def clear_body(body: Any) -> None:
    """Remove the body's content, keeping its final section properties."""
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
