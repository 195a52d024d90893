"""zongjie's speed against its floor and its peers, in one process and one run.

    pip install -e ".[bench]"          # the peers: docxtpl (python-docx comes with zongjie)
    python benchmarks/bench.py [--json results.json] [--quick]

Per report (each example of data_examples/, warm, best of several rounds):

- zongjie facts file → Markdown, and facts file → .docx (loading, checks, drafting, lint, writing);
- the zip floor: zipping the parts of zongjie's own .docx with zipfile (no work but compressing);
- docxtpl rendering an equivalent template (the same paragraphs in the same named styles) and saving;
- python-docx building the same document paragraph by paragraph on the same styles and saving.

Then the size series (1, 10, 100 items) and 1,000 reports in one process with the memory they
leave behind. Results and what the profile showed are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import sys
import time
import zipfile
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import zongjie  # noqa: E402
from zongjie.lint import blocks  # noqa: E402
from zongjie.styles import ROLE_STYLES, shipped_reference  # noqa: E402

EXAMPLES = sorted((ROOT / "data_examples").glob("*.yaml"))


def best(fn: Callable[[], object], rounds: int, number: int) -> float:
    """Milliseconds per call: the best of ``rounds`` rounds of ``number`` calls (after a warm-up)."""
    fn()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return min(times) * 1000


# --------------------------------------------------------------------------- the report's content, for the peers


def paragraphs(markdown: str) -> list[dict[str, str]]:
    """The report as (style, run-in heading, text) — what the peers must produce."""
    out = []
    role = None
    for b in blocks(markdown):
        if b.kind == "role":
            role = b.text.split(":")[1].split()[0]
            continue
        if b.kind == "heading":
            style = ROLE_STYLES["title" if b.level == 1 else f"h{b.level - 1}"]
            out.append({"style": style, "lead": "", "text": b.text, "runin": ""})
        elif b.kind == "paragraph":
            style = ROLE_STYLES[role] if role else ROLE_STYLES["body"]
            lead, text = "", b.text
            if b.strong_lead and b.text.startswith(b.strong_lead):
                lead, text = b.text[: len(b.strong_lead) + 1], b.text[len(b.strong_lead) + 1 :]
            level = (
                2
                if lead.startswith("（") and not lead[1:2].isdigit()
                else (4 if lead.startswith("（") else 3)
            )
            out.append({"style": style, "lead": lead, "text": text, "runin": ROLE_STYLES[f"r{level}"]})
            role = None
    return out


def docxtpl_template() -> bytes:
    """A docxtpl template on zongjie's reference document: one paragraph per style."""
    import docx

    document = docx.Document(io.BytesIO(shipped_reference()))
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("sectPr"):
            body.remove(child)
    document.add_paragraph("{%p for p in paragraphs %}", style=ROLE_STYLES["body"])
    styles = [ROLE_STYLES[k] for k in ("title", "h1", "h2", "h3", "h4", "addressee", "signature", "date")]
    for i, style in enumerate(styles):
        keyword = "if" if i == 0 else "elif"
        document.add_paragraph(f"{{%p {keyword} p.style == '{style}' %}}", style=ROLE_STYLES["body"])
        document.add_paragraph("{{ p.text }}", style=style)
    document.add_paragraph("{%p else %}", style=ROLE_STYLES["body"])
    runin = document.add_paragraph(style=ROLE_STYLES["body"])
    runin.add_run("{{ p.lead }}", style=ROLE_STYLES["r2"])
    runin.add_run("{{ p.text }}")
    document.add_paragraph("{%p endif %}", style=ROLE_STYLES["body"])
    document.add_paragraph("{%p endfor %}", style=ROLE_STYLES["body"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docxtpl_render(template: bytes, context: dict[str, Any]) -> bytes:
    from docxtpl import DocxTemplate

    doc = DocxTemplate(io.BytesIO(template))
    doc.render(context)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def python_docx_build(content: list[dict[str, str]]) -> bytes:
    import docx

    document = docx.Document(io.BytesIO(shipped_reference()))
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("sectPr"):
            body.remove(child)
    for p in content:
        paragraph = document.add_paragraph(style=p["style"])
        if p["lead"]:
            paragraph.add_run(p["lead"], style=p["runin"])
        paragraph.add_run(p["text"])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_floor(docx: bytes) -> Callable[[], bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        parts = [(i.filename, package.read(i)) for i in package.infolist()]

    def run() -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in parts:
                z.writestr(name, data)
        return out.getvalue()

    return run


# --------------------------------------------------------------------------- the series


def facts_with(items: int) -> str:
    """A facts file with ``items`` items under 主要做法 (each a title, a paragraph and two figures)."""
    lines = ["文种: 年度工作总结", "单位: {名称: 城关镇, 上级: 县委}", "期间: 2023年", "主要做法:"]
    for i in range(1, items + 1):
        lines += [
            f"  - 标题: 推进第{i}项重点工作",
            f"    内容: 围绕第{i}项重点工作，镇党委召开专题会议研究部署，明确责任分工，逐项抓好落实，取得了阶段性成效。",
            f"    数据: {{召开专题会议: {i % 7 + 1}次, 覆盖党员: {100 + i}名}}",
        ]
    lines += ["存在问题:", "  - 部分工作推进不够平衡。", "下步打算:", "  - 持续抓好各项工作落实。"]
    return "\n".join(lines) + "\n"


def rss_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576
    except OSError:  # not Linux: peak instead of current
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--quick", action="store_true", help="fewer rounds (for a smoke run)")
    args = parser.parse_args(argv)
    rounds, number = (2, 5) if args.quick else (7, 30)
    try:
        import docxtpl  # noqa: F401

        have_docxtpl = True
    except ImportError:
        have_docxtpl = False
        print("docxtpl is not installed (pip install -e '.[bench]'): its column is left out", file=sys.stderr)

    results: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "reports": [],
    }
    template = docxtpl_template() if have_docxtpl else b""
    print(
        f"{'report':28} {'md':>7} {'docx':>7} {'zip':>7} {'docxtpl':>8} {'python-docx':>11}   docx/zip  docx/docxtpl"
    )
    for path in EXAMPLES:
        text = path.read_bytes()  # a file's content, as read: the whole pipeline is measured
        docx_bytes = zongjie.render(text, to="docx").content
        content = paragraphs(str(zongjie.render(text).content))
        row = {
            "report": path.stem,
            "md_ms": best(lambda: zongjie.render(text), rounds, number),
            "docx_ms": best(lambda: zongjie.render(text, to="docx"), rounds, number),
            "zip_floor_ms": best(zip_floor(docx_bytes), rounds, number),  # type: ignore[arg-type]
            "python_docx_ms": best(lambda: python_docx_build(content), rounds, max(1, number // 5)),
            "docx_bytes": len(docx_bytes),
        }
        if have_docxtpl:
            row["docxtpl_ms"] = best(
                lambda: docxtpl_render(template, {"paragraphs": content}), rounds, max(1, number // 5)
            )
        row["docx_per_zip"] = row["docx_ms"] / row["zip_floor_ms"]
        row["docx_per_docxtpl"] = row["docx_ms"] / row["docxtpl_ms"] if have_docxtpl else None
        results["reports"].append(row)
        print(
            f"{path.stem:28} {row['md_ms']:7.2f} {row['docx_ms']:7.2f} {row['zip_floor_ms']:7.2f} "
            f"{row.get('docxtpl_ms', float('nan')):8.2f} {row['python_docx_ms']:11.2f}   "
            f"{row['docx_per_zip']:8.2f}  {row['docx_per_docxtpl'] or float('nan'):12.2f}"
        )

    print("\nsize series (facts → .docx, ms per report):")
    series = {}
    for items in (1, 10, 100):
        text = facts_with(items).encode()
        series[items] = best(
            lambda: zongjie.render(text, to="docx"), rounds, max(1, number // (1 + items // 10))
        )
        print(f"  {items:4} items  {series[items]:8.2f} ms")
    per_item_small = (series[10] - series[1]) / 9
    per_item_large = (series[100] - series[10]) / 90
    results["series_ms"] = series
    results["per_item_ms"] = {"1-10": per_item_small, "10-100": per_item_large}
    results["series_ratio_100_to_1"] = series[100] / series[1]
    print(
        f"  per item: {per_item_small:.3f} ms (1→10), {per_item_large:.3f} ms (10→100) — linear when close;"
        f" 100 items cost {series[100] / series[1]:.1f}× one item"
    )

    print("\n1,000 reports in one process:")
    texts = [p.read_bytes() for p in EXAMPLES]
    total = 100 if args.quick else 1000
    start_rss = rss_mb()
    marks = {}
    t0 = time.perf_counter()
    for i in range(total):
        zongjie.render(texts[i % len(texts)], to="docx")
        if i + 1 in (100, total):
            marks[i + 1] = rss_mb()
    elapsed = time.perf_counter() - t0
    results["batch"] = {
        "reports": total,
        "seconds": elapsed,
        "rss_mb_start": start_rss,
        "rss_mb_after": marks,
        "growth_mb_100_to_end": marks[total] - marks[100],
    }
    print(
        f"  {total} reports in {elapsed:.2f} s ({elapsed / total * 1000:.2f} ms each); memory {start_rss:.1f} MB →"
        f" {marks[100]:.1f} MB after 100 → {marks[total]:.1f} MB after {total}"
    )

    rows = results["reports"]
    summary = {
        "docx_per_zip_median": statistics.median(r["docx_per_zip"] for r in rows),
        "docx_per_docxtpl_median": statistics.median(r["docx_per_docxtpl"] for r in rows)
        if have_docxtpl
        else None,
        "md_ms_median": statistics.median(r["md_ms"] for r in rows),
    }
    results["summary"] = summary
    print(
        f"\nmedian: .docx {summary['docx_per_zip_median']:.2f}× the zip floor (goal ≤ 3), "
        + (f"{summary['docx_per_docxtpl_median']:.2f}× docxtpl (goal ≤ 0.25), " if have_docxtpl else "")
        + f"Markdown {summary['md_ms_median']:.2f} ms (goal < 3)"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
