"""The command line: the only place that prints.

``main(argv, stdout, stderr)`` runs in-process (tests call it directly) and
returns the exit status:

    0  success
    1  a facts file has errors (or warnings, with --strict); rendering refused
    2  usage error (unknown option, missing argument)
    3  a template failed or produced a report that fails the output checks
    4  an output file could not be written
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from .cli_parser import build_parser
from .cli_print import failed, print_diagnostics, summary
from .constants import EXIT_FACTS, EXIT_OK, EXIT_OUTPUT, EXIT_USAGE

EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports it

if TYPE_CHECKING:
    from .diagnostics import Diagnostic


# --------------------------------------------------------------------------- commands


STDIN_NAME = "<标准输入>"


def _sources(names: Sequence[str]) -> list[str]:
    """The facts files named: files as given, folders searched for .yaml/.yml (sorted)."""
    from .batch import SUFFIXES

    out: list[str] = []
    for name in names:
        path = Path(name)
        if name != "-" and path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
            out.extend(str(p) for p in found) if found else out.append(name)
        else:
            out.append(name)
    return out


def _check_one(name: str, stdin: bytes | None, previous: str | None = None) -> list[Diagnostic]:
    from . import check
    from .diagnostics import make

    if name == "-":
        return check(stdin or b"", file=STDIN_NAME, previous=previous)
    if Path(name).is_dir():  # a folder without facts files
        return [make("file-not-found", name, 0, 0, "这个文件夹中没有 .yaml 事实文件：请指定事实文件或含事实文件的文件夹。")]
    return check(name, previous=previous)


def _fix(names: Sequence[str], out: TextIO, err: TextIO) -> int | None:
    """Repair each file's mechanical mistakes in place (``--fix``); a status if it failed."""
    from .checks import KNOWN_KEYS
    from .errors import OutputError
    from .fix import fix_file

    for name in names:
        if name == "-":
            err.write("zongjie：用法错误：--fix 要改写文件，不能用于标准输入“-”：请给出文件名。\n")
            return EXIT_USAGE
    for name in names:
        if Path(name).is_dir():
            continue
        try:
            fixed = fix_file(name, KNOWN_KEYS)
        except OutputError as exc:
            return failed(exc, err)
        if fixed is None or not fixed.changes:
            continue
        for change in fixed.changes:
            out.write(f"{name}:{change.line}: 已改正：{'；'.join(change.what)}\n")
            out.write(f"    原：{change.before}\n    改：{change.after}\n")
        recoded = "，改正后的文件存为 UTF-8 编码" if fixed.recoded else ""
        out.write(f"已改正 {name} 中的 {len(fixed.changes)} 行{recoded}，原文件保留为 {name}.bak。\n")
    return None


def _check(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: BinaryIO | None = None) -> int:
    names = _sources(args.files)
    if args.fix:  # with --format json, standard output is the JSON alone
        status = _fix(names, out if args.format == "text" else err, err)
        if status is not None:
            return status
    data = (stdin or sys.stdin.buffer).read() if "-" in names else None
    all_diags: list[Diagnostic] = []
    files = []
    if args.previous and len(names) > 1:
        err.write("zongjie：用法错误：--previous 只能用于单个事实文件。\n")
        return EXIT_USAGE
    try:
        for name in names:
            if name.lower().endswith(".xlsx"):  # a collection workbook: its rows and the cross-unit checks
                from .errors import ZongjieError
                from .rollup_sums import rollup

                try:
                    diags = rollup([name]).diagnostics
                except ZongjieError as exc:
                    return failed(exc, err)
            else:
                diags = _check_one(name, data, args.previous)
            all_diags.extend(diags)
            errors = sum(d.is_error for d in diags)
            files.append({"file": STDIN_NAME if name == "-" else name, "errors": errors, "warnings": len(diags) - errors})
    except KeyboardInterrupt:
        print_diagnostics(all_diags, out)
        err.write(f"已中断：检查了 {len(files)} 个文件（共 {len(names)} 个）。\n")
        return EXIT_INTERRUPTED
    errors = sum(d.is_error for d in all_diags)
    warnings = len(all_diags) - errors
    if args.format == "json":
        import json

        json.dump(
            {
                "files": files,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": [d.to_dict() for d in all_diags],
            },
            out,
            ensure_ascii=False,
            indent=2,
        )
        out.write("\n")
    else:
        print_diagnostics(all_diags, out, {STDIN_NAME: data} if data is not None else None)
        out.write(summary(len(files), errors, warnings) + "\n")
    return EXIT_FACTS if errors or (args.strict and warnings) else EXIT_OK


