"""Running ``zongjie serve`` from the command line: start, warm up, say where, stop on Ctrl-C."""

from __future__ import annotations

import signal
import threading
from typing import TextIO

from . import serve_api as api
from .serve import Server, _is_loopback, _schema, make_server

_WARM_FACTS = {
    "文种": "年度工作总结",
    "单位": "城关镇",
    "期间": "2013年",
    "主要做法": [{"标题": "加强党员教育", "内容": "举办培训班。", "数据": {"培训党员": "120名"}}],
    "存在问题": ["学习教育的形式还不够丰富。"],
    "下步打算": ["创新学习教育形式。"],
}


def warm(server: Server) -> None:
    """Import and compile what the first preview and the first .docx need (~0.3 s), in the
    background while the user opens the page, so the first answer is as fast as the others."""
    source = api.Source(_WARM_FACTS, "warm-up")
    with server.lock:
        _schema()
        api.preview(source)
        api.render(source, "docx")


def main(host: str, port: int, open_browser: bool, out: TextIO, err: TextIO) -> int:
    """Run until Ctrl-C; returns the exit status (the command line's ``zongjie serve``)."""
    from .constants import EXIT_OK, EXIT_USAGE

    if not 0 <= port <= 65535:
        err.write(f"zongjie：用法错误：端口应在 0 到 65535 之间，这里是 {port}。\n")
        return EXIT_USAGE
    try:
        server = make_server(host, port)
    except (OSError, UnicodeError) as exc:  # a busy port, an address that is not this computer's
        err.write(
            f"zongjie：无法在 {host}:{port} 上启动（{getattr(exc, 'strerror', None) or exc}）："
            "端口可能已被占用（请用 --port 换一个，--port 0 自动选择），或 --host 不是本机的地址。\n"
        )
        return EXIT_USAGE
    out.write(f"zongjie 网页已启动：{server.url}\n")
    if not _is_loopback(host):
        err.write(
            f"警告：正在监听 {host}，同一网络中的其他电脑也能打开此页面并提交内容；"
            "zongjie 不验证身份，请只在可信的单位内网中使用。\n"
        )
        port = server.server_address[1]
        out.write(
            f"其他电脑请用 http://{server.hostname or host}:{port}/ 或 http://本机IP地址:{port}/ 打开。\n"
        )
    out.write("在浏览器中打开上面的地址；按 Ctrl-C 停止。\n")
    out.flush()
    threading.Thread(target=warm, args=(server,), daemon=True).start()
    if open_browser:
        import webbrowser

        threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
    previous = None
    if threading.current_thread() is threading.main_thread():  # a service manager's SIGTERM = Ctrl-C
        previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        out.write("已停止。\n")
    finally:
        server.server_close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return EXIT_OK
