"""Writing reports: every failure of the file system is an OutputError in Chinese (exit 4)."""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path
from typing import Any

import pytest

from zongjie import output
from zongjie.cli import main
from zongjie.output import OutputError, write_atomic

from .conftest import EXAMPLES


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("name", ["a" * 300, "报" * 100])  # 300 bytes either way: over NAME_MAX
def test_a_file_name_too_long_is_an_output_error(tmp_path: Path, name: str) -> None:
    target = tmp_path / f"{name}.md"
    with pytest.raises(OutputError) as info:
        write_atomic(target, b"x")
    assert str(info.value) == (
        f"无法写入 {target}：文件名或路径过长（ENAMETOOLONG）。"
        "请换一个短些的文件名（一般不超过 255 个字节，约 85 个汉字）。"
    )
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("suffix", [".docx", ".md"])
def test_the_command_line_exits_4_on_a_file_name_too_long(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / ("a" * 300 + suffix)
    out, err = io.StringIO(), io.StringIO()
    status = main(["render", str(EXAMPLES[0]), "-o", str(target)], out, err)
    assert status == 4
    assert err.getvalue() == (
        f"zongjie：无法写入 {target}：文件名或路径过长（ENAMETOOLONG）。"
        "请换一个短些的文件名（一般不超过 255 个字节，约 85 个汉字）。\n"
    )


def test_a_folder_in_the_way_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "report.md").mkdir()
    with pytest.raises(OutputError, match="是一个文件夹：请指定文件名"):
        write_atomic(tmp_path / "report.md", b"x")


def test_a_file_where_a_folder_should_be_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("", encoding="utf-8")
    with pytest.raises(OutputError, match="不存在：请先创建它"):
        write_atomic(tmp_path / "notes" / "report.md", b"x")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_folder_is_an_output_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="没有写入权限（EACCES）"):
            write_atomic(folder / "report.md", b"x")
    finally:
        folder.chmod(0o700)


def _fail(code: int) -> Any:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("where", "code", "cause"),
    [
        ("mkstemp", errno.EACCES, "没有写入权限（EACCES）。请检查文件和文件夹的权限"),  # a read-only folder
        ("mkstemp", errno.EROFS, "所在的文件系统是只读的（EROFS）。请换一个可写的文件夹"),
        ("replace", errno.EISDIR, "这是一个文件夹（EISDIR）"),  # a folder appeared in the way
        ("replace", errno.EBUSY, "文件正被占用（EBUSY）"),
        ("fsync", errno.EIO, "读写设备出错（EIO）"),
        ("chmod", errno.EPERM, "操作不被允许（EPERM）"),
        ("replace", errno.ENOLINK, "写入时出错（ENOLINK）。请检查路径、权限和磁盘空间"),  # any other cause
    ],
)
def test_each_step_failing_is_an_output_error_leaving_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, code: int, cause: str
) -> None:
    module = output.tempfile if where == "mkstemp" else output.os
    monkeypatch.setattr(module, where, _fail(code))
    target = tmp_path / "report.md"
    with pytest.raises(OutputError) as info:
        write_atomic(target, b"x")
    assert str(info.value).startswith(f"无法写入 {target}：{cause}")
    assert info.value.__cause__ is None and info.value.__suppress_context__
    monkeypatch.undo()
    assert _leftovers(tmp_path) == [] and not target.exists()


def test_a_full_disk_is_an_output_error_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.md"
    target.write_bytes(b"old")
    real_fdopen = os.fdopen

    class Full(io.BufferedWriter):
        def write(self, data: Any) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        return Full(real_fdopen(fd, mode, buffering=0))

    monkeypatch.setattr(output.os, "fdopen", fdopen)
    with pytest.raises(OutputError) as info:
        write_atomic(target, b"new")
    assert str(info.value) == f"无法写入 {target}：磁盘空间不足（ENOSPC）。请清理磁盘空间，或换一个磁盘。"
    assert target.read_bytes() == b"old" and _leftovers(tmp_path) == []


def test_a_symbolic_link_loop_is_an_output_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop.md"
    loop.symlink_to(tmp_path / "loop.md")
    with pytest.raises(OutputError, match="符号链接"):
        write_atomic(loop, b"x")


def test_a_keyboard_interrupt_still_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(*args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "report.md", b"x")
    assert _leftovers(tmp_path) == []
