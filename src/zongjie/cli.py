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
import os
import re
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .__about__ import __version__
from .constants import EXIT_FACTS, EXIT_OK, EXIT_OUTPUT, EXIT_USAGE

if TYPE_CHECKING:
    from .diagnostics import Diagnostic
    from .errors import ZongjieError


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(
        self, usage: str | None, actions: object, groups: object, prefix: str | None = None
    ) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)  # type: ignore[arg-type]


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}：用法错误：{message}\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="zongjie",
        description="zongjie（总结）：从事实文件起草基层党组织工作总结、工作汇报。",
        epilog="示例：\n  zongjie init -o 事实.yaml\n  zongjie check 事实.yaml\n  zongjie render 事实.yaml -o 报告.docx\n\n"
        "退出码：0 成功；1 事实文件有错误；2 用法错误；3 模板错误；4 无法写出文件。",
    )
    p.add_argument("--version", action="version", version=f"zongjie {__version__}", help="显示版本并退出")
    sub = p.add_subparsers(dest="command", title="命令", metavar="命令", parser_class=_Parser)

    from .constants import KINDS

    c = sub.add_parser(
        "check",
        help="检查事实文件，列出所有错误和警告",
        description="检查事实文件，列出所有错误和警告（文件:行:列）。",
    )
    c.add_argument("files", nargs="+", metavar="文件", help="事实文件（.yaml）")
    c.add_argument("--strict", action="store_true", help="有警告也算失败（退出码 1）")
    c.add_argument("--format", choices=["text", "json"], default="text", help="输出格式：text（默认）或 json")

    r = sub.add_parser(
        "render",
        help="生成报告（默认 .docx）",
        description="检查事实文件并生成报告。不写 -o 时，在当前文件夹生成与事实文件同名的 .docx；"
        "格式按 -o 的扩展名（.md / .docx / .pdf）决定，--to 优先；-o - 把 Markdown 输出到屏幕。"
        "生成 PDF 需要安装 LibreOffice。\n"
        "可一次给出多个文件或文件夹（在其中查找 .yaml/.yml），用 -d 指定输出文件夹、--jobs 指定并行进程数。",
    )
    r.add_argument("files", nargs="+", metavar="文件或文件夹", help="事实文件（.yaml），或含事实文件的文件夹")
    r.add_argument("-d", "--outdir", metavar="文件夹", help="输出文件夹（批量生成时使用；不存在则新建）")
    r.add_argument("--jobs", type=int, metavar="N", help="并行进程数（默认等于处理器核数）")
    r.add_argument("-o", "--output", metavar="输出", help="输出文件；“-”表示输出 Markdown 到屏幕")
    r.add_argument(
        "--to",
        choices=["md", "docx", "pdf"],
        help="输出格式：md、docx 或 pdf（默认按 -o 的扩展名，否则 docx；pdf 需要 LibreOffice）",
    )
    r.add_argument("--templates", metavar="文件夹", help="自定义模板文件夹：其中的模板优先于内置模板")
    r.add_argument("--kind", choices=KINDS, metavar="文种", help="按另一文种起草（不改事实文件）")
    r.add_argument(
        "--reference-doc", metavar="文件", help="样式参考文档（.docx），使用其中的字体、页边距和版头"
    )
    r.add_argument("--strict", action="store_true", help="有警告也不生成（退出码 1）")

    d = sub.add_parser(
        "reference-doc",
        help="输出样式参考文档（.docx），供单位修改字体、页边距和版头",
        description="输出 zongjie 使用的样式参考文档。用 Word/WPS 修改其中的样式后，"
        "以 zongjie render 事实.yaml --reference-doc 该文件 生成报告。",
    )
    d.add_argument("-o", "--output", metavar="文件", required=True, help="写入的 .docx 文件")
    d.add_argument(
        "--font",
        action="append",
        default=[],
        metavar="原字体=新字体",
        help="替换字体，如 --font 仿宋_GB2312=仿宋 --font 楷体_GB2312=楷体（可多次使用）",
    )
    d.add_argument("--level3-plain", action="store_true", help="三级标题（1.）不加粗")
    d.add_argument("--force", action="store_true", help="文件已存在时覆盖")

    s = sub.add_parser(
        "schema",
        help="输出事实文件的 JSON Schema",
        description="输出事实文件的 JSON Schema（中文标题和说明），供表单生成等工具使用。",
    )
    s.add_argument("-o", "--output", metavar="文件", help="写入文件（默认输出到屏幕）")

    i = sub.add_parser(
        "init",
        help="生成一份待填写的事实文件",
        description="生成一份待填写的事实文件，每个字段都有中文注释。",
    )
    i.add_argument(
        "--kind",
        choices=KINDS,
        default=KINDS[0],
        metavar="文种",
        help="文种：" + "、".join(KINDS) + "（默认年度工作总结）",
    )
    i.add_argument("-o", "--output", metavar="文件", help="写入文件（默认输出到屏幕）")
    i.add_argument("--force", action="store_true", help="文件已存在时覆盖")

    w = sub.add_parser(
        "serve",
        help="打开本机网页：填表、预览、下载 Word（也提供 HTTP 接口）",
        description="启动本机网页：在浏览器中填写事实、随时预览报告、下载 Word 和 Markdown，"
        "也为其他办公软件提供 HTTP 接口（见 docs/web.md）。内容只在本机处理，不存盘、不联网。",
    )
    w.add_argument("--port", type=int, default=8765, metavar="端口", help="端口（默认 8765；0 表示自动选择）")
    w.add_argument(
        "--host", default="127.0.0.1", metavar="地址", help="监听地址（默认 127.0.0.1，只有本机可访问）"
    )
    w.add_argument("--open", action="store_true", help="启动后用默认浏览器打开页面")
    return p


