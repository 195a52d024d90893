"""The last stage: writing a file atomically (temporary file + rename).

A reader never sees a half-written report, an existing file is replaced in one
step, and nothing is left behind when writing fails.
"""

from __future__ import annotations

import contextlib
import errno
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

    Raises :class:`OutputError` (and nothing else of the file system: a name too long, a
    read-only or full disk, a folder in the way all become one) whose message names the
    path and the cause in Chinese.
    """
    target = Path(path)
    try:
        _write(target, data, overwrite, protect)
    except OSError as exc:
        raise OutputError(_explain(target, exc)) from None
    except RuntimeError as exc:  # Path.resolve on a symbolic-link loop (Python < 3.13)
        raise OutputError(f"无法写入 {target}：路径中的符号链接构成了循环（{exc}）。请检查路径。") from None


def _write(target: Path, data: bytes, overwrite: bool, protect: Iterable[Path]) -> None:
    for p in protect:
        with contextlib.suppress(OSError):
            if target.resolve() == Path(p).resolve():
                raise OutputError(f"输出文件 {target} 就是输入的事实文件：请用 -o 指定另一个文件名。")
    if target.is_dir():
        raise OutputError(f"{target} 是一个文件夹：请指定文件名。")
    if target.exists() and not overwrite:
        raise OutputError(f"{target} 已存在：如需覆盖请加 --force。")
    if target.exists() and not target.is_file():  # /dev/null, a FIFO: not ours to replace
        with open(target, "wb") as fh:
            fh.write(data)
        return
    if target.is_symlink():
        target = target.resolve()
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"文件夹 {folder} 不存在：请先创建它，或用 -o 指定已有的文件夹。")
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_UMASK
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:64]}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:  # nothing left behind, whatever stopped us (Ctrl-C included)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


#: the causes of a failed write, in Chinese, with what to do about each
_CAUSES: dict[int, tuple[str, str]] = {
    errno.ENAMETOOLONG: ("文件名或路径过长", "请换一个短些的文件名（一般不超过 255 个字节，约 85 个汉字）"),
    errno.EACCES: ("没有写入权限", "请检查文件和文件夹的权限；文件若正在 Word/WPS 中打开，请关闭后重试"),
    errno.EPERM: ("操作不被允许", "请检查文件和文件夹的权限；文件若正在 Word/WPS 中打开，请关闭后重试"),
    errno.EROFS: ("所在的文件系统是只读的", "请换一个可写的文件夹"),
    errno.ENOSPC: ("磁盘空间不足", "请清理磁盘空间，或换一个磁盘"),
    errno.EDQUOT: ("超出了磁盘配额", "请清理空间，或换一个文件夹"),
    errno.EFBIG: ("文件超出了文件系统允许的大小", "请换一个文件系统"),
    errno.EISDIR: ("这是一个文件夹", "请用 -o 指定文件名"),
    errno.ENOTDIR: ("路径中的某一级不是文件夹", "请检查路径"),
    errno.ENOENT: ("路径中的文件夹不存在", "请先创建它，或用 -o 指定已有的文件夹"),
    errno.ELOOP: ("路径中的符号链接构成了循环", "请检查路径"),
    errno.EBUSY: ("文件正被占用", "请关闭占用它的程序后重试"),
    errno.ETXTBSY: ("文件正被占用", "请关闭占用它的程序后重试"),
    errno.EIO: ("读写设备出错", "请检查磁盘或网络盘"),
    errno.EINVAL: ("文件名不被文件系统接受", "请去掉文件名中的特殊字符"),
}


def _explain(target: Path, exc: OSError) -> str:
    cause, hint = _CAUSES.get(exc.errno or 0, ("写入时出错", "请检查路径、权限和磁盘空间"))
    code = errno.errorcode.get(exc.errno or 0, type(exc).__name__)
    return f"无法写入 {target}：{cause}（{code}）。{hint}。"


def _read_umask() -> int:
    mask = os.umask(0)  # the only way to read it; done once, when zongjie is imported
    os.umask(mask)
    return mask


_UMASK = _read_umask()
