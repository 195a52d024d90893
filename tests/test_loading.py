"""Reading files: encodings, limits, YAML problems that the corpus cannot hold as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zongjie
from zongjie.reading import MAX_BYTES

GOOD = (Path(__file__).parent.parent / "data_examples" / "chengguan-annual.yaml").read_text(encoding="utf-8")


def codes(source: object, **kw: str) -> list[tuple[str, int]]:
    """Codes and lines of a source; a ``str`` here is the text of a facts file."""
    if isinstance(source, str):
        source = source.encode("utf-8")
    return [(d.code, d.line) for d in zongjie.check(source, **kw)]  # type: ignore[arg-type]


def test_utf8_with_bom_is_read_silently() -> None:
    assert codes(b"\xef\xbb\xbf" + GOOD.encode("utf-8")) == []


def test_gbk_file_is_decoded_with_a_warning(tmp_path: Path) -> None:
    f = tmp_path / "gbk.yaml"
    f.write_bytes(GOOD.encode("gbk"))
    diags = zongjie.check(f)
    assert [(d.code, d.severity) for d in diags] == [("encoding", "warning")]
    facts = zongjie.load(f)  # warnings do not stop loading
    assert facts.unit.name == "城关镇"
    assert [d.code for d in facts.warnings] == ["encoding"]


def test_utf16_file_is_read_with_a_warning() -> None:
    assert codes(GOOD.encode("utf-16")) == [("encoding", 0)]


def test_undecodable_bytes_are_an_error() -> None:
    assert codes("文种: 年度工作总结\n".encode() + b"\x81\x20\xff\xfe\x80\n") == [("bad-encoding", 2)]


@pytest.mark.parametrize(
    "raw",
    [b"PK\x03\x04rest-of-a-docx", b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"\x00\x01\x02binary\x00junk"],
)
def test_binary_files_are_refused(raw: bytes) -> None:
    assert codes(raw) == [("binary-file", 0)]


@pytest.mark.parametrize("raw", [b"", b"   \n\n", "# 只有注释\n".encode()])
def test_empty_files(raw: bytes) -> None:
    assert codes(raw) == [("empty-file", 0)]


def test_file_over_the_cap(tmp_path: Path) -> None:
    f = tmp_path / "big.yaml"
    f.write_bytes(GOOD.encode() + b"# " + b"x" * MAX_BYTES + b"\n")
    assert codes(f) == [("file-too-large", 0)]
    assert codes(f.read_bytes()) == [("file-too-large", 0)]


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert codes(tmp_path / "nope.yaml") == [("file-not-found", 0)]
    assert codes(tmp_path) == [("file-not-found", 0)]


@pytest.mark.parametrize("depth", [60, 500, 5000, 50_000])
def test_deep_nesting_is_bounded(depth: int) -> None:
    # below libyaml's own limit (1000 since libyaml 0.2.5) zongjie's walker stops it; above it,
    # libyaml's error is reported with the same code — whichever libyaml PyYAML was built with
    deep = "文种: 年度工作总结\n概况: " + "[" * depth + "]" * depth + "\n"
    found = codes(deep)
    assert [c for c, _ in found] == ["too-deep"]
    assert found[0][1] == 2


def test_alias_bomb_is_bounded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    assert [c for c, _ in codes("\n".join(lines) + "\n")] == ["alias-limit"]


def test_aliases_within_bounds_are_allowed() -> None:
    text = GOOD.replace("存在问题:\n", "存在问题: &problems\n").replace(
        "下步打算:\n  - 标题: 持续抓好评星定级整改",
        "补充: *problems\n下步打算:\n  - 标题: 持续抓好评星定级整改",
    )
    # the alias itself is fine; the unknown key it sits under is what is reported
    assert [c for c, _ in codes(text)] == ["unknown-key"]


def test_merge_keys_are_supported() -> None:
    text = GOOD.replace(
        "单位:\n  名称: 城关镇\n  党组织: 镇党委\n  自称: 我镇\n  上级: 县委",
        "单位:\n  <<: {名称: 城关镇, 党组织: 镇党委}\n  上级: 县委",
    )
    assert zongjie.loads(text).unit.party == "镇党委"


def test_yaml_error_carries_line_and_column() -> None:
    [d] = zongjie.check("文种: 年度工作总结\n单位: 城关镇\n  期间: 2020年\n".encode())
    assert (d.code, d.line, d.column) == ("yaml-syntax", 3, 5)
    assert "冒号" in d.message


def test_dates_that_do_not_exist_are_explained() -> None:
    [d] = [d for d in zongjie.check(GOOD.replace("2013年12月20日", "2013-02-30").encode()) if d.is_error]
    assert d.code == "bad-date" and "不是真实存在的日期" in d.message


def test_text_and_path_sources_agree(tmp_path: Path) -> None:
    f = tmp_path / "x.yaml"
    f.write_text(GOOD.replace("城关镇", "X镇", 1), encoding="utf-8")
    from_path = [(d.code, d.line, d.column) for d in zongjie.check(f)]
    from_text = [(d.code, d.line, d.column) for d in zongjie.check(f.read_bytes())]
    assert from_path == from_text == [("placeholder", 4, 7)]


def test_numbers_and_words_keep_their_written_form() -> None:
    text = GOOD.replace(
        "      抽调优秀干部: 15名\n", "      抽调优秀干部: 15名\n      on: 5个\n      编号010: 3个\n"
    )
    facts = zongjie.loads(text.replace("参加评星定级的基层党组织: 45个", "参加评星定级的基层党组织: 045个"))
    data = facts.practices[0].data
    assert "on" in data and str(data["on"]) == "5个"
    report = str(zongjie.render(facts).content)
    assert "on5个" in report and "045个" in report
    # YAML 1.1 would read 010 as 8, 1:30 as 90, 0x1F as 31: here they stay as written (and are not quantities)
    diags = zongjie.check(GOOD.replace("抽调优秀干部: 15名", "抽调优秀干部: 1:30").encode())
    assert [d.code for d in diags] == ["bad-quantity"] and "1:30" in diags[0].message


def test_huge_integer_is_kept_as_written_not_a_crash() -> None:
    huge = "9" * 5000  # beyond Python's int() limit for text
    text = GOOD.replace("抽调优秀干部: 15名", f"抽调优秀干部: {huge}名")
    assert zongjie.check(text.encode()) == []
    assert f"抽调优秀干部{huge}名" in str(zongjie.render(text.encode()).content)


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet="0123456789.:-+_eExXoObB~ntrufalsyNTRUFALSY<=年月日 ", max_size=12),
    st.booleans(),
)
def test_lean_resolver_tags_scalars_as_pyyaml_does(value: str, plain: bool) -> None:
    import yaml

    from zongjie.loading import _LeanLoader

    reference = yaml.SafeLoader("")
    ours = _LeanLoader("")
    try:
        for kind in (yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode):
            implicit = (plain, not plain)
            assert ours.resolve(kind, value, implicit) == reference.resolve(kind, value, implicit)
    finally:
        ours.dispose()
        reference.dispose()
