"""Value types of the facts file: quantities, periods and dates.

Each parser takes what YAML produced (a number, a string or a date) and either
returns a value or raises :class:`ValueProblem` with a diagnostic code and a
Chinese message that shows how the value should be written.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal


class ValueProblem(ValueError):
    """A value that cannot be read; ``code`` is a diagnostic code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


_WHITESPACE = re.compile(r"\s+")
_FULL_DIGITS = str.maketrans("０１２３４５６７８９．％－～", "0123456789.%-~")


def _ascii_digits(text: str) -> str:
    """Full-width digits, ．％－～ to ASCII; everything else unchanged."""
    return text.translate(_FULL_DIGITS)


def _trim(value: Decimal) -> str:
    """A computed value without exponent or trailing zeros: 1.5000 → 1.5."""
    return format(value.normalize(), "f")


# --------------------------------------------------------------------------- quantity

_MONEY_UNITS = {"元": 1, "千元": 1_000, "万元": 10_000, "亿元": 100_000_000, "万亿元": 10**12}
_MAGNITUDES = {"": 1, "万": 10_000, "亿": 100_000_000, "万亿": 10**12}
_PRE = ("约", "近", "逾", "超")
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_QTY = re.compile(
    rf"^(?P<pre>{'|'.join(_PRE)})?(?P<neg>-)?(?P<num>{_NUM})"
    rf"(?:(?P<sep>[-–—~～至到])(?P<num2>{_NUM}))?"
    r"(?P<post>余|多)?(?P<mag>万亿|万|亿)?(?P<post2>余|多)?"
    r"(?P<unit>[^\d\s,，。、；;:：()（）]{0,8})$"
)
_CN_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千]")

QUANTITY_EXAMPLES = "271、271名、9个、45.6万元、300余人次、20多条、约1600人、79%、3000-5000元"


@dataclass(frozen=True)
class Quantity:
    """A figure as a report states it.

    ``text`` is how it prints (as written; a range with “—”); ``value`` is the
    exact value in the base unit (元 for money, 1 for counts: 45.6万元 → 456000,
    1.2万人 → 12000), the lower bound of a range; ``high`` its upper bound.
    """

    text: str
    number: Decimal
    value: Decimal
    high: Decimal | None = None
    unit: str = ""
    magnitude: str = ""
    approx: str = ""

    def __str__(self) -> str:
        return self.text

    @property
    def is_money(self) -> bool:
        return (self.magnitude + self.unit) in _MONEY_UNITS

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    @property
    def is_exact(self) -> bool:
        return not self.approx and self.high is None

    @property
    def is_integer(self) -> bool:
        return self.value == self.value.to_integral_value()

    def in_unit(self, unit: str) -> str:
        """Money in another unit (``"万元"``, ``"元"``), value unchanged: 15000元 → 1.5万元."""
        if not self.is_money or unit not in _MONEY_UNITS:
            return self.text
        factor = Decimal(_MONEY_UNITS[unit])
        low = _trim(self.value / factor)
        if self.high is not None:
            low += "—" + _trim(self.high / factor)
        pre = self.approx if self.approx in _PRE else ""
        post = self.approx if self.approx in ("余", "多") else ""
        return f"{pre}{low}{post}{unit}"


@dataclass(frozen=True)
class Figure(Quantity):
    """A figure with its parts or its previous value (the mapping form ``{总数, 其中, 上期}``):
    a :class:`Quantity` (its total) that also holds ``parts`` — (label, quantity) pairs whose
    sum may not exceed it — and ``previous``, the same figure in the previous period."""

    parts: tuple[tuple[str, Quantity], ...] = ()
    previous: Quantity | None = None

    @classmethod
    def of(
        cls, total: Quantity, parts: tuple[tuple[str, Quantity], ...] = (), previous: Quantity | None = None
    ) -> Figure:
        return cls(
            total.text, total.number, total.value, total.high, total.unit, total.magnitude, total.approx,
            parts, previous,
        )  # fmt: skip