# --------------------------------------------------------------------------- printing


def _color(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


def format_diagnostic(d: Diagnostic, source_line: str = "", color: bool = False) -> str:
    """``file:line:col: 错误 [code] message``, then the source line and a caret."""
    from .diagnostics import SEVERITY_ZH

    head = str(d)
    if color:
        tint = "\033[31m" if d.is_error else "\033[33m"
        label = f"{SEVERITY_ZH[d.severity]} [{d.code}]"
        head = head.replace(label, f"{tint}{label}\033[0m", 1)
    if not (d.line and source_line.strip()):
        return head
    prefix = source_line[: max(d.column - 1, 0)]
    pad = "".join(
        "\t" if c == "\t" else " " * (2 if unicodedata.east_asian_width(c) in "WF" else 1) for c in prefix
    )
    return f"{head}\n    {source_line}\n    {pad}^"


def _source_lines(path: str) -> list[str]:
    """The file's lines as the loader numbered them (same decoding, same line breaks)."""
    if path.startswith("<"):  # <text>, <markdown>: no file to show
        return []
    from .reading import _decode

    try:
        text, _ = _decode(Path(path).read_bytes(), path)
    except OSError:
        return []
    return re.split(r"\r\n|\n|\r", text) if text else []


def print_diagnostics(diags: Sequence[Diagnostic], out: TextIO) -> None:
    cache: dict[str, list[str]] = {}
    color = _color(out)
    for d in diags:
        if d.file not in cache:
            cache[d.file] = _source_lines(d.file)
        lines = cache[d.file]
        src = lines[d.line - 1] if 0 < d.line <= len(lines) else ""
        out.write(format_diagnostic(d, src, color) + "\n")


def _summary(files: int, errors: int, warnings: int) -> str:
    if not errors and not warnings:
        return f"检查了 {files} 个文件：没有发现问题。"
    return f"检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告。"


# --------------------------------------------------------------------------- commands


def _check(args: argparse.Namespace, out: TextIO) -> int:
    from . import check

    all_diags: list[Diagnostic] = []
    files = []
    for name in args.files:
        diags = check(name)
        all_diags.extend(diags)
        errors = sum(d.is_error for d in diags)
        files.append({"file": name, "errors": errors, "warnings": len(diags) - errors})
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
        print_diagnostics(all_diags, out)
        out.write(_summary(len(files), errors, warnings) + "\n")
    return EXIT_FACTS if errors or (args.strict and warnings) else EXIT_OK


def _render(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if len(args.files) > 1 or args.outdir or Path(args.files[0]).is_dir():
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
    target = args.output or (Path(args.file).stem + {"md": ".md", "pdf": ".pdf"}.get(fmt, ".docx"))

    try:
        facts = load(args.file)
        diags = list(facts.warnings)
    except FactsError as exc:
        diags = exc.diagnostics
    errors = [d for d in diags if d.is_error]
    if errors or (args.strict and diags):
        print_diagnostics(diags, err)
        err.write(f"{args.file}：有 {len(errors)} 个错误、{len(diags) - len(errors)} 个警告，未生成报告。\n")
        return EXIT_FACTS
    try:
        report = render(
            facts, to=fmt, kind=args.kind, templates=args.templates, reference_doc=args.reference_doc
        )
        print_diagnostics(report.warnings, err)
        if args.strict and report.warnings:
            err.write(f"{args.file}：起草时有 {len(report.warnings)} 个警告（--strict），未生成报告。\n")
            return EXIT_FACTS
        if target == "-":
            out.write(str(report.content))
            return EXIT_OK
        report.save(target)
    except ZongjieError as exc:
        return _failed(exc, err)
    err.write(f"已生成 {target}\n")
    return EXIT_OK


def _failed(exc: ZongjieError, err: TextIO) -> int:
    """Say why an error stopped the command; its exit code (the one place errors become codes)."""
    from .errors import RenderError

    print_diagnostics(exc.diagnostics, err)
    err.write("zongjie：模板出错，未生成报告。\n" if isinstance(exc, RenderError) else f"zongjie：{exc}\n")
    return int(exc.exit_code)


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

    from .batch import Job, Options, default_workers, plan, run_all
    from .pdf import missing as _pdf_missing

    if args.jobs is not None and args.jobs < 1:
        err.write("zongjie：用法错误：--jobs 至少为 1。\n")
        return EXIT_USAGE
    fmt = args.to or "docx"
    if fmt == "pdf" and (missing := _pdf_missing()):
        err.write(f"zongjie：{missing}\n")
        return EXIT_USAGE
    jobs, problems = plan(args.files, Path(args.outdir or "."), "docx" if fmt == "pdf" else fmt)
    for problem in problems:
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
    failed = warnings = 0
    codes: list[int] = []
    for outcome in run_all(jobs, options, args.jobs or default_workers()):
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
    if bar is not None:
        bar.close()
    if staging is not None:
        with staging:
            pdf_codes = _write_pdfs(staged, err)
        failed += len(pdf_codes)
        codes += pdf_codes
    written = len(jobs) - failed
    err.write(f"共 {len(jobs)} 个事实文件：生成 {written} 份，失败 {failed} 份，警告 {warnings} 个。\n")
    if problems and not codes:
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
        return _failed(exc, err)
    err.write(f"已生成 {args.output}：修改其中的样式后，用 --reference-doc {args.output} 生成报告。\n")
    return EXIT_OK


def _write_text(path: str, text: str, err: TextIO, *, force: bool = True) -> int:
    from .errors import OutputError
    from .output import write_atomic

    try:
        write_atomic(Path(path), text.encode("utf-8"), overwrite=force)
    except OutputError as exc:
        return _failed(exc, err)
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


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = _parser()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err  # argparse prints help and usage errors itself
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    finally:
        sys.stdout, sys.stderr = saved
    if args.command == "check":
        return _check(args, out)
    if args.command == "render":
        return _render(args, out, err)
    if args.command == "reference-doc":
        return _reference_doc(args, err)
    if args.command == "schema":
        return _schema(args, out, err)
    if args.command == "init":
        return _init(args, out, err)
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
