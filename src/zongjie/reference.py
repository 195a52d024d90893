"""The reference document taken apart once for the .docx writer — and checked first.

A reference document comes from an office's own computer and is copied into every report,
so it is read defensively: its size, each part's declared inflated size and compression
ratio, the compression methods and encryption are checked before anything is inflated (no
zip bomb is inflated, and none is passed on into the reports), and DOCTYPE and entity
declarations are stripped from its XML.  Whatever is wrong is a :class:`ReferenceDocError`
with a Chinese message (exit status 2 on the command line), never a traceback.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree as ET

from . import ooxml, ooxml_text
from .diagnostics import Diagnostic, make
from .errors import ReferenceDocError as ReferenceDocError  # re-exported
from .styles import ROLE_STYLES, shipped_reference
from .zipfiles import Entry, deflate, zip_entries

MiB = 1 << 20
MAX_FILE = 64 * MiB  # the reference document itself
MAX_PART = 32 * MiB  # one part, inflated
MAX_TOTAL = 128 * MiB  # all parts, inflated
MAX_RATIO = 100  # inflated : compressed, for parts of more than 1 MiB
MAX_ENTRIES = 2000


def _size(n: int) -> str:
    return f"{n / (1 << 30):.1f} GiB" if n >= 1 << 30 else f"{n / MiB:.1f} MiB"


_RESAVE = "请用 Word 或 WPS 打开后另存为 .docx，或用“zongjie reference-doc”重新生成一份。"


def check_package(package: zipfile.ZipFile, path: str) -> None:
    """Refuse what must not be inflated or passed on, before inflating anything."""
    infos = package.infolist()
    if len(infos) > MAX_ENTRIES:
        raise ReferenceDocError(f"样式参考文档 {path} 含有 {len(infos)} 个部件，不像 Word 文档：{_RESAVE}")
    total = 0
    for info in infos:
        name = info.filename
        if info.flag_bits & 1:
            raise ReferenceDocError(f"样式参考文档 {path} 中的 {name} 已加密：请去掉文档密码后另存为 .docx。")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            method = {9: "Deflate64", 12: "BZIP2", 14: "LZMA", 93: "Zstandard"}.get(
                info.compress_type, f"第 {info.compress_type} 种"
            )
            raise ReferenceDocError(
                f"样式参考文档 {path} 中的 {name} 用 {method} 压缩，Word 文档不用这种方式：{_RESAVE}"
            )
        if info.file_size > MAX_PART:
            raise ReferenceDocError(
                f"样式参考文档 {path} 中的 {name} 解压后有 {_size(info.file_size)}，"
                f"超过上限 {_size(MAX_PART)}：请删去其中过大的图片或内容后另存。"
            )
        if info.file_size > MiB and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ReferenceDocError(
                f"样式参考文档 {path} 中的 {name} 压缩比异常（{info.compress_size} 字节解压为 "
                f"{_size(info.file_size)}），可能是“压缩炸弹”：{_RESAVE}"
            )
        total += info.file_size
    if total > MAX_TOTAL:
        raise ReferenceDocError(
            f"样式参考文档 {path} 解压后共有 {_size(total)}，超过上限 {_size(MAX_TOTAL)}：请删去过大的图片后另存。"
        )


_DOCTYPE = re.compile(rb"<!DOCTYPE(?:[^\[>]|\[.*?\])*>\s*", re.DOTALL)


def without_doctype(xml: bytes, name: str, path: str) -> bytes:
    """``xml`` without its DOCTYPE (and the entity declarations in it); refused when the
    content uses an entity it declared."""
    stripped = _DOCTYPE.sub(b"", xml, count=1)
    if b"<!ENTITY" in stripped or b"<!DOCTYPE" in stripped:
        raise ReferenceDocError(f"样式参考文档 {path} 中的 {name} 含有无法去除的 DOCTYPE/实体声明：{_RESAVE}")
    try:
        ET.fromstring(stripped)
    except ET.ParseError:
        raise ReferenceDocError(
            f"样式参考文档 {path} 中的 {name} 使用了 DOCTYPE 中声明的实体，Word 文档不这样写：{_RESAVE}"
        ) from None
    return stripped


def sanitize(data: bytes, path: str) -> bytes:
    """The package checked (:func:`check_package`) and its XML parts without DOCTYPE."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        check_package(package, path)
        entries: list[Entry] = []
        changed = False
        for info in package.infolist():
            if info.is_dir():
                continue
            part = package.read(info)
            if info.filename.endswith((".xml", ".rels")) and (b"<!DOCTYPE" in part or b"<!ENTITY" in part):
                part = without_doctype(part, info.filename, path)
                changed = True
            entries.append(deflate(info.filename, part))
    return zip_entries(entries) if changed else data


