"""The roll-up (汇总) at scale: rolling up N generated units against checking them.

    python benchmarks/rollup_bench.py [--units 1000] [--json out.json]

Generates N village facts files (the shape of data_examples/rollup/, varied figures) in a
temporary folder, then measures, warm (check and rollup in turn, best of 5 each; the rest best of 3):

- check: ``zongjie.check(path)`` for every file (what ``zongjie check 文件夹/*`` costs);
- rollup: ``rollup([folder])`` — loading and checking every unit, the sums with each unit's
  contributions, the cross-unit checks;
- the whole's report (Markdown and .docx, with the per-unit table) and the .xlsx table;
- memory: the peak traced while rolling up N/4, N/2 and N units, and what the result still
  holds (per unit, to see it flat: each unit's facts are let go once its figures are taken),
  and the same for reading a collection workbook of N rows (openpyxl, and python-calamine when
  installed, for the choice of library).

Results are in docs/performance.md (“The roll-up”).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import zongjie  # noqa: E402
from zongjie.rollup_output import render_whole, workbook_rows  # noqa: E402
from zongjie.rollup_sums import rollup  # noqa: E402

UNIT = """# 村党支部年度工作总结（生成，用于汇总测试）
文种: 年度工作总结
单位:
  名称: 第{i}村
  上级: 镇党委
期间: 2024年
署名: 中共第{i}村支部委员会
成文日期: 2024-12-10

概况:
  截至: 2024年末
  党组织:
    党支部: 1
  党员:
    总数: {total}
    结构:
      女党员: {women}
      大专及以上学历党员: {college}
      流动党员: {mobile}
    年龄:
      35岁及以下: {young}
      36岁至60岁: {middle}
      61岁及以上: {old}
  发展党员:
    总数: {new}名
    其中:
      女: {new_women}名
      35岁及以下: {new_young}名

主要做法:
  - 标题: 加强党员队伍建设
    内容: 开展党员积分管理，评选“星级党员”，第{i}村党员联户{households}户。
    数据:
      村级组织运转经费: {money}万元
      开展主题党日活动: 12次

存在问题:
  - 村党组织书记年龄偏大，后备力量不足。

下步打算:
  - 坚持“三会一课”制度，提高组织生活质量。
"""


def write_units(folder: Path, n: int) -> list[Path]:
    paths = []
    for i in range(1, n + 1):
        total = 30 + i % 50
        young, middle = total // 6, total // 3
        text = UNIT.format(
            i=i, total=total, women=total // 6, college=total // 5, mobile=i % 3,
            young=young, middle=middle, old=total - young - middle,
            new=2 + i % 3, new_women=1, new_young=i % 2, households=10 + i % 40,
            money=f"{4 + (i % 30) / 10:.1f}",
        )  # fmt: skip
        path = folder / f"unit-{i:05d}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def best(fn: Callable[[], Any], rounds: int = 3) -> float:
    """Seconds: the best of ``rounds`` calls (after one warm-up)."""
    fn()
    times = []
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def interleaved(a: Callable[[], Any], b: Callable[[], Any], rounds: int) -> tuple[float, float]:
    """Seconds: the best of ``rounds`` calls of each, taken in turn (a busy machine slows both alike)."""
    a(), b()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds):
        for fn, out in ((a, times[0]), (b, times[1])):
            gc.collect()
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
    return min(times[0]), min(times[1])


def traced(fn: Callable[[], Any]) -> tuple[int, int]:
    """Bytes traced while running ``fn``: the peak, and what its result still holds."""
    gc.collect()
    tracemalloc.start()
    result = fn()
    gc.collect()
    held, high = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return high, held


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    n = args.units
    results: dict[str, Any] = {"units": n}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "units"
        folder.mkdir()
        paths = write_units(folder, n)
        check, roll = interleaved(lambda: [zongjie.check(p) for p in paths], lambda: rollup([folder]), 5)
        results["check_s"], results["rollup_s"] = check, roll
        results["ratio"] = roll / check
        r = rollup([folder])
        assert not r.errors, r.errors[:3]
        results["report_md_s"] = best(lambda: render_whole(r, to="md"), 1)
        results["report_docx_s"] = best(lambda: render_whole(r, to="docx"), 1)
        from zongjie.workbook import write_table

        table = Path(tmp) / "t.xlsx"
        results["xlsx_write_s"] = best(lambda: table.write_bytes(write_table(*workbook_rows(r))), 1)
        for part in (n // 4, n // 2, n):
            sub = Path(tmp) / f"part{part}"
            sub.mkdir()
            for p in paths[:part]:
                (sub / p.name).write_bytes(p.read_bytes())
            high, held = traced(lambda sub=sub: rollup([sub]))  # type: ignore[misc]
            results[f"peak_bytes_{part}"] = high
            results[f"held_bytes_{part}"] = held
            results[f"held_per_unit_{part}"] = held // part
        results["xlsx_rollup_s"] = best(lambda: rollup([table]), 1)
        results.update(_readers(table))
    for key, value in results.items():
        print(f"{key:24} {value:.4f}" if isinstance(value, float) else f"{key:24} {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")


def _readers(table: Path) -> dict[str, float]:
    """Reading the rows of the .xlsx table: openpyxl (read-only) against python-calamine."""
    import openpyxl

    def with_openpyxl() -> int:
        wb = openpyxl.load_workbook(table, read_only=True, data_only=True)
        rows = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
        wb.close()
        return rows

    out = {"read_openpyxl_s": best(with_openpyxl)}
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        return out
    out["read_calamine_s"] = best(lambda: len(CalamineWorkbook.from_path(str(table)).get_sheet_by_index(0).to_python()))
    return out


if __name__ == "__main__":
    main()
