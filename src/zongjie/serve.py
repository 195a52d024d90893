"""``zongjie serve``: a local web page for writing a facts file, and an HTTP API for office tools.

The server is the standard library's :class:`http.server.ThreadingHTTPServer`: importing this
module and starting takes a few tens of milliseconds and adds no dependency (docs/web.md gives
the measurements). It listens on 127.0.0.1 unless told otherwise and answers only requests
whose ``Host`` is an IP address, ``localhost`` or (on an intranet address) this computer's
names, so a web site cannot reach it through DNS rebinding; it refuses a cross-site ``Origin``
on POST, caps the request body (413), and keeps nothing: every request is answered from memory
and forgotten.

Routes (all answers to /api/ are JSON unless they are a report):

    GET  /                         the page (src/zongjie/web/: index.html, form.js, app.js, style.css)
    GET  /api/schema               JSON Schema of a facts file
    POST /api/check                facts (JSON or YAML) → diagnostics
    POST /api/render?to=docx|md    facts → the report's bytes, or 422 with diagnostics
    POST /api/preview              facts → diagnostics and the report as HTML (the page's preview)
    POST /api/to-yaml              facts as JSON → a YAML facts file
    POST /api/from-yaml            a YAML facts file → its facts as JSON (for the form)
"""

from __future__ import annotations

import ipaddress
import json
import socket
import threading
from collections.abc import Callable
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from . import serve_api as api

DEFAULT_PORT = 8765
WEB = Path(__file__).resolve().parent / "web"
STATIC = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/index.html": ("index.html", "text/html; charset=utf-8"),
    "/form.js": ("form.js", "text/javascript; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/style.css": ("style.css", "text/css; charset=utf-8"),
}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
#: Refused query parameters: user templates and reference documents are for the command line only.
FORBIDDEN = {"templates": "模板", "reference_doc": "样式参考文档", "reference-doc": "样式参考文档"}
DRAIN_LIMIT = 64 * 1024 * 1024  # an over-large body is read and dropped up to this much, so the 413 arrives


