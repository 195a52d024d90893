"""One error family: every error zongjie raises is a :class:`ZongjieError`.

Each class carries the command line's exit code (``exit_code``) and, where the error
is about an input, its diagnostics — so the command line, the batch runner and the
web page map any error to a status in one place, and a caller catches one class.
"""

from __future__ import annotations

from collections.abc import Iterable

from .constants import EXIT_FACTS, EXIT_OUTPUT, EXIT_TEMPLATE, EXIT_USAGE
from .diagnostics import Diagnostic, sort_diagnostics


class ZongjieError(Exception):
    """The base of every error zongjie raises on purpose; the message is Chinese.

    ``exit_code`` is the command line's status for it; ``diagnostics`` the findings
    behind it (empty when the message says everything).
    """

    exit_code: int = EXIT_USAGE

    def __init__(self, message: str = "", diagnostics: Iterable[Diagnostic] = ()) -> None:
        self.diagnostics: list[Diagnostic] = list(diagnostics)
        super().__init__(message or "；".join(str(d) for d in self.diagnostics[:3]))


def reason(exc: ZongjieError) -> str:
    """Why nothing was written, in a few words, for a summary line (no final mark)."""
    if isinstance(exc, RenderError):
        return "模板出错"
    if isinstance(exc, FactsError):
        return f"有 {len(exc.errors)} 个错误"
    return str(exc).rstrip("。")


class FactsError(ZongjieError):
    """The facts have errors; carries every diagnostic of the run (warnings too)."""

    exit_code = EXIT_FACTS

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        diags = sort_diagnostics(diagnostics)
        errors = [d for d in diags if d.is_error]
        first = str(errors[0]) if errors else "（无）"
        more = f"（另有 {len(errors) - 1} 处错误）" if len(errors) > 1 else ""
        super().__init__(f"事实文件有错误：{first}{more}", diags)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


class RenderError(ZongjieError):
    """A template failed, or produced a report that fails the output checks."""

    exit_code = EXIT_TEMPLATE

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        super().__init__("", diagnostics)


class ReferenceDocError(ZongjieError, ValueError):
    """The reference document cannot be used."""

    exit_code = EXIT_USAGE


class OutputError(ZongjieError):
    """A file could not be written; the message says why."""

    exit_code = EXIT_OUTPUT


class PdfError(ZongjieError):
    """The PDF could not be made: LibreOffice is absent (exit 2) or the conversion failed (4)."""

    exit_code = EXIT_OUTPUT

    def __init__(self, message: str, exit_code: int = EXIT_OUTPUT) -> None:
        super().__init__(message)
        self.exit_code = exit_code
