"""Diagnostics as data: what is wrong, where, and how to fix it.

Library code never prints; it returns or raises :class:`Diagnostic` objects and
only the command line turns them into text.  Every code is registered in
:data:`CODES` with its severity and a one-line Chinese description, so the
documentation and the JSON output can list them and tests can check that no
unregistered code is ever produced.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]

SEVERITY_ZH: dict[str, str] = {"error": "错误", "warning": "警告"}


@dataclass(frozen=True)
class Code:
    severity: Severity
    summary: str
    example: str = ""


#: Every diagnostic code zongjie can produce.  Stable: tools may match on them.
CODES: dict[str, Code] = {
    # --- reading the file -------------------------------------------------
    "file-not-found": Code("error", "找不到事实文件或无法读取"),
    "file-too-large": Code("error", "文件超过大小上限（4 MB）", "（一个超过 4 MB 的文件）"),
    "empty-file": Code("error", "文件是空的", "（一个空文件）"),
    "binary-file": Code("error", "不是文本文件（可能选错了文件）", "（一个 .docx 或图片文件）"),
    "encoding": Code(
        "warning",
        "文件不是 UTF-8 编码，已按 GB18030（GBK）或 UTF-16 读取",
        "（用 Windows 记事本“ANSI”编码保存的文件）",
    ),
    "bad-encoding": Code("error", "无法识别文件编码"),
    "control-char": Code("error", "文字中含有不可见的控制字符，会损坏 .docx", '内容: "投资\\x07万元"'),
    "private-use": Code("warning", "文字中有私用区字符（造字的生僻字），须有含这些字的字体"),
    "yaml-syntax": Code("error", "YAML 格式错误", "主要做法: [甲, 乙"),
    "fullwidth-colon": Code("error", "字段名后用了全角冒号“：”或缺少空格", "单位：城关镇"),
    "odd-space": Code("error", "缩进或冒号后用了全角空格（U+3000）或不间断空格（U+00A0）", "单位:\u00a0城关镇"),
    "list-dash": Code("error", "列表项缺少“- ”，或用了全角“－”", "要点:\n  - 甲\n  乙"),
    "curly-quotes": Code("error", "全角引号“…”当作了 YAML 引号，其中的“: ”仍被当作冒号", "内容: “会议: 3次”"),
    "zero-width": Code("warning", "文字中有零宽字符（已自动去掉）", "内容: 召开\u200b会议"),
    "key-in-text": Code("warning", "列表项以“标题：”等字段名加全角冒号开头，会整段印成文字", "- 标题：加强组织建设"),
    "comment-cut": Code("warning", "文字中“ #”后的内容被当作注释，不会印出", "内容: 开展 #主题党日# 活动"),
    "duplicate-key": Code("error", "同一字段写了两次", "标题: 甲\n标题: 乙"),
    "alias-limit": Code("error", "YAML 锚点/别名展开过多"),
    "too-deep": Code("error", "嵌套层次过深"),
    "not-mapping": Code("error", "文件顶层必须是“字段: 值”的形式", "- 文种: 年度工作总结"),
    # --- shape of the facts -------------------------------------------------
    "unknown-key": Code("error", "未知字段（会提示最接近的字段名）", "党员总: 300"),
    "missing-key": Code("error", "缺少必填字段", "（没有“存在问题”）"),
    "empty-value": Code("error", "必填内容尚未填写", "单位:"),
    "wrong-type": Code("error", "值的类型不对（文字、数字、列表或“字段: 值”）", "主要做法: 抓党建"),
    "unknown-kind": Code("error", "未知的文种", "文种: 年终总结"),
    "empty-section": Code("error", "主要做法、存在问题、下步打算不能为空", "存在问题: []"),
    "empty-item": Code("error", "条目没有任何内容", "- {}"),
    "item-too-deep": Code("error", "条目层次超过四级（一、（一）1.（1））"),
    "too-many": Code("error", "一个列表超过 999 条（序号用汉字）"),
    "unit-is-party": Code("error", "单位名称写成了党组织的名称，报告会写成“……党支部党组织”", "单位: 李家庄村党支部"),
    "unknown-section": Code("error", "章节标题中的章节名不存在", "章节标题: {问题: 存在的不足}"),
    # --- values -------------------------------------------------------------
    "bad-quantity": Code("error", "无法识别的数量", "党员: {总数: 二百七十一}"),
    "negative": Code("error", "数量不能为负数", "总数: -3"),
    "percent-range": Code("error", "百分比超出 0–100%", "覆盖率: 120%"),
    "foreign-unit": Code("error", "人数、个数写了别的单位（应为“名”或“个”）", "总数: 46名党员"),
    "share-for-count": Code("error", "该填人数或个数的地方写了占比", "女党员: 19.6%"),
    "bad-period": Code("error", "无法识别的期间", "期间: 今年"),
    "period-order": Code("error", "期间的结束早于开始", "期间: {起: 2020-06-30, 止: 2020-01-01}"),
    "bad-date": Code("error", "无法识别的日期", "成文日期: 2020年13月1日"),
    "date-before-period": Code("warning", "成文日期早于期间开始", "期间: 2020年\n成文日期: 2019-12-01"),
    "placeholder": Code("error", "残留占位符（X镇、XX万元、**村、某村）", "单位: X镇"),
    "sum-exceeds": Code("error", "“其中”各项之和超过总数", "党支部: 9\n其中: {农村党支部: 6, 社区党支部: 5}"),
    "group-exceeds": Code("error", "“结构”中某一类超过党员总数", "总数: 50\n结构: {女党员: 60}"),
    "age-sum": Code(
        "warning", "“年龄”各段之和与党员总数不符", "总数: 100\n年龄: {35岁及以下: 20, 36岁及以上: 70}"
    ),
    "manual-numbering": Code("warning", "标题或要点开头手写了序号（会自动去掉）", "标题: 一、加强组织建设"),
    "no-unit": Code("warning", "数据没有写单位", "数据: {发放意见表: 200}"),
    "label-digit": Code("warning", "数据名称以数字结尾，会与数量连在一起", "数据: {2019: 100万元}"),
    "missing-total": Code("error", "写了“其中”却没有总数", "党组织: {其中: {农村党支部: 6}}"),
    "unknown-ref": Code("error", "【】中的名称没有对应的数据（会提示最接近的名称）", "内容: 举办培训班【培训版】"),
    "ref-twice": Code("warning", "同一项数据在文中引用了两次", "内容: 【培训班】……【培训班】"),
    "unknown-table": Code("error", "附件的表格名称不是内置表格", "表格: 党员统计"),
    "table-shape": Code("error", "附件表格某一行的格数与表头不同", "表格: [[序号, 姓名], [1]]"),
    "table-data": Code("error", "内置表格缺少它所需的事实", "表格: 党员结构（却没有 概况.党员）"),
    "subtotal-exceeds": Code(
        "error", "数据的“其中”各项之和超过它的总数", "培训党员: {总数: 100人次, 其中: {线上: 80人次, 线下: 60人次}}"
    ),
    # --- this period against the last (issue 16) -----------------------------
    "previous-missing": Code("error", "找不到上期文件", "上期文件: 2023年事实.yaml（文件不存在）"),
    "previous-period": Code(
        "warning", "上期的期间不是本期的上一期", "期间: 2024年\n上期文件: 2022年事实.yaml"
    ),
    "previous-unit": Code("warning", "上期的事实是另一个单位的", "单位: 前进镇\n（上期文件的单位: 红旗镇）"),
    "previous-uncompared": Code(
        "warning", "写了上期的数字却无法比较（约数或范围、单位不同、缺总数的上期）", "发展党员: {总数: 12名, 上期: 10余名}"
    ),
    "previous-ignored": Code("warning", "事实不是从文件读入的，上期文件未读取（请用 previous= 或 --previous）"),
    "label-nonstandard": Code(
        "warning", "名称不是党内统计的标准名称（会提示标准名称）", "结构: {大专以上学历: 40}"
    ),
    # --- many units: the roll-up (汇总) ---------------------------------------
    "rollup-period": Code("error", "汇总的各单位期间不同", "（一个单位 2023年，其余 2024年）"),
    "rollup-twice": Code("error", "同一单位在汇总中出现两次", "（同一文件或同名单位给了两次）"),
    "rollup-label": Code(
        "warning", "各单位同一项数字的名称只差近义词或错别字，未能相加", "结构: {大专以上学历党员: 6}"
    ),
    "rollup-missing": Code("warning", "多数单位填了的数字，这个单位没有填（此项未汇总）"),
    "rollup-approx": Code("warning", "约数、范围不能相加（此项未汇总）", "开展活动: 12余次"),
    "rollup-unit": Code("warning", "各单位同一项数字的单位不同，不能相加", "培训: 3期 / 培训: 40人次"),
    "workbook": Code("error", "汇总表格无法读取或格式不对", "（第一列不是“单位”）"),
    # --- drafting (issue 3) -------------------------------------------------
    "fact-unused": Code("warning", "事实未被使用：模板没有输出这项事实"),
    "template-error": Code("error", "模板错误"),
    "template-not-found": Code("error", "找不到模板"),
    "output-lint": Code("error", "生成的文稿未通过检查（zongjie 或模板的缺陷）"),
    "kind-period": Code("warning", "按 --kind 指定的文种起草，但期间与文种不符", "--kind 半年工作总结（期间: 2024年）"),
    "docx-unsupported": Code("warning", "Word 文档无法表达的 Markdown 结构"),
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding about an input.

    ``file`` names the source (a file name, or the name the caller gave); ``line`` and
    ``column`` are 1-based, 0 when the source is not text (a mapping) or for the whole
    file; ``path`` is the key path of the value, whatever the source.
    """

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    path: str = ""  # the key path, “主要做法[2].数据.培训班” (“” for the whole source)
    cell: str = ""  # a workbook cell, “汇总!D7”, when the value came from one

    def __post_init__(self) -> None:
        if self.code not in CODES:  # a programming error, not a user error
            raise ValueError(f"unregistered diagnostic code {self.code!r}")

    @property
    def source(self) -> str:
        """The name of the source (the same as ``file``)."""
        return self.file

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def __str__(self) -> str:
        where = self.file
        if self.cell:
            where += f":{self.cell}"
        elif self.line:
            where += f":{self.line}:{self.column}"
        elif self.path:
            where += f":{self.path}"
        return f"{where}: {SEVERITY_ZH[self.severity]} [{self.code}] {self.message}"


def make(
    code: str, file: str, line: int, column: int, message: str, path: str = "", cell: str = ""
) -> Diagnostic:
    """Build a diagnostic whose severity comes from the code registry."""
    return Diagnostic(file, line, column, CODES[code].severity, code, message, path, cell)


def sort_diagnostics(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """File order; duplicates (same place, code and message) removed."""
    return list(dict.fromkeys(sorted(diags)))
