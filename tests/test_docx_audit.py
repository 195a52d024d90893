"""Every rendered example passes ``openxml-audit`` (the Open XML SDK's schema and semantic
checks, strict, Microsoft 365) with 0 errors — what Word would otherwise “repair”."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import zongjie
from zongjie.docx_writer import write_docx
from zongjie.styles import REFERENCE

from .conftest import EXAMPLES, SHARED

audit = pytest.importorskip(
    "openxml_audit", reason="openxml-audit is in the test extra (pip install -e '.[test]')"
)

ALL = [*EXAMPLES, *sorted(SHARED.glob("*.yaml"))]


@pytest.fixture(scope="module")
def validator() -> object:
    return audit.OpenXmlValidator(file_format=audit.FileFormat.MICROSOFT_365, max_errors=0, strict=True)


def _errors(validator: object, data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    result = validator.validate(path)  # type: ignore[attr-defined]
    return [str(e) for e in result.errors]


@pytest.mark.parametrize("path", ALL, ids=[f"{p.parent.name}/{p.stem}" for p in ALL])
def test_every_example_is_valid_strict(path: Path, validator: object, tmp_path: Path) -> None:
    assert _errors(validator, zongjie.render(path, to="docx").content, tmp_path) == []  # type: ignore[arg-type]


def test_the_reference_document_and_the_writers_rarer_parts_are_valid(
    validator: object, tmp_path: Path
) -> None:
    assert _errors(validator, REFERENCE.read_bytes(), tmp_path) == []
    markdown = (
        "# 中共某某县某某镇委员会关于2023年度全镇1234.5万元专项资金使用情况的报告\n\n"
        "| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 |\n\n正文。\n\n"
        "<!-- zongjie:signature -->\n某某镇委员会\n\n<!-- zongjie:date -->\n2024年1月1日\n"
    )
    data, _ = write_docx(markdown)
    assert _errors(validator, data, tmp_path) == []


def test_the_audit_does_find_a_misordered_paragraph(validator: object, tmp_path: Path) -> None:
    """The check has teeth: ``w:jc`` before ``w:pStyle`` is a schema error."""
    data = zongjie.render(EXAMPLES[0], to="docx").content
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:  # type: ignore[arg-type]
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "word/document.xml":
                part = part.replace(b"<w:pPr><w:pStyle", b'<w:pPr><w:jc w:val="left"/><w:pStyle', 1)
            dst.writestr(info, part)
    errors = _errors(validator, out.getvalue(), tmp_path)
    assert errors and "pStyle" in errors[0]


def test_styles_supplied_to_a_foreign_reference_are_valid(validator: object, tmp_path: Path) -> None:
    import docx as python_docx

    plain = tmp_path / "plain.docx"
    python_docx.Document().save(str(plain))
    report = zongjie.render(EXAMPLES[0], to="docx", reference_doc=plain)
    # python-docx's default document is itself flagged for its stale stylesWithEffects part;
    # nothing else may be
    own = _errors(validator, plain.read_bytes(), tmp_path)
    assert own and all("stylesWithEffects" in e for e in own)
    errors = _errors(validator, report.content, tmp_path)  # type: ignore[arg-type]
    assert [e for e in errors if "stylesWithEffects" not in e] == []