@dataclass(frozen=True)
class Template:
    """A reference document taken apart once: its other parts already compressed, its
    document.xml cut around the body, and its style ids by name."""

    entries: tuple[Entry, ...]
    head: bytes
    tail: bytes
    styles: dict[str, str]
    warnings: tuple[Diagnostic, ...] = ()

    @classmethod
    def from_bytes(cls, data: bytes, warnings: tuple[Diagnostic, ...] = ()) -> Template:
        entries = []
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            document = package.read("word/document.xml")
            styles = package.read("word/styles.xml")
            for info in package.infolist():
                if info.filename in ("word/document.xml", "docProps/core.xml") or info.is_dir():
                    continue
                if info.compress_type == zipfile.ZIP_DEFLATED and not info.flag_bits & 1:
                    # already deflated: copy the stream as it is (no inflating and deflating again)
                    at = info.header_offset
                    name_len, extra_len = struct.unpack("<HH", data[at + 26 : at + 30])
                    start = at + 30 + name_len + extra_len
                    raw = data[start : start + info.compress_size]
                    entries.append(Entry(info.filename, info.CRC, info.file_size, raw))
                else:
                    entries.append(deflate(info.filename, package.read(info)))
        head, tail = ooxml_text.split_document(document)
        return cls(tuple(entries), head, tail, ooxml_text.style_ids(styles), warnings)

    def style(self, role: str) -> str:
        return self.styles[ROLE_STYLES[role]]


#: what a broken package raises inside zipfile, zlib and the XML parser
_BROKEN = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    KeyError,
    ValueError,
    SyntaxError,
    NotImplementedError,
    RuntimeError,
    struct.error,
    zlib.error,
    EOFError,
    OverflowError,
)


@lru_cache(maxsize=8)
def _template_cached(path: str | None, stamp: tuple[int, int]) -> Template:
    if path is None:
        return Template.from_bytes(shipped_reference())
    warnings: list[Diagnostic] = []
    with open(path, "rb") as handle:
        data = handle.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise ReferenceDocError(f"样式参考文档 {path} 超过 {_size(MAX_FILE)}：请删去其中过大的图片后另存。")
    try:
        data = sanitize(data, path)
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            styles = ooxml_text.style_ids(package.read("word/styles.xml"))
            package.read("word/document.xml")
    except ReferenceDocError:
        raise
    except _BROKEN as exc:
        raise ReferenceDocError(
            f"样式参考文档 {path} 不是可用的 .docx 文件（{type(exc).__name__}）：请用 Word 另存为 .docx。"
        ) from None
    missing = [name for name in ROLE_STYLES.values() if name not in styles]
    if missing:  # rare: supply zongjie's own definitions (the slow path, through python-docx)
        data = _with_styles(data, missing)
        warnings.append(
            make(
                "docx-unsupported",
                path,
                0,
                0,
                f"样式参考文档缺少样式 {'、'.join(missing)}：已使用 zongjie 的默认样式。",
            )
        )
    try:
        return Template.from_bytes(data, tuple(warnings))
    except _BROKEN as exc:
        raise ReferenceDocError(
            f"样式参考文档 {path} 的结构无法使用（{type(exc).__name__}）：请用 Word 另存为 .docx。"
        ) from None


def _with_styles(data: bytes, missing: list[str]) -> bytes:
    import docx

    document = docx.Document(io.BytesIO(data))
    ours = docx.Document(io.BytesIO(shipped_reference())).styles.element
    for name in missing:
        ooxml.copy_style(ours, document.styles.element, name)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def template(reference_doc: str | Path | None = None) -> Template:
    """The reference document as a :class:`Template` (cached; a changed file is reread)."""
    if reference_doc is None:
        return _template_cached(None, (0, 0))
    path = Path(reference_doc)
    if not path.is_file():
        raise ReferenceDocError(
            f"找不到样式参考文档 {path}：请检查路径，或用“zongjie reference-doc -o {path.name}”生成一份。"
        )
    stat = path.stat()
    return _template_cached(str(path.resolve()), (stat.st_mtime_ns, stat.st_size))
