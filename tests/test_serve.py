"""``zongjie serve``'s HTTP API, through the standard library's client against a real server on
127.0.0.1 (a free port, one server for the module)."""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml

import zongjie
from zongjie import serve, serve_run
from zongjie.cli import main

from .conftest import EXAMPLES, ROOT

CHENGGUAN = ROOT / "data_examples" / "chengguan-annual.yaml"
MINIMAL = {
    "文种": "年度工作总结",
    "单位": {"名称": "城关镇"},
    "期间": "2013年",
    "主要做法": [{"标题": "加强党员教育", "内容": "举办培训班。", "数据": {"培训党员": "120名"}}],
    "存在问题": ["学习教育的形式还不够丰富。"],
    "下步打算": ["创新学习教育形式。"],
}


def request(
    srv: serve.Server,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.server_address[1], timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def post_json(srv: serve.Server, path: str, value: Any) -> tuple[int, dict[str, str], bytes]:
    body = json.dumps(value, ensure_ascii=False).encode("utf-8")
    return request(srv, "POST", path, body, {"Content-Type": "application/json"})


def test_render_docx_is_the_librarys_docx(server: serve.Server) -> None:
    status, headers, body = request(server, "POST", "/api/render?to=docx", CHENGGUAN.read_bytes())
    assert status == 200
    assert headers["content-type"] == serve.api.FORMATS["docx"][0]
    assert body == zongjie.render(CHENGGUAN, to="docx").content
    assert "filename*=UTF-8''" in headers["content-disposition"]
    assert headers["x-zongjie-warnings"] == "0"


def test_render_json_body_gives_the_same_docx_as_the_yaml_file(server: serve.Server) -> None:
    data = yaml.safe_load(CHENGGUAN.read_text(encoding="utf-8"))
    status, _, body = post_json(server, "/api/render?to=docx", data)
    assert status == 200
    assert body == zongjie.render(CHENGGUAN, to="docx").content


def test_render_markdown(server: serve.Server) -> None:
    status, headers, body = post_json(server, "/api/render?to=md", MINIMAL)
    assert status == 200
    assert headers["content-type"] == "text/markdown; charset=utf-8"
    text = body.decode("utf-8")
    assert text.startswith("# 城关镇2013年工作总结\n")
    assert "培训党员120名" in text


def test_placeholder_is_422_with_the_diagnostic_and_its_key_path(server: serve.Server) -> None:
    facts = {**MINIMAL, "单位": {"名称": "X镇"}}
    status, headers, body = post_json(server, "/api/render?to=docx", facts)
    assert status == 422
    assert headers["content-type"] == "application/json; charset=utf-8"
    answer = json.loads(body)
    assert answer["error"]["code"] == "facts-invalid"
    [diag] = [d for d in answer["diagnostics"] if d["code"] == "placeholder"]
    assert diag["severity"] == "error"
    assert "X镇" in diag["message"]
    assert (diag["path"], diag["file"], diag["line"]) == ("单位.名称", "事实.json", 0)
    assert answer["errors"] == 1


def test_file_names_the_source_in_diagnostics(server: serve.Server) -> None:
    facts = {**MINIMAL, "期间": "XX年"}
    status, _, body = post_json(server, "/api/check?file=" + quote("前进村.json"), facts)
    assert status == 200
    diags = json.loads(body)["diagnostics"]
    assert {(d["file"], d["path"]) for d in diags} == {("前进村.json", "期间")}
    assert "placeholder" in {d["code"] for d in diags}


def test_placeholder_in_a_yaml_body_has_its_line_and_path(server: serve.Server) -> None:
    text = CHENGGUAN.read_text(encoding="utf-8").replace("名称: 城关镇", "名称: X镇")
    status, _, body = request(server, "POST", "/api/check", text.encode("utf-8"))
    assert status == 200
    answer = json.loads(body)
    [diag] = answer["diagnostics"]
    assert (diag["code"], diag["line"], diag["path"], diag["file"]) == (
        "placeholder",
        4,
        "单位.名称",
        "事实.yaml",
    )
    assert answer["errors"] == 1


def test_check_paths_reach_into_items_and_their_figures(server: serve.Server) -> None:
    facts = json.loads(json.dumps(MINIMAL))
    facts["主要做法"][0]["数据"]["培训班"] = "XX期"
    facts["主要做法"].append({"标题": "一、抓好组织建设", "内容": "完善制度。"})
    status, _, body = post_json(server, "/api/check", facts)
    assert status == 200
    paths = {(d["code"], d["path"]) for d in json.loads(body)["diagnostics"]}
    assert ("placeholder", "主要做法[0].数据.培训班") in paths
    assert ("manual-numbering", "主要做法[1].标题") in paths


def test_check_of_good_facts_is_empty(server: serve.Server) -> None:
    status, headers, body = post_json(server, "/api/check", MINIMAL)
    assert status == 200
    assert json.loads(body) == {"errors": 0, "warnings": 0, "diagnostics": []}
    assert headers["cache-control"] == "no-store"


def test_preview_gives_html_of_the_report(server: serve.Server) -> None:
    status, _, body = request(server, "POST", "/api/preview", CHENGGUAN.read_bytes())
    answer = json.loads(body)
    assert status == 200 and answer["ok"] is True
    html = answer["html"]
    assert html.startswith("<h1>城关镇2013年工作总结</h1>")
    assert "<h2>一、主要工作及成效</h2>" in html
    assert '<p class="role-signature">中共城关镇委员会</p>' in html
    assert "&lt;!--" not in html


def test_preview_of_facts_with_errors_has_no_html(server: serve.Server) -> None:
    status, _, body = post_json(server, "/api/preview", {**MINIMAL, "期间": "XX年"})
    answer = json.loads(body)
    assert status == 200
    assert answer["ok"] is False and answer["html"] is None
    assert [d["path"] for d in answer["diagnostics"] if d["code"] == "placeholder"] == ["期间"]


def test_html_in_facts_is_escaped_in_the_preview(server: serve.Server) -> None:
    facts = {**MINIMAL, "存在问题": ["个别支部<b>活动</b>少于每月1次，a<b>c。"]}
    answer = json.loads(post_json(server, "/api/preview", facts)[2])
    assert "个别支部&lt;b&gt;活动&lt;/b&gt;少于每月1次，a&lt;b&gt;c。</p>" in answer["html"]
    assert "<b>" not in answer["html"]


def test_foreign_host_is_refused(server: serve.Server) -> None:
    status, _, body = request(server, "GET", "/", headers={"Host": "evil.example:8765"})
    assert status == 403
    assert json.loads(body)["error"]["code"] == "host-not-allowed"
    status, _, _ = request(
        server, "POST", "/api/check", json.dumps(MINIMAL).encode(), {"Host": "attacker.test"}
    )
    assert status == 403


def test_local_hosts_are_accepted(server: serve.Server) -> None:
    port = server.server_address[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
        status, headers, _ = request(server, "GET", "/", headers={"Host": host})
        assert status == 200, host
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert "default-src 'none'" in headers["content-security-policy"]


def test_cross_site_origin_is_refused(server: serve.Server) -> None:
    port = server.server_address[1]
    body = json.dumps(MINIMAL).encode()
    status, _, answer = request(server, "POST", "/api/check", body, {"Origin": "https://evil.example"})
    assert (status, json.loads(answer)["error"]["code"]) == (403, "origin-not-allowed")
    status, _, _ = request(server, "POST", "/api/check", body, {"Origin": f"http://127.0.0.1:{port}"})
    assert status == 200


def test_a_40_mb_body_is_413(server: serve.Server) -> None:
    """A real 40 MB body: the server answers 413 and the client still reads that answer."""
    size = 40 * 1024 * 1024
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=30) as sock:
        head = f"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {size}\r\n\r\n"
        sock.sendall(head.encode())
        chunk = b"a" * (1 << 20)
        try:
            for _ in range(40):
                sock.sendall(chunk)
        except OSError:
            pass
        answer = sock.makefile("rb").read()
    status_line, _, rest = answer.partition(b"\r\n")
    assert status_line.startswith(b"HTTP/1.1 413 ")
    body = json.loads(rest.partition(b"\r\n\r\n")[2])
    assert body["error"]["code"] == "too-large"
    assert "40.0 MB" in body["error"]["message"]


def test_body_without_length_is_411(server: serve.Server) -> None:
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=10) as sock:
        sock.sendall(
            b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        )
        answer = sock.makefile("rb").read()
    assert answer.startswith(b"HTTP/1.1 411 ")


