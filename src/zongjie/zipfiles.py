"""Writing zip packages reproducibly: already-deflated entries, fixed timestamps — so the same
content always gives the same bytes (the .docx of the same facts is byte-identical)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    name: str
    crc: int
    size: int
    data: bytes  # raw deflate stream


def deflate(name: str, data: bytes) -> Entry:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Entry(name, zlib.crc32(data), len(data), packer.compress(data) + packer.flush())


_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, the zip epoch: fixed, so equal input gives equal bytes


def zip_entries(entries: list[Entry]) -> bytes:
    """A zip archive of already-deflated entries (local headers, data, central directory)."""
    out = io.BytesIO()
    central = []
    for e in entries:
        name = e.name.encode("utf-8")
        offset = out.tell()
        out.write(
            struct.pack(
                "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, _DOS_DATE, e.crc, len(e.data), e.size, len(name), 0
            )
        )
        out.write(name)
        out.write(e.data)
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                _DOS_DATE,
                e.crc,
                len(e.data),
                e.size,
                len(name),
                0,
                0,
                0,
                0,
                0o644 << 16,
                offset,
            )
            + name
        )
    start = out.tell()
    for record in central:
        out.write(record)
    out.write(
        struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), out.tell() - start, start, 0)
    )
    return out.getvalue()


def normalize_zip(data: bytes) -> bytes:
    """The same package with fixed timestamps, so equal content gives equal bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return zip_entries([deflate(i.filename, src.read(i)) for i in src.infolist()])
