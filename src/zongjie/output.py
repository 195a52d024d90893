"""The last stage: writing a file atomically (temporary file + rename).

A reader never sees a half-written report, an existing file is replaced in one
step, and nothing is left behind when writing fails.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError


def write_atomic(path: Path, data: bytes, *, overwrite: bool = True, protect: Iterable[Path] = ()) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder.

    ``protect`` lists files that must never be overwritten (the input facts file). A symbolic
    link is written through (its target is replaced); a device or pipe such as ``/dev/null``
    is written to directly, never replaced. An existing file keeps its permissions.
    """
    target = Path(path)
    for p in protect:
        with contextlib.suppress(OSError):
            if target.resolve() == Path(p).resolve():
                raise OutputError(f"输出文件 {target} 就是输入的事实文件：请用 -o 指定另一个文件名。")
    if target.is_dir():
        raise OutputError(f"{target} 是一个文件夹：请指定文件名。")
    if target.exists() and not overwrite:
        raise OutputError(f"{target} 已存在：如需覆盖请加 --force。")
    if target.exists() and not target.is_file():  # /dev/null, a FIFO: not ours to replace
        try:
            with open(target, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            raise OutputError(f"无法写入 {target}（{exc.strerror}）。") from None
        return
    if target.is_symlink():
        target = target.resolve()
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"文件夹 {folder} 不存在：请先创建它，或用 -o 指定已有的文件夹。")
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_UMASK
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(
            f"无法在文件夹 {folder} 中写入（{exc.strerror}）：请检查权限，或换一个文件夹。"
        ) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:  # nothing left behind, whatever stopped us (Ctrl-C included)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if not isinstance(exc, OSError):
            raise
        hint = (
            "文件可能正在 Word/WPS 中打开，请关闭后重试"
            if isinstance(exc, PermissionError)
            else "请检查磁盘空间和权限"
        )
        raise OutputError(f"无法写入 {target}（{exc.strerror}）：{hint}。") from None


def _read_umask() -> int:
    mask = os.umask(0)  # the only way to read it; done once, when zongjie is imported
    os.umask(mask)
    return mask


_UMASK = _read_umask()
