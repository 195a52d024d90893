"""This period against the last (同比): exact arithmetic and the wording of Chinese statistics.

Pure functions on two quantities — the figure of this period and the same figure of the
previous one — with no knowledge of files or templates (:mod:`zongjie.previous` finds the
pairs).  Every number is a :class:`~decimal.Decimal`; nothing is ever a float.

- counts: “较上年增加3名”, “较上年减少2个”, “与上年持平”;
- totals of members: “比上年净增12名，增长1.1%”; money: “比上年增加15.6万元，增长5.8%”
  (the change in the unit the figure is written in: 万元 when the figure is);
- shares and percentages: the difference in 个百分点, never in %: “较上年提高1.0个百分点”;
- the reference: 较上年 for a year, 较去年同期 for a half-year, a quarter or months, 较上期
  otherwise;
- approximate figures (约、余、多 …) and ranges are never compared; a previous value of 0
  gives the change without a rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from .values import Quantity, share

#: how a pair of figures is compared
Style = Literal["count", "members", "money", "share", "percent"]

_MAGNITUDES = {"": Decimal(1), "万": Decimal(10_000), "亿": Decimal(100_000_000), "万亿": Decimal(10**12)}
_TENTH = Decimal("0.1")


def reference(period_kind: str) -> str:
    """上年 for a year; 去年同期 for a half-year, quarter or months; 上期 for any other period."""
    if period_kind == "year":
        return "上年"
    if period_kind in ("first-half", "second-half", "quarter", "months"):
        return "去年同期"
    return "上期"


@dataclass(frozen=True)
class Change:
    """One figure against its previous value.

    ``change`` is signed: in the figure's base unit (名, 元 …) for counts and money, in
    percentage points for shares and percentages.  ``rate`` is the growth in percent, one
    decimal (None when not worded with a rate, or when the previous value is 0).  ``shares``
    is (this period's share, last period's share) for a share, as printed (“20.2%”).
    ``wording`` is the phrase without leading punctuation: “较上年增加2期”."""

    style: Style
    reference: str
    current: Quantity
    previous: Quantity
    change: Decimal
    rate: Decimal | None
    wording: str
    shares: tuple[str, str] | None = None

    @property
    def direction(self) -> int:
        """1 for an increase, -1 for a decrease, 0 when unchanged."""
        return (self.change > 0) - (self.change < 0)

    @property
    def amount(self) -> str:
        """The size of the change as printed: “12名”, “15.6万元”, “1.0个百分点” (“” when unchanged)."""
        if not self.change:
            return ""
        if self.style in ("share", "percent"):
            return f"{points(abs(self.change), self.style)}个百分点"
        return amount(abs(self.change), self.current)

    @property
    def rate_text(self) -> str:
        """The rate as printed: “1.1%” (“” without a rate)."""
        return "" if self.rate is None else f"{abs(self.rate)}%"


def comparable(current: Quantity, previous: Quantity) -> bool:
    """Both exact (no 约/余/多, no range) and in the same unit."""
    return current.is_exact and previous.is_exact and current.unit == previous.unit


def trim(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 15.60 → 15.6, 1E+1 → 10."""
    text = format(value.normalize(), "f")
    return text


def amount(value: Decimal, like: Quantity) -> str:
    """``value`` (in the base unit) written the way ``like`` is written: in its magnitude and
    unit — 156000 like 285.6万元 → 15.6万元; 3 like 12名 → 3名."""
    factor = _MAGNITUDES.get(like.magnitude, Decimal(1))
    return f"{trim(value / factor)}{like.magnitude}{like.unit}"


def points(value: Decimal, style: Style) -> str:
    """Percentage points: one decimal for a computed share (1.0), exact for a typed percentage."""
    return str(value.quantize(_TENTH, ROUND_HALF_UP)) if style == "share" else trim(value)


def growth(current: Decimal, previous: Decimal) -> Decimal | None:
    """The growth in percent, one decimal, rounded half up (四舍五入); None when previous is 0."""
    if not previous:
        return None
    return ((current - previous) * 100 / previous).quantize(_TENTH, ROUND_HALF_UP)


def style_of(q: Quantity, *, members: bool = False) -> Style:
    """How a figure is compared: a percentage in points; money and the total of members with a rate."""
    if q.is_percent:
        return "percent"
    if q.is_money:
        return "money"
    return "members" if members else "count"


def compare(
    current: Quantity, previous: Quantity, period_kind: str, *, members: bool = False
) -> Change | None:
    """The change of a figure against its previous value, or None when they cannot be compared
    (an approximate figure or a range, different units).  ``members``: the figure is the
    total of members (worded “净增…，增长…%”)."""
    if not comparable(current, previous):
        return None
    style = style_of(current, members=members)
    ref = reference(period_kind)
    diff = current.value - previous.value
    rate = growth(current.value, previous.value) if style in ("members", "money") else None
    change = Change(style, ref, current, previous, diff, rate, "")
    return _worded(change)


def compare_shares(
    part: Quantity, total: Quantity, previous_part: Quantity, previous_total: Quantity, period_kind: str
) -> Change | None:
    """A part's share of its total against last period's share, in 个百分点: the difference of
    the two shares as printed (one decimal each), so a reader's subtraction gives the same."""
    if not (comparable(part, previous_part) and comparable(total, previous_total)):
        return None
    now, then = share(part, total), share(previous_part, previous_total)
    if now is None or then is None:
        return None
    diff = Decimal(now[:-1]) - Decimal(then[:-1])
    change = Change("share", reference(period_kind), part, previous_part, diff, None, "", (now, then))
    return _worded(change)


def _worded(c: Change) -> Change:
    return Change(c.style, c.reference, c.current, c.previous, c.change, c.rate, wording(c), c.shares)


def wording(c: Change) -> str:
    """The phrase of a change, without leading punctuation (see the module's docstring)."""
    ref = c.reference
    if not c.change:
        return f"与{ref}持平"
    up = c.change > 0
    if c.style in ("share", "percent"):
        return f"较{ref}{'提高' if up else '下降'}{c.amount}"
    if c.style == "count":
        return f"较{ref}{'增加' if up else '减少'}{c.amount}"
    verb = ("净增" if c.style == "members" else "增加") if up else "减少"
    phrase = f"比{ref}{verb}{c.amount}"
    if c.rate is None:  # the previous value was 0: no rate
        return phrase
    if not c.rate:
        return f"{phrase}，{'增长' if up else '下降'}不足0.1%"
    return f"{phrase}，{'增长' if up else '下降'}{c.rate_text}"
