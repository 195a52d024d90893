"""What the command line prints: diagnostics with their source line and a caret, summaries, and
why an error stopped a command (the one place an error becomes an exit code)."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from .diagnostics import Diagnostic
    from .errors import ZongjieError


def color_of(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


def format_diagnostic(d: Diagnostic, source_line: str = "", color: bool = False) -> str:
    """``file:line:col: 错误 [code] message``, then the source line and a caret."""
    from .diagnostics import SEVERITY_ZH

    head = str(d)
    if color:
        tint = "\033[31m" if d.is_error else "\033[33m"
        label = f"{SEVERITY_ZH[d.severity]} [{d.code}]"
        head = head.replace(label, f"{tint}{label}\033[0m", 1)
    if not (d.line and source_line.strip()):
        return head
    prefix = source_line[: max(d.column - 1, 0)]
    pad = "".join(
        "\t" if c == "\t" else " " * (2 if unicodedata.east_asian_width(c) in "WF" else 1) for c in prefix
    )
    return f"{head}\n    {source_line}\n    {pad}^"


def _lines_of(raw: bytes, name: str) -> list[str]:
    from .reading import _decode

    text, _ = _decode(raw, name)
    return re.split(r"\r\n|\n|\r", text) if text else []


def _source_lines(path: str) -> list[str]:
    """The file's lines as the loader numbered them (same decoding, same line breaks)."""
    if path.startswith("<"):  # <text>, <markdown>: no file to show
        return []
    from .reading import _decode

    try:
        text, _ = _decode(Path(path).read_bytes(), path)
    except OSError:
        return []
    return re.split(r"\r\n|\n|\r", text) if text else []


def print_diagnostics(diags: Sequence[Diagnostic], out: TextIO, given: dict[str, bytes] | None = None) -> None:
    """Each diagnostic with its source line; ``given``: the content of sources that are not
    files (standard input), by name."""
    cache: dict[str, list[str]] = {}
    color = color_of(out)
    for d in diags:
        if d.file not in cache:
            cache[d.file] = _lines_of(given[d.file], d.file) if given and d.file in given else _source_lines(d.file)
        lines = cache[d.file]
        src = lines[d.line - 1] if 0 < d.line <= len(lines) else ""
        out.write(format_diagnostic(d, src, color) + "\n")


def summary(files: int, errors: int, warnings: int) -> str:
    if not errors and not warnings:
        return f"检查了 {files} 个文件：没有发现问题。"
    return f"检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告。"



def failed(exc: ZongjieError, err: TextIO) -> int:
    """Say why an error stopped the command; its exit code (the one place errors become codes)."""
    from .errors import RenderError

    print_diagnostics(exc.diagnostics, err)
    err.write("zongjie：模板出错，未生成报告。\n" if isinstance(exc, RenderError) else f"zongjie：{exc}\n")
    return int(exc.exit_code)
