"""Regenerate docs/images/web-page.png: the page of `zongjie serve` with an example opened.

    pip install -e ".[browser]"         # Playwright; the browser is Debian's chromium
    python docs/screenshot.py [--chromium /usr/bin/chromium] [-o docs/images/web-page.png]

Starts the server on a free port of 127.0.0.1, opens data_examples/chengguan-annual.yaml in the
page, types a date of writing before the period (so that a warning shows beside its field), waits
for the preview and takes a 1400×900 screenshot.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from zongjie import serve  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("-o", "--output", default=str(ROOT / "docs" / "images" / "web-page.png"))
    args = parser.parse_args()

    server = serve.make_server("127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(server.url)
        expect(page.locator("#facts fieldset").first).to_be_visible()  # the form is built
        page.set_input_files("#open", str(ROOT / "data_examples" / "chengguan-annual.yaml"))
        expect(page.locator("#preview h1")).to_have_text("城关镇2013年工作总结")
        page.get_by_label("成文日期").fill("2012年12月20日")
        expect(page.locator('[data-path="成文日期"] > .diag')).to_contain_text("早于")
        page.locator('[data-path="期间"]').scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, 120)")
        page.screenshot(path=args.output)
        browser.close()
    server.shutdown()
    server.server_close()
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