def test_render_refuses_unknown_format_kind_and_templates(server: serve.Server) -> None:
    body = json.dumps(MINIMAL).encode()
    cases = {
        "/api/render?to=pdf": "bad-format",
        "/api/render?to=md&kind=" + quote("年终总结"): "bad-kind",
        "/api/render?to=docx&templates=/tmp": "templates-not-accepted",
        "/api/render?reference_doc=x.docx": "templates-not-accepted",
    }
    for path, code in cases.items():
        status, _, answer = request(server, "POST", path, body)
        assert (status, json.loads(answer)["error"]["code"]) == (400, code), path


def test_render_as_another_kind(server: serve.Server) -> None:
    status, _, body = request(
        server, "POST", "/api/render?to=md&kind=" + quote("工作汇报"), json.dumps(MINIMAL).encode()
    )
    assert status == 200
    assert body.decode().startswith("# 城关镇工作汇报\n\n<!-- zongjie:addressee -->\n各位领导：\n")


def test_errors_are_json_with_codes(server: serve.Server) -> None:
    cases = [
        ("GET", "/nothing", None, 404, "not-found"),
        ("GET", "/api/check", None, 405, "method-not-allowed"),
        ("POST", "/api/schema", b"{}", 405, "method-not-allowed"),
        ("POST", "/api/check", b"", 400, "empty-body"),
        ("POST", "/api/to-yaml", b"{not json", 400, "bad-json"),
        ("PUT", "/api/check", b"{}", 405, "method-not-allowed"),
        ("POST", "/api/check", b"[" * 100_000, 400, "too-deep"),
        ("POST", "/api/to-yaml", ('{"a":' * 900 + "1" + "}" * 900).encode(), 400, "too-deep"),
    ]
    for method, path, body, want_status, code in cases:
        status, headers, answer = request(server, method, path, body)
        assert (status, json.loads(answer)["error"]["code"]) == (want_status, code), (method, path)
        assert headers["content-type"] == "application/json; charset=utf-8"
        if status == 405:
            assert headers["allow"] == ("POST" if path == "/api/check" else "GET, HEAD")


