"""``zongjie check --fix``: repair the mechanical mistakes of a facts file in its text.

Only what :mod:`zongjie.linescan` finds with an edit is rewritten — a full-width colon after
a key, full-width or non-breaking spaces in indentation and after colons, a full-width “－”
or a missing space after a list item's dash, zero-width characters, hand-typed numbering at
the start of a 标题 or a point — on the source text itself, so comments, order, blank lines
and line breaks stay as they were, and no word or figure of the writer's text changes.
The original is kept beside the file (``FILE.bak``); both are written atomically.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .linescan import ZERO_WIDTH, Slip, scan

_WHAT = {
    "fullwidth-colon": "字段名后的冒号改为半角冒号加空格",
    "odd-space": "全角空格、不间断空格改为半角空格",
    "list-dash": "列表项改为以半角“- ”开头",
    "key-in-text": "条目开头的字段名改用半角冒号加空格",
    "manual-numbering": "删去手写的序号（zongjie 自动编号）",
}
_MAX_ROUNDS = 6  # a repaired indentation may reveal the colon of the same line


@dataclass(frozen=True)
class Change:
    """One line rewritten: its 1-based number, the text before and after, and what was done."""

    line: int
    before: str
    after: str
    what: tuple[str, ...]


@dataclass(frozen=True)
class Fixed:
    """The repaired text of a file and its changes, line by line."""

    text: str
    changes: tuple[Change, ...]
    recoded: bool = False  # the file was not UTF-8 and is written back as UTF-8


def fix_text(text: str, known_keys: frozenset[str] = frozenset(), *, only: frozenset[str] | None = None) -> Fixed:
    """``text`` with its mechanical mistakes repaired (see the module's docstring); ``only``:
    just the mistakes of these codes."""
    parts = re.split(r"(\r\n|\n|\r)", text)
    lines, breaks = parts[0::2], parts[1::2]
    original = list(lines)
    done: dict[int, list[str]] = {}
    for i, line in enumerate(lines):
        count = len(ZERO_WIDTH.findall(line)) if only is None or "zero-width" in only else 0
        if count:
            lines[i] = ZERO_WIDTH.sub("", line)
            done.setdefault(i, []).append(f"删去 {count} 个零宽字符")
    for _ in range(_MAX_ROUNDS):
        slips = [
            s for s in scan(_join(lines, breaks), known_keys) if s.edit is not None and (only is None or s.code in only)
        ]
        if not slips:
            break
        by_line: dict[int, list[Slip]] = {}
        for s in slips:
            by_line.setdefault(s.line - 1, []).append(s)
        for i, found in by_line.items():
            lines[i], whats = _apply(lines[i], found)
            for what in whats:
                if what not in done.setdefault(i, []):
                    done[i].append(what)
    changes = tuple(
        Change(i + 1, original[i], lines[i], tuple(done[i])) for i in sorted(done) if lines[i] != original[i]
    )
    return Fixed(_join(lines, breaks), changes)


def _apply(line: str, slips: list[Slip]) -> tuple[str, list[str]]:
    """The line with the slips' edits applied right to left (an edit overlapping one already
    applied waits for the next round)."""
    whats: list[str] = []
    limit = len(line) + 1
    for s in sorted(slips, key=lambda s: s.edit[0] if s.edit else 0, reverse=True):
        assert s.edit is not None
        start, end, new = s.edit
        if end > limit or end < start:
            continue
        line = line[:start] + new + line[end:]
        limit = start
        whats.append(_WHAT[s.code])
    return line, whats[::-1]


def _join(lines: list[str], breaks: list[str]) -> str:
    out = [lines[0]]
    for sep, line in zip(breaks, lines[1:], strict=True):
        out.extend((sep, line))
    return "".join(out)


def fix_file(path: str | os.PathLike[str], known_keys: frozenset[str] = frozenset()) -> Fixed | None:
    """Repair the file at ``path`` in place, keeping the original as ``path.bak``.

    None when the file cannot be read as text (its diagnostics say why); a :class:`Fixed`
    without changes writes nothing.  Raises :class:`~zongjie.OutputError` when a file
    cannot be written."""
    from .output import write_atomic
    from .reading import _decode, read_path

    _, raw, _ = read_path(path)
    if raw is None:
        return None
    text, found = _decode(raw, os.fspath(path))
    if text is None:
        return None
    fixed = fix_text(text, known_keys)
    if not fixed.changes:
        return fixed
    if any(d.code == "encoding" for d in found):  # GB18030 or UTF-16: written back as UTF-8
        fixed = Fixed(fixed.text, fixed.changes, recoded=True)
    target = Path(path)
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    write_atomic(target.with_name(target.name + ".bak"), raw, overwrite=True)
    write_atomic(target, bom + fixed.text.encode("utf-8"), overwrite=True)
    return fixed