def _render(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: BinaryIO | None = None) -> int:
    from .checks import kind_period

    if "-" in args.files and len(args.files) > 1:
        err.write("zongjie：用法错误：标准输入“-”只能单独使用，不能与其他文件一起生成。\n")
        return EXIT_USAGE
    if len(args.files) > 1 or args.outdir or Path(args.files[0]).is_dir():
        if args.previous:
            err.write("zongjie：用法错误：--previous 只能用于单个事实文件；批量生成时请在各文件中写“上期文件”。\n")
            return EXIT_USAGE
        if args.output:
            err.write("zongjie：用法错误：-o 只能用于单个事实文件；生成多个文件时请用 -d 指定输出文件夹。\n")
            return EXIT_USAGE
        return _render_many(args, err)
    args.file = args.files[0]
    from . import load, render
    from .errors import FactsError, ZongjieError

    fmt = args.to
    if args.output == "-":
        if fmt in ("docx", "pdf"):
            err.write(f"zongjie：用法错误：.{fmt} 不能输出到屏幕，请用 -o 指定文件名。\n")
            return EXIT_USAGE
        fmt = "md"
    elif args.output:
        suffix = Path(args.output).suffix.lower()
        if fmt is None:
            fmt = "md" if suffix in (".md", ".markdown", ".txt") else "pdf" if suffix == ".pdf" else "docx"
        elif (fmt == "pdf") != (suffix == ".pdf"):  # never a .docx named .pdf, nor the reverse
            err.write(f"zongjie：用法错误：--to {fmt} 与输出文件名 {args.output} 的扩展名不符，请改其一。\n")
            return EXIT_USAGE
    fmt = fmt or "docx"
    stem = "报告" if args.file == "-" else Path(args.file).stem
    target = args.output or (stem + {"md": ".md", "pdf": ".pdf"}.get(fmt, ".docx"))
    given = {STDIN_NAME: (stdin or sys.stdin.buffer).read()} if args.file == "-" else None

    try:
        if given:
            facts = load(given[STDIN_NAME], file=STDIN_NAME, previous=args.previous)
        else:
            facts = load(args.file, previous=args.previous)
        diags = list(facts.warnings)
    except FactsError as exc:
        diags = exc.diagnostics
    errors = [d for d in diags if d.is_error]
    if errors or (args.strict and diags):
        print_diagnostics(diags, err, given)
        err.write(f"{args.file}：有 {len(errors)} 个错误、{len(diags) - len(errors)} 个警告，未生成报告。\n")
        return EXIT_FACTS
    try:
        report = render(
            facts, to=fmt, kind=args.kind, templates=args.templates, reference_doc=args.reference_doc
        )
        warnings = kind_period(facts, args.kind) + list(report.warnings)
        print_diagnostics(warnings, err, given)
        if args.strict and warnings:
            err.write(f"{args.file}：起草时有 {len(warnings)} 个警告（--strict），未生成报告。\n")
            return EXIT_FACTS
        if target == "-":
            text = str(report.content)
            out.write(text if text.endswith("\n") else text + "\n")
            return EXIT_OK
        report.save(target)
    except ZongjieError as exc:
        return failed(exc, err)
    err.write(f"已生成 {target}\n")
    return EXIT_OK


def _write_pdfs(staged: list[tuple[Path, Path]], err: TextIO) -> list[int]:
    """Convert the staged .docx files in one LibreOffice process, write each PDF to its
    target and say so; the exit codes of those that failed."""
    from .pdf import PdfError, convert_files

    try:
        results = convert_files(staged)
    except PdfError as exc:
        err.write(f"zongjie：{exc}\n" + "".join(f"未生成 {target}。\n" for _, target in staged))
        return [exc.exit_code] * len(staged)
    for target, problem in results:
        err.write(f"未生成 {target}：{problem}\n" if problem else f"已生成 {target}\n")
    return [EXIT_OUTPUT for _, problem in results if problem]