def test_host_names_accepted_on_an_intranet_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "gethostname", lambda: "PC01")
    monkeypatch.setattr(socket, "getfqdn", lambda name="": "PC01.xian.local")
    srv = serve.make_server("0.0.0.0", 0)
    try:
        for host in ("pc01:8765", "PC01.xian.local:8765", "192.168.1.20:8765", "localhost", "[fe80::1]:8765"):
            assert srv.host_allowed(host), host
        for host in ("evil.example:8765", "pc01.evil.example.com", "pc011", "xian.local", "", None):
            assert not srv.host_allowed(host), host
    finally:
        srv.server_close()
    local = serve.make_server("127.0.0.1", 0)
    try:
        assert local.host_allowed("127.0.0.1:1") and not local.host_allowed("pc01")
    finally:
        local.server_close()


def test_schema_is_the_librarys_schema(server: serve.Server) -> None:
    status, _, body = request(server, "GET", "/api/schema")
    assert status == 200
    assert json.loads(body) == zongjie.schema()


def test_static_assets_are_served_from_the_package(server: serve.Server) -> None:
    for path, ctype in (
        ("/form.js", "text/javascript"),
        ("/app.js", "text/javascript"),
        ("/style.css", "text/css"),
    ):
        status, headers, body = request(server, "GET", path)
        assert status == 200 and headers["content-type"].startswith(ctype)
        assert body == (serve.WEB / path[1:]).read_bytes()
    html = request(server, "GET", "/")[2].decode()
    assert html == (serve.WEB / "index.html").read_text(encoding="utf-8")


def test_the_page_names_nothing_outside_the_server() -> None:
    """No CDN, no web fonts, no analytics: no asset names another host or loads a font file."""
    names = sorted(p.name for p in serve.WEB.iterdir())
    assert names == ["app.js", "form.js", "index.html", "style.css"]
    for asset in serve.WEB.iterdir():
        text = asset.read_text(encoding="utf-8")
        assert re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.I) is None, asset.name
        assert "@import" not in text and "@font-face" not in text and "url(" not in text, asset.name


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_yaml_round_trip_through_the_api(server: serve.Server, example: Any, tmp_path: Any) -> None:
    """from-yaml → the form's JSON → to-yaml: the saved file renders the same .docx as the original
    (a 上期文件 is read only from a file on disk: over HTTP it is named, not read — a warning)."""
    import shutil

    status, _, body = request(server, "POST", "/api/from-yaml", example.read_bytes())
    assert status == 200
    data = json.loads(body)["data"]
    status, headers, saved = post_json(server, "/api/to-yaml", data)
    assert status == 200 and headers["content-type"] == "application/yaml; charset=utf-8"
    assert saved.decode().startswith(serve.api.YAML_HEADER)
    path = tmp_path / example.name
    path.write_bytes(saved)
    if "上期文件" in data:
        shutil.copy(example.parent / data["上期文件"], tmp_path / data["上期文件"])
    assert zongjie.check(path) == []
    assert zongjie.render(path, to="docx").content == zongjie.render(example, to="docx").content
    again = json.loads(request(server, "POST", "/api/from-yaml", saved)[2])
    assert again == {"data": data, "diagnostics": []}


