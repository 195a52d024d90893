"""Rendering many facts files at once: plan the outputs, render in worker processes,
report in input order (so ``--jobs 4`` prints and writes exactly what ``--jobs 1`` does).

Each output is written atomically by the process that renders it; a file with errors
writes nothing, and the others still render.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .constants import EXIT_FACTS, EXIT_TEMPLATE
from .diagnostics import Diagnostic

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Job:
    source: Path
    target: Path


@dataclass(frozen=True)
class Options:
    to: str = "docx"
    kind: str | None = None
    templates: str | None = None
    reference_doc: str | None = None
    strict: bool = False


@dataclass
class Outcome:
    job: Job
    written: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    problem: str = ""  # why nothing was written, when it was not the facts' own errors
    exit_code: int = 0  # the command line's code for this failure (1 facts, 2 usage, 3 template, 4 output)


def plan(inputs: Sequence[str], outdir: Path, to: str) -> tuple[list[Job], list[str]]:
    """The jobs for files and folders (searched for *.yaml / *.yml), and usage problems.

    A folder's files keep their place below it: ``data/a/x.yaml`` → ``OUTDIR/a/x.docx``."""
    suffix = ".md" if to == "md" else ".docx"
    jobs: list[Job] = []
    problems: list[str] = []
    seen: dict[Path, Path] = {}
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
            if not found:
                problems.append(f"文件夹 {path} 中没有 .yaml 事实文件。")
            pairs = [(p, outdir / p.relative_to(path).with_suffix(suffix)) for p in found]
        else:
            pairs = [(path, outdir / (path.stem + suffix))]
        for source, target in pairs:
            if target in seen:
                problems.append(
                    f"{source} 与 {seen[target]} 会写到同一个文件 {target}：请分开生成，或改名其一。"
                )
                continue
            seen[target] = source
            jobs.append(Job(source, target))
    return jobs, problems


def run_one(job: Job, options: Options) -> Outcome:
    """Render one facts file and write its output (in whichever process runs it)."""
    from . import load, render
    from .errors import FactsError, OutputError, ZongjieError, reason

    try:
        facts = load(job.source)
    except FactsError as exc:
        return Outcome(job, False, exc.diagnostics, exit_code=exc.exit_code)
    diags = list(facts.warnings)
    if options.strict and diags:
        return Outcome(job, False, diags, exit_code=EXIT_FACTS)
    try:
        report = render(
            facts,
            to=options.to,
            kind=options.kind,
            templates=options.templates,
            reference_doc=options.reference_doc,
        )
        if options.strict and report.warnings:
            return Outcome(job, False, report.warnings, "有警告（--strict）", EXIT_FACTS)
        try:
            job.target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"无法创建文件夹 {job.target.parent}（{exc.strerror}）") from None
        report.save(job.target)
    except ZongjieError as exc:
        return Outcome(job, False, exc.diagnostics or diags, reason(exc), exc.exit_code)
    except Exception as exc:  # a defect of zongjie: reported for this file, the others still render
        return Outcome(
            job, False, diags, f"zongjie 内部错误（{type(exc).__name__}: {exc}），请报告此问题", EXIT_TEMPLATE
        )
    return Outcome(job, True, report.warnings)


def run_all(jobs: Sequence[Job], options: Options, workers: int) -> Iterator[Outcome]:
    """Outcomes in the order of ``jobs``; ``workers`` processes render them (1: this one)."""
    if workers <= 1 or len(jobs) <= 1:
        yield from (run_one(job, options) for job in jobs)
        return
    from concurrent.futures import ProcessPoolExecutor

    _warm(options)
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        yield from pool.map(run_one, jobs, itertools.repeat(options))


def _warm(options: Options) -> None:
    """Import the drafting and writing machinery, build the Jinja environment and read the
    reference document here, once: forked workers inherit them instead of each paying for them."""
    from . import docx_writer, drafting, lint  # noqa: F401  (imported for the workers)
    from .errors import ZongjieError
    from .templating import environment

    environment(str(Path(options.templates).resolve()) if options.templates else None)
    if options.to == "docx":
        try:
            docx_writer.template(options.reference_doc)
        except ZongjieError:
            pass  # reported for each file by run_one


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
