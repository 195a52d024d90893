"""One facts model from any source: a YAML file, YAML or JSON bytes, text and a mapping give the
same diagnostics (only the place differs); values carry their origin; the API does not guess."""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import zongjie
from zongjie.loading import parse

from .conftest import EXAMPLES, ROOT, SHARED

BAD = sorted((ROOT / "tests" / "bad").glob("*.yaml"))
#: what only text can hold: YAML syntax, duplicate keys, full-width colons, raw control characters
TEXT_ONLY = {"yaml-syntax", "duplicate-key", "fullwidth-colon", "control-char", "not-mapping", "empty-file"}
MINIMAL: dict[str, Any] = {
    "文种": "年度工作总结",
    "单位": "城关镇",
    "期间": "2020年",
    "主要做法": [{"标题": "抓学习", "数据": {"培训班": "2期"}}],
    "存在问题": ["问题"],
    "下步打算": ["打算"],
}


def _plain(data: Any) -> Any:
    """The data as decoded JSON would hold it: dates and numbers as JSON has them."""
    return json.loads(json.dumps(data, ensure_ascii=False, default=_json_default))


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(type(value))


def _codes(diags: list[zongjie.Diagnostic]) -> list[tuple[str, str]]:
    return sorted((d.code, d.path) for d in diags)


@pytest.mark.parametrize("path", BAD + EXAMPLES, ids=[p.stem for p in BAD + EXAMPLES])
def test_yaml_json_and_mapping_give_the_same_diagnostics(path: Path) -> None:
    from_yaml = zongjie.check(path)
    if TEXT_ONLY & {d.code for d in from_yaml}:
        pytest.skip("a mistake only text can hold")
    data = parse(path.read_bytes(), str(path)).data
    mapping = _plain(data)
    compact = json.dumps(mapping, ensure_ascii=False, separators=(",", ":")).encode()
    from_json = zongjie.check(compact, file="x.json")
    from_mapping = zongjie.check(mapping)
    # 上期文件 is read only beside a file: JSON text and a mapping have no folder to find it in
    ignored = ("previous-ignored", "上期文件")
    assert [c for c in _codes(from_json) if c != ignored] == _codes(from_yaml)
    assert [c for c in _codes(from_mapping) if c != ignored] == _codes(from_yaml)
    # only the place differs: a mapping has no lines, JSON text has its own
    assert all(d.line == 0 and d.file == "<mapping>" for d in from_mapping)
    assert all(d.file == "x.json" for d in from_json)


def test_a_placeholder_in_a_mapping_is_found_with_its_path() -> None:
    data = {**MINIMAL, "单位": "X镇"}
    [d] = zongjie.check(data)
    assert (d.code, d.path, d.line, d.column) == ("placeholder", "单位", 0, 0)
    assert "X" in d.message and d.to_dict()["path"] == "单位"
    yaml_text = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in data.items()) + "\n"
    assert _codes(zongjie.check(yaml_text.encode())) == _codes([d])
    with pytest.raises(zongjie.FactsError) as info:
        zongjie.render(data)
    assert [e.code for e in info.value.errors] == ["placeholder"]


def test_sums_are_checked_on_a_mapping() -> None:
    data = {**MINIMAL, "概况": {"党员": {"总数": 10, "结构": {"女党员": 50}}}}
    [d] = zongjie.check(data)
    assert (d.code, d.path) == ("group-exceeds", "概况.党员.结构.女党员")


def test_compact_json_bytes_render_and_the_origin_is_kept() -> None:
    raw = json.dumps(MINIMAL, ensure_ascii=False, separators=(",", ":")).encode()
    report = zongjie.render(raw, to="md")
    assert "培训班2期" in str(report.content)
    facts = zongjie.load(raw, file="form.json")
    origin = facts.practices[0].origin.child("数据", "培训班")
    assert (origin.source, origin.dotted, origin.line) == ("form.json", "主要做法[0].数据.培训班", 1)
    assert origin.column > 1


def test_json_that_yaml_cannot_read_is_read_as_json() -> None:
    raw = json.dumps({**MINIMAL, "单位": "城关镇😀"}, ensure_ascii=True).encode()  # \ud83d\ude00 escapes
    assert zongjie.check(raw) == []
    assert zongjie.load(raw).unit.name == "城关镇😀"


