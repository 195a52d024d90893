"""The raw WordprocessingML python-docx has no API for — and the only module that
touches lxml: East Asian fonts, theme fonts, language, indents in character
units, the document grid and the PAGE field.

Child order inside ``w:rPr``, ``w:pPr`` and ``w:sectPr`` follows the schema
(python-docx's ``get_or_add_*`` / ``_insert_*`` helpers keep it), or Word
"repairs" the file.
"""

from __future__ import annotations

from functools import cache
from typing import Any


# python-docx's element layer (and lxml) is loaded only when a reference document is built
# or patched; rendering a report uses the string builders at the end of this module
@cache
def qn(tag: str) -> str:
    from docx.oxml.ns import qn as docx_qn

    return str(docx_qn(tag))


def OxmlElement(tag: str) -> Any:  # python-docx's name
    from docx.oxml import OxmlElement as make

    return make(tag)


_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(rpr: Any, *, east_asia: str | None = None, latin: str | None = None) -> None:
    """Set ``w:rFonts`` on an ``w:rPr``: the Chinese face in ``w:eastAsia``, the face of
    digits and Latin letters in ``w:ascii``/``w:hAnsi``; theme fonts removed (they would
    override the names)."""
    fonts = rpr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    if latin:
        fonts.set(qn("w:ascii"), latin)
        fonts.set(qn("w:hAnsi"), latin)
        fonts.set(qn("w:cs"), latin)
    if east_asia:
        fonts.set(qn("w:eastAsia"), east_asia)


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


#: the children of ``w:pPr`` in schema order (CT_PPrBase, then CT_PPr's own)
PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
    "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def insert_ppr(ppr: Any, element: Any) -> None:
    """Put ``element`` into ``w:pPr`` at its place in the schema order (replacing one of its kind)."""
    tag = element.tag.split("}")[1]
    old = ppr.find(qn(f"w:{tag}"))
    if old is not None:
        ppr.remove(old)
    later = {qn(t) for t in PPR_ORDER[PPR_ORDER.index(f"w:{tag}") + 1 :]}
    successor = next((el for el in ppr if el.tag in later), None)
    if successor is not None:
        successor.addprevious(element)
    else:
        ppr.append(element)


def set_ppr_flag(ppr: Any, tag: str, on: bool) -> None:
    """An on/off property of ``w:pPr`` (``w:keepNext``, ``w:snapToGrid``, ``w:autoSpaceDE`` …),
    written explicitly (``w:val="0"`` when off) at its place in the schema order."""
    element = ppr.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        later = PPR_ORDER[PPR_ORDER.index(tag) + 1 :]
        successor = next((el for el in ppr if el.tag in {qn(t) for t in later}), None)
        if successor is not None:
            successor.addprevious(element)
        else:
            ppr.append(element)
    if on:
        element.attrib.pop(qn("w:val"), None)
    else:
        element.set(qn("w:val"), "0")


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


def add_page_field(paragraph_element: Any) -> None:
    """Append a PAGE field (begin · instruction · separate · “1” · end) to a paragraph."""

    def run(child: Any) -> None:
        r = OxmlElement("w:r")
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


def style_names(styles_root: Any) -> set[str]:
    return {
        s.find(qn("w:name")).get(qn("w:val"))
        for s in styles_root.iter(qn("w:style"))
        if s.find(qn("w:name")) is not None
    }


def _name(style: Any) -> str | None:
    name = style.find(qn("w:name"))
    return None if name is None else str(name.get(qn("w:val")))


