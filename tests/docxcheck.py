"""Read a .docx back as XML and answer questions about it through the style chain —
what Word would apply to a paragraph or run — without rendering it."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def w(tag: str) -> str:
    return W + tag


@dataclass
class Run:
    text: str
    element: ET.Element
    paragraph: ET.Element


class Docx:
    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.document = self.xml("word/document.xml")
        self.styles = self.xml("word/styles.xml")
        self.settings = self.xml("word/settings.xml")
        self.by_id = {s.get(w("styleId")): s for s in self.styles.iter(w("style"))}
        self.by_name = {s.find(w("name")).get(w("val")): s for s in self.styles.iter(w("style"))}  # type: ignore[union-attr]
        self.body = self.document.find(w("body"))
        self.sect = self.body.find(w("sectPr"))  # type: ignore[union-attr]

    def xml(self, name: str) -> ET.Element:
        return ET.fromstring(self.zip.read(name))

    # -- content
    def paragraphs(self) -> list[ET.Element]:
        return [p for p in self.body.iter(w("p"))]  # type: ignore[union-attr]

    def body_paragraphs(self) -> list[ET.Element]:
        """Paragraphs directly in the body (not in tables)."""
        return [p for p in self.body if p.tag == w("p")]  # type: ignore[union-attr]

    @staticmethod
    def text(p: ET.Element) -> str:
        parts = []
        for node in p.iter():
            if node.tag == w("t"):
                parts.append(node.text or "")
            elif node.tag == w("br"):
                parts.append("\n")
        return "".join(parts)

    def runs(self, p: ET.Element) -> list[Run]:
        return [Run("".join(t.text or "" for t in r.iter(w("t"))), r, p) for r in p.iter(w("r"))]

    def style_name(self, p: ET.Element) -> str:
        sid = p.find(f"{w('pPr')}/{w('pStyle')}")
        style = (
            self.by_id.get(sid.get(w("val")) if sid is not None else None) or self.default_paragraph_style()
        )
        return style.find(w("name")).get(w("val"))  # type: ignore[union-attr]

    def default_paragraph_style(self) -> ET.Element:
        return next(
            s
            for s in self.styles.iter(w("style"))
            if s.get(w("type")) == "paragraph" and s.get(w("default")) == "1"
        )

    # -- the style chain
    def _chain(self, style: ET.Element | None) -> list[ET.Element]:
        out = []
        while style is not None:
            out.append(style)
            based = style.find(w("basedOn"))
            style = self.by_id.get(based.get(w("val"))) if based is not None else None
        return out

    def paragraph_chain(self, p: ET.Element) -> list[ET.Element]:
        """pPr elements from the paragraph itself outwards to the document defaults."""
        chain = [p.find(w("pPr"))]
        sid = p.find(f"{w('pPr')}/{w('pStyle')}")
        style = self.by_id.get(sid.get(w("val"))) if sid is not None else self.default_paragraph_style()
        chain += [s.find(w("pPr")) for s in self._chain(style)]
        chain.append(self.styles.find(f"{w('docDefaults')}/{w('pPrDefault')}/{w('pPr')}"))
        return [c for c in chain if c is not None]

    def run_chain(self, run: Run) -> list[ET.Element]:
        """rPr elements: the run, its character style chain, the paragraph style chain, defaults."""
        chain = [run.element.find(w("rPr"))]
        rstyle = run.element.find(f"{w('rPr')}/{w('rStyle')}")
        if rstyle is not None:
            chain += [s.find(w("rPr")) for s in self._chain(self.by_id.get(rstyle.get(w("val"))))]
        sid = run.paragraph.find(f"{w('pPr')}/{w('pStyle')}")
        style = self.by_id.get(sid.get(w("val"))) if sid is not None else self.default_paragraph_style()
        chain += [s.find(w("rPr")) for s in self._chain(style)]
        chain.append(self.styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}"))
        return [c for c in chain if c is not None]

    def run_attr(self, run: Run, child: str, attr: str) -> str | None:
        for rpr in self.run_chain(run):
            el = rpr.find(w(child))
            if el is not None and el.get(w(attr)) is not None:
                return el.get(w(attr))
        return None

    def font(self, run: Run, which: str = "eastAsia") -> str | None:
        return self.run_attr(run, "rFonts", which)

    def size(self, run: Run) -> float | None:
        sz = self.run_attr(run, "sz", "val")
        return int(sz) / 2 if sz else None

    def bold(self, run: Run) -> bool:
        for rpr in self.run_chain(run):
            b = rpr.find(w("b"))
            if b is not None:
                return b.get(w("val"), "1") not in ("0", "false")
        return False

    def para_attr(self, p: ET.Element, child: str, attr: str) -> str | None:
        for ppr in self.paragraph_chain(p):
            el = ppr.find(w(child))
            if el is not None and el.get(w(attr)) is not None:
                return el.get(w(attr))
        return None

    # -- sections and footers
    def footer(self, kind: str) -> ET.Element:
        rels = self.xml("word/_rels/document.xml.rels")
        targets = {r.get("Id"): r.get("Target") for r in rels}
        ref = next(f for f in self.sect.findall(w("footerReference")) if f.get(w("type")) == kind)  # type: ignore[union-attr]
        return self.xml("word/" + str(targets[ref.get(R + "id")]))

    def theme_font_attributes(self) -> int:
        count = 0
        for part in (self.styles, self.document):
            for fonts in part.iter(w("rFonts")):
                count += sum(1 for k in fonts.attrib if k.endswith("Theme") or k.endswith("theme"))
        return count
