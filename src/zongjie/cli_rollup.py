"""The command line's roll-up (汇总): ``zongjie rollup`` and ``zongjie init --xlsx``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from .cli_print import failed, print_diagnostics
from .constants import EXIT_FACTS, EXIT_OK, EXIT_USAGE
from .diagnostics import Diagnostic


def init_xlsx(args: argparse.Namespace, err: TextIO) -> int:
    from .errors import OutputError, ZongjieError
    from .output import write_atomic
    from .workbook import new_workbook, unit_names

    try:
        names = unit_names(args.units) if args.units else []
        write_atomic(Path(args.xlsx), new_workbook(names), overwrite=args.force)
    except OSError as exc:
        err.write(f"zongjie：无法读取单位名单 {args.units}：{exc.strerror or exc}。\n")
        return EXIT_USAGE
    except (OutputError, ZongjieError) as exc:
        return failed(exc, err)
    err.write(f"已生成 {args.xlsx}：请每行填写一个单位，填好后运行 zongjie rollup {args.xlsx}\n")
    return EXIT_OK


def rollup_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .errors import ZongjieError
    from .rollup_sums import rollup

    target = args.output or f"{args.unit or '汇总'}.docx"
    suffix = ".md" if target == "-" else Path(target).suffix.lower()
    if suffix not in (".docx", ".md", ".markdown", ".txt", ".xlsx", ".yaml", ".yml"):
        err.write(f"zongjie：用法错误：-o 的扩展名应为 .docx、.md、.xlsx 或 .yaml，这里是“{target}”。\n")
        return EXIT_USAGE
    try:
        r = rollup(args.files, name=args.unit, kind=args.kind)
        print_diagnostics(r.diagnostics, err)
        errors = len(r.errors)
        if not [u for u in r.units if u.figures]:
            err.write("zongjie：没有可汇总的单位：请给出事实文件（.yaml）、含事实文件的文件夹或汇总表格（.xlsx）。\n")
            return EXIT_FACTS if r.diagnostics else EXIT_USAGE
        if errors or (args.strict and r.diagnostics):
            err.write(f"汇总有 {errors} 个错误、{len(r.diagnostics) - errors} 个警告，未生成汇总。\n")
            return EXIT_FACTS
        data, warnings = _rollup_output(r, suffix, args.reference_doc)
        print_diagnostics(warnings, err)
        if target == "-":
            out.write(data.decode("utf-8"))
            return EXIT_OK
        from .output import write_atomic

        write_atomic(Path(target), data, protect=[Path(u.source) for u in r.units])
    except ZongjieError as exc:
        return failed(exc, err)
    counted = len([u for u in r.units if u.figures])
    err.write(f"已汇总 {counted} 个单位，生成 {target}\n")
    return EXIT_OK


def _rollup_output(r: object, suffix: str, reference_doc: str | None) -> tuple[bytes, list[Diagnostic]]:
    from .rollup_output import render_whole, whole_yaml, workbook_rows
    from .rollup_sums import Rollup

    assert isinstance(r, Rollup)
    if suffix == ".xlsx":
        from .workbook import write_table

        return write_table(*workbook_rows(r)), []
    if suffix in (".yaml", ".yml"):
        return whole_yaml(r).encode("utf-8"), []
    report = render_whole(r, to="docx" if suffix == ".docx" else "md", reference_doc=reference_doc)
    content = report.content
    # the units' warnings were printed already: only drafting's own (fact-unused, docx-unsupported)
    return (content.encode("utf-8") if isinstance(content, str) else content), report.warnings