@cache
def _static(name: str) -> bytes:
    return (WEB / name).read_bytes()


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _host_name(header: str) -> str:
    """The host of a ``Host`` header (``[::1]:8765`` → ``::1``), lower case, no trailing dot."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else ""
    return header.rsplit(":", 1)[0].rstrip(".") if header.count(":") <= 1 else header


class Server(ThreadingHTTPServer):
    """The HTTP server; ``names`` are the host names (besides IP addresses) it answers to."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, host: str, port: int) -> None:
        self.names = {"localhost"}
        self.hostname = ""
        if not _is_loopback(host):  # this computer's name too, short and full (pc01, pc01.xian.local)
            self.hostname = socket.gethostname().lower()
            self.names |= {host.lower(), self.hostname, socket.getfqdn().lower()}
        self.lock = threading.Lock()  # zongjie's calls, one at a time: cheap, and no shared-state surprises
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def server_close(self) -> None:
        """Stop listening and end the open (keep-alive) connections, so their threads finish."""
        super().server_close()
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A connection that failed (the client went away): nothing to report — the library never
        prints, and errors of zongjie itself are answered as 500 by the handler."""

    def host_allowed(self, header: str | None) -> bool:
        if not header:
            return False
        name = _host_name(header)
        if name in self.names:
            return True
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else str(host)
        return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


class Handler(BaseHTTPRequestHandler):
    server: Server
    server_version = "zongjie"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 120  # seconds a connection may stay silent (an idle keep-alive, a stalled body)
    _too_large = 0  # the length of a refused body, to drain after the 413
    disable_nagle_algorithm = True  # headers and body are two writes: without this, 40 ms of delayed ACK each

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the library prints nothing; the command line says what it needs to

    # ------------------------------------------------------------------ answers

    def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for key, value in {**SECURITY_HEADERS, **(extra or {})}.items():
            self.send_header(key, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, value: Any, extra: dict[str, str] | None = None) -> None:
        body = json.dumps(value, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8", extra)

    def _error(self, exc: api.ApiError) -> None:
        self._json(exc.status, exc.to_dict(), exc.headers)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The base class's own errors (a malformed request line, an unsupported method) as JSON."""
        self.close_connection = True
        text = {400: "请求格式不正确。", 501: "不支持这种请求方法。"}.get(code, message or "请求出错。")
        try:
            self._json(code, {"error": {"code": f"http-{code}", "message": text}})
        except OSError:
            pass

    # ------------------------------------------------------------------ guards

    def _guard(self) -> None:
        if not self.server.host_allowed(self.headers.get("Host")):
            raise api.ApiError(
                403,
                "host-not-allowed",
                "请求的主机名不被接受：请用 http://127.0.0.1:端口/ 打开页面（防止其他网站借 DNS 重绑定访问本机）。",
            )

    def _guard_origin(self) -> None:
        origin = self.headers.get("Origin")
        if origin is None:
            return
        if urlsplit(origin).netloc.lower() != (self.headers.get("Host") or "").lower():
            raise api.ApiError(403, "origin-not-allowed", "不接受来自其他网站的请求。")

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            raise api.ApiError(411, "length-required", "请求须带 Content-Length（不支持分块传输）。")
        length_text = self.headers.get("Content-Length")
        try:
            length = int(length_text) if length_text is not None else -1
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            raise api.ApiError(411, "length-required", "请求须带 Content-Length。")
        if length > api.MAX_BODY:
            self.close_connection = True
            self._too_large = length
            raise api.ApiError(
                413,
                "too-large",
                f"请求内容有 {length / 1048576:.1f} MB，超过 {api.MAX_BODY // 1048576} MB 上限："
                "事实文件只需文字，请删去粘贴进来的图片或附件内容。",
            )
        return self.rfile.read(length)

    def _drain(self) -> None:
        """Read and drop the rest of a refused body (up to a limit), so the client sees the 413."""
        left = min(self._too_large, DRAIN_LIMIT)
        self.connection.settimeout(5)
        try:
            while left > 0:
                chunk = self.rfile.read1(min(left, 1 << 16)) if hasattr(self.rfile, "read1") else b""
                if not chunk:
                    break
                left -= len(chunk)
        except OSError:
            pass

    # ------------------------------------------------------------------ methods

    def do_GET(self) -> None:
        self._handle(self._get)

    def do_HEAD(self) -> None:
        self._handle(self._get)

    def do_POST(self) -> None:
        self._handle(self._post)

    def do_PUT(self) -> None:
        self._handle(self._other)

    do_DELETE = do_PATCH = do_PUT

    def _handle(self, route: Callable[[str, dict[str, list[str]]], None]) -> None:
        url = urlsplit(self.path)
        try:
            self._guard()
            route(url.path, parse_qs(url.query))
        except api.ApiError as exc:
            self._error(exc)
            if exc.status == 413:
                self._drain()
        except Exception:  # a bug of ours: say so as JSON, never with a traceback to the client
            self.close_connection = True
            self._json(
                500,
                {
                    "error": {
                        "code": "internal",
                        "message": "服务器内部错误：请把所用的事实文件报告给维护人员。",
                    }
                },
            )

    def _other(self, path: str, query: dict[str, list[str]]) -> None:
        allow = "POST" if path in ROUTES else "GET, HEAD"
        raise api.ApiError(405, "method-not-allowed", "不支持这种请求方法。", headers={"Allow": allow})

    def _get(self, path: str, query: dict[str, list[str]]) -> None:
        if path in STATIC:
            name, ctype = STATIC[path]
            self._send(200, _static(name), ctype)
        elif path == "/api/schema":
            self._json(200, _schema())
        elif path == "/favicon.ico":
            self._send(204, b"", "image/x-icon")
        elif path in ROUTES:
            raise api.ApiError(
                405, "method-not-allowed", "这个地址只接受 POST 请求。", headers={"Allow": "POST"}
            )
        else:
            raise api.ApiError(404, "not-found", f"没有这个地址：{path}")

    def _post(self, path: str, query: dict[str, list[str]]) -> None:
        if path not in ROUTES:
            if path in STATIC or path == "/api/schema":
                raise api.ApiError(
                    405, "method-not-allowed", "这个地址只接受 GET 请求。", headers={"Allow": "GET, HEAD"}
                )
            raise api.ApiError(404, "not-found", f"没有这个地址：{path}")
        self._guard_origin()
        for name, what in FORBIDDEN.items():
            if name in query:
                raise api.ApiError(
                    400, "templates-not-accepted", f"网页接口不接受自定义{what}：请在命令行中使用。"
                )
        body = self._body()
        with self.server.lock:
            ROUTES[path](self, body, {k: v[-1] for k, v in query.items()})

    # ------------------------------------------------------------------ API

    def _source(self, body: bytes, query: dict[str, str]) -> api.Source:
        return api.source_of(body, self.headers.get("Content-Type", ""), query.get("file"))

    def api_check(self, body: bytes, query: dict[str, str]) -> None:
        self._json(200, api.check(self._source(body, query)))

    def api_preview(self, body: bytes, query: dict[str, str]) -> None:
        self._json(200, api.preview(self._source(body, query), query.get("kind")))

    def api_render(self, body: bytes, query: dict[str, str]) -> None:
        content, ctype, name, warnings = api.render(
            self._source(body, query), query.get("to", "docx"), query.get("kind")
        )
        from urllib.parse import quote

        disposition = f"attachment; filename=\"report{Path(name).suffix}\"; filename*=UTF-8''{quote(name)}"
        self._send(
            200, content, ctype, {"Content-Disposition": disposition, "X-Zongjie-Warnings": str(warnings)}
        )

    def api_to_yaml(self, body: bytes, query: dict[str, str]) -> None:
        self._send(200, api.to_yaml(api.parse_json(body)).encode("utf-8"), "application/yaml; charset=utf-8")

    def api_from_yaml(self, body: bytes, query: dict[str, str]) -> None:
        self._json(200, api.from_yaml(body))


ROUTES: dict[str, Callable[[Handler, bytes, dict[str, str]], None]] = {
    "/api/check": Handler.api_check,
    "/api/render": Handler.api_render,
    "/api/preview": Handler.api_preview,
    "/api/to-yaml": Handler.api_to_yaml,
    "/api/from-yaml": Handler.api_from_yaml,
}


@cache
def _schema() -> dict[str, object]:
    import zongjie

    return zongjie.schema()


def make_server(host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> Server:
    """A bound, listening server (``port=0`` picks a free port); call ``serve_forever()``."""
    return Server(host, port)