def test_multiline_text_is_saved_as_a_block(server: serve.Server) -> None:
    facts = {**MINIMAL, "开头": "第一段。\n\n第二段。"}
    saved = post_json(server, "/api/to-yaml", facts)[2].decode()
    assert "开头: |-\n  第一段。\n\n  第二段。\n" in saved
    assert yaml.safe_load(saved)["开头"] == "第一段。\n\n第二段。"


def test_from_yaml_refuses_a_broken_file_with_diagnostics(server: serve.Server) -> None:
    status, _, body = request(
        server, "POST", "/api/from-yaml", "文种: 年度工作总结\n主要做法: [甲, 乙\n".encode()
    )
    answer = json.loads(body)
    assert status == 422 and answer["error"]["code"] == "not-readable"
    assert [d["code"] for d in answer["diagnostics"]] == ["yaml-syntax"]


def test_dates_come_back_as_iso_strings(server: serve.Server) -> None:
    text = "文种: 专项工作汇报\n单位: 城关镇\n期间: {起: 2019-09-01, 止: 2019-11-30}\n成文日期: 2019-11-25\n"
    data = json.loads(request(server, "POST", "/api/from-yaml", text.encode())[2])["data"]
    assert data["期间"] == {"起": "2019-09-01", "止": "2019-11-30"}
    assert data["成文日期"] == "2019-11-25"


def test_cli_serve_prints_the_local_url_and_stops_on_ctrl_c(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def fake_serve_forever(self: serve.Server, poll_interval: float = 0.5) -> None:
        seen["url"] = self.url
        raise KeyboardInterrupt

    monkeypatch.setattr(serve.Server, "serve_forever", fake_serve_forever)
    out, err = io.StringIO(), io.StringIO()
    assert main(["serve", "--port", "0"], out, err) == 0
    assert out.getvalue().startswith(f"zongjie 网页已启动：{seen['url']}\n")
    assert seen["url"].startswith("http://127.0.0.1:")
    assert out.getvalue().endswith("已停止。\n")
    assert err.getvalue() == ""


def test_cli_serve_on_another_host_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve.Server, "serve_forever", lambda self, poll_interval=0.5: None)
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(socket, "gethostname", lambda: "PC01")
    monkeypatch.setattr(socket, "getfqdn", lambda name="": "PC01.xian.local")
    assert main(["serve", "--host", "0.0.0.0", "--port", "0"], out, err) == 0
    assert err.getvalue().startswith("警告：正在监听 0.0.0.0，")
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("zongjie 网页已启动：http://127.0.0.1:")
    port = lines[0].rstrip("/").rsplit(":", 1)[1]
    assert lines[1] == f"其他电脑请用 http://pc01:{port}/ 或 http://本机IP地址:{port}/ 打开。"


def test_cli_serve_open_starts_the_browser_on_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    import webbrowser

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", opened.append)

    def serve_until_opened(self: serve.Server, poll_interval: float = 0.5) -> None:
        for _ in range(200):
            if opened:
                break
            threading.Event().wait(0.01)
        raise KeyboardInterrupt

    monkeypatch.setattr(serve.Server, "serve_forever", serve_until_opened)
    out, err = io.StringIO(), io.StringIO()
    assert main(["serve", "--port", "0", "--open"], out, err) == 0
    assert opened and out.getvalue().startswith(f"zongjie 网页已启动：{opened[0]}\n")