def parse_quantity(raw: Any, default_unit: str = "", *, integer: bool = False) -> Quantity:
    """Read a quantity from a YAML value; ``default_unit`` is added to a bare number."""
    if isinstance(raw, bool) or raw is None:
        raise ValueProblem("bad-quantity", f"应为一个数量，如 {QUANTITY_EXAMPLES}。")
    if isinstance(raw, (int, Decimal, float)):
        text = str(raw) if not isinstance(raw, float) else repr(raw)
    elif isinstance(raw, str):
        text = raw
    else:
        raise ValueProblem("bad-quantity", f"应为一个数量，如 {QUANTITY_EXAMPLES}。")
    cleaned = _WHITESPACE.sub("", _ascii_digits(text))
    m = _QTY.match(cleaned)
    if m is not None and m.group("pre") and (m.group("post") or m.group("post2")):
        raise ValueProblem(
            "bad-quantity",
            f"“{text}”：“{m.group('pre')}”与“余”“多”意思重复，只能用其一，如 约300人、300余人。",
        )
    if m is None or (m.group("post") and m.group("post2")):
        if _CN_NUMERAL.search(cleaned):
            hint = "数量请用阿拉伯数字书写"
        else:
            hint = "数量应为数字加单位"
        raise ValueProblem("bad-quantity", f"“{text}”不是可识别的数量：{hint}，如 {QUANTITY_EXAMPLES}。")
    try:
        number = Decimal(m.group("num").replace(",", ""))
        number2 = Decimal(m.group("num2").replace(",", "")) if m.group("num2") else None
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise ValueProblem("bad-quantity", f"“{text}”不是可识别的数量。") from None
    unit = m.group("unit") or ""
    mag = m.group("mag") or ""
    if mag and unit in _MONEY_UNITS and unit != "元":
        raise ValueProblem(
            "bad-quantity", f"“{text}”的数量级重复（{mag}与{unit}）：请写成 3万元、3000万元 这样的形式。"
        )
    approx = m.group("pre") or m.group("post") or m.group("post2") or ""
    if m.group("neg"):
        raise ValueProblem("negative", f"“{text}”是负数：数量不能为负；减少的情况请在“内容”中用文字说明。")
    if number2 is not None and (approx or number2 < number):
        raise ValueProblem(
            "bad-quantity", f"“{text}”：范围应从小到大书写，且不加“约”“余”“多”，如 3000-5000元。"
        )
    if not unit:
        unit = default_unit
    scale = Decimal(_MAGNITUDES[mag]) if mag else Decimal(1)
    if unit in _MONEY_UNITS and unit != "元":  # 3千元 = 3000元
        scale *= Decimal(_MONEY_UNITS[unit])
        mag, unit = unit[:-1], "元"
    value = number * scale
    high = number2 * scale if number2 is not None else None
    if unit == "%" and ((high if high is not None else value) > 100 or mag):
        raise ValueProblem("percent-range", f"“{text}”超出 0–100%：百分比应在 0 到 100 之间。")
    if integer and value != value.to_integral_value():
        raise ValueProblem("bad-quantity", f"“{text}”不是整数：个数、人数应为整数。")
    shown = m.group("num")
    if number2 is not None:
        shown += "—" + m.group("num2")
    pre = m.group("pre") or ""
    written = f"{pre}{shown}{m.group('post') or ''}{m.group('mag') or ''}{m.group('post2') or ''}"
    written += m.group("unit") or default_unit
    return Quantity(written, number, value, high, unit, mag, approx)


def share(part: Quantity, total: Quantity) -> str | None:
    """“19.2%” — the part's share of the total, one decimal, or None if undefined."""
    if not total.value or not part.is_exact or not total.is_exact:
        return None
    pct = (part.value * 100 / total.value).quantize(Decimal("0.1"))
    return f"{pct}%"


# --------------------------------------------------------------------------- dates

