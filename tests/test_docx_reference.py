"""A reference document from an office's computer is read defensively (issue 11): a
compression method Word does not use, an encrypted part, a part declaring gigabytes, a zip
bomb or DOCTYPE/entity declarations get a Chinese error (exit 2), never a traceback, and
nothing of absurd size is copied into the reports."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

import zongjie
from zongjie.cli import main
from zongjie.docx_writer import ReferenceDocError
from zongjie.styles import REFERENCE

from .conftest import EXAMPLES
from .docxcheck import Docx


def _parts() -> dict[str, bytes]:
    with zipfile.ZipFile(REFERENCE) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def _zip(parts: dict[str, bytes], special: dict[str, dict[str, int]] | None = None) -> bytes:
    """A zip of ``parts``; ``special[name]`` may set its ``method``, ``flags`` or a declared
    ``size`` (written as a zip64 size when it does not fit 32 bits)."""
    out = io.BytesIO()
    central = []
    for name, data in parts.items():
        opts = (special or {}).get(name, {})
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        raw = packer.compress(data) + packer.flush()
        method, flags = opts.get("method", 8), opts.get("flags", 0)
        if method == 0:
            raw = data
        size = opts.get("size", len(data))
        crc = zlib.crc32(data)
        encoded = name.encode()
        offset = out.tell()
        small = min(size, 0xFFFFFFFF)
        out.write(
            struct.pack(
                "<4s5H3L2H", b"PK\x03\x04", 45, flags, method, 0, 33, crc, len(raw), small, len(encoded), 0
            )
        )
        out.write(encoded + raw)
        extra = struct.pack("<HHQ", 1, 8, size) if size >= 0xFFFFFFFF else b""
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                45,
                45,
                flags,
                method,
                0,
                33,
                crc,
                len(raw),
                small,
                len(encoded),
                len(extra),
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
            + extra
        )
    start = out.tell()
    for record in central:
        out.write(record)
    out.write(
        struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), out.tell() - start, start, 0)
    )
    return out.getvalue()


def _refused(tmp_path: Path, data: bytes, *words: str) -> str:
    ref = tmp_path / "ref.docx"
    ref.write_bytes(data)
    with pytest.raises(ReferenceDocError) as info:
        zongjie.render(EXAMPLES[0], to="docx", reference_doc=ref)
    message = str(info.value)
    assert "样式参考文档" in message and str(ref.resolve()) in message
    for word in words:
        assert word in message, message
    return message


def test_the_hand_built_package_is_a_usable_reference(tmp_path: Path) -> None:
    ref = tmp_path / "ref.docx"
    ref.write_bytes(_zip(_parts()))
    report = zongjie.render(EXAMPLES[0], to="docx", reference_doc=ref)
    assert report.warnings == [] and Docx(report.content).body_paragraphs()  # type: ignore[arg-type]


def test_deflate64_is_refused(tmp_path: Path) -> None:
    data = _zip(_parts(), {"word/document.xml": {"method": 9}})
    _refused(tmp_path, data, "word/document.xml", "Deflate64", "另存为")


def test_an_encrypted_part_is_refused(tmp_path: Path) -> None:
    data = _zip(_parts(), {"word/styles.xml": {"flags": 1}})
    _refused(tmp_path, data, "word/styles.xml", "加密")


def test_a_part_declaring_gigabytes_is_refused_before_inflating(tmp_path: Path) -> None:
    parts = {**_parts(), "word/media/image1.png": b"\x89PNG" + bytes(100)}
    data = _zip(parts, {"word/media/image1.png": {"size": 5 << 30}})
    _refused(tmp_path, data, "word/media/image1.png", "5.0 GiB")


def test_a_zip_bomb_styles_part_is_refused(tmp_path: Path) -> None:
    parts = _parts()
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(
        b"</w:styles>", b" " * (20 << 20) + b"</w:styles>"
    )
    _refused(tmp_path, _zip(parts), "word/styles.xml", "压缩比")


def test_a_media_bomb_is_never_copied_into_reports(tmp_path: Path) -> None:
    parts = {**_parts(), "word/media/image9.png": bytes(40 << 20)}
    _refused(tmp_path, _zip(parts), "word/media/image9.png")
    # a picture of ordinary size is carried over
    picture = os.urandom(200_000)
    ref = tmp_path / "ok.docx"
    ref.write_bytes(_zip({**_parts(), "word/media/image9.png": picture}))
    out = zongjie.render(EXAMPLES[0], to="docx", reference_doc=ref).content
    with zipfile.ZipFile(io.BytesIO(out)) as z:  # type: ignore[arg-type]
        assert z.read("word/media/image9.png") == picture


def test_a_file_larger_than_the_cap_is_refused_unread(tmp_path: Path) -> None:
    ref = tmp_path / "ref.docx"
    with open(ref, "wb") as f:
        f.truncate((64 << 20) + 1)  # sparse: no disk used
    with pytest.raises(ReferenceDocError, match=r"超过 64\.0 MiB"):
        zongjie.render(EXAMPLES[0], to="docx", reference_doc=ref)


def test_doctype_and_entity_declarations_are_stripped(tmp_path: Path) -> None:
    parts = _parts()
    doctype = b'<!DOCTYPE w:styles [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(b"?>", b"?>" + doctype, 1)
    ref = tmp_path / "ref.docx"
    ref.write_bytes(_zip(parts))
    out = zongjie.render(EXAMPLES[0], to="docx", reference_doc=ref).content
    with zipfile.ZipFile(io.BytesIO(out)) as z:  # type: ignore[arg-type]
        styles = z.read("word/styles.xml")
    assert b"<!DOCTYPE" not in styles and b"<!ENTITY" not in styles
    assert Docx(out).by_name["公文正文"] is not None  # type: ignore[arg-type]


def test_an_entity_in_use_is_refused(tmp_path: Path) -> None:
    parts = _parts()
    doctype = b'<!DOCTYPE w:styles [<!ENTITY lol "lol">]>'
    styles = parts["word/styles.xml"].replace(b"?>", b"?>" + doctype, 1)
    parts["word/styles.xml"] = styles.replace("公文正文".encode(), "公文正文&lol;".encode(), 1)
    _refused(tmp_path, _zip(parts), "word/styles.xml", "实体")


@pytest.mark.parametrize(
    "special",
    [
        {"word/document.xml": {"method": 9}},
        {"word/styles.xml": {"flags": 1}},
        {"word/theme/theme1.xml": {"size": 1 << 32}},
    ],
    ids=["deflate64", "encrypted", "4GiB"],
)
def test_the_command_line_exits_2_with_a_message(tmp_path: Path, special: dict[str, dict[str, int]]) -> None:
    ref = tmp_path / "ref.docx"
    ref.write_bytes(_zip(_parts(), special))
    err = io.StringIO()
    out = tmp_path / "out.docx"
    status = main(
        ["render", str(EXAMPLES[0]), "--reference-doc", str(ref), "-o", str(out)], io.StringIO(), err
    )
    assert status == 2, err.getvalue()
    assert "样式参考文档" in err.getvalue() and "Traceback" not in err.getvalue()
    assert not out.exists()
