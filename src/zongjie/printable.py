"""Facts as the templates print them.

A :class:`Fact` is a ``str`` holding the cleaned text; it prints as escaped Markdown (so a
fact can never become markup) between the draft's marks, carrying its identity.  A
:class:`Datum` is a labelled figure.  A text that may place figures (``【培训班】``) holds them in
``refs``: printed, each placed figure is marked as its own fact, so it is as traceable as any
other.  :class:`Md` is trusted Markdown: a macro's or a filter's output, its facts still marked.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .constants import PathKey
from .marks import mark
from .placing import REF
from .values import Figure, Quantity
from .writing import md_escape

if TYPE_CHECKING:
    from .previous import Comparison


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

    @property
    def uncompared(self) -> Fact:
        """The same text, its placed figures printed without their comparisons with last period."""
        if not self.refs:
            return self
        return Fact(self.text, self.path, self.ident, {k: d.without_comparison() for k, d in self.refs.items()})

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
                out.append(marked(datum.placed_before(self.text[m.end() : m.end() + 1]), datum.ident))
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
    其中 clause); ``placed`` is how it prints where a text places it (the quantity, its
    comparison with last period and its clause).  ``comparison`` is the figure against last
    period's (:class:`zongjie.previous.Comparison`), or None."""

    label: str
    quantity: Quantity
    comparison: Comparison | None = None

    def __new__(
        cls,
        label: str,
        quantity: Quantity,
        path: PathKey,
        ident: int | None = None,
        comparison: Comparison | None = None,
    ) -> Datum:
        obj = str.__new__(cls, f"{label}{quantity.text}{parts_clause(quantity)}")
        obj.path = path
        obj.ident = ident
        obj.refs = None
        obj.label = label
        obj.quantity = quantity
        obj.comparison = comparison
        return obj

    def without_comparison(self) -> Datum:
        """The same figure (the same fact), without its comparison with last period."""
        return Datum(self.label, self.quantity, self.path, self.ident)

    @property
    def placed(self) -> str:
        """How a text's ``【标签】`` prints the figure where a clause ends: the quantity, its
        comparison (“8期，较上年增加2期”) and its 其中 clause."""
        return self.placed_before("")

    def placed_before(self, following: str) -> str:
        """The figure placed before ``following`` (the next character of the text): where the
        sentence goes on (“对排查出的【村】选派……”), its comparison stands in brackets
        (“1个（较上年减少1个）”) so the sentence still reads; before punctuation or at the end,
        after a comma."""
        compared = ""
        if self.comparison is not None:
            wording = self.comparison.change.wording
            ends = not following or following in _CLAUSE_END
            compared = f"，{wording}" if ends else f"（{wording}）"
        return f"{self.quantity.text}{compared}{parts_clause(self.quantity)}"

    # -- this period against the last (for templates: docs/templates.md)
    @property
    def compared(self) -> Md:
        """“较上年增加2期” — the figure against last period's, without punctuation (“” when none)."""
        return Md(md_escape(self.comparison.change.wording)) if self.comparison else Md()

    @property
    def previous(self) -> Quantity | None:
        """Last period's value of the figure (prints as written: “6期”), or None."""
        return self.comparison.change.previous if self.comparison else None

    @property
    def change(self) -> Decimal | None:
        """The signed change: in the base unit (名, 元) for counts and money, in percentage
        points for shares and percentages; None without a comparison."""
        return self.comparison.change.change if self.comparison else None

    @property
    def rate(self) -> Decimal | None:
        """The growth in percent, one decimal (members' total and money), else None."""
        return self.comparison.change.rate if self.comparison else None

    def in_unit(self, unit: str) -> Fact:
        """The datum with its money in ``unit`` (15000元 → 1.5万元), still this fact."""
        return self.phrase(unit, compared=False)

    def phrase(self, unit: str | None = None, *, compared: bool = True, listed: bool = False) -> Fact:
        """The datum as one phrase, still this fact: with its comparison after the quantity
        (“党员1058名，比上年净增12名，增长1.1%”; ``listed``: in brackets, for a 、 list:
        “党支部24个（与上年持平）”), its money in ``unit`` if given, then its 其中 clause."""
        amount = _amount(self.quantity, unit)
        tail = ""
        if compared and self.comparison is not None:
            wording = self.comparison.change.wording
            tail = f"（{wording}）" if listed else f"，{wording}"
        return self.derive(f"{self.label}{amount}{tail}{parts_clause(self.quantity, unit)}")


#: what ends a clause: a comparison placed before it follows a comma
_CLAUSE_END = frozenset("，。；：！？、）」』”…,.;:!?)\n")


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
