"""Facts as the templates print them.

A :class:`Fact` is a ``str`` holding the cleaned text; it prints as escaped Markdown (so a
fact can never become markup) between the draft's marks, carrying its identity.  A
:class:`Datum` is a labelled figure.  A text that may place figures (``【培训班】``) holds them in
``refs``: printed, each placed figure is marked as its own fact, so it is as traceable as any
other.  :class:`Md` is trusted Markdown: a macro's or a filter's output, its facts still marked.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from .constants import PathKey
from .marks import mark
from .placing import REF
from .values import Figure, Quantity
from .writing import md_escape


def marked(text: str, ident: int | None = None) -> str:
    """A fact's text, Markdown-escaped and wrapped in the provenance marks."""
    return mark(md_escape(text), ident)


class Md(Markup):
    """Trusted Markdown (a macro's or a zongjie filter's output; facts in it are marked)."""

    __slots__ = ()

    def __new__(cls, base: Any = "", encoding: str | None = None, errors: str = "strict") -> Md:
        if type(base) is str and encoding is None:  # the usual case, without Markup's checks
            return str.__new__(cls, base)
        return super().__new__(cls, base, encoding, errors)

    def __html__(self) -> Md:
        return self

    @classmethod
    def escape(cls, s: Any) -> Md:
        """How Markup's own methods (``+``, ``join``, ``replace``, ``%``, ``format``) escape what
        they add: as Markdown, not HTML — a fact marked, Markdown kept, anything else escaped."""
        if hasattr(s, "__html__"):
            html = s.__html__()
            return html if type(html) is cls else cls(str(html))
        return cls(md_escape(str(s)))


class Fact(str):
    """A fact's text.  Compares and slices as the plain text; prints as escaped, marked Markdown.

    ``refs`` is None for a text that places no figures; otherwise it maps each label placed
    in the text (``【标签】``) to its :class:`Datum`."""

    path: PathKey
    ident: int | None
    refs: dict[str, Datum] | None

    def __new__(
        cls, text: str, path: PathKey, ident: int | None = None, refs: dict[str, Datum] | None = None
    ) -> Fact:
        obj = super().__new__(cls, text)
        obj.path = path
        obj.ident = ident
        obj.refs = refs
        return obj

    @property
    def text(self) -> str:
        """The plain text, without escaping (placements as written: ``【培训班】``)."""
        return str.__str__(self)

    def derive(self, text: str) -> Fact:
        """The same fact, reworded (punctuation, trimming): it keeps its path, identity and placements."""
        return Fact(text, self.path, self.ident, self.refs)

    def markdown(self) -> str:
        """The Markdown of the fact: its text marked, each placed figure marked as itself."""
        if self.refs is None or "【" not in self.text:
            return marked(self.text, self.ident)
        out: list[str] = []
        at = 0
        for m in REF.finditer(self.text):
            datum = self.refs.get(m.group(2)) if m.group(2) is not None else None
            if m.group(1) is None and datum is None:
                continue  # not a placement: printed as written
            if m.start() > at:
                out.append(marked(self.text[at : m.start()], self.ident))
            if datum is None:  # 【【X】】: the literal 【X】
                out.append(marked(f"【{m.group(1)}】", self.ident))
            else:
                out.append(marked(datum.placed, datum.ident))
            at = m.end()
        if at < len(self.text):
            out.append(marked(self.text[at:], self.ident))
        return "".join(out)

    def __html__(self) -> Md:
        return Md(self.markdown())

    def __str__(self) -> str:
        # the plain text: Jinja prints a fact through __html__ (escaped and marked); a str()
        # made by a builtin filter such as |format is escaped once more by the finalize step
        return self.text


def parts_clause(q: Quantity, unit: str | None = None) -> str:
    """“，其中棉花种植3800人次、畜牧养殖2700人次” for a figure with parts (else “”); a label that
    holds “、” itself makes the list one of “，” so the 顿号 stays unambiguous."""
    if not isinstance(q, Figure) or not q.parts:
        return ""
    sep = "，" if any("、" in name for name, _ in q.parts) else "、"
    return "，其中" + sep.join(f"{name}{_amount(p, unit)}" for name, p in q.parts)


def _amount(q: Quantity, unit: str | None) -> str:
    return q.in_unit(unit) if unit and q.is_money else q.text


class Datum(Fact):
    """A labelled figure: “发放党支部征求意见表200份” (label + quantity as written, with its
    其中 clause); ``placed`` is how it prints where a text places it (the quantity and clause)."""

    label: str
    quantity: Quantity

    def __new__(cls, label: str, quantity: Quantity, path: PathKey, ident: int | None = None) -> Datum:
        obj = str.__new__(cls, f"{label}{quantity.text}{parts_clause(quantity)}")
        obj.path = path
        obj.ident = ident
        obj.refs = None
        obj.label = label
        obj.quantity = quantity
        return obj

    @property
    def placed(self) -> str:
        return f"{self.quantity.text}{parts_clause(self.quantity)}"

    def in_unit(self, unit: str) -> Fact:
        """The datum with its money in ``unit`` (15000元 → 1.5万元), still this fact."""
        return self.derive(f"{self.label}{_amount(self.quantity, unit)}{parts_clause(self.quantity, unit)}")


def md_of(parts: Iterable[Any]) -> Md:
    """Join facts, Markdown and plain strings (plain strings are escaped)."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, Fact):
            out.append(part.markdown())
        elif isinstance(part, Markup):
            out.append(str.__str__(part))
        elif part:
            out.append(md_escape(str(part)))
    return Md("".join(out))
