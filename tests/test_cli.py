"""The command line, run in-process through ``zongjie.cli.main``."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from zongjie.cli import main

from .conftest import EXAMPLES, ROOT

BAD = ROOT / "tests" / "bad"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def test_check_examples_prints_only_a_summary() -> None:
    status, out, err = run("check", *map(str, EXAMPLES))
    assert status == 0
    assert out == f"检查了 {len(EXAMPLES)} 个文件：没有发现问题。\n"
    assert err == ""


def test_check_shows_location_source_line_and_caret() -> None:
    status, out, _ = run("check", str(BAD / "02-placeholder-unit.yaml"))
    assert status == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"{BAD / '02-placeholder-unit.yaml'}:3:5: 错误 [placeholder] ")
    assert lines[1] == "    单位: X镇"
    assert lines[2] == "    " + " " * 6 + "^"  # 单位 is two wide characters each, then “: ”
    assert lines[-1] == "检查了 1 个文件：1 个错误，0 个警告。"


def test_acceptance_placeholders_each_located(tmp_path: Path) -> None:
    f = tmp_path / "p.yaml"
    f.write_text(
        "文种: 年度工作总结\n单位: X镇\n期间: 2020年\n主要做法:\n  - 内容: 投资X万元，对X村和**村进行改造\n"
        "存在问题:\n  - 问题\n下步打算:\n  - 打算\n",
        encoding="utf-8",
    )
    status, out, _ = run("check", str(f))
    assert status == 1
    located = [line.split(": ")[0] for line in out.splitlines() if "[placeholder]" in line]
    assert located == [f"{f}:2:5", f"{f}:5:11", f"{f}:5:16", f"{f}:5:19"]


def test_acceptance_sum_and_suggestion() -> None:
    status, out, _ = run(
        "check", str(BAD / "04-sum-exceeds-branches.yaml"), str(BAD / "01-unknown-key-suggest.yaml")
    )
    assert status == 1
    assert ":8:5: 错误 [sum-exceeds] “其中”各项之和为11个，超过党支部总数9个" in out
    assert ":7:5: 错误 [unknown-key] 未知字段“党员总”，是否为“总数”？" in out


def test_warnings_pass_unless_strict() -> None:
    f = str(BAD / "32-no-unit.yaml")
    assert run("check", f)[0] == 0
    assert run("check", "--strict", f)[0] == 1


def test_json_output_is_valid_and_complete() -> None:
    status, out, _ = run(
        "check", "--format", "json", str(BAD / "03-placeholder-content.yaml"), str(EXAMPLES[0])
    )
    assert status == 1
    data = json.loads(out)
    assert data["errors"] == 3 and data["warnings"] == 0
    assert [f["errors"] for f in data["files"]] == [3, 0]
    d = data["diagnostics"][0]
    assert set(d) == {"file", "line", "column", "severity", "code", "message", "path", "cell"}
    assert (d["line"], d["column"], d["severity"], d["code"]) == (6, 11, "error", "placeholder")


def test_schema_is_valid_json_with_chinese_keys() -> None:
    status, out, _ = run("schema")
    assert status == 0
    schema = json.loads(out)
    assert schema["required"] == ["文种", "单位", "期间", "主要做法", "存在问题", "下步打算"]
    assert schema["properties"]["文种"]["enum"][0] == "年度工作总结"
    assert schema["properties"]["概况"]["title"] == "概况"


def test_schema_validates_the_examples() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    _, out, _ = run("schema")
    validator = jsonschema.Draft202012Validator(json.loads(out))
    for path in EXAMPLES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = json.loads(json.dumps(data, default=str))  # dates as strings, as a form would send them
        assert list(validator.iter_errors(data)) == [], path.name


def test_init_writes_a_starter_that_check_lists_line_by_line(tmp_path: Path) -> None:
    f = tmp_path / "starter.yaml"
    status, _, err = run("init", "--kind", "专项工作汇报", "-o", str(f))
    assert status == 0 and "已生成" in err
    text = f.read_text(encoding="utf-8")
    assert "文种: 专项工作汇报" in text
    status, out, _ = run("check", str(f))
    assert status == 1
    found = [
        (line.split(": ")[0].rsplit(":", 2)[1], line.split("[")[1].split("]")[0])
        for line in out.splitlines()
        if line.startswith(str(f))
    ]
    lines = text.splitlines()
    keys = [lines[int(n) - 1].strip() for n, _ in found]
    assert [c for _, c in found] == ["empty-value", "empty-value", "empty-item", "empty-value", "empty-value"]
    assert keys == ["单位:", "期间:", "- 标题:", "-", "-"]
    # nothing in the starter could pass as real content: every required value is empty
    assert run("init", "-o", str(f))[0] == 4  # exists: refuses without --force
    assert run("init", "-o", str(f), "--force")[0] == 0


def test_init_to_stdout_and_every_kind() -> None:
    for kind in ("年度工作总结", "半年工作总结", "专项工作汇报", "述职报告", "工作汇报"):
        status, out, _ = run("init", "--kind", kind)
        assert status == 0 and f"文种: {kind}" in out


def test_usage_errors_exit_2() -> None:
    assert run("check")[0] == 2
    assert run("check", "--format", "xml", "x.yaml")[0] == 2
    assert run("frobnicate")[0] == 2
    assert run()[0] == 2
    status, _, err = run("init", "--kind", "年终总结")
    assert status == 2 and "用法错误" in err


def test_help_is_chinese() -> None:
    status, out, _ = run("--help")
    assert status == 0 and out.startswith("用法：") and "检查事实文件" in out


def test_version() -> None:
    status, out, _ = run("--version")
    assert status == 0 and out.startswith("zongjie ")


def test_output_folder_missing_is_a_clear_error(tmp_path: Path) -> None:
    status, _, err = run("schema", "-o", str(tmp_path / "no" / "such" / "schema.json"))
    assert status == 4 and "不存在" in err


def test_python_dash_m() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "zongjie", "check", str(EXAMPLES[0])],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert proc.returncode == 0 and "没有发现问题" in proc.stdout


# --------------------------------------------------------------------------- render


def test_render_markdown_to_stdout() -> None:
    status, out, err = run("render", str(EXAMPLES[0]), "-o", "-")
    assert status == 0 and out.startswith("# ") and err == ""


def test_render_format_follows_extension_unless_to(tmp_path: Path) -> None:
    md = tmp_path / "r.md"
    assert run("render", str(EXAMPLES[0]), "-o", str(md))[0] == 0
    assert md.read_text(encoding="utf-8").startswith("# ")
    forced = tmp_path / "r.txt"
    assert run("render", str(EXAMPLES[0]), "-o", str(forced), "--to", "md")[0] == 0
    assert forced.read_text(encoding="utf-8") == md.read_text(encoding="utf-8")


def test_render_default_output_is_docx_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    status, _, err = run("render", str(EXAMPLES[0]))
    assert status == 0, err
    written = tmp_path / f"{EXAMPLES[0].stem}.docx"
    assert written.read_bytes()[:2] == b"PK"
    assert f"已生成 {EXAMPLES[0].stem}.docx" in err


def test_render_refuses_facts_with_errors(tmp_path: Path) -> None:
    out_file = tmp_path / "x.md"
    status, out, err = run("render", str(BAD / "02-placeholder-unit.yaml"), "-o", str(out_file))
    assert status == 1 and "[placeholder]" in err and "未生成报告" in err and out == ""
    assert not out_file.exists()


def test_render_strict_refuses_warnings(tmp_path: Path) -> None:
    f = str(BAD / "32-no-unit.yaml")
    assert run("render", f, "-o", str(tmp_path / "a.md"))[0] == 0
    assert run("render", f, "-o", str(tmp_path / "b.md"), "--strict")[0] == 1
    assert not (tmp_path / "b.md").exists()


def test_render_template_error_exit_3(tmp_path: Path) -> None:
    (tmp_path / "kinds").mkdir()
    (tmp_path / "kinds" / "annual.md.j2").write_text("{{ 没有这个变量 }}\n", encoding="utf-8")
    status, _, err = run(
        "render", str(EXAMPLES[0]), "-o", str(tmp_path / "x.md"), "--templates", str(tmp_path)
    )
    assert status == 3 and "annual.md.j2:1:1" in err and "模板" in err
    assert not (tmp_path / "x.md").exists()


def test_render_kind_option() -> None:
    status, out, _ = run("render", str(EXAMPLES[0]), "-o", "-", "--kind", "工作汇报")
    assert status == 0 and "各位领导：" in out


def test_render_never_writes_over_its_input(tmp_path: Path) -> None:
    f = tmp_path / "facts.md"
    f.write_bytes(EXAMPLES[0].read_bytes())
    status, _, err = run("render", str(f), "-o", str(f))
    assert status == 4 and "就是输入的事实文件" in err
    assert f.read_bytes() == EXAMPLES[0].read_bytes()


def test_render_into_missing_folder(tmp_path: Path) -> None:
    status, _, err = run("render", str(EXAMPLES[0]), "-o", str(tmp_path / "nope" / "x.md"))
    assert status == 4 and "不存在" in err


def test_render_docx_to_stdout_is_a_usage_error() -> None:
    assert run("render", str(EXAMPLES[0]), "-o", "-", "--to", "docx")[0] == 2


def test_render_strict_refuses_drafting_warnings(tmp_path: Path) -> None:
    macros = (ROOT / "templates" / "macros.md.j2").read_text(encoding="utf-8")
    (tmp_path / "macros.md.j2").write_text(macros.replace("~ (it.data | prose)", ""), encoding="utf-8")
    out = tmp_path / "x.md"
    args = ["render", str(EXAMPLES[1]), "-o", str(out), "--templates", str(tmp_path)]
    assert run(*args)[0] == 0 and out.exists()
    out.unlink()
    status, _, err = run(*args, "--strict")
    assert status == 1 and "[fact-unused]" in err and not out.exists()


# --------------------------------------------------------------------------- many at once


def _batch_tree(tmp_path: Path) -> Path:
    src = tmp_path / "facts"
    (src / "村").mkdir(parents=True)
    for p in EXAMPLES:
        (src / p.name).write_bytes(p.read_bytes())
    (src / "村" / "汪城村.yml").write_bytes(
        EXAMPLES[0].read_bytes().replace("城关镇".encode(), "汪城村".encode())
    )
    (src / "broken.yaml").write_text("文种: 年度工作总结\n单位: X镇\n", encoding="utf-8")
    return src


def test_render_many_with_jobs_matches_one_job(tmp_path: Path) -> None:
    src = _batch_tree(tmp_path)
    results = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        status, stdout, err = run("render", str(src), "-d", str(out), "--jobs", jobs)
        files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
        results[jobs] = (status, stdout, err.replace(str(out), "OUT"), files)
    assert results["1"] == results["2"]
    status, stdout, err, files = results["1"]
    assert status == 1 and stdout == ""
    assert sorted(files) == sorted([f"{p.stem}.docx" for p in EXAMPLES] + ["村/汪城村.docx"])
    assert "broken.yaml:2:5: 错误 [placeholder]" in err and "未生成 OUT/broken.docx" in err
    assert err.strip().endswith("共 6 个事实文件：生成 5 份，失败 1 份，警告 0 个。")


def test_render_many_files_as_markdown(tmp_path: Path) -> None:
    status, _, err = run(
        "render", *map(str, EXAMPLES), "-d", str(tmp_path / "md"), "--to", "md", "--jobs", "1"
    )
    assert status == 0, err
    assert sorted(p.name for p in (tmp_path / "md").iterdir()) == sorted(f"{p.stem}.md" for p in EXAMPLES)


def test_render_many_usage_errors(tmp_path: Path) -> None:
    assert run("render", *map(str, EXAMPLES[:2]), "-o", str(tmp_path / "x.docx"))[0] == 2
    assert run("render", str(EXAMPLES[0]), "-d", str(tmp_path), "--jobs", "0")[0] == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    status, _, err = run("render", str(empty), "-d", str(tmp_path / "o"))
    assert status == 1 and "没有 .yaml 事实文件" in err


def test_render_many_refuses_two_outputs_with_one_name(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x.yaml").write_bytes(EXAMPLES[0].read_bytes())
    (b / "x.yaml").write_bytes(EXAMPLES[1].read_bytes())
    status, _, err = run(
        "render", str(a / "x.yaml"), str(b / "x.yaml"), "-d", str(tmp_path / "o"), "--jobs", "1"
    )
    assert status == 1 and "同一个文件" in err
    assert (tmp_path / "o" / "x.docx").exists()  # the first still renders


def test_writing_keeps_devices_symlinks_and_permissions(tmp_path: Path) -> None:
    from zongjie.output import write_atomic

    write_atomic(Path(os.devnull), b"x")  # written to, not replaced
    assert Path(os.devnull).exists() and not Path(os.devnull).is_file()
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o600)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert (real.stat().st_mode & 0o777) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
