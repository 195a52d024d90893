"""The page of ``zongjie serve`` in a real Chromium (Debian's ``chromium``, driven by Playwright).

Every test runs in a fresh browser context that may only talk to the server on 127.0.0.1:
any other request is aborted and fails the test, and so does any console error or uncaught
exception of the page."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import zongjie
from zongjie import serve, serve_api

from .conftest import EXAMPLES, ROOT, SHARED

CHROMIUM = os.environ.get("ZONGJIE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(
        "Chromium is not installed (Debian: apt-get install chromium; or set ZONGJIE_CHROMIUM)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install -e '.[browser]')"
)
expect = sync_api.expect

CHENGGUAN = ROOT / "data_examples" / "chengguan-annual.yaml"
SHARED_EXAMPLES = sorted(SHARED.glob("*.yaml")) if SHARED.is_dir() else []


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        try:
            b = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        except Exception as exc:  # a chromium that cannot start here
            pytest.skip(f"Chromium at {CHROMIUM} could not be started: {exc}")
        yield b
        b.close()


class Page:
    """A page on the server, recording console errors and every request that tried to leave."""

    def __init__(self, browser: Any, server: serve.Server) -> None:
        self.url = server.url
        self.context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
        self.problems: list[str] = []
        self.outside: list[str] = []
        self.context.route("**/*", self.local_only)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("dialog", lambda d: d.accept())
        self.page.set_default_timeout(10_000)

    def local_only(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(self.url) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self) -> Any:
        self.page.goto(self.url)
        expect(self.page.locator("#facts fieldset").first).to_be_visible()
        return self.page

    def open_file(self, path: Path) -> None:
        form = self.page.locator("#facts")
        opened = int(form.get_attribute("data-opened") or 0)
        self.page.set_input_files("#open", str(path))
        expect(form).to_have_attribute("data-opened", str(opened + 1))

    def facts(self) -> Any:
        return json.loads(self.page.evaluate("JSON.stringify(facts())"))

    def download(self, button: str) -> bytes:
        with self.page.expect_download() as info:
            self.page.click(button)
        return Path(info.value.path()).read_bytes()


@pytest.fixture
def ui(browser: Any, server: serve.Server) -> Iterator[Page]:
    page = Page(browser, server)
    yield page
    page.context.close()
    assert page.problems == []
    assert page.outside == []


def good(page: Any) -> None:
    expect(page.locator("#status")).to_have_text("没有发现问题，可以下载报告。")


def test_opening_chengguan_shows_its_preview(ui: Page) -> None:
    page = ui.open()
    ui.open_file(CHENGGUAN)
    expect(page.locator("#preview h1")).to_have_text("城关镇2013年工作总结")
    good(page)
    want = serve_api.to_html(zongjie.render(CHENGGUAN, to="md").markdown)
    assert page.locator("#preview").inner_html() == want
    assert page.get_by_label("名称").input_value() == "城关镇"


def test_word_and_markdown_downloads_are_the_apis_reports(ui: Page) -> None:
    page = ui.open()
    ui.open_file(CHENGGUAN)
    good(page)
    assert ui.download("#download-docx") == zongjie.render(CHENGGUAN, to="docx").content
    assert ui.download("#download-md").decode("utf-8") == zongjie.render(CHENGGUAN, to="md").content


def _beside(example: Path, folder: Path) -> None:
    """The previous period's file an example names (上期文件), copied beside its saved copy."""
    import shutil

    import yaml

    previous = yaml.safe_load(example.read_text(encoding="utf-8")).get("上期文件")
    if previous:
        shutil.copy(example.parent / previous, folder / previous)