_CN_DATE = re.compile(r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?$")

DATE_EXAMPLES = "2019-11-25、2019年11月25日"


def parse_date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        m = _CN_DATE.match(_ascii_digits(raw.strip()))
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                raise ValueProblem("bad-date", f"“{raw}”不是真实存在的日期：请核对月份和日期。") from None
    raise ValueProblem("bad-date", f"“{raw}”不是可识别的日期：请写成 {DATE_EXAMPLES}。")


def cn_date(day: dt.date) -> str:
    """2019年9月1日 — Arabic numerals, no leading zeros (GB/T 9704 7.3.5)."""
    return f"{day.year}年{day.month}月{day.day}日"


# --------------------------------------------------------------------------- period

PeriodKind = Literal["year", "first-half", "second-half", "quarter", "months", "range"]

_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER_CN = "一二三四"
_SEP = r"(?:至|到|-|—|～|~)"
PERIOD_EXAMPLES = (
    "2020年、2020年上半年、2020年下半年、2020年第三季度、2020年1月至9月、{起: 2020-01-01, 止: 2020-06-30}"
)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Period:
    """The period a report covers: first and last day, and how to name it."""

    start: dt.date
    end: dt.date
    kind: PeriodKind

    @property
    def year(self) -> int:
        return self.end.year

    @property
    def label(self) -> str:
        """2020年 · 2020年上半年 · 2020年第三季度 · 2020年1月至9月 · 2019年9月1日至11月30日."""
        s, e = self.start, self.end
        if self.kind == "year":
            return f"{s.year}年"
        if self.kind == "first-half":
            return f"{s.year}年上半年"
        if self.kind == "second-half":
            return f"{s.year}年下半年"
        if self.kind == "quarter":
            return f"{s.year}年第{_QUARTER_CN[(s.month - 1) // 3]}季度"
        whole_months = s.day == 1 and e == _month_end(e.year, e.month)
        if whole_months:
            if (s.year, s.month) == (e.year, e.month):
                return f"{s.year}年{s.month}月"
            tail = f"{e.month}月" if s.year == e.year else f"{e.year}年{e.month}月"
            return f"{s.year}年{s.month}月至{tail}"
        tail = cn_date(e)
        if s.year == e.year:
            tail = tail[5:] if s.month != e.month else tail[tail.index("月") + 1 :]
        return f"{cn_date(s)}至{tail}"

    def __str__(self) -> str:
        return self.label


def _period(start: dt.date, end: dt.date, kind: PeriodKind) -> Period:
    if end < start:
        raise ValueProblem(
            "period-order", f"期间的结束（{cn_date(end)}）早于开始（{cn_date(start)}）：请对调“起”和“止”。"
        )
    return Period(start, end, kind)


def parse_period(raw: Any) -> Period:
    if isinstance(raw, dict):
        keys = {"起": "start", "止": "end", "start": "start", "end": "end"}
        got: dict[str, Any] = {}
        for k, v in raw.items():
            if k not in keys:
                raise ValueProblem("bad-period", f"期间中只能有“起”和“止”，不认识“{k}”。")
            got[keys[k]] = v
        if set(got) != {"start", "end"}:
            raise ValueProblem(
                "bad-period", "期间写成映射时须同时有“起”和“止”，如 {起: 2020-01-01, 止: 2020-06-30}。"
            )
        try:
            start, end = parse_date(got["start"]), parse_date(got["end"])
        except ValueProblem as exc:
            raise ValueProblem("bad-period", f"期间的{exc.message}") from None
        return _period(start, end, _classify(start, end))
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        raise ValueProblem("bad-period", f"无法识别的期间：请写成 {PERIOD_EXAMPLES}。")
    text = _WHITESPACE.sub("", _ascii_digits(raw))
    try:
        return _parse_period_text(text)
    except ValueError as exc:
        if isinstance(exc, ValueProblem):
            raise
        year = re.match(r"\d+", text)
        if year and not 1 <= int(year.group()) <= 9999:
            raise ValueProblem(
                "bad-period", f"“{raw}”中的年份不对：请写成四位的公历年份，如 2023年。"
            ) from None
        raise ValueProblem("bad-period", f"“{raw}”中的月份或日期不存在：请核对。") from None


def _classify(start: dt.date, end: dt.date) -> PeriodKind:
    if start.day == 1 and start.year == end.year and end == _month_end(end.year, end.month):
        span = (start.month, end.month)
        if span == (1, 12):
            return "year"
        if span == (1, 6):
            return "first-half"
        if span == (7, 12):
            return "second-half"
        if start.month % 3 == 1 and end.month == start.month + 2:
            return "quarter"
        return "months"
    return "range"


def _parse_period_text(text: str) -> Period:
    if m := re.fullmatch(r"(\d{4})年?度?(?:全年)?", text):
        y = int(m.group(1))
        return Period(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
    if m := re.fullmatch(rf"(\d{{4}}-\d{{1,2}}-\d{{1,2}}){_SEP}(\d{{4}}-\d{{1,2}}-\d{{1,2}})", text):
        start, end = parse_date(m.group(1)), parse_date(m.group(2))
        return _period(start, end, _classify(start, end))
    if m := re.fullmatch(r"(\d{4})年(上|下)半年", text):
        y = int(m.group(1))
        if m.group(2) == "上":
            return Period(dt.date(y, 1, 1), dt.date(y, 6, 30), "first-half")
        return Period(dt.date(y, 7, 1), dt.date(y, 12, 31), "second-half")
    if m := re.fullmatch(r"(\d{4})年第?([一二三四1-4])季度", text):
        y, q = int(m.group(1)), _QUARTERS[m.group(2)]
        return Period(dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "quarter")
    if m := re.fullmatch(r"(\d{4})年前([一二三])季度", text):
        y, q = int(m.group(1)), _QUARTERS[m.group(2)]
        return Period(
            dt.date(y, 1, 1), _month_end(y, 3 * q), _classify(dt.date(y, 1, 1), _month_end(y, 3 * q))
        )
    if m := re.fullmatch(rf"(\d{{4}})年(\d{{1,2}})月?{_SEP}(?:(\d{{4}})年)?(\d{{1,2}})月(?:份)?", text):
        y1, m1 = int(m.group(1)), int(m.group(2))
        y2, m2 = int(m.group(3) or y1), int(m.group(4))
        start, end = dt.date(y1, m1, 1), _month_end(y2, m2)
        return _period(start, end, _classify(start, end))
    if m := re.fullmatch(r"(\d{4})年(\d{1,2})月(?:份)?", text):
        y, mo = int(m.group(1)), int(m.group(2))
        return Period(dt.date(y, mo, 1), _month_end(y, mo), "months")
    if m := re.fullmatch(
        rf"(\d{{4}})年(\d{{1,2}})月(\d{{1,2}})日{_SEP}(?:(\d{{4}})年)?(?:(\d{{1,2}})月)?(\d{{1,2}})日", text
    ):
        start = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        end = dt.date(int(m.group(4) or start.year), int(m.group(5) or start.month), int(m.group(6)))
        return _period(start, end, _classify(start, end))
    raise ValueProblem("bad-period", f"“{text}”不是可识别的期间：请写成 {PERIOD_EXAMPLES}。")
