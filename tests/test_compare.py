"""This period against the last (issue 16): the wording and arithmetic of compare.py, every branch."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zongjie.compare import amount, compare, compare_shares, growth, reference, wording
from zongjie.values import parse_quantity


def q(text: str, unit: str = "") -> object:
    return parse_quantity(text, unit)


def said(now: str, before: str, kind: str = "year", *, members: bool = False) -> str | None:
    c = compare(parse_quantity(now), parse_quantity(before), kind, members=members)
    return None if c is None else c.wording


# --------------------------------------------------------------------------- the reference


@pytest.mark.parametrize(
    ("kind", "ref"),
    [
        ("year", "上年"),
        ("first-half", "去年同期"),
        ("second-half", "去年同期"),
        ("quarter", "去年同期"),
        ("months", "去年同期"),
        ("range", "上期"),
    ],
)
def test_reference_by_period_kind(kind: str, ref: str) -> None:
    assert reference(kind) == ref
    assert said("8期", "6期", kind) == f"较{ref}增加2期"
    assert said("8期", "8期", kind) == f"与{ref}持平"


# --------------------------------------------------------------------------- counts


def test_count_increase_decrease_unchanged() -> None:
    assert said("8期", "6期") == "较上年增加2期"
    assert said("1个", "2个") == "较上年减少1个"
    assert said("24个", "24个") == "与上年持平"
    assert said("1030人次", "920人次") == "较上年增加110人次"


def test_count_has_no_rate() -> None:
    c = compare(parse_quantity("8期"), parse_quantity("6期"), "year")
    assert c is not None and c.rate is None and c.change == Decimal(2) and c.direction == 1


def test_count_in_wan_keeps_its_magnitude() -> None:
    assert said("3.2万人", "3万人") == "较上年增加0.2万人"


# --------------------------------------------------------------------------- totals of members


def test_members_increase_with_rate() -> None:
    assert said("1058名", "1046名", members=True) == "比上年净增12名，增长1.1%"


def test_members_decrease_with_rate() -> None:
    assert said("1034名", "1046名", members=True) == "比上年减少12名，下降1.1%"


def test_members_unchanged() -> None:
    assert said("1046名", "1046名", members=True) == "与上年持平"


def test_members_from_zero_has_no_rate() -> None:
    c = compare(parse_quantity("12名"), parse_quantity("0名"), "year", members=True)
    assert c is not None and c.rate is None and c.wording == "比上年净增12名"


def test_a_rate_below_a_tenth_is_said_so() -> None:
    assert said("10001名", "10000名", members=True) == "比上年净增1名，增长不足0.1%"
    assert said("9999名", "10000名", members=True) == "比上年减少1名，下降不足0.1%"


def test_rate_rounds_half_up() -> None:
    # 1/8 = 12.5% exactly; 0.25/2 … the half goes up (四舍五入), never to even
    assert growth(Decimal("1000.5"), Decimal("1000")) == Decimal("0.1")  # 0.05 → 0.1
    assert growth(Decimal("2001.5"), Decimal("2000")) == Decimal("0.1")  # 0.075 → 0.1
    assert growth(Decimal("100.25"), Decimal("100")) == Decimal("0.3")  # 0.25 → 0.3


# --------------------------------------------------------------------------- money


def test_money_in_wan_yuan() -> None:
    assert said("285.6万元", "270万元") == "比上年增加15.6万元，增长5.8%"
    assert said("270万元", "285.6万元") == "比上年减少15.6万元，下降5.5%"
    assert said("7.15万元", "7.15万元") == "与上年持平"


def test_money_change_in_the_unit_of_this_figure() -> None:
    # last year written in 元, this year in 万元: the change in 万元, exactly
    assert said("1.5万元", "12000元") == "比上年增加0.3万元，增长25.0%"
    assert said("500元", "450元") == "比上年增加50元，增长11.1%"
    assert said("1.2亿元", "1亿元", "first-half") == "比去年同期增加0.2亿元，增长20.0%"


def test_money_from_zero() -> None:
    assert said("5万元", "0元") == "比上年增加5万元"


def test_amount_is_exact() -> None:
    assert amount(Decimal("156000"), parse_quantity("285.6万元")) == "15.6万元"
    assert amount(Decimal("123"), parse_quantity("1万元")) == "0.0123万元"
    assert amount(Decimal("100"), parse_quantity("300名")) == "100名"


# --------------------------------------------------------------------------- shares and percentages


def test_share_points_from_the_printed_shares() -> None:
    c = compare_shares(
        parse_quantity("214名"), parse_quantity("1058名"), parse_quantity("201名"), parse_quantity("1046名"), "year"
    )
    assert c is not None
    assert c.shares == ("20.2%", "19.2%")
    assert c.wording == "较上年提高1.0个百分点" and c.change == Decimal("1.0")


def test_share_down_and_unchanged() -> None:
    down = compare_shares(
        parse_quantity("540名"), parse_quantity("1058名"), parse_quantity("538名"), parse_quantity("1046名"), "year"
    )
    assert down is not None and down.wording == "较上年下降0.4个百分点"
    same = compare_shares(
        parse_quantity("20名"), parse_quantity("100名"), parse_quantity("40名"), parse_quantity("200名"), "quarter"
    )
    assert same is not None and same.wording == "与去年同期持平"


def test_share_of_nothing_is_not_compared() -> None:
    assert compare_shares(q("0名"), q("0名"), q("1名"), q("2名"), "year") is None  # type: ignore[arg-type]


def test_percent_in_points_never_in_percent() -> None:
    assert said("85%", "79%") == "较上年提高6个百分点"
    assert said("79%", "85.5%") == "较上年下降6.5个百分点"
    assert said("90%", "90%", "range") == "与上期持平"


# --------------------------------------------------------------------------- not compared


@pytest.mark.parametrize(
    ("now", "before"),
    [
        ("300余名", "250余名"),
        ("约300名", "250名"),
        ("300名", "250多名"),
        ("3000-5000元", "3000元"),
        ("5000元", "3000-4000元"),
        ("300人次", "250人"),
    ],
)
def test_approximations_ranges_and_other_units_are_not_compared(now: str, before: str) -> None:
    assert said(now, before) is None


def test_wording_of_a_change_built_by_hand() -> None:
    c = compare(parse_quantity("6期"), parse_quantity("8期"), "months")
    assert c is not None and wording(c) == "较去年同期减少2期" and c.amount == "2期" and c.direction == -1