@pytest.mark.parametrize("example", EXAMPLES + SHARED_EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_example_opens_and_saves_back_to_the_same_facts(ui: Page, example: Path, tmp_path: Path) -> None:
    page = ui.open()
    ui.open_file(example)
    if "上期文件" in yaml.safe_load(example.read_text(encoding="utf-8")):  # named, not read, over HTTP: a warning
        expect(page.locator("#status")).to_have_text("可以生成报告；有 1 个警告。")
    else:
        good(page)
    saved = tmp_path / "saved.yaml"
    saved.write_bytes(ui.download("#save-yaml"))
    _beside(example, tmp_path)
    assert zongjie.check(saved) == []
    assert zongjie.load(saved) == zongjie.load(example)
    assert zongjie.render(saved, to="docx").content == zongjie.render(example, to="docx").content
    before = ui.facts()
    ui.open_file(saved)
    assert ui.facts() == before


def test_placeholder_in_the_name_is_shown_beside_it_and_goes_when_fixed(ui: Page) -> None:
    page = ui.open()
    ui.open_file(CHENGGUAN)
    good(page)
    name = page.get_by_label("名称")
    name.fill("X镇")
    beside = page.locator('[data-path="单位.名称"] > .diag')
    expect(beside).to_contain_text("“X”是范文留下的占位符（在“X镇”中）")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#status")).to_have_text("有 1 个错误：改正后才能生成报告（见各栏下方的提示）。")
    expect(page.locator("#preview")).to_have_class("paper stale")
    name.fill("城南镇")
    good(page)
    expect(beside).to_be_hidden()
    expect(page.locator("#preview h1")).to_have_text("城南镇2013年工作总结")


def test_a_minimal_report_from_an_empty_form(ui: Page, tmp_path: Path) -> None:
    page = ui.open()
    page.click("#new")
    name = page.get_by_label("名称")
    name.fill("X村")  # sent as 单位: X村 (the short form), shown beside 名称 all the same
    expect(page.locator('[data-path="单位.名称"] > .diag')).to_contain_text(
        "“X”是范文留下的占位符（在“X村”中）"
    )
    expect(name).to_have_attribute("aria-invalid", "true")
    name.fill("前进村")
    page.get_by_label("期间", exact=True).fill("2024年")
    page.get_by_label("内容（主要做法第1条）").fill("坚持“三会一课”制度，全年召开党员大会4次。")
    problem = page.get_by_label("内容（存在问题第1条）")
    problem.fill("某村党员教育形式比较单一。")  # the item is sent as a plain string
    expect(page.locator('[data-path="存在问题[0].内容"] > .diag')).to_contain_text("“某”是范文留下的占位符")
    problem.fill("党员教育形式比较单一。")
    page.get_by_label("内容（下步打算第1条）").fill("丰富党员教育形式。")
    good(page)
    expect(page.locator('[data-path="单位.名称"] > .diag')).to_be_hidden()
    expect(page.locator("#preview h1")).to_have_text("前进村2024年工作总结")
    facts = ui.facts()
    assert facts["单位"] == "前进村" and facts["主要做法"] == ["坚持“三会一课”制度，全年召开党员大会4次。"]
    saved = tmp_path / "前进村.yaml"
    saved.write_bytes(ui.download("#save-yaml"))
    assert ui.download("#download-docx") == zongjie.render(saved, to="docx").content


def test_a_reload_keeps_the_work(ui: Page) -> None:
    page = ui.open()
    ui.open_file(CHENGGUAN)
    page.get_by_label("署名").fill("中共城关镇委员会办公室")
    good(page)
    before = ui.facts()
    page.reload()
    expect(page.locator("#preview h1")).to_have_text("城关镇2013年工作总结")
    assert page.get_by_label("署名").input_value() == "中共城关镇委员会办公室"
    assert ui.facts() == before
    expect(page.locator(".role-signature")).to_have_text("中共城关镇委员会办公室")


def test_items_are_added_moved_and_removed_down_to_the_fourth_level(ui: Page) -> None:
    page = ui.open()
    ui.open_file(CHENGGUAN)
    good(page)
    page.get_by_role("button", name="添加主要做法", exact=True).click()
    page.get_by_label("标题（主要做法第6条）").fill("加强阵地建设")
    page.get_by_label("内容（主要做法第6条）").fill("新建党员活动室2个。")
    page.get_by_role("button", name="上移主要做法第6条", exact=True).click()
    titles = [i.get("标题") for i in ui.facts()["主要做法"]]
    assert titles[4:] == ["加强阵地建设", "落实待遇，不断加强老干部服务工作"]
    focused = "document.activeElement.getAttribute('aria-label')"
    assert page.evaluate(focused) == "上移主要做法第5条"  # the focus moved with the item
    page.get_by_role("button", name="删除主要做法第1条", exact=True).click()
    assert ui.facts()["主要做法"][0]["标题"] == "统筹推进，加强三类新社区和党建示范长廊建设"
    assert page.evaluate(focused) == "删除主要做法第1条"  # now the next item's
    # the section is level 1 (一、), its items level 2 （一）; then 1. and （1）: the schema has no
    # 条目 below that, and neither has the form
    page.get_by_role("button", name="下步打算第1条：添加下一级条目").click()
    page.get_by_label("标题（下步打算第1条·第1条）").fill("第三级")
    page.get_by_role("button", name="下步打算第1条·第1条：添加下一级条目").click()
    page.get_by_label("内容（下步打算第1条·第1条·第1条）").fill("第四级的内容。")
    page.get_by_role("button", name="下步打算第1条·第1条：添加下一级条目").click()
    page.get_by_label("内容（下步打算第1条·第1条·第2条）").fill("第四级的另一条。")
    assert page.get_by_role("button", name="下步打算第1条·第1条·第1条：添加下一级条目").count() == 0
    assert page.get_by_label("标题（下步打算第1条·第1条·第1条）").count() == 1
    good(page)
    level3 = [{"标题": "第三级", "条目": ["第四级的内容。", "第四级的另一条。"]}]
    assert ui.facts()["下步打算"][0]["条目"] == level3
    expect(page.locator("#preview")).to_contain_text("第四级的另一条。")
    want = serve_api.to_html(zongjie.render(ui.facts(), to="md").markdown)
    assert page.locator("#preview").inner_html() == want


def test_figures_rows_and_their_diagnostics(ui: Page) -> None:
    page = ui.open()
    ui.open_file(CHENGGUAN)
    page.get_by_role("button", name="添加主要做法第1条的数据").click()
    rows = page.locator('[data-path^="主要做法[0].数据"].row')
    row = rows.last
    row.get_by_label("项目").fill("发放学习资料")
    row.get_by_label("数量").fill("XX册")
    beside = page.locator('[data-path="主要做法[0].数据.发放学习资料"].row')
    expect(beside).to_contain_text("占位符")
    row.get_by_label("数量").fill("300")
    expect(beside.locator(".diag.warning")).to_contain_text("“发放学习资料: 300”没有单位")
    assert ui.facts()["主要做法"][0]["数据"]["发放学习资料"] == 300
    row.get_by_label("数量").fill("300册")
    good(page)
    expect(page.locator("#preview")).to_contain_text("发放学习资料300册")
    row.get_by_label("项目").fill("抽调优秀干部")
    expect(page.locator("#problems")).to_contain_text("“抽调优秀干部”写了两次：请合并或改名。")


def test_pasted_word_text_is_cleaned(ui: Page) -> None:
    page = ui.open()
    ui.open_file(CHENGGUAN)
    field = page.get_by_label("署名")
    field.fill("")
    field.focus()
    page.evaluate(
        """text => {
        const data = new DataTransfer();
        data.setData("text/plain", text);
        document.activeElement.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
    }""",
        "\u3000\u3000中共\u00a0城关镇\u200b委员会\u200d“办公室”\r\n",
    )
    assert field.input_value() == "中共城关镇委员会“办公室”"
    expect(page.locator(".role-signature")).to_have_text("中共城关镇委员会“办公室”")


def test_every_control_has_a_label(ui: Page) -> None:
    page = ui.open()
    ui.open_file(CHENGGUAN)
    unlabeled = page.evaluate(
        """() => [...document.querySelectorAll("input, select, textarea")]
            .filter(c => !(c.labels && c.labels.length) && !c.getAttribute("aria-label"))
            .map(c => c.id)"""
    )
    assert unlabeled == []
    assert page.get_by_label("文种").input_value() == "年度工作总结"


def test_profile_rows_name_where_they_are(ui: Page) -> None:
    page = ui.open()
    ui.open_file(ROOT / "data_examples" / "shisidaogou-2019-special.yaml")
    good(page)
    page.get_by_role("button", name="添加概况→党员的结构").click()
    page.get_by_label("项目（概况→党员·结构第1行）").fill("女党员")
    page.get_by_label("数量（概况→党员·结构第1行）").fill("300名")
    beside = page.locator('[data-path="概况.党员.结构.女党员"].row .diag.error')
    expect(beside).to_contain_text("女党员")
    assert ui.facts()["概况"]["党员"]["结构"] == {"女党员": "300名"}
    page.get_by_label("数量（概况→党员·结构第1行）").fill("52名")
    good(page)
    expect(page.locator("#preview")).to_contain_text("女党员52名，占19.2%")


def test_the_form_follows_the_schema_as_the_model_grows(ui: Page) -> None:
    """A key the model gains appears in the form with no change to the page: here the schema is
    served with two keys zongjie does not have (an object and a table of rows)."""
    schema = json.loads(json.dumps(zongjie.schema()))
    schema["properties"]["联系人"] = {
        "type": "object",
        "title": "联系人",
        "properties": {
            "姓名": {"type": "string", "title": "姓名"},
            "电话": {"type": "string", "title": "电话"},
        },
    }
    schema["properties"]["统计表"] = {"type": "array", "title": "统计表", "items": {"type": "array"}}
    ui.context.unroute("**/*")
    ui.context.route(
        "**/*",
        lambda route: (
            route.fulfill(json=schema) if route.request.url == ui.url + "api/schema" else ui.local_only(route)
        ),
    )
    page = ui.open()
    data = {**json.loads(json.dumps(MINIMAL_FACTS)), "联系人": {"姓名": "张三"}, "统计表": [["序号", "姓名"]]}
    page.evaluate("data => { root = toUi(schema, data); rerender(); }", data)
    assert ui.facts() == data
    page.get_by_label("电话").fill("0431-1234567")
    page.get_by_label("统计表（JSON）").fill('[["序号", "姓名"], [1, "王建国"]]')
    facts = ui.facts()
    assert facts["联系人"] == {"姓名": "张三", "电话": "0431-1234567"}
    assert facts["统计表"] == [["序号", "姓名"], [1, "王建国"]]
    # the server does not know them, and says so beside them
    expect(page.locator('[data-path="联系人"]').first).to_contain_text("未知字段“联系人”")


MINIMAL_FACTS = {
    "文种": "年度工作总结",
    "单位": "前进镇",
    "期间": "2024年",
    "主要做法": ["全年召开党员大会4次。"],
    "存在问题": ["形式单一。"],
    "下步打算": ["丰富形式。"],
}


def test_the_formal_parts_of_a_document(ui: Page) -> None:
    """版头, 版记 and 附件 from the schema: a yes/no as a select, 抄送 as rows, a table either
    built in or written as rows."""
    page = ui.open()
    ui.open_file(ROOT / "data_examples" / "zhengshi-gongwen-2024.yaml")
    good(page)
    assert page.get_by_label("文件", exact=True).input_value() == "是"
    page.get_by_label("文件", exact=True).select_option("否")
    expect(page.locator("#preview")).not_to_contain_text("中共城关镇委员会文件")
    assert page.get_by_label("第2点（版记·抄送）").input_value() == "县纪委监委"
    page.get_by_role("button", name="删除版记·抄送第2点").click()
    good(page)
    assert ui.facts()["版记"]["抄送"] == "县委组织部"  # one name is written as itself
    page.get_by_role("button", name="添加版记的抄送").click()
    page.get_by_label("第2点（版记·抄送）").fill("县纪委")
    good(page)
    assert ui.facts()["版记"]["抄送"] == ["县委组织部", "县纪委"]
    assert page.get_by_label("表格的写法").first.input_value() == "0"  # 附件1: built in
    expect(page.get_by_label("表格（附件第1条）")).to_have_value("党员结构")
    assert (
        page.get_by_label("表格（JSON）（附件第2条）")
        .input_value()
        .startswith('[["序号","姓名","单位","职务"]')
    )
    page.get_by_label("表格的写法").first.select_option(label="自己填写（JSON）")
    page.get_by_label("表格（JSON）（附件第1条）").fill('[["项目", "数量"], ["党员", 271]]')
    good(page)
    assert ui.facts()["附件"][0]["表格"] == [["项目", "数量"], ["党员", 271]]


def test_a_download_with_errors_is_refused_in_the_page(ui: Page) -> None:
    page = ui.open()
    ui.open_file(CHENGGUAN)
    good(page)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.get_by_label("期间", exact=True).fill("XX年")
    page.click("#download-docx")
    expect(page.locator("#status")).to_have_text("有 2 个错误，不能生成报告：请先按各栏下方的提示修改。")
    assert not any("/api/render" in url for url in requests)


def test_a_stopped_server_is_said_in_the_status_line(ui: Page) -> None:
    page = ui.open()
    ui.open_file(CHENGGUAN)
    good(page)
    ui.context.route("**/api/**", lambda route: route.abort())
    with page.expect_console_message(lambda m: "ERR_FAILED" in m.text):
        page.click("#save-yaml")
    expect(page.locator("#status")).to_have_text(
        "无法完成：请确认 zongjie serve 仍在运行（命令行窗口没有关闭），然后再试。"
    )
    # the browser's own line about the aborted request is expected here, and nothing else
    assert ui.problems == ["console: Failed to load resource: net::ERR_FAILED"]
    ui.problems.clear()


def test_the_period_as_start_and_end_dates(ui: Page) -> None:
    page = ui.open()
    ui.open_file(CHENGGUAN)
    good(page)
    page.get_by_label("期间的写法").select_option("起、止")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "期间的写法"
    page.get_by_label("起", exact=True).fill("2013-01-01")
    page.get_by_label("止", exact=True).fill("2013-06-30")
    good(page)
    assert ui.facts()["期间"] == {"起": "2013-01-01", "止": "2013-06-30"}
    expect(page.locator("#preview h1")).to_have_text("城关镇2013年上半年工作总结")


def test_an_unknown_key_is_shown_with_its_diagnostic_and_can_be_removed(ui: Page, tmp_path: Path) -> None:
    facts = tmp_path / "备注.yaml"
    facts.write_text(CHENGGUAN.read_text(encoding="utf-8") + "\n标提: 城关镇工作总结\n", encoding="utf-8")
    page = ui.open()
    ui.open_file(facts)
    beside = page.locator('[data-path="标提"] > .diag')
    expect(beside).to_contain_text("未知字段“标提”")
    expect(page.locator('[data-path="标提"]')).to_contain_text("表单不认识的字段“标提”")
    page.get_by_role("button", name="删去这个字段").click()
    good(page)
    assert "标提" not in ui.facts()


def test_a_figure_with_parts(ui: Page, tmp_path: Path) -> None:
    """数据 as a mapping (总数, 其中): the figure is one field, its parts fold out under it."""
    facts = tmp_path / "培训.yaml"
    facts.write_text(
        "文种: 年度工作总结\n单位: 城关镇\n期间: 2013年\n"
        "主要做法:\n  - 标题: 加强教育培训\n    数据:\n"
        "      培训党员干部: {总数: 10785人次, 其中: {棉花种植: 3800人次}}\n      培训班: 2期\n"
        "存在问题: [培训形式单一。]\n下步打算: [丰富培训形式。]\n",
        encoding="utf-8",
    )
    page = ui.open()
    ui.open_file(facts)
    good(page)
    expect(page.locator("#preview")).to_contain_text("培训党员干部10785人次，其中棉花种植3800人次")
    assert page.get_by_label("数量（主要做法第1条·数据第1行）").input_value() == "10785人次"
    assert page.get_by_label("数量（主要做法第1条·数据第1行·其中第1行）").input_value() == "3800人次"
    # the second figure is plain; give it a part
    second = page.locator('[data-path="主要做法[0].数据.培训班"].row')
    second.locator("summary").click()
    page.get_by_role("button", name="添加主要做法第1条·数据第2行的其中").click()
    page.get_by_label("项目（主要做法第1条·数据第2行·其中第1行）").fill("村干部培训班")
    page.get_by_label("数量（主要做法第1条·数据第2行·其中第1行）").fill("3期")
    expect(second).to_contain_text("“其中”各项之和为3，超过总数2期")
    page.get_by_label("数量（主要做法第1条·数据第2行·其中第1行）").fill("1期")
    good(page)
    assert ui.facts()["主要做法"][0]["数据"]["培训班"] == {"总数": "2期", "其中": {"村干部培训班": "1期"}}
    expect(page.locator("#preview")).to_contain_text("培训班2期，其中村干部培训班1期")


def test_problems_of_an_opened_file_are_listed_above_the_form(ui: Page, tmp_path: Path) -> None:
    twice = tmp_path / "重复.yaml"
    twice.write_text(CHENGGUAN.read_text(encoding="utf-8") + "\n署名: 城关镇党委\n", encoding="utf-8")
    broken = tmp_path / "坏的.yaml"
    broken.write_text("文种: 年度工作总结\n期间: [2013年\n", encoding="utf-8")
    page = ui.open()
    ui.open_file(twice)
    good(page)
    notice = page.locator("#notice")
    expect(notice).to_contain_text("打开 重复.yaml 时发现：")
    expect(notice).to_contain_text("字段“署名”重复（第9行已写过）")
    before = ui.facts()
    with page.expect_console_message(lambda m: "422" in m.text):  # the browser logs the 422 itself
        page.set_input_files("#open", str(broken))
    expect(notice).to_contain_text("打开 坏的.yaml 时发现：")
    expect(notice).to_contain_text("错误（第 3 行）：YAML 格式错误")
    expect(page.locator("#status")).to_have_text("坏的.yaml：无法把这个文件读进表单：请先按提示修改文件。")
    assert ui.facts() == before  # the form keeps what it had
    page.click("#new")
    expect(notice).to_be_hidden()
    [logged] = ui.problems
    assert logged.startswith("console: Failed to load resource: the server responded with a status of 422")
    ui.problems.clear()
