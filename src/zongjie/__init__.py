"""zongjie（总结）：从事实文件起草基层党组织工作总结、工作汇报。

The public API is small and stable::

    import zongjie
    facts = zongjie.load("facts.yaml")          # raises zongjie.FactsError
    diagnostics = zongjie.check("facts.yaml")   # never raises for bad input
    report = zongjie.render(facts, to="md")     # report.content, report.warnings, report.save()

Everything not listed in ``__all__`` is private.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from .__about__ import __version__
from .constants import KINDS

if TYPE_CHECKING:
    from .diagnostics import CODES, Diagnostic, FactsError
    from .docx_writer import ReferenceDocError
    from .drafting import RenderError
    from .model import Facts
    from .output import OutputError
    from .report import Report

# imported on first use, so that `zongjie --version` and the command line start fast
_LAZY = {
    "CODES": "diagnostics",
    "Diagnostic": "diagnostics",
    "FactsError": "diagnostics",
    "Facts": "model",
    "RenderError": "drafting",
    "ReferenceDocError": "docx_writer",
    "Report": "report",
    "OutputError": "output",
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
    "OutputError",
    "ReferenceDocError",
    "RenderError",
    "Report",
    "__version__",
    "check",
    "load",
    "render",
    "schema",
]

Source = str | bytes | os.PathLike[str]


def _run(source: Source, file: str | None) -> tuple[Facts | None, list[Diagnostic]]:
    from .checks import KNOWN_KEYS, check_document
    from .loading import parse

    doc = parse(source, file=file, known_keys=KNOWN_KEYS)
    facts, diagnostics = check_document(doc)
    if facts is not None:
        object.__setattr__(facts, "source", doc)
    return facts, diagnostics


def check(source: Source, *, file: str | None = None) -> list[Diagnostic]:
    """Every diagnostic of a facts file, in file order.

    ``source`` is a path, YAML text (a ``str`` containing a newline or “: ”) or
    bytes; ``file`` names it in diagnostics.  Never raises for bad input.
    """
    return _run(source, file)[1]


def load(source: Source | Facts, *, file: str | None = None) -> Facts:
    """The typed facts of a file; raises :class:`FactsError` carrying every
    diagnostic when the file has errors.  Warnings are kept on
    ``facts.warnings``."""
    from .diagnostics import FactsError
    from .model import Facts

    if isinstance(source, Facts):
        return source
    facts, diagnostics = _run(source, file)
    if facts is None:
        raise FactsError(diagnostics)
    object.__setattr__(facts, "warnings", [d for d in diagnostics if not d.is_error])
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
) -> Report:
    """Draft the report of ``facts`` (a :class:`Facts`, a path, YAML text or bytes).

    ``to`` is ``"md"`` (``Report.content`` is a ``str``) or ``"docx"`` (``bytes``);
    ``kind`` drafts the facts as another 文种; ``templates`` is a folder whose
    templates override the built-in ones; ``reference_doc`` a .docx whose styles
    the document uses.  Raises :class:`FactsError` when the facts have errors and
    :class:`RenderError` when a template fails or its output fails the checks.
    """
    from .report import render_report

    return render_report(facts, to=to, kind=kind, templates=templates, reference_doc=reference_doc)  # type: ignore[arg-type]
