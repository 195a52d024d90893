"""How fast `zongjie serve` answers the page, and how fast it starts.

    python benchmarks/serve_bench.py [--rounds 200] [--json results.json]

- preview update: what the server does each time the user stops typing (POST /api/preview):
  the form's JSON re-indented, checks, drafting to Markdown, lint, Markdown → HTML, key paths —
  for a report of about three pages (城关镇's facts with 十四道沟镇's profile and practices
  added: the page count is estimated at GB/T 9704's 22 lines of 28 characters). Goal: ≤ 50 ms.
  Measured in-process (server time) and through HTTP on 127.0.0.1 (the same plus the socket
  and the JSON answer), as median and 95th percentile;
- the same update for facts with an error (the common case while typing: no drafting);
- start: importing zongjie.serve in a fresh interpreter, and `zongjie serve` from its command
  to the first answer of GET /api/schema.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import zongjie  # noqa: E402
from zongjie import serve, serve_api  # noqa: E402

EXAMPLES = ROOT / "data_examples"


def three_pages() -> dict[str, Any]:
    facts = yaml.safe_load((EXAMPLES / "chengguan-annual.yaml").read_text(encoding="utf-8"))
    other = yaml.safe_load((EXAMPLES / "shisidaogou-2019-special.yaml").read_text(encoding="utf-8"))
    facts["概况"] = other["概况"]
    facts["主要做法"] += other["主要做法"]
    facts["存在问题"] += other["存在问题"]
    return json.loads(json.dumps(facts, ensure_ascii=False, default=str))


def pages(markdown: str) -> float:
    text = "".join(line for line in markdown.splitlines() if not line.startswith("<!--"))
    return len(text) / (28 * 22)


def timings(fn: Callable[[], object], rounds: int) -> dict[str, float]:
    for _ in range(5):
        fn()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "median_ms": statistics.median(times),
        "p95_ms": times[int(len(times) * 0.95) - 1],
        "min_ms": times[0],
    }


def over_http(server: serve.Server, body: bytes) -> Callable[[], object]:
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1])

    def call() -> object:
        conn.request("POST", "/api/preview", body, {"Content-Type": "application/json"})
        resp = conn.getresponse()
        answer = json.loads(resp.read())
        assert resp.status == 200, answer
        return answer

    return call


def start_times(rounds: int) -> dict[str, float]:
    python = sys.executable
    env_src = {"PYTHONPATH": str(ROOT / "src")}
    import os

    env = {**os.environ, **env_src}

    def bare() -> None:
        subprocess.run([python, "-c", "pass"], check=True, env=env)

    def imported() -> None:
        subprocess.run([python, "-c", "import zongjie.serve"], check=True, env=env)

    def first_answer() -> None:
        proc = subprocess.Popen(
            [python, "-m", "zongjie", "serve", "--port", "0"], stdout=subprocess.PIPE, env=env, text=True
        )
        try:
            assert proc.stdout is not None
            url = proc.stdout.readline().split("：", 1)[1].strip()
            host, port = url.removeprefix("http://").rstrip("/").rsplit(":", 1)
            conn = http.client.HTTPConnection(host, int(port))
            conn.request("GET", "/api/schema")
            assert conn.getresponse().status == 200
        finally:
            proc.terminate()
            proc.wait()

    return {
        "python_bare_ms": timings(bare, rounds)["median_ms"],
        "import_zongjie_serve_ms": timings(imported, rounds)["median_ms"],
        "command_to_first_answer_ms": timings(first_answer, rounds)["median_ms"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()

    facts = three_pages()
    body = json.dumps(facts, ensure_ascii=False).encode("utf-8")
    markdown = zongjie.render(serve_api.source_of(body).data, to="md").markdown
    bad = json.dumps({**facts, "单位": {"名称": "X镇"}}, ensure_ascii=False).encode("utf-8")

    results: dict[str, Any] = {"report_pages": round(pages(markdown), 2), "body_bytes": len(body)}
    results["preview_in_process"] = timings(lambda: serve_api.preview(serve_api.source_of(body)), args.rounds)
    results["preview_with_an_error_in_process"] = timings(
        lambda: serve_api.preview(serve_api.source_of(bad)), args.rounds
    )
    results["check_in_process"] = timings(lambda: serve_api.check(serve_api.source_of(body)), args.rounds)
    results["markdown_to_html"] = timings(lambda: serve_api.to_html(markdown), args.rounds)

    server = serve.make_server("127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    results["preview_over_http"] = timings(over_http(server, body), args.rounds)
    server.shutdown()
    server.server_close()
    results["start"] = start_times(max(3, args.rounds // 40))

    print(json.dumps(results, ensure_ascii=False, indent=2))
    goal = results["preview_in_process"]["p95_ms"]
    print(f"preview update, {results['report_pages']} pages: p95 {goal:.1f} ms (goal ≤ 50 ms)")
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