def test_yaml_origins_have_lines_and_dotted_paths() -> None:
    facts = zongjie.load(SHARED / "chengguan-annual.yaml" if SHARED.is_dir() else EXAMPLES[0])
    item = facts.practices[1]
    assert item.origin.dotted == "主要做法[1]" and item.origin.line > 0
    assert facts.provenance.origin(("主要做法", 1)) is item.origin


def test_a_str_is_always_a_path(tmp_path: Path) -> None:
    name = tmp_path / "报告: 2019.yaml"
    name.write_bytes((EXAMPLES[0]).read_bytes())
    assert zongjie.check(str(name)) == []
    assert zongjie.load(os.fspath(name)).kind
    [d] = zongjie.check("文种: 年度工作总结\n")  # text in a str is a (missing) file, said so
    assert d.code == "file-not-found" and "zongjie.loads()" in d.message
    assert zongjie.loads(EXAMPLES[0].read_text(encoding="utf-8")).kind


@pytest.mark.parametrize("name", ["a\x00b", "文种: \ud800\n", "x" * 5000])
def test_unusable_names_are_diagnostics_not_exceptions(name: str) -> None:
    [d] = zongjie.check(name)
    assert d.code == "file-not-found"


@pytest.mark.parametrize(
    ("source", "code"),
    [
        (None, "file-not-found"),
        (12, "file-not-found"),
        ([1, 2], "file-not-found"),
        ({"文种": object()}, "unknown-kind"),
    ],
)
def test_odd_python_values_get_diagnostics(source: Any, code: str) -> None:
    assert code in [d.code for d in zongjie.check(source)]


def test_a_mapping_that_holds_itself_is_too_deep() -> None:
    data: dict[str, Any] = dict(MINIMAL)
    data["概况"] = data
    assert "too-deep" in [d.code for d in zongjie.check(data)]


def test_special_files_are_refused_before_reading(tmp_path: Path) -> None:
    if os.path.exists("/dev/zero"):
        [d] = zongjie.check("/dev/zero")
        assert d.code == "file-not-found" and "设备" in d.message
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    [d] = zongjie.check(fifo)  # opening a FIFO for reading would block: it is not opened
    assert d.code == "file-not-found"


def test_errors_are_one_family_with_exit_codes() -> None:
    from zongjie.constants import EXIT_FACTS, EXIT_OUTPUT, EXIT_TEMPLATE, EXIT_USAGE

    expected = {
        zongjie.FactsError: EXIT_FACTS,
        zongjie.RenderError: EXIT_TEMPLATE,
        zongjie.OutputError: EXIT_OUTPUT,
        zongjie.ReferenceDocError: EXIT_USAGE,
    }
    for cls, code in expected.items():
        assert issubclass(cls, zongjie.ZongjieError) and cls.exit_code == code
    with pytest.raises(zongjie.ZongjieError, match="未知的输出格式“odt”") as info:
        zongjie.render(MINIMAL, to="odt")
    assert info.value.exit_code == EXIT_USAGE
    with pytest.raises(zongjie.ZongjieError, match="未知的文种“年终总结”"):
        zongjie.render(MINIMAL, kind="年终总结")


def test_explicit_timestamp_on_words_is_a_diagnostic() -> None:
    text = (
        EXAMPLES[0]
        .read_text(encoding="utf-8")
        .replace("成文日期: 2013年12月20日", "成文日期: !!timestamp 甲")
    )
    assert "成文日期: !!timestamp 甲" in text
    assert [d.code for d in zongjie.check(text.encode())] == ["bad-date"]


def test_many_nodes_without_aliases_are_not_an_alias_bomb(monkeypatch: pytest.MonkeyPatch) -> None:
    from zongjie import loading

    monkeypatch.setattr(loading, "MAX_NODES", 50)
    items = "".join(f"  - 第{i}项工作\n" for i in range(200))
    text = (
        f"文种: 年度工作总结\n单位: 城关镇\n期间: 2020年\n主要做法:\n{items}存在问题: [甲]\n下步打算: [乙]\n"
    )
    assert zongjie.check(text.encode()) == []
    bomb = "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b]\n"
    assert [d.code for d in zongjie.check(bomb.encode())] == ["alias-limit"]


def test_a_key_that_is_not_text_is_named_by_its_place() -> None:
    data = {**MINIMAL, "概况": {"数据": {("a", "b"): "3个"}}}
    [d] = [d for d in zongjie.check(data) if d.code == "wrong-type"]
    assert d.path == "概况.数据" and "tuple" in d.message
