""".docx → PDF through LibreOffice: the API and the command line, with LibreOffice absent,
failing or present."""

from __future__ import annotations

import io
import stat
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

import zongjie
from zongjie import pdf
from zongjie.cli import main

from .conftest import EXAMPLES

HAVE_SOFFICE = pdf.soffice() is not None


def _fake_soffice(tmp_path: Path, script: str) -> str:
    program = tmp_path / "soffice"
    program.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    return str(program)


def test_without_libreoffice_the_api_raises_a_chinese_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    with pytest.raises(pdf.PdfError) as info:
        zongjie.render(EXAMPLES[0], to="pdf")
    assert info.value.exit_code == 2
    assert "未找到 LibreOffice" in str(info.value) and "libreoffice-writer-nogui" in str(info.value)


def test_without_libreoffice_the_command_line_exits_2_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    err = io.StringIO()
    target = tmp_path / "报告.pdf"
    assert main(["render", str(EXAMPLES[0]), "-o", str(target)], io.StringIO(), err) == 2
    assert "未找到 LibreOffice" in err.getvalue()
    assert not target.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "argv",
    [["--to", "docx", "-o", "x.pdf"], ["--to", "pdf", "-o", "x.docx"], ["--to", "pdf", "-o", "-"]],
    ids=["docx-named-pdf", "pdf-named-docx", "pdf-to-screen"],
)
def test_a_format_the_file_name_contradicts_is_a_usage_error(argv: list[str], tmp_path: Path) -> None:
    err = io.StringIO()
    argv = [a if a in ("-", "--to", "-o", "docx", "pdf") else str(tmp_path / a) for a in argv]
    assert main(["render", str(EXAMPLES[0]), *argv], io.StringIO(), err) == 2
    assert "用法错误" in err.getvalue()
    assert list(tmp_path.iterdir()) == []


def test_batch_pdf_without_libreoffice_exits_2_and_renders_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    err = io.StringIO()
    assert main(["render", *map(str, EXAMPLES), "--to", "pdf", "-d", str(tmp_path)], io.StringIO(), err) == 2
    assert "未找到 LibreOffice" in err.getvalue() and list(tmp_path.iterdir()) == []


def test_a_hanging_libreoffice_is_stopped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pdf, "soffice", lambda: _fake_soffice(tmp_path, "sleep 30"))
    with pytest.raises(pdf.PdfError, match="秒内未完成") as info:
        pdf.docx_to_pdf([b"PK"], timeout=0.5)
    assert info.value.exit_code == 4


def test_a_failing_libreoffice_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(
        pdf,
        "soffice",
        lambda: _fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 1"),
    )
    with pytest.raises(pdf.PdfError, match="source file could not be loaded"):
        pdf.docx_to_pdf([b"PK"])


def test_the_font_substitution_table_accepts_free_faces_after_the_office_ones() -> None:
    root = ET.fromstring(pdf.fonts_conf())
    aliases = {a.findtext("family"): [f.text for f in a.find("accept") or []] for a in root.iter("alias")}
    for face in ("仿宋_GB2312", "楷体_GB2312", "方正小标宋简体", "黑体", "宋体", "Times New Roman"):
        assert aliases.get(face), face
    assert aliases["仿宋_GB2312"][0] == "仿宋" and "Noto Serif CJK SC" in aliases["仿宋_GB2312"]
    assert "Noto Sans CJK SC" in aliases["黑体"]
    assert root.find("include").text == "/etc/fonts/fonts.conf"  # type: ignore[union-attr]


@pytest.mark.skipif(
    not HAVE_SOFFICE, reason="LibreOffice is not installed (.ci/run installs libreoffice-writer-nogui)"
)
def test_o_pdf_writes_a_pdf(tmp_path: Path) -> None:
    err = io.StringIO()
    target = tmp_path / "报告.pdf"
    assert main(["render", str(EXAMPLES[0]), "-o", str(target)], io.StringIO(), err) == 0, err.getvalue()
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]
    report = zongjie.render(EXAMPLES[1], to="pdf")
    assert (
        report.format == "pdf" and isinstance(report.content, bytes) and report.content.startswith(b"%PDF-")
    )


@pytest.mark.skipif(
    not HAVE_SOFFICE, reason="LibreOffice is not installed (.ci/run installs libreoffice-writer-nogui)"
)
def test_one_process_converts_a_batch_in_order() -> None:
    fitz = pytest.importorskip("pymupdf", reason="PyMuPDF is in the test extra")
    docs = [zongjie.render(p, to="docx").content for p in EXAMPLES]
    pdfs = pdf.docx_to_pdf(docs)  # type: ignore[arg-type]
    for path, data in zip(EXAMPLES, pdfs, strict=True):
        title = next(line for line in zongjie.render(path).markdown.splitlines() if line.startswith("# "))[2:]
        text = fitz.open(stream=data, filetype="pdf")[0].get_text().replace("\n", "").replace(" ", "")
        assert title in text, path.name


FAKE_CONVERTER = """
out=""; prev=""
for a in "$@"; do
  if [ "$prev" = "--outdir" ]; then out="$a"; fi
  prev="$a"
done
mkdir -p "$out"
for a in "$@"; do
  case "$a" in *.docx) b=$(basename "$a" .docx); printf '%%PDF-fake %s' "$b" > "$out/$b.pdf";; esac
done
"""


def test_to_pdf_without_o_writes_the_stem_pdf(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The command line's plumbing, with a stand-in converter: the PDF goes to <stem>.pdf, and
    nothing named .docx is written."""
    (tmp_path / "bin").mkdir()
    program = _fake_soffice(tmp_path / "bin", FAKE_CONVERTER)
    monkeypatch.setattr(pdf, "soffice", lambda: program)
    work = tmp_path / "out"
    work.mkdir()
    monkeypatch.chdir(work)
    err = io.StringIO()
    assert main(["render", str(EXAMPLES[0]), "--to", "pdf"], io.StringIO(), err) == 0, err.getvalue()
    assert [p.name for p in work.iterdir()] == [EXAMPLES[0].stem + ".pdf"]
    assert (work / (EXAMPLES[0].stem + ".pdf")).read_bytes() == b"%PDF-fake 00000"


def test_a_batch_is_converted_by_one_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "bin").mkdir()
    log = tmp_path / "calls.log"
    program = _fake_soffice(tmp_path / "bin", f'echo call >> "{log}"' + FAKE_CONVERTER)
    monkeypatch.setattr(pdf, "soffice", lambda: program)
    out = tmp_path / "out"
    err = io.StringIO()
    status = main(
        ["render", *map(str, EXAMPLES), "--to", "pdf", "-d", str(out), "--jobs", "1"], io.StringIO(), err
    )
    assert status == 0, err.getvalue()
    assert log.read_text().count("call") == 1
    assert sorted(p.name for p in out.iterdir()) == sorted(p.stem + ".pdf" for p in EXAMPLES)
    for i, path in enumerate(EXAMPLES):  # each PDF is its own file's conversion, in order
        assert (out / (path.stem + ".pdf")).read_bytes() == f"%PDF-fake {i:05d}".encode()
        assert f"已生成 {out / (path.stem + '.pdf')}" in err.getvalue()
    assert ".docx" not in err.getvalue()