def copy_style(source_root: Any, target_root: Any, name: str) -> bool:
    """Copy the style called ``name`` (and the styles it is based on that the target lacks)
    from one styles part to another; False when the source has no such style.

    The copy gets a fresh id where the target already uses its id (a foreign “heading 1”
    may be ``Heading1``); its references (basedOn, next, link) are resolved by name in the
    target, and a base of the target's own look (its “heading 1”) is replaced by the
    target's Normal, whose look the copied style then overrides in full."""
    import copy
    import re

    by_name = {_name(s): s for s in source_root.iter(qn("w:style")) if _name(s) is not None}
    source_ids = {s.get(qn("w:styleId")): s for s in source_root.iter(qn("w:style"))}
    target_ids = {s.get(qn("w:styleId")): s for s in target_root.iter(qn("w:style"))}
    target_by_name = {_name(s): s.get(qn("w:styleId")) for s in target_root.iter(qn("w:style"))}
    normal = next(
        (
            s.get(qn("w:styleId"))
            for s in target_root.iter(qn("w:style"))
            if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")
        ),
        None,
    )
    style = by_name.get(name)
    if style is None:
        return False
    chain = []
    while style is not None and _name(style) not in target_by_name:
        chain.append(style)
        based = style.find(qn("w:basedOn"))
        style = source_ids.get(based.get(qn("w:val"))) if based is not None else None
    copied: set[str] = set()
    for element in reversed(chain):
        new = copy.deepcopy(element)
        sid = str(new.get(qn("w:styleId")))
        if sid in target_ids:
            stem = re.sub(r"\W", "", _name(new) or "") or "zongjie"
            sid, n = stem, 1
            while sid in target_ids:
                sid, n = f"{stem}{n}", n + 1
            new.set(qn("w:styleId"), sid)
        for tag in ("w:basedOn", "w:next", "w:link"):
            ref = new.find(qn(tag))
            if ref is None:
                continue
            source = source_ids.get(ref.get(qn("w:val")))
            wanted = target_by_name.get(_name(source)) if source is not None else None
            if tag == "w:basedOn" and _name(source) not in copied and _name(source) != "Normal":
                wanted = normal  # not the target's own look for it
            if wanted is None:
                new.remove(ref)
            else:
                ref.set(qn("w:val"), wanted)
        target_root.append(new)
        target_ids[sid] = new
        target_by_name[_name(new)] = sid
        copied.add(str(_name(new)))
    return True


def prune_styles(styles_root: Any, keep: set[str]) -> None:
    """Keep only the styles named in ``keep`` (and those they are based on or linked to);
    drop the latent-style table. A lean styles.xml opens as fast and zips in a fraction."""
    latent = styles_root.find(qn("w:latentStyles"))
    if latent is not None:
        styles_root.remove(latent)
    by_id = {s.get(qn("w:styleId")): s for s in styles_root.iter(qn("w:style"))}
    wanted = {
        sid
        for sid, s in by_id.items()
        if s.find(qn("w:name")) is not None and s.find(qn("w:name")).get(qn("w:val")) in keep
    }
    frontier = list(wanted)
    while frontier:
        style = by_id.get(frontier.pop())
        for ref in ("w:basedOn", "w:next", "w:link"):
            el = style.find(qn(ref)) if style is not None else None
            sid = el.get(qn("w:val")) if el is not None else None
            if sid in by_id and sid not in wanted:
                wanted.add(sid)
                frontier.append(sid)
    for sid, style in by_id.items():
        if sid not in wanted:
            styles_root.remove(style)


def drop_parts(package: bytes, names: set[str], replace: dict[str, bytes] | None = None) -> bytes:
    """The package without the parts ``names``, their relationships and content types
    (for python-docx's default template: stylesWithEffects, a stock thumbnail, customXml …),
    and with the parts in ``replace`` given new content."""
    import io
    import re
    import zipfile

    def dropped(name: str) -> bool:
        return name in names or any(name.startswith(n[:-1]) for n in names if n.endswith("*"))

    def unref(xml: bytes, attr: str) -> bytes:
        pattern = rb"<(?:Relationship|Override)\b[^>]*\b" + attr.encode() + rb'="([^"]+)"[^>]*/>'

        def keep(m: re.Match[bytes]) -> bytes:
            target = m.group(1).decode().lstrip("/").removeprefix("../")
            target = target if "/" in target or attr == "PartName" else f"word/{target}"
            return b"" if dropped(target) else m.group(0)

        return re.sub(pattern, keep, xml)

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            name = info.filename
            if dropped(name):
                continue
            data = (replace or {}).get(name) or src.read(info)
            if name == "[Content_Types].xml":
                data = unref(data, "PartName")
            elif name.endswith(".rels"):
                data = unref(data, "Target")
            dst.writestr(info, data)
    return out.getvalue()
