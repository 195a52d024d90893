""".docx → PDF through LibreOffice headless (``soffice --convert-to pdf``).

One ``soffice`` process converts a whole batch, in a private user profile (a running
LibreOffice of the user is neither used nor disturbed), under a time limit.  Where the
office faces are missing (仿宋_GB2312, 楷体_GB2312, 方正小标宋简体 … — on every Linux machine),
a fontconfig file makes free faces stand in for them: the real face is still used where it
is installed (``accept``, not ``prefer``).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .constants import EXIT_USAGE
from .errors import PdfError as PdfError  # re-exported

#: free faces standing in for the office ones, best first (fontconfig takes the first installed)
SUBSTITUTES: dict[str, tuple[str, ...]] = {
    "仿宋_GB2312": ("仿宋", "FangSong", "Fandol Fang", "Noto Serif CJK SC", "Source Han Serif SC"),
    "仿宋": ("FangSong", "Fandol Fang", "Noto Serif CJK SC", "Source Han Serif SC"),
    "楷体_GB2312": ("楷体", "KaiTi", "AR PL UKai CN", "Fandol Kai", "Noto Serif CJK SC"),
    "楷体": ("KaiTi", "AR PL UKai CN", "Fandol Kai", "Noto Serif CJK SC"),
    "方正小标宋简体": ("宋体", "SimSun", "Noto Serif CJK SC", "Source Han Serif SC", "Fandol Song"),
    "宋体": ("SimSun", "Noto Serif CJK SC", "Source Han Serif SC", "Fandol Song"),
    "黑体": ("SimHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Fandol Hei"),
    "Times New Roman": ("Liberation Serif", "Tinos", "DejaVu Serif"),
}
TIMEOUT = 180  # seconds for one batch


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def missing() -> str:
    """Why no PDF can be made here, in Chinese ('' when LibreOffice is installed)."""
    try:
        docx_to_pdf([])  # checks for LibreOffice, converts nothing
    except PdfError as exc:
        return str(exc)
    return ""


def convert_files(pairs: Sequence[tuple[Path, Path]]) -> list[tuple[Path, str]]:
    """Convert each (.docx, target .pdf) pair in one LibreOffice process and write the PDFs
    atomically; (target, why it was not written — '' when it was) for each pair.  Raises
    :class:`PdfError` when the conversion itself fails."""
    from .errors import OutputError
    from .output import write_atomic

    pdfs = docx_to_pdf([docx.read_bytes() for docx, _ in pairs]) if pairs else []
    results = []
    for (_, target), data in zip(pairs, pdfs, strict=True):
        try:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise OutputError(f"无法创建文件夹 {target.parent}（{exc.strerror}）") from None
            write_atomic(target, data)
            results.append((target, ""))
        except OutputError as exc:
            results.append((target, str(exc)))
    return results


def fonts_conf(substitutes: dict[str, tuple[str, ...]] | None = None) -> str:
    """A fontconfig file: the system's configuration plus the stand-ins."""
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
        "<fontconfig>",
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    ]
    for face, free in (substitutes or SUBSTITUTES).items():
        accept = "".join(f"<family>{f}</family>" for f in free)
        lines.append(f'  <alias binding="same"><family>{face}</family><accept>{accept}</accept></alias>')
    lines.append("</fontconfig>")
    return "\n".join(lines) + "\n"


def docx_to_pdf(documents: Sequence[bytes], *, timeout: float = TIMEOUT) -> list[bytes]:
    """The PDF of each .docx in ``documents``, in order, made by one LibreOffice process."""
    program = soffice()
    if program is None:
        raise PdfError(
            "未找到 LibreOffice（soffice）：生成 PDF 需要它。请安装 LibreOffice"
            "（如 apt-get install libreoffice-writer-nogui），或改为生成 .docx（-o 报告.docx）。",
            EXIT_USAGE,
        )
    if not documents:
        return []
    with tempfile.TemporaryDirectory(prefix="zongjie-pdf-") as tmp:
        work = Path(tmp)
        names = []
        for i, data in enumerate(documents):
            name = work / f"{i:05d}.docx"
            name.write_bytes(data)
            names.append(name)
        (work / "fonts.conf").write_text(fonts_conf(), encoding="utf-8")
        env = {**os.environ, "FONTCONFIG_FILE": str(work / "fonts.conf"), "HOME": str(work)}
        command = [
            program,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "out"),
            *map(str, names),
        ]
        try:  # its own session: on a timeout the whole process group goes (soffice.bin too)
            proc = subprocess.Popen(
                command,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=env,
                cwd=work,
                start_new_session=True,
            )
        except OSError as exc:
            raise PdfError(f"无法运行 LibreOffice（{program}）：{exc.strerror or exc}。") from None
        try:
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise PdfError(
                f"LibreOffice 在 {timeout:g} 秒内未完成 PDF 转换：请稍后重试，或先生成 .docx。"
            ) from None
        out = []
        for name in names:
            pdf = work / "out" / (name.stem + ".pdf")
            if not pdf.is_file():
                detail = stderr.decode("utf-8", "replace").strip().splitlines()
                raise PdfError(
                    "LibreOffice 未能把报告转换为 PDF"
                    + (f"（{detail[-1]}）" if detail else f"（退出码 {proc.returncode}）")
                    + "：请检查 LibreOffice 的安装，或先生成 .docx。"
                )
            out.append(pdf.read_bytes())
        return out


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Stop LibreOffice and what it started (its process group)."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            proc.kill()
    except ProcessLookupError:
        pass
    proc.communicate()
