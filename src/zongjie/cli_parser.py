"""The command line's parser: every command, option and help text, in Chinese."""

from __future__ import annotations

import argparse

from .__about__ import __version__


def build_parser() -> argparse.ArgumentParser:
    from .argparse_zh import Parser

    p = Parser(
        prog="zongjie",
        description="zongjie（总结）：从事实文件起草基层党组织工作总结、工作汇报。",
        epilog="示例：\n  zongjie init -o 事实.yaml\n  zongjie check 事实.yaml\n  zongjie render 事实.yaml -o 报告.docx\n\n"
        "事实文件的完整写法：zongjie help facts\n\n"
        "退出码：0 成功；1 事实文件有错误；2 用法错误；3 模板错误；4 无法写出文件；130 已中断。",
    )
    p.add_argument("--version", action="version", version=f"zongjie {__version__}", help="显示版本并退出")
    sub = p.add_subparsers(dest="command", title="命令", metavar="命令", parser_class=Parser)

    from .constants import KINDS

    c = sub.add_parser(
        "check",
        help="检查事实文件，列出所有错误和警告",
        description="检查事实文件，列出所有错误和警告（文件:行:列）。\n"
        "加 --fix 时先自动改正输入法造成的机械错误，原文件保留为“文件名.bak”。",
    )
    c.add_argument(
        "files", nargs="+", metavar="文件或文件夹", help="事实文件（.yaml），或含事实文件的文件夹；“-”表示从标准输入读取"
    )
    c.add_argument("--strict", action="store_true", help="有警告也算失败（退出码 1）")
    c.add_argument(
        "--fix",
        action="store_true",
        help="自动改正输入法造成的机械错误（全角冒号、全角空格、零宽字符、手写序号等），原文件另存为 .bak，再检查",
    )
    c.add_argument("--format", choices=["text", "json"], default="text", help="输出格式：text（默认）或 json")
    c.add_argument("--previous", metavar="文件", help="上期的事实文件（优先于文件中的“上期文件”），一并检查")

    r = sub.add_parser(
        "render",
        help="生成报告（默认 .docx）",
        description="检查事实文件并生成报告。不写 -o 时，在当前文件夹生成与事实文件同名的 .docx；"
        "格式按 -o 的扩展名（.md / .docx / .pdf）决定，--to 优先；-o - 把 Markdown 输出到屏幕。"
        "生成 PDF 需要安装 LibreOffice。\n"
        "可一次给出多个文件或文件夹（在其中查找 .yaml/.yml），用 -d 指定输出文件夹、--jobs 指定并行进程数。",
    )
    r.add_argument(
        "files", nargs="+", metavar="文件或文件夹", help="事实文件（.yaml），或含事实文件的文件夹；“-”表示从标准输入读取"
    )
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
    r.add_argument(
        "--previous", metavar="文件", help="上期的事实文件，报告中与上期比较（优先于文件中的“上期文件”）"
    )

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

    h = sub.add_parser(
        "help",
        help="显示帮助；zongjie help facts 显示事实文件写法（完整说明）",
        description="显示帮助。zongjie help facts 显示事实文件的完整写法和全部检查项目；"
        "zongjie help 命令 显示该命令的用法。",
    )
    h.add_argument("topic", nargs="?", metavar="主题", help="facts（事实文件写法），或一个命令名，如 check")

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
    i.add_argument(
        "--xlsx", metavar="台账.xlsx", help="改为生成多个单位的汇总表格（Excel，每行一个单位），供 zongjie rollup 汇总"
    )
    i.add_argument("--units", metavar="文件", help="与 --xlsx 同用：单位名单（每行一个单位），预先填入表格第一列")

    u = sub.add_parser(
        "rollup",
        help="汇总多个单位的事实文件或汇总表格",
        description="把多个单位（同一期间）的事实文件或汇总表格（.xlsx）中名称相同的数字相加，重新计算占比，"
        "起草全单位的报告（含各单位主要数据表和合计行），或输出汇总表格（.xlsx）、汇总后的事实文件（.yaml，"
        "注释中列出每项数字的来源）。期间不同、单位重复、名称不统一的数字都会指出（文件:行:列 或 表格单元格）。",
    )
    u.add_argument("files", nargs="+", metavar="文件或文件夹", help="事实文件（.yaml）、含事实文件的文件夹或汇总表格（.xlsx）")
    u.add_argument("-o", "--output", metavar="输出", help="输出文件：.docx（默认）、.md、.xlsx 或 .yaml；“-”输出 Markdown 到屏幕")
    u.add_argument("--unit", metavar="名称", help="汇总单位的名称，如“前进镇”（报告的单位）")
    u.add_argument("--kind", choices=KINDS, metavar="文种", help="汇总报告的文种（默认与各单位相同）")
    u.add_argument("--reference-doc", metavar="文件", help="样式参考文档（.docx），生成 .docx 时使用")
    u.add_argument("--strict", action="store_true", help="有警告也不生成（退出码 1）")

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