def test_cli_serve_on_a_busy_port_is_a_usage_error(server: serve.Server) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["serve", "--port", str(server.server_address[1])], out, err) == 2
    assert "端口可能已被占用" in err.getvalue()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_the_command_serves_and_stops_cleanly(sig: int) -> None:
    """The real command in its own process: prints the URL, answers, and stops on Ctrl-C."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "zongjie", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
        encoding="utf-8",
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("zongjie 网页已启动：http://127.0.0.1:")
        port = int(first.rstrip().rstrip("/").rsplit(":", 1)[1])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/api/schema")
        assert conn.getresponse().status == 200
        conn.close()
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=10)
    finally:
        proc.kill() if proc.poll() is None else None
    assert proc.returncode == 0
    assert out.endswith("已停止。\n")
    assert err == ""


def test_from_yaml_reads_a_gbk_file_as_the_loader_does(server: serve.Server) -> None:
    """A facts file saved by Windows Notepad as “ANSI” opens into the form like its UTF-8 twin."""
    text = CHENGGUAN.read_text(encoding="utf-8")
    status, _, body = request(server, "POST", "/api/from-yaml", text.encode("gb18030"))
    assert status == 200
    utf8 = json.loads(request(server, "POST", "/api/from-yaml", text.encode("utf-8"))[2])
    gbk = json.loads(body)
    assert gbk["data"] == utf8["data"] and utf8["diagnostics"] == []
    assert [d["code"] for d in gbk["diagnostics"]] == ["encoding"]  # said above the form
    assert utf8["data"]["单位"]["名称"] == "城关镇" and utf8["data"]["成文日期"] == "2013年12月20日"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--port", "70000"], "zongjie：用法错误：端口应在 0 到 65535 之间，这里是 70000。\n"),
        (["--host", "192.0.2.1", "--port", "0"], "zongjie：无法在 192.0.2.1:0 上启动"),
    ],
)
def test_cli_serve_refuses_a_port_or_address_it_cannot_use(argv: list[str], message: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["serve", *argv], out, err) == 2
    assert err.getvalue().startswith(message)
    assert out.getvalue() == ""


def test_warm_up_drafts_and_writes_without_errors(server: serve.Server) -> None:
    """The background warm-up of `zongjie serve` uses facts that render (a failure there would
    only be silent, so it is checked here)."""
    assert zongjie.check(serve_run._WARM_FACTS) == []
    serve_run.warm(server)


def test_nothing_typed_is_written_to_disk(
    server: serve.Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every route, with a marker in the facts: no file in the working folder or the temp folder
    written since holds it (zongjie's only file there is Jinja's cache of its own templates)."""
    monkeypatch.chdir(tmp_path)
    marker = "磁盘检验标记镇"
    facts = {**MINIMAL, "单位": {"名称": marker}}
    start = time.time() - 1
    for path in ("/api/check", "/api/preview", "/api/render?to=docx", "/api/render?to=md", "/api/to-yaml"):
        assert post_json(server, path, facts)[0] == 200, path
    saved = post_json(server, "/api/to-yaml", facts)[2]
    assert request(server, "POST", "/api/from-yaml", saved)[0] == 200
    needle = marker.encode("utf-8")
    written = []
    for folder in {tmp_path, Path(tempfile.gettempdir())}:
        for dirpath, _, names in os.walk(folder):
            for name in names:
                file = Path(dirpath) / name
                try:
                    if file.is_file() and file.stat().st_mtime >= start:
                        written.append(file)
                        assert needle not in file.read_bytes(), file
                except OSError:
                    continue
    assert not [f for f in written if f.is_relative_to(tmp_path)]


def test_a_bug_is_a_500_in_json_without_a_traceback(
    server: serve.Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(source: Any) -> Any:
        raise KeyError("a bug of ours")

    monkeypatch.setattr(serve.api, "check", broken)
    status, headers, body = post_json(server, "/api/check", MINIMAL)
    assert status == 500 and headers["connection"] == "close"
    assert json.loads(body) == {
        "error": {"code": "internal", "message": "服务器内部错误：请把所用的事实文件报告给维护人员。"}
    }


def test_preview_of_the_formal_parts(server: serve.Server) -> None:
    """版头, 附件 tables and 版记 in the preview: their roles become classes, tables are tables."""
    formal = ROOT / "data_examples" / "zhengshi-gongwen-2024.yaml"
    answer = json.loads(request(server, "POST", "/api/preview", formal.read_bytes())[2])
    html = answer["html"]
    assert answer["ok"] is True
    assert '<p class="role-issuer">中共城关镇委员会文件</p>' in html
    assert '<p class="role-attachment-title">2024年村级党组织书记培训名单</p>' in html
    assert '<table class="role-grouped">' in html
    assert "<th>序号</th>" in html and "<td>王建国</td>" in html
    assert '<p class="role-copy-to">抄送：县委组织部，县纪委监委。</p>' in html
    assert "&lt;!--" not in html and "<p" + ' class="role-grouped"></p>' not in html
