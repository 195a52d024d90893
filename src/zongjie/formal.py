"""The formal parts of a document (GB/T 9704-2012): 版头 (7.2), 版记 (7.4) and 附件 (7.3.4, 7.3.6)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .fields import F
from .provenance import NOWHERE, Origin

#: the tables zongjie makes itself for a 附件 (表格: 名称)
BUILTIN_TABLES = ("党员结构", "主要指标对比")


@dataclass(frozen=True)
class Letterhead:
    """版头：发文机关标志、发文字号、签发人（GB/T 9704 7.2）。"""

    issuer: str
    is_file: bool = False
    number: str | None = None
    signer: str | None = None
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)

    FIELDS: ClassVar[tuple[F, ...]] = (
        F("issuer", "发文机关标志", "issuer", "text", "发文机关全称或规范化简称，红色小标宋居中印在首页上端，如“中共城关镇委员会”。", required=True),
        F("is_file", "文件", "is_file", "flag", "写“是”时在机关标志后加“文件”二字（如“中共城关镇委员会文件”）。"),
        F("number", "发文字号", "number", "text", "发文字号，如“城委〔2024〕12号”：年份用六角括号〔〕，序号不编虚位。"),
        F("signer", "签发人", "signer", "text", "签发人姓名；上报的公文应写（GB/T 9704 7.2.4），发文字号随之居左。"),
    )

    @property
    def mark(self) -> str:
        """The 发文机关标志 as printed: the name, with 文件 when asked."""
        return f"{self.issuer}文件" if self.is_file and not self.issuer.endswith("文件") else self.issuer


@dataclass(frozen=True)
class Imprint:
    """版记：抄送机关、印发机关和印发日期（GB/T 9704 7.4）。"""

    copy_to: list[str] = field(default_factory=list)
    printer: str | None = None
    printed: dt.date | None = None
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)

    FIELDS: ClassVar[tuple[F, ...]] = (
        F("copy_to", "抄送", "copy_to", "names", "抄送机关：一个或多个名称，如 [县委组织部, 县纪委监委]。"),
        F("printer", "印发机关", "printer", "text", "印发机关，一般是发文机关的办公室，如“中共城关镇委员会办公室”。"),
        F("printed", "印发日期", "printed", "date", "印发日期，如 2024-12-20；印成“2024年12月20日印发”。"),
    )


@dataclass(frozen=True)
class Attachment:
    """附件：标题，以及表格或内容（GB/T 9704 7.3.6）。"""

    title: str
    table: str | list[list[str]] | None = None
    text: str | None = None
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)

    FIELDS: ClassVar[tuple[F, ...]] = (
        F("title", "标题", "title", "text", "附件标题，印在附件首页居中，并列入正文后的附件说明。", required=True),
        F(
            "table",
            "表格",
            "table",
            "table",
            "内置表格的名称（" + "、".join(BUILTIN_TABLES) + "），或自己的表格：每行一个列表，第一行是表头。",
        ),
        F("text", "内容", "text", "text", "附件的正文（自由文字，空一行另起一段）。"),
    )


FORMAL_CLASSES: dict[str, type[Any]] = {c.__name__: c for c in (Letterhead, Imprint, Attachment)}