def _render_many(args: argparse.Namespace, err: TextIO) -> int:
    import tempfile

    from .batch import Job, Options, default_workers, plan_batch, run_all
    from .pdf import missing as _pdf_missing

    if args.jobs is not None and args.jobs < 1:
        err.write("zongjie：用法错误：--jobs 至少为 1。\n")
        return EXIT_USAGE
    fmt = args.to or "docx"
    if fmt == "pdf" and (missing := _pdf_missing()):
        err.write(f"zongjie：{missing}\n")
        return EXIT_USAGE
    found = plan_batch(args.files, Path(args.outdir or "."), "docx" if fmt == "pdf" else fmt)
    jobs = found.jobs
    for problem in found.problems:
        err.write(f"zongjie：{problem}\n")
    # PDF: each .docx is made in a temporary folder, then one LibreOffice converts them all
    staging = tempfile.TemporaryDirectory(prefix="zongjie-") if fmt == "pdf" else None
    final: dict[Job, Path] = {}
    if staging is not None:
        final = {
            Job(j.source, Path(staging.name) / f"{i:05d}.docx"): j.target.with_suffix(".pdf")
            for i, j in enumerate(jobs)
        }
        jobs = list(final)
    staged: list[tuple[Path, Path]] = []
    options = Options(
        "docx" if fmt == "pdf" else fmt, args.kind, args.templates, args.reference_doc, args.strict
    )
    bar = None
    if err.isatty() and jobs:
        from tqdm import tqdm

        bar = tqdm(total=len(jobs), file=err, unit="份", desc="生成报告", leave=False)
    # a file left out by a name collision is a failure of the batch
    failed, warnings, done = len(found.collisions), 0, 0
    total = len(jobs) + len(found.collisions)
    codes: list[int] = [EXIT_FACTS] * len(found.collisions)
    try:
        for outcome in run_all(jobs, options, args.jobs or default_workers()):
            done += 1
            if bar is not None:
                bar.update()
                bar.clear()
            print_diagnostics(outcome.diagnostics, err)
            warnings += sum(not d.is_error for d in outcome.diagnostics)
            target = final.get(outcome.job, outcome.job.target)
            if outcome.written and staging is not None:
                staged.append((outcome.job.target, target))
            elif outcome.written:
                err.write(f"已生成 {target}\n")
            else:
                failed += 1
                codes.append(outcome.exit_code)
                reason = outcome.problem or f"有 {sum(d.is_error for d in outcome.diagnostics)} 个错误"
                err.write(f"未生成 {target}：{outcome.job.source} {reason}。\n")
            if bar is not None:
                bar.refresh()
    except KeyboardInterrupt:
        if bar is not None:
            bar.close()
        if staging is not None:
            staging.cleanup()
            written = 0  # nothing converted to PDF yet
        else:
            written = done - (failed - len(found.collisions))
        err.write(
            f"已中断：共 {total} 个事实文件，已生成 {written} 份，失败 {failed} 份，"
            f"未处理 {total - written - failed} 份（中断时正在生成的几份也可能已写出）。\n"
        )
        return EXIT_INTERRUPTED
    if bar is not None:
        bar.close()
    if staging is not None:
        with staging:
            pdf_codes = _write_pdfs(staged, err)
        failed += len(pdf_codes)
        codes += pdf_codes
    written = total - failed
    err.write(f"共 {total} 个事实文件：生成 {written} 份，失败 {failed} 份，警告 {warnings} 个。\n")
    if found.problems and not codes:
        return EXIT_FACTS
    # the facts' own errors are the common case; any other failure class says more
    return next((c for c in codes if c != EXIT_FACTS), EXIT_FACTS if codes else EXIT_OK)


