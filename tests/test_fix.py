"""`zongjie check --fix`: the mechanical mistakes repaired on the text, the original kept."""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import zongjie
from zongjie.checks import KNOWN_KEYS
from zongjie.cli import main
from zongjie.fix import fix_text

CLEAN = (Path(__file__).parent / "clerk" / "clean.yaml").read_text(encoding="utf-8")
# what a clerk types in full-width mode: colons and indentation (U+3000), with a comment kept
TYPED = (
    CLEAN.replace("  名称: 李家庄村", "  名称：李家庄村")
    .replace("  上级: 镇党委", "\u3000\u3000上级：镇党委")
    .replace("    村民小组: 8个", "\u3000\u3000村民小组：8个")
    .replace("期间: 2024年", "期间：\u30002024年")
    .replace("      - 规范发展党员程序", "\u3000\u3000\u3000- 规范发展党员程序")
)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def test_fix_leaves_the_clean_file_keeps_the_original_and_checks(tmp_path: Path) -> None:
    f = tmp_path / "事实.yaml"
    f.write_text("# 李家庄村 2024 年（注释保留）\n" + TYPED, encoding="utf-8")
    status, _, _ = run("check", str(f))
    assert status == 1
    status, out, _ = run("check", "--fix", str(f))
    assert status == 0, out
    assert f.read_text(encoding="utf-8") == "# 李家庄村 2024 年（注释保留）\n" + CLEAN
    assert (tmp_path / "事实.yaml.bak").read_text(encoding="utf-8") == "# 李家庄村 2024 年（注释保留）\n" + TYPED
    # each change with its line, before and after; then the check of the result
    assert f"{f}:4: 已改正：字段名后的冒号改为半角冒号加空格\n    原：  名称：李家庄村\n    改：  名称: 李家庄村\n" in out
    assert f"{f}:5: 已改正：全角空格、不间断空格改为半角空格；字段名后的冒号改为半角冒号加空格\n" in out
    assert f"已改正 {f} 中的 5 行，原文件保留为 {f}.bak。" in out
    assert out.endswith("检查了 1 个文件：没有发现问题。\n")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_fix_of_a_clean_file_writes_nothing(tmp_path: Path) -> None:
    f = tmp_path / "事实.yaml"
    f.write_text(CLEAN, encoding="utf-8")
    status, out, _ = run("check", "--fix", str(f))
    assert status == 0 and "已改正" not in out
    assert not (tmp_path / "事实.yaml.bak").exists()


def test_fix_keeps_line_breaks_bom_and_what_it_cannot_decide(tmp_path: Path) -> None:
    f = tmp_path / "windows.yaml"
    crlf = TYPED.replace("\n", "\r\n").replace("召开支部委员会12次。", "召开支部委员会12次 #主题党日")
    f.write_bytes(b"\xef\xbb\xbf" + crlf.encode("utf-8"))
    status, out, _ = run("check", "--fix", str(f))
    raw = f.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") == crlf.count("\r\n")
    assert raw[3:].decode("utf-8") == CLEAN.replace("\n", "\r\n").replace(
        "召开支部委员会12次。", "召开支部委员会12次 #主题党日"
    )
    assert status == 0 and "[comment-cut]" in out  # a warning --fix leaves to the writer


def test_fix_never_touches_texts_or_blocks() -> None:
    text = (
        "文种: 年度工作总结\n单位: 李家庄村\n期间: 2024年\n"
        "开头: |\n  会议议程：一是学习；\n  　　二是讨论。\n"
        "主要做法:\n  - 标题: 加强学习\n    内容:\n      　　会议议程：一是学习，\n      二是讨论：深入。\n"
        "存在问题:\n  - 问题\n下步打算:\n  - 打算\n"
    )
    assert fix_text(text, KNOWN_KEYS).changes == ()
    assert zongjie.check(text.encode()) == []  # nor does check report them


def test_fix_refuses_standard_input() -> None:
    status, _, err = run("check", "--fix", "-")
    assert status == 2 and "--fix" in err and "标准输入" in err


def test_fix_rounds_reach_a_colon_behind_an_indentation() -> None:
    # the indentation is repaired first; the colon on the same line in the same run
    fixed = fix_text("单位:\n\u3000\u3000名称：李家庄村\n", KNOWN_KEYS)
    assert fixed.text == "单位:\n  名称: 李家庄村\n"
    assert [c.line for c in fixed.changes] == [2]


def test_fix_of_a_gbk_file_writes_utf8_and_says_so(tmp_path: Path) -> None:
    f = tmp_path / "记事本.yaml"
    f.write_bytes(TYPED.encode("gbk"))
    status, out, _ = run("check", "--fix", str(f))
    assert status == 0
    assert f.read_text(encoding="utf-8") == CLEAN
    assert (tmp_path / "记事本.yaml.bak").read_bytes() == TYPED.encode("gbk")
    assert "行，改正后的文件存为 UTF-8 编码，原文件保留为" in out


def test_fix_with_json_output_keeps_standard_output_json(tmp_path: Path) -> None:
    import json

    f = tmp_path / "事实.yaml"
    f.write_text(TYPED, encoding="utf-8")
    status, out, err = run("check", "--fix", "--format", "json", str(f))
    assert status == 0 and json.loads(out)["errors"] == 0
    assert "已改正" in err


_PIECES = ["a", "名称", "标题", "内容", "数据", "要点", "主要做法", "：", ":", " ", "  ", "- ", "－", "#", "\"", "'",
           "[", "]", "{", "}", "|", ">", "\u3000", "\u00a0", "\u200b", "“", "”", "\n", "\r\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_fix_on_any_text_is_safe_idempotent_and_keeps_every_word(text: str) -> None:
    import re

    zongjie.check(text.encode())  # never raises
    fixed = fix_text(text, KNOWN_KEYS)
    assert fix_text(fixed.text, KNOWN_KEYS).changes == ()
    assert fixed.text.count("\n") == text.count("\n")  # the same lines
    keep = re.compile(r"[^\s:：\-－\u200b-\u200d\ufeff]")
    assert keep.findall(fixed.text) == keep.findall(text)  # every other character, in order
