"""Quantities, periods and dates as the contract defines them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zongjie.values import ValueProblem, cn_date, parse_date, parse_period, parse_quantity, share


@pytest.mark.parametrize(
    ("raw", "unit", "text", "value", "approx"),
    [
        (271, "名", "271名", "271", ""),
        ("271名", "", "271名", "271", ""),
        ("9个", "", "9个", "9", ""),
        ("45.6万元", "", "45.6万元", "456000", ""),
        ("500元", "", "500元", "500", ""),
        ("1.2亿元", "", "1.2亿元", "120000000", ""),
        ("300余人次", "", "300余人次", "300", "余"),
        ("20多条", "", "20多条", "20", "多"),
        ("约1600人", "", "约1600人", "1600", "约"),
        ("79%", "", "79%", "79", ""),
        ("1.2万人", "", "1.2万人", "12000", ""),
        ("2万余元", "", "2万余元", "20000", "余"),
        ("3千元", "", "3千元", "3000", ""),
        (Decimal("1.5"), "", "1.5", "1.5", ""),
        ("１２３名", "", "123名", "123", ""),
        ("1.5平方公里", "", "1.5平方公里", "1.5", ""),
        (0, "个", "0个", "0", ""),
    ],
)
def test_quantities_keep_their_meaning(raw: object, unit: str, text: str, value: str, approx: str) -> None:
    q = parse_quantity(raw, unit)
    assert (q.text, q.value, q.approx) == (text, Decimal(value), approx)
    assert str(q) == text


def test_range_prints_with_a_dash_and_keeps_bounds() -> None:
    q = parse_quantity("3000-5000元")
    assert (q.text, q.value, q.high, q.is_money) == ("3000—5000元", Decimal(3000), Decimal(5000), True)
    assert q.in_unit("万元") == "0.3—0.5万元"


def test_money_is_exact_and_converts_without_changing_value() -> None:
    q = parse_quantity("45.6万元")
    assert q.is_money and q.value == Decimal("456000")
    assert q.in_unit("元") == "456000元"
    assert parse_quantity("15000元").in_unit("万元") == "1.5万元"
    assert parse_quantity("20余万元").in_unit("元") == "200000余元"
    assert parse_quantity("271名").in_unit("万元") == "271名"  # not money: unchanged


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("二百七十一", "bad-quantity"),
        ("很多", "bad-quantity"),
        ("-3", "negative"),
        (-3, "negative"),
        ("120%", "percent-range"),
        ("50-120%", "percent-range"),
        ("5000-3000元", "bad-quantity"),
        ("约300余人", "bad-quantity"),
        (True, "bad-quantity"),
        ([1, 2], "bad-quantity"),
        ("271名，其中", "bad-quantity"),
    ],
)
def test_bad_quantities(raw: object, code: str) -> None:
    with pytest.raises(ValueProblem) as info:
        parse_quantity(raw)
    assert info.value.code == code


def test_integer_counts() -> None:
    with pytest.raises(ValueProblem):
        parse_quantity("9.5", "个", integer=True)
    assert parse_quantity("1.2万", "名", integer=True).value == 12000


def test_share_one_decimal_from_counts() -> None:
    assert share(parse_quantity(52, "名"), parse_quantity(271, "名")) == "19.2%"
    assert share(parse_quantity("约50名"), parse_quantity(271, "名")) is None
    assert share(parse_quantity(1, "名"), parse_quantity(0, "名")) is None


@pytest.mark.parametrize(
    ("raw", "start", "end", "label"),
    [
        ("2020年", "2020-01-01", "2020-12-31", "2020年"),
        (2020, "2020-01-01", "2020-12-31", "2020年"),
        ("2020年度", "2020-01-01", "2020-12-31", "2020年"),
        ("2020年上半年", "2020-01-01", "2020-06-30", "2020年上半年"),
        ("2020年下半年", "2020-07-01", "2020-12-31", "2020年下半年"),
        ("2020年第三季度", "2020-07-01", "2020-09-30", "2020年第三季度"),
        ("2020年第1季度", "2020-01-01", "2020-03-31", "2020年第一季度"),
        ("2020年前三季度", "2020-01-01", "2020-09-30", "2020年1月至9月"),
        ("2020年1月至9月", "2020-01-01", "2020-09-30", "2020年1月至9月"),
        ("2020年1-9月", "2020-01-01", "2020-09-30", "2020年1月至9月"),
        ("2020年2月", "2020-02-01", "2020-02-29", "2020年2月"),
        ("2019年9月至2020年6月", "2019-09-01", "2020-06-30", "2019年9月至2020年6月"),
        (
            {"起": dt.date(2019, 9, 1), "止": dt.date(2019, 11, 30)},
            "2019-09-01",
            "2019-11-30",
            "2019年9月至11月",
        ),
        ({"start": "2020-01-01", "end": "2020-06-30"}, "2020-01-01", "2020-06-30", "2020年上半年"),
        ({"起": "2019-09-05", "止": "2019-11-20"}, "2019-09-05", "2019-11-20", "2019年9月5日至11月20日"),
        ({"起": "2019-09-05", "止": "2019-09-20"}, "2019-09-05", "2019-09-20", "2019年9月5日至20日"),
        ("2020年3月1日至2021年2月28日", "2020-03-01", "2021-02-28", "2020年3月至2021年2月"),
    ],
)
def test_periods(raw: object, start: str, end: str, label: str) -> None:
    p = parse_period(raw)
    assert (p.start.isoformat(), p.end.isoformat(), p.label) == (start, end, label)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("今年", "bad-period"),
        ("2020年13月", "bad-period"),
        ({"起": "2020-06-30", "止": "2020-01-01"}, "period-order"),
        ({"起": "2020-06-30"}, "bad-period"),
        ({"起": "2020-01-01", "止": "2020-01-01", "其他": 1}, "bad-period"),
        ([2020], "bad-period"),
    ],
)
def test_bad_periods(raw: object, code: str) -> None:
    with pytest.raises(ValueProblem) as info:
        parse_period(raw)
    assert info.value.code == code


def test_dates() -> None:
    assert parse_date("2019年11月25日") == dt.date(2019, 11, 25)
    assert (
        parse_date("2019-11-25")
        == parse_date("2019/11/25")
        == parse_date("2019.11.25")
        == dt.date(2019, 11, 25)
    )
    assert cn_date(dt.date(2020, 7, 1)) == "2020年7月1日"
    for bad in ("2019-02-30", "昨天", 20191125):
        with pytest.raises(ValueProblem):
            parse_date(bad)


@pytest.mark.parametrize(
    ("raw", "word"),
    [("0000年", "年份"), ("2020年13月", "月份或日期"), ("2021年2月29日至3月1日", "月份或日期")],
)
def test_a_bad_period_message_names_the_part_that_is_wrong(raw: str, word: str) -> None:
    with pytest.raises(ValueProblem) as info:
        parse_period(raw)
    assert word in info.value.message
