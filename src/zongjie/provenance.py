"""Where each value of the facts came from: its source, its key path, and — when the
source was text — its line and column (or, from a workbook, its cell).

Every object of the typed model carries an :class:`Origin`; the origins of one source
share a :class:`Provenance`, through which an object finds the origin of any value below
it (``item.origin.child("数据", "培训班")``) and a check finds the exact column of a
word inside a text.  The checks and the drafting read places only from here, so a new
kind of source (a web form's JSON, a workbook) adds its own places without changing them.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field

from .constants import PathKey
from .diagnostics import Diagnostic, make

_PLAIN_KEY = re.compile(r"[^.\[\]\"\s]+")


def dotted(path: PathKey) -> str:
    """``("主要做法", 2, "数据", "培训班")`` → ``主要做法[2].数据.培训班`` (indexes from 0; a key
    holding “.”, “[”, “]”, a quote or a space is written ``["…"]``)."""
    out: list[str] = []
    for p in path:
        if isinstance(p, int):
            out.append(f"[{p}]")
        elif _PLAIN_KEY.fullmatch(p):
            out.append(f".{p}" if out else p)
        else:
            out.append(f"[{json.dumps(p, ensure_ascii=False)}]")
    return "".join(out)


@dataclass(frozen=True)
class Origin:
    """The place of one value: ``source`` (a file name or a caller's name), ``path`` (the key
    path with the contract's Chinese keys), line and column of the value and of its key
    (1-based; 0 when the source is not text), or the workbook ``cell``."""

    source: str
    path: PathKey
    line: int = 0
    column: int = 0
    key_line: int = 0
    key_column: int = 0
    cell: str = ""
    span: tuple[int, int] | None = field(default=None, compare=False, repr=False)
    provenance: Provenance | None = field(default=None, compare=False, repr=False)

    @property
    def dotted(self) -> str:
        return dotted(self.path)

    def child(self, *keys: str | int) -> Origin:
        """The origin of the value at ``keys`` below this one (the nearest known place)."""
        path = (*self.path, *keys)
        if self.provenance is None:
            return Origin(self.source, path, self.line, self.column, cell=self.cell)
        return self.provenance.origin(path)

    def place(self, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value (or of its key, when known)."""
        if key and self.key_line:
            return self.key_line, self.key_column
        return self.line, self.column

    def locate(self, needle: str, occurrence: int = 0) -> tuple[int, int]:
        """Line and column of the ``occurrence``-th ``needle`` inside the value as written;
        the value's own place when the source is not text or it cannot be found verbatim."""
        if self.span is None or self.provenance is None or not self.provenance.text:
            return self.line, self.column
        start, end = self.span
        segment = self.provenance.text[start:end]
        at = -1
        for _ in range(occurrence + 1):
            at = segment.find(needle, at + 1)
            if at < 0:
                return self.line, self.column
        return self.provenance.line_column(start + at)

    def diagnostic(
        self, code: str, message: str, *, key: bool = False, at: tuple[int, int] | None = None
    ) -> Diagnostic:
        """A diagnostic about this value (``at`` overrides the line and column)."""
        line, column = at if at is not None else self.place(key=key)
        return make(code, self.source, line, column, message, dotted(self.path), self.cell)


class Provenance:
    """The origins of one source's values, by key path; the source's text, if any."""

    def __init__(self, source: str, text: str = "", location: str | None = None) -> None:
        self.source = source
        self.text = text
        self.location = location  # the file the source was read from, if any
        self.origins: dict[PathKey, Origin] = {}
        self._line_starts: list[int] = []

    def add(
        self,
        path: PathKey,
        line: int = 0,
        column: int = 0,
        key_line: int = 0,
        key_column: int = 0,
        span: tuple[int, int] | None = None,
        cell: str = "",
    ) -> Origin:
        origin = Origin(self.source, path, line, column, key_line, key_column, cell, span, self)
        self.origins[path] = origin
        return origin

    def origin(self, path: PathKey) -> Origin:
        """The origin at ``path``; for a path never seen (a default value), the nearest
        enclosing place, under the path asked for."""
        found = self.origins.get(path)
        if found is not None:
            return found
        p = path
        while p and p not in self.origins:
            p = p[:-1]
        near = self.origins.get(p)
        if near is None:
            return Origin(self.source, path, provenance=self)
        return Origin(self.source, path, near.line, near.column, cell=near.cell, provenance=self)

    def line_column(self, index: int) -> tuple[int, int]:
        if not self._line_starts:
            self._line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", self.text)]
        row = bisect.bisect_right(self._line_starts, index) - 1
        return (row + 1, index - self._line_starts[row] + 1)


NOWHERE = Origin("", ())