def _reference_doc(args: argparse.Namespace, err: TextIO) -> int:
    from dataclasses import replace

    from .errors import OutputError
    from .output import write_atomic
    from .styles import Fonts, reference_bytes
    from .zipfiles import normalize_zip

    mapping = {}
    for item in args.font:
        old, sep, new = item.partition("=")
        if not sep or not old.strip() or not new.strip():
            err.write(
                f"zongjie：用法错误：--font 应写成“原字体=新字体”，如 仿宋_GB2312=仿宋，这里是“{item}”。\n"
            )
            return EXIT_USAGE
        mapping[old.strip()] = new.strip()
    fonts = Fonts().replaced(mapping)
    if args.level3_plain:
        fonts = replace(fonts, level3_bold=False)
    try:
        write_atomic(Path(args.output), normalize_zip(reference_bytes(fonts)), overwrite=args.force)
    except OutputError as exc:
        return failed(exc, err)
    err.write(f"已生成 {args.output}：修改其中的样式后，用 --reference-doc {args.output} 生成报告。\n")
    return EXIT_OK


def _write_text(path: str, text: str, err: TextIO, *, force: bool = True) -> int:
    from .errors import OutputError
    from .output import write_atomic

    try:
        write_atomic(Path(path), text.encode("utf-8"), overwrite=force)
    except OutputError as exc:
        return failed(exc, err)
    return EXIT_OK


def _schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import json

    from . import schema

    text = json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        return _write_text(args.output, text, err)
    out.write(text)
    return EXIT_OK


def _init(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .constants import KINDS

    if args.xlsx:
        from .cli_rollup import init_xlsx

        return init_xlsx(args, err)
    if args.units:
        err.write("zongjie：用法错误：--units 只能与 --xlsx 一起使用（单位名单填入汇总表格）。\n")
        return EXIT_USAGE
    from .resources import templates_dir

    template = (templates_dir() / "starter.yaml.j2").read_text(encoding="utf-8")
    text = template.replace("{{ kind }}", args.kind).replace("{{ kinds }}", "、".join(KINDS))
    if args.output:
        status = _write_text(args.output, text, err, force=args.force)
        if status == EXIT_OK:
            err.write(f"已生成 {args.output}：请填写后运行 zongjie check {args.output}\n")
        return status
    out.write(text)
    return EXIT_OK


def facts_reference() -> str | None:
    """docs/facts.md as shipped in the wheel (``zongjie/docs``), or in a source checkout."""
    here = Path(__file__).resolve().parent
    for path in (here / "docs" / "facts.md", here.parent.parent / "docs" / "facts.md"):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None


def _help(args: argparse.Namespace, out: TextIO, parser: argparse.ArgumentParser) -> int:
    topic = args.topic
    if topic is None:
        out.write(parser.format_help())
        return EXIT_OK
    if topic in ("facts", "事实", "事实文件"):
        text = facts_reference()
        if text is None:  # pragma: no cover - a broken installation
            out.write("zongjie：找不到随程序安装的说明文件 facts.md，请重新安装 zongjie。\n")
            return EXIT_USAGE
        out.write(text if text.endswith("\n") else text + "\n")
        return EXIT_OK
    commands: dict[str, argparse.ArgumentParser] = next(
        (a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction)), {}
    )
    if topic in commands:
        out.write(commands[topic].format_help())
        return EXIT_OK
    import difflib

    near = difflib.get_close_matches(topic, ["facts", *commands], n=1, cutoff=0.3)
    hint = f"是否为“{near[0]}”？" if near else ""
    out.write(f"zongjie：没有“{topic}”这个帮助主题。{hint}可选：facts、{'、'.join(commands)}。\n")
    return EXIT_USAGE


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: BinaryIO | None = None,
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = build_parser()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err  # argparse prints help and usage errors itself
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    finally:
        sys.stdout, sys.stderr = saved
    if args.command == "check":
        return _check(args, out, err, stdin)
    if args.command == "render":
        return _render(args, out, err, stdin)
    if args.command == "help":
        return _help(args, out, parser)
    if args.command == "reference-doc":
        return _reference_doc(args, err)
    if args.command == "schema":
        return _schema(args, out, err)
    if args.command == "init":
        return _init(args, out, err)
    if args.command == "rollup":
        from .cli_rollup import rollup_command

        return rollup_command(args, out, err)
    if args.command == "serve":
        from .serve_run import main as serve

        return serve(args.host, args.port, args.open, out, err)
    parser.print_help(out)
    return EXIT_USAGE


def run() -> None:  # pragma: no cover - console entry point
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
