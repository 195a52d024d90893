"""The template context of the formal parts: 版头, 附件 (with their tables) and 版记.

Every text is a fact of the facts file (marked, traceable); a built-in table is made from
the facts it names — 党员结构 from 概况.党员, with counts and shares under a two-level header
(cells ``其中／农村党员``: the .docx writer merges the top level).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .constants import PathKey
from .formal import Attachment, Imprint, Letterhead
from .model import MemberCounts
from .printable import Fact, Md, md_of
from .values import Quantity, cn_date, share

#: separates the two levels of a grouped table header: “其中／农村党员”
GROUP = "／"

FactMaker = Callable[..., Fact | None]


@dataclass
class LetterheadView:
    mark: Fact
    number: Fact | None
    signer: Fact | None


@dataclass
class ImprintView:
    copy_to: Md
    printer: Fact | None
    printed: Md


@dataclass
class AttachmentView:
    """附件N: its title, its table (rows of cells; the first row or two the header) and text."""

    title: Fact
    rows: list[list[Any]] = field(default_factory=list)
    grouped: bool = False  # a two-level header: cells “上级／下级”
    paragraphs: list[Fact] = field(default_factory=list)

    @property
    def table(self) -> Md:
        """The rows as a Markdown pipe table (the first row is the header), facts marked."""
        if not self.rows:
            return Md()
        lines = [md_of([Md("| "), *_cells(self.rows[0]), Md(" |")]), Md("|" + " --- |" * len(self.rows[0]))]
        lines += [md_of([Md("| "), *_cells(row), Md(" |")]) for row in self.rows[1:]]
        return Md("\n".join(lines))


def _cells(row: list[Any]) -> list[Any]:
    out: list[Any] = []
    for i, cell in enumerate(row):
        out += [Md(" | ") if i else "", cell]
    return out


def letterhead(head: Letterhead | None, fact: FactMaker) -> LetterheadView | None:
    if head is None:
        return None
    mark = fact(head.mark, ("版头", "发文机关标志"), trim=True)
    if mark is None:
        return None
    return LetterheadView(
        mark,
        fact(head.number, ("版头", "发文字号"), trim=True) if head.number else None,
        fact(head.signer, ("版头", "签发人"), trim=True) if head.signer else None,
    )


def imprint(imp: Imprint | None, fact: FactMaker) -> ImprintView | None:
    if imp is None or not (imp.copy_to or imp.printer or imp.printed):
        return None
    names = [f for i, n in enumerate(imp.copy_to) if (f := fact(n, ("版记", "抄送", i), trim=True))]
    parts: list[Any] = []
    for i, name in enumerate(names):
        parts += ["，" if i else "", name]
    printed = fact(cn_date(imp.printed), ("版记", "印发日期")) if imp.printed else None
    return ImprintView(
        md_of(parts),
        fact(imp.printer, ("版记", "印发机关"), trim=True) if imp.printer else None,
        md_of([printed, "印发"]) if printed else Md(),
    )


def attachments(items: list[Attachment], fact: FactMaker, members: MemberCounts | None) -> list[AttachmentView]:
    out: list[AttachmentView] = []
    for i, a in enumerate(items):
        path: PathKey = ("附件", i)
        title = fact(a.title, (*path, "标题"), trim=True)
        if title is None:
            continue
        view = AttachmentView(title)
        if isinstance(a.table, list):
            view.rows = [
                [fact(cell, (*path, "表格", r, c)) or "" for c, cell in enumerate(row)] for r, row in enumerate(a.table)
            ]
        elif a.table == "党员结构" and members is not None:
            view.rows, view.grouped = member_table(members, fact), True
        if a.text:
            whole = fact(a.text, (*path, "内容"))
            view.paragraphs = [whole.derive(p) for p in whole.text.split("\n\n") if p.strip()] if whole else []
        out.append(view)
    return out


def member_table(m: MemberCounts, fact: FactMaker) -> list[list[Any]]:
    """党员结构: one column a figure of 概况.党员, grouped by 其中, 结构, 年龄 and 学历 under a
    two-level header; a row of counts and a row of shares."""
    base: PathKey = ("概况", "党员")
    header: list[Any] = ["项目", "党员总数"]
    counts: list[Any] = ["人数（名）", fact(_bare(m.total), (*base, "总数")) or ""]
    shares: list[Any] = ["占比", "100%" if m.total.is_exact and m.total.value else ""]
    groups: list[tuple[str, dict[str, Quantity]]] = [
        ("其中", m.of_which),
        ("结构", m.groups),
        ("年龄", m.ages),
        ("学历", m.education),
    ]
    for key, figures in groups:
        for name, q in figures.items():
            header.append(f"{key}{GROUP}{name}")
            counts.append(fact(_bare(q), (*base, key, name)) or "")
            shares.append(share(q, m.total) or "—")
    return [header, counts, shares]


def _bare(q: Quantity) -> str:
    """A count as a table cell under “人数（名）”: 271, not 271名."""
    return q.text[: -len(q.unit)] if q.unit == "名" and q.text.endswith("名") else q.text
