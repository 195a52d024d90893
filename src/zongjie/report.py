"""A drafted report: its content in the requested format, its warnings, and saving it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .constants import KINDS
from .diagnostics import Diagnostic
from .errors import ZongjieError
from .output import write_atomic

Format = Literal["md", "docx", "pdf"]


@dataclass
class Report:
    """The result of :func:`zongjie.render`.

    ``content`` is ``str`` (Markdown) or ``bytes`` (.docx, PDF); ``markdown`` is always the
    Markdown the report was made from; ``warnings`` are the facts file's warnings and
    those of drafting (``fact-unused`` …).
    """

    content: str | bytes
    markdown: str
    format: Format
    warnings: list[Diagnostic] = field(default_factory=list)
    source: str | None = None

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write atomically; never over the facts file the report was made from."""
        data = self.content.encode("utf-8") if isinstance(self.content, str) else self.content
        target = Path(path)
        write_atomic(target, data, protect=[Path(self.source)] if self.source else [])
        return target


def render_report(
    facts: Any,
    *,
    to: Format = "md",
    kind: str | None = None,
    templates: str | os.PathLike[str] | None = None,
    reference_doc: str | os.PathLike[str] | None = None,
) -> Report:
    from . import load
    from .drafting import draft

    if to not in ("md", "docx", "pdf"):
        raise ZongjieError(f"未知的输出格式“{to}”：请用 md、docx 或 pdf。")
    if kind is not None and kind not in KINDS:
        raise ZongjieError(f"未知的文种“{kind}”：可选 " + "、".join(KINDS) + "。")
    facts = load(facts)  # a Facts is returned as it is
    drafted = draft(facts, kind=kind, templates=Path(templates) if templates else None)
    markdown = drafted.markdown
    warnings = [*facts.warnings, *drafted.warnings]
    content: str | bytes = markdown
    if to in ("docx", "pdf"):
        from .docx_writer import write_docx

        content, docx_warnings = write_docx(
            drafted.tokens, reference_doc=Path(reference_doc) if reference_doc else None
        )
        warnings.extend(docx_warnings)
        if to == "pdf":  # through LibreOffice; raises zongjie.pdf.PdfError when it is absent
            from .pdf import docx_to_pdf

            [content] = docx_to_pdf([content])
    return Report(content, markdown, to, warnings, facts.provenance.location)
