"""zongjie（总结）：从事实文件起草基层党组织工作总结、工作汇报。

The public API is small and stable::

    import zongjie
    facts = zongjie.load("facts.yaml")          # a path, bytes or a mapping; raises zongjie.FactsError
    facts = zongjie.loads("文种: …\n…")          # text in a str
    diagnostics = zongjie.check("facts.yaml")   # never raises for bad input
    report = zongjie.render(facts, to="md")     # report.content, report.warnings, report.save()

Every error raised on purpose is a :class:`ZongjieError` (``exit_code``, ``diagnostics``).

Everything not listed in ``__all__`` is private.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .__about__ import __version__
from .constants import KINDS

if TYPE_CHECKING:
    from .diagnostics import CODES, Diagnostic
    from .errors import FactsError, OutputError, PdfError, ReferenceDocError, RenderError, ZongjieError
    from .model import Facts
    from .provenance import Origin
    from .report import Report
    from .rollup_sums import Rollup

# imported on first use, so that `zongjie --version` and the command line start fast
_LAZY = {
    "CODES": "diagnostics",
    "Diagnostic": "diagnostics",
    "FactsError": "errors",
    "Facts": "model",
    "Origin": "provenance",
    "RenderError": "errors",
    "ReferenceDocError": "errors",
    "Report": "report",
    "OutputError": "errors",
    "PdfError": "errors",
    "ZongjieError": "errors",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'zongjie' has no attribute {name!r}")


__all__ = [
    "CODES",
    "KINDS",
    "Diagnostic",
    "Facts",
    "FactsError",
    "Origin",
    "OutputError",
    "PdfError",
    "ReferenceDocError",
    "RenderError",
    "Report",
    "ZongjieError",
    "__version__",
    "check",
    "load",
    "loads",
    "render",
    "rollup",
    "schema",
]

#: what load, check and render accept: a path, a file's content as bytes (YAML or JSON), or a mapping
Source = str | os.PathLike[str] | bytes | Mapping[str, Any]


def _run(
    source: Any, file: str | None, *, text: bool = False, previous: Any = None, follow: bool = True
) -> tuple[Facts | None, list[Diagnostic]]:
    from .checks import KNOWN_KEYS, check_document
    from .sources import document, from_text

    doc = from_text(source, file, KNOWN_KEYS) if text else document(source, file, KNOWN_KEYS)
    facts, diagnostics = check_document(doc)
    if not follow:
        return facts, diagnostics
    return _with_previous(facts, diagnostics, previous)


def _with_previous(facts: Facts | None, diagnostics: list[Diagnostic], previous: Any) -> tuple[
    Facts | None, list[Diagnostic]
]:
    """Last period's facts attached (``上期文件``, or ``previous`` when given), loaded without
    following their own ``上期文件``; the diagnostics of both."""
    from .previous import attach

    return attach(facts, diagnostics, previous, lambda src: _run(src, None, follow=False))


def check(source: Source, *, file: str | None = None, previous: Source | Facts | None = None) -> list[Diagnostic]:
    """Every diagnostic of the facts in ``source``, in source order.

    ``source`` is a path (``str`` or ``os.PathLike``), ``bytes`` (a file's content, YAML or
    JSON) or a mapping (decoded JSON; dates as ISO strings or ``date`` objects); ``file``
    names it in diagnostics.  A ``str`` is always a path.  Never raises for bad input.
    Last period's facts (``previous``, else the file's ``上期文件``) are checked too, their
    diagnostics under their own name.  A collection workbook (a path ending in ``.xlsx``)
    is checked row by row as :func:`rollup` reads it, each diagnostic naming its cell.
    """
    if isinstance(source, (str, os.PathLike)) and os.fspath(source).lower().endswith(".xlsx"):
        from .errors import ZongjieError
        from .rollup_sums import rollup as _rollup

        try:
            return _rollup([source]).diagnostics
        except ZongjieError as exc:  # openpyxl missing: said as a diagnostic, like any unreadable source
            from .diagnostics import make

            name = file or os.fspath(source)
            return [make("workbook", name, 0, 0, str(exc))]
    return _run(source, file, previous=previous)[1]


def load(
    source: Source | Facts, *, file: str | None = None, previous: Source | Facts | None = None
) -> Facts:
    """The typed facts of ``source`` (as for :func:`check`); raises :class:`FactsError`
    carrying every diagnostic when they have errors.  Warnings are on ``facts.warnings``;
    where each value came from on ``facts.provenance`` and each object's ``origin``.
    Last period's facts — ``previous`` (a source or :class:`Facts`), else the file named by
    ``上期文件`` — are loaded too and attached as ``facts.previous``."""
    from .errors import FactsError
    from .model import Facts

    if isinstance(source, Facts):
        if previous is None:
            return source
        # the warnings of its own file, not those of a previous period it had before
        own = [d for d in source.warnings if d.file == source.origin.source and not d.code.startswith("previous-")]
        facts, diagnostics = _with_previous(source, own, previous)
    else:
        facts, diagnostics = _run(source, file, previous=previous)
    if facts is None:
        raise FactsError(diagnostics)
    return facts


def loads(text: str, *, file: str | None = None, previous: Source | Facts | None = None) -> Facts:
    """The typed facts of YAML or JSON text; raises :class:`FactsError` like :func:`load`.
    (For the diagnostics of text without raising: ``check(text.encode())``.)"""
    from .errors import FactsError, ZongjieError

    if not isinstance(text, str):
        raise ZongjieError(f"zongjie.loads() 需要文字（str），这里是 {type(text).__name__}：文件请用 zongjie.load()。")
    facts, diagnostics = _run(text, file, text=True, previous=previous)
    if facts is None:
        raise FactsError(diagnostics)
    return facts


def schema() -> dict[str, object]:
    """The JSON Schema of a facts file (Chinese keys, titles and descriptions)."""
    from .facts_schema import json_schema

    return json_schema()


def render(
    facts: Source | Facts,
    *,
    to: str = "md",
    kind: str | None = None,
    templates: str | os.PathLike[str] | None = None,
    reference_doc: str | os.PathLike[str] | None = None,
    previous: Source | Facts | None = None,
) -> Report:
    """Draft the report of ``facts`` (a :class:`Facts`, or a source as for :func:`load`).

    ``to`` is ``"md"`` (``Report.content`` is a ``str``), ``"docx"`` or ``"pdf"`` (``bytes``;
    a PDF needs LibreOffice, else :class:`PdfError`);
    ``kind`` drafts the facts as another 文种; ``templates`` is a folder whose
    templates override the built-in ones; ``reference_doc`` a .docx whose styles
    the document uses.  Raises :class:`FactsError` when the facts have errors,
    :class:`RenderError` when a template fails or its output fails the checks, and
    :class:`ZongjieError` for an unknown ``to`` or ``kind``.  ``previous`` is last period's
    facts (a source or :class:`Facts`) to compare with, instead of the file's ``上期文件``.
    """
    from .report import render_report

    return render_report(
        facts,
        to=to,  # type: ignore[arg-type]
        kind=kind,
        templates=templates,
        reference_doc=reference_doc,
        previous=previous,
    )


def rollup(
    sources: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    unit: str | None = None,
    kind: str | None = None,
) -> Rollup:
    """Add up many units (汇总): ``sources`` are facts files, folders of them, or collection
    workbooks (.xlsx).  Returns a :class:`~zongjie.rollup_sums.Rollup`: ``totals`` (label path →
    ``Total`` with the exact sum and each unit's ``Contribution`` and origin), ``skipped``
    (what was not added up, and why), ``diagnostics`` (each unit's own and the cross-unit
    ones, located in the units' files or cells), ``facts()`` (the whole as a mapping for
    :func:`render`).  Never raises for bad input.  See docs/rollup.md."""
    from .rollup_sums import rollup as _rollup

    return _rollup(sources, name=unit, kind=kind)
