"""Stage 1a: a source (a path or bytes) → its text: size cap, binary files,
encodings (UTF-8 with or without BOM; GB18030 and UTF-16 with a warning) and control
characters — every problem a diagnostic, never an exception.
"""

from __future__ import annotations

import errno
import os
import re
import stat

from .diagnostics import Diagnostic, make

MAX_BYTES = 4 * 1024 * 1024


_MAGIC = {
    b"PK\x03\x04": "Word 文档或压缩包",
    b"%PDF": "PDF 文件",
    b"\x89PNG": "PNG 图片",
    b"\xff\xd8\xff": "JPEG 图片",
    b"GIF8": "GIF 图片",
    b"\xd0\xcf\x11\xe0": "旧版 Word/Excel 文件",
}

# characters YAML refuses and XML 1.0 cannot hold, and the noncharacters of zongjie's draft marks
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")


def _decode(raw: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    if not raw.strip():
        return None, [
            make(
                "empty-file",
                file,
                0,
                0,
                "文件是空的：请运行“zongjie init”生成模板再填写（写法见 zongjie help facts）。",
            )
        ]
    for magic, what in _MAGIC.items():
        if raw.startswith(magic):
            return None, [
                make("binary-file", file, 0, 0, f"这是{what}，不是事实文件：请选择 .yaml 文本文件。")
            ]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            return None, [
                make(
                    "bad-encoding", file, 0, 0, "文件以 UTF-16 标记开头却无法按 UTF-16 读取：请另存为 UTF-8。"
                )
            ]
        return text, [make("encoding", file, 0, 0, "文件是 UTF-16 编码，已正确读取；建议另存为 UTF-8。")]
    if b"\x00" in raw[:8192]:
        return None, [
            make("binary-file", file, 0, 0, "文件含有空字节，不是文本文件：请选择 .yaml 文本文件。")
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        line = raw[: utf8_error.start].count(b"\n") + 1
        return None, [
            make(
                "bad-encoding",
                file,
                line,
                1,
                f"第{line}行附近有无法识别的字节：文件既不是 UTF-8 也不是 GBK，请用记事本“另存为”UTF-8 编码。",
            )
        ]
    return text, [
        make(
            "encoding",
            file,
            0,
            0,
            "文件不是 UTF-8 编码，已按 GB18030（GBK）读取；建议用记事本“另存为”并选择 UTF-8 编码。",
        )
    ]


def _too_large(name: str, size: int) -> Diagnostic:
    return make(
        "file-too-large",
        name,
        0,
        0,
        f"内容有 {size / 1048576:.1f} MB，超过 4 MB 上限：事实文件只需文字，请删去粘贴进来的图片或附件内容。",
    )


def _unreadable(name: str, why: str) -> tuple[str, None, list[Diagnostic]]:
    return name, None, [make("file-not-found", name, 0, 0, why)]


def read_path(
    path: str | os.PathLike[str], file: str | None = None
) -> tuple[str, bytes | None, list[Diagnostic]]:
    """A file's bytes: (display name, bytes or None, diagnostics).  At most :data:`MAX_BYTES`
    are accepted, whatever the file claims to be; only a regular file is read (a folder, a
    FIFO or a device such as ``/dev/zero`` is refused before reading)."""
    name = file or os.fspath(path)
    hint = ""
    if isinstance(path, str) and ("\n" in path or ": " in path):
        hint = "（若这是事实文件的内容而不是文件名，请用 zongjie.loads() 或以 bytes 传入）"
    try:
        # not blocking: opening a FIFO to read would wait for a writer (O_NONBLOCK is POSIX only)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as fh:
            mode = os.fstat(fh.fileno()).st_mode
            if stat.S_ISDIR(mode):
                return _unreadable(name, "这是一个文件夹，不是事实文件：请指定 .yaml 文件。")
            if not stat.S_ISREG(mode):
                return _unreadable(name, "这不是普通文件（是设备或管道）：请指定 .yaml 事实文件。")
            raw = fh.read(MAX_BYTES + 1)
    except IsADirectoryError:
        return _unreadable(name, "这是一个文件夹，不是事实文件：请指定 .yaml 文件。")
    except FileNotFoundError:
        return _unreadable(name, f"找不到这个文件：请检查路径和文件名{hint}。")
    except (ValueError, UnicodeError):  # a NUL or an unpaired surrogate cannot name a file
        return _unreadable(name, f"文件名中有不能用于文件名的字符：请检查路径{hint}。")
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return _unreadable(name, f"文件名太长：请检查路径{hint}。")
        return _unreadable(name, f"无法读取文件（{exc.strerror}）：请检查文件权限。")
    if len(raw) > MAX_BYTES:
        return name, None, [_too_large(name, os.path.getsize(path) if os.path.isfile(path) else len(raw))]
    return name, raw, []


def read_bytes(data: bytes, file: str | None = None) -> tuple[str, bytes | None, list[Diagnostic]]:
    """Bytes given directly (a file's content): the same cap as a file."""
    name = file or "<bytes>"
    return (name, None, [_too_large(name, len(data))]) if len(data) > MAX_BYTES else (name, data, [])
