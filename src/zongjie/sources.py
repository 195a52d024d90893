"""Stage 1: any source of facts → a :class:`~zongjie.loading.Document` (plain data, and
positions where the source was text).

What the API accepts, without guessing: a path (``str`` or ``os.PathLike``), ``bytes``
(a file's content, YAML or JSON), a mapping (decoded JSON: dates as ISO strings or
``date`` objects), or — through :func:`from_text` only — text in a ``str``.  A ``str``
is never sniffed: ``报告: 2019.yaml`` is a file name.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .constants import PathKey
from .diagnostics import make
from .loading import MAX_DEPTH, MAX_NODES, Document, parse, parse_text
from .provenance import dotted
from .reading import read_bytes, read_path

#: what zongjie.load, check and render accept as facts
Source = str | os.PathLike[str] | bytes | Mapping[str, Any]


def document(source: Any, file: str | None, known_keys: frozenset[str]) -> Document:
    """The document of ``source`` (a path, bytes or a mapping); problems as diagnostics."""
    if isinstance(source, Mapping):
        return from_mapping(source, file or "<mapping>")
    if isinstance(source, (bytes, bytearray, memoryview)):
        name, raw, diags = read_bytes(bytes(source), file)
    elif isinstance(source, (str, os.PathLike)):
        name, raw, diags = read_path(source, file)
    else:
        name = file or f"<{type(source).__name__}>"
        what = "一个文件路径、文件内容（bytes）或“字段: 值”映射（dict）"
        message = f"无法读取 {type(source).__name__} 类型的事实：请传入{what}；文字内容请用 zongjie.loads()。"
        return Document(name, "", diagnostics=[make("file-not-found", name, 0, 0, message)])
    if raw is None:
        return Document(name, "", diagnostics=diags)
    doc = parse(raw, name, known_keys=known_keys)
    doc.diagnostics[:0] = diags
    if not isinstance(source, (bytes, bytearray, memoryview)):
        doc.location = os.fspath(source)
    return _json_fallback(doc)


def from_text(text: str, file: str | None, known_keys: frozenset[str]) -> Document:
    """The document of YAML or JSON text given as a ``str``."""
    return _json_fallback(parse_text(text, file or "<text>", known_keys=known_keys))


def _json_fallback(doc: Document) -> Document:
    """JSON that YAML cannot read (an escape YAML lacks, a surrogate pair): read as JSON,
    without positions."""
    if doc.ok or not doc.text.lstrip().startswith(("{", "[")):
        return doc
    try:
        data = json.loads(doc.text)
    except (ValueError, RecursionError):
        return doc
    keep = [d for d in doc.diagnostics if d.code == "encoding"]
    found = from_mapping(data, doc.file) if isinstance(data, dict) else _not_mapping(doc.file, data)
    found.diagnostics[:0] = keep
    found.location = doc.location
    return found


def _not_mapping(name: str, data: Any) -> Document:
    return Document(
        name,
        "",
        data=data,
        diagnostics=[
            make(
                "not-mapping",
                name,
                0,
                0,
                '事实的顶层应为“字段: 值”映射（JSON 对象，如 {"文种": "年度工作总结"}），这里不是。',
            )
        ],
    )


@dataclass
class CellDocument(Document):
    """A document whose values came from a workbook: each value's cell (``汇总!D7``) by its
    key path with the contract's Chinese keys; the validator gives origins these cells."""

    cells: dict[PathKey, str] = field(default_factory=dict)


def from_mapping(data: Any, name: str, cells: Mapping[PathKey, str] | None = None) -> Document:
    """A mapping given in code, as the data a YAML document would give: keys as text,
    numbers exact (a ``float`` by its shortest repr), lists for tuples — bounded in depth
    and size like YAML.  ``cells``: the workbook cell of each value, by canonical key path."""
    if not isinstance(data, Mapping):
        return _not_mapping(name, data)
    doc = CellDocument(name, "", cells=dict(cells)) if cells else Document(name, "")
    walker = _Plain(doc)
    doc.data = walker.plain(data, (), 0)
    return doc


class _Plain:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.count = 0
        self.stopped = False

    def fail(self, code: str, message: str) -> None:
        if not self.stopped:
            self.doc.diagnostics.append(make(code, self.doc.file, 0, 0, message))
        self.stopped = True

    def plain(self, value: Any, path: tuple[Any, ...], depth: int) -> Any:
        self.count += 1
        if self.stopped:
            return None
        if depth > MAX_DEPTH:
            self.fail(
                "too-deep", f"嵌套超过 {MAX_DEPTH} 层：事实最多只需四五层，请检查数据（是否引用了自身）。"
            )
            return None
        if self.count > MAX_NODES * 10:
            self.fail("alias-limit", f"内容超过 {MAX_NODES * 10} 项：事实不需要这么多内容，请检查数据。")
            return None
        if isinstance(value, Mapping):
            out: dict[str, Any] = {}
            for k, v in value.items():
                key = _key(k)
                if key is None:
                    self.doc.diagnostics.append(
                        make(
                            "wrong-type",
                            self.doc.file,
                            0,
                            0,
                            f"字段名必须是文字，这里是 {type(k).__name__}。",
                            dotted(path),
                        )
                    )
                    continue
                out[key] = self.plain(v, (*path, key), depth + 1)
            return out
        if isinstance(value, (list, tuple)):
            return [self.plain(v, (*path, i), depth + 1) for i, v in enumerate(value)]
        if isinstance(value, float):
            return Decimal(repr(value)) if math.isfinite(value) else repr(value)
        if isinstance(value, dt.datetime):
            midnight = (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0)
            return value.date() if midnight else value
        return value  # str, int, bool, None, Decimal, date; anything else is reported by the model


def _key(k: Any) -> str | None:
    if isinstance(k, str):
        return k
    if isinstance(k, (int, Decimal, dt.date)) and not isinstance(k, bool):
        return str(k)
    return None
