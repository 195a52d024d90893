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


# --------------------------------------------------------------------------- what the line scan leaves alone

_TAIL = "存在问题:\n  - 问题\n下步打算:\n  - 打算\n"
_HEAD = "文种: 年度工作总结\n单位: 李家庄村\n期间: 2024年\n"


@pytest.mark.parametrize(
    "body",
    [
        # a colon inside a text, on the line of its key or below it
        "主要做法:\n  - 标题: 加强学习\n    内容:\n      会议议程：一是学习，\n      二是讨论：深入。\n",
        "开头: 按照镇党委要求：\n  现将有关情况汇报如下。\n主要做法:\n  - 做法\n",
        # block texts, a paragraph indented with full-width spaces
        "开头: |\n  会议议程：一是学习；\n  　　二是讨论。\n主要做法:\n  - 做法\n",
        "主要做法:\n  - 内容: >-\n      组织生活：\n      规范开展。\n",
        # quoted texts over several lines, flow collections over several lines
        "主要做法:\n  - \"组织生活：\n    规范开展\"\n",
        "概况:\n  数据: {发放征求意见表: 200份,\n    梳理意见: 7条}\n主要做法:\n  - 做法\n",
        # a point that starts with a word and a full-width colon is a point
        "主要做法:\n  - 标题: 加强学习\n    要点:\n      - 内容：丰富多彩\n      - 形式：多样\n",
        # an item that starts with its own label
        "主要做法:\n  - 组织生活：规范开展\n",
        # a comment after a value, with its space
        "主要做法:\n  - 标题: 加强学习  # 第一条\n    数据:\n      培训班: 3期 # 截至年底\n",
        # full-width quotes in a text without “: ”
        "主要做法:\n  - “三会一课”制度落实到位\n",
    ],
)
def test_texts_the_scan_leaves_alone(body: str) -> None:
    assert codes(_HEAD + body + _TAIL) == []


def test_a_label_under_a_figure_written_as_a_mapping_is_a_key() -> None:
    from zongjie.checks import KNOWN_KEYS
    from zongjie.linescan import scan

    text = "概况:\n  数据:\n    培训班:\n      合计：3期\n  说明:\n    社区位于城区：交通便利。\n"
    assert [(s.code, s.line, s.column) for s in scan(text, KNOWN_KEYS)] == [("fullwidth-colon", 4, 9)]


def test_json_over_several_lines_is_left_alone() -> None:
    import json

    data = {
        "文种": "年度工作总结",
        "单位": {"名称": "李家庄村", "上级": "镇党委"},
        "期间": "2024年",
        "主要做法": [{"标题": "组织生活：规范开展", "数据": {"培训班": "3期"}}],
        "存在问题": ["问题"],
        "下步打算": ["打算"],
    }
    assert codes(json.dumps(data, ensure_ascii=False, indent=2)) == []


def test_full_width_colon_key_at_any_depth_is_reported_on_its_line() -> None:
    text = _HEAD.replace("单位: 李家庄村", "单位:\n  名称：李家庄村\n  上级：镇党委") + (
        "章节标题:\n  存在问题：存在的不足\n主要做法:\n  - 标题: 加强学习\n    数据:\n      培训班：3期\n"
    )
    assert codes(text + _TAIL) == [
        ("fullwidth-colon", 3),
        ("fullwidth-colon", 4),
        ("fullwidth-colon", 7),
        ("fullwidth-colon", 11),
    ]


def test_the_yaml_error_a_slip_causes_is_not_reported_but_an_earlier_one_is() -> None:
    # the list item without “- ” makes YAML fail on the next line: only the slip is reported
    text = _HEAD + "主要做法:\n  - 甲\n  乙\n" + _TAIL
    assert codes(text) == [("list-dash", 6)]
    # an unclosed bracket before it is the file's own error (YAML finds it where the key follows)
    text = _HEAD.replace("期间: 2024年", "期间: [2024年") + "主要做法:\n  - 甲\n  乙\n" + _TAIL
    assert codes(text) == [("yaml-syntax", 4)]


def test_one_run_reports_the_slips_and_everything_else_at_the_columns_as_written() -> None:
    """Mechanical slips are repaired before reading the rest, so a clerk does not need one
    round of check for the colons and another for the rest; every place is on the file as
    typed, and the file still does not load."""
    text = (
        "文种: 年度工作总结\n单位:\n  名称：X村\n\u3000\u3000上级：镇党委\n期间: 2024年\n"
        "主要做法:\n  - 标题: 加强组织建设\n    内容: 召开XX次会议。\n    数据:\n      培训班：3\n" + _TAIL
    )
    diags = zongjie.check(text.encode())
    assert [(d.code, d.line, d.column) for d in diags] == [
        ("fullwidth-colon", 3, 5),
        ("placeholder", 3, 6),  # the X after “名称：”, not a column further
        ("odd-space", 4, 1),
        ("fullwidth-colon", 4, 5),
        ("placeholder", 8, 11),
        ("fullwidth-colon", 10, 10),
        ("no-unit", 10, 11),
    ]
    with pytest.raises(zongjie.FactsError) as info:
        zongjie.load(text.encode())
    assert info.value.diagnostics == diags
    # a slip that needs the writer (a full-width quote) still stops the reading there
    quoted = text.replace("召开XX次会议。", "“会议: 3次”")
    assert [d.code for d in zongjie.check(quoted.encode())] == [
        "fullwidth-colon", "odd-space", "fullwidth-colon", "curly-quotes", "fullwidth-colon"
    ]
