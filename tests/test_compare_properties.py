"""Properties of this period against the last, over pairs of valid facts: the change printed is
the arithmetic (exact, Decimal), and approximate figures are never compared."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zongjie
from zongjie.lint import reader_text

FACTS = """\
文种: {kind}
单位: 前进镇
期间: {period}
概况:
  党员:
    总数: {members}
    结构:
      女党员: {women}
主要做法:
  - 标题: 抓实党员教育培训
    数据:
      轮训班: {courses}
      运转经费: {money}
存在问题: [不足]
下步打算: [打算]
"""

PERIODS = {"年度工作总结": ("2024年", "2023年", "上年"), "半年工作总结": ("2024年上半年", "2023年上半年", "去年同期")}


@st.composite
def period_pairs(draw: st.DrawFn) -> dict[str, object]:
    members = draw(st.integers(1, 50_000))
    before = draw(st.integers(1, 50_000))
    return {
        "kind": draw(st.sampled_from(sorted(PERIODS))),
        "members": (members, before),
        "women": (draw(st.integers(0, members)), draw(st.integers(0, before))),
        "courses": (draw(st.integers(0, 99)), draw(st.integers(0, 99))),
        "approx": (draw(st.sampled_from(["", "余"])), draw(st.sampled_from(["", "余"]))),
        "money": (draw(st.integers(0, 99_999)), draw(st.integers(0, 99_999))),  # tenths of 万元
    }


def facts_of(p: dict[str, object], side: int) -> bytes:
    kind = str(p["kind"])
    members, women, courses, approx, money = (p[k] for k in ("members", "women", "courses", "approx", "money"))
    return FACTS.format(
        kind=kind,
        period=PERIODS[kind][side],
        members=members[side],  # type: ignore[index]
        women=women[side],  # type: ignore[index]
        courses=f"{courses[side]}{approx[side]}期",  # type: ignore[index]
        money=f"{Decimal(money[side]) / 10}万元",  # type: ignore[index]
    ).encode()


def trimmed(d: Decimal) -> str:
    return format(d.normalize(), "f")


def share(part: int, total: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(total)).quantize(Decimal("0.1"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(period_pairs())
def test_the_change_printed_is_the_arithmetic(p: dict[str, object]) -> None:
    report = zongjie.render(facts_of(p, 0), to="md", previous=facts_of(p, 1))
    text = reader_text(str(report.markdown))
    ref = PERIODS[str(p["kind"])][2]
    now, before = p["members"]  # type: ignore[misc]
    diff = now - before
    if not diff:
        assert f"党员{now}名，与{ref}持平" in text
    else:
        rate = (Decimal(abs(diff)) * 100 / before).quantize(Decimal("0.1"), ROUND_HALF_UP)
        said = f"增长{rate}%" if diff > 0 else f"下降{rate}%"
        if not rate:
            said = "增长不足0.1%" if diff > 0 else "下降不足0.1%"
        verb = "净增" if diff > 0 else "减少"
        assert f"党员{now}名，比{ref}{verb}{abs(diff)}名，{said}" in text
    # the share of women: the difference of the two shares as printed
    w_now, w_before = p["women"]  # type: ignore[misc]
    points = share(w_now, now) - share(w_before, before)
    if not points:
        assert f"占{share(w_now, now)}%，与{ref}持平" in text
    else:
        verb = "提高" if points > 0 else "下降"
        assert f"占{share(w_now, now)}%，较{ref}{verb}{abs(points)}个百分点" in text
    # counts: compared only when both are exact
    c_now, c_before = p["courses"]  # type: ignore[misc]
    approx = p["approx"]
    if approx == ("", ""):
        change = c_now - c_before
        expected = f"与{ref}持平" if not change else f"较{ref}{'增加' if change > 0 else '减少'}{abs(change)}期"
        assert f"轮训班{c_now}期，{expected}" in text
    else:
        assert re.search(rf"轮训班{c_now}{approx[0]}期。|轮训班{c_now}{approx[0]}期；", text)  # type: ignore[index]
        assert not re.search(rf"轮训班{c_now}{approx[0]}期，", text)  # type: ignore[index]
    # money in 万元, exactly
    m_now, m_before = (Decimal(x) / 10 for x in p["money"])  # type: ignore[attr-defined]
    money = m_now - m_before
    if not money:
        assert f"运转经费{trimmed(m_now)}万元，与{ref}持平" in text
    else:
        phrase = f"比{ref}{'增加' if money > 0 else '减少'}{trimmed(abs(money))}万元"
        assert f"运转经费{trimmed(m_now)}万元，{phrase}" in text
    assert report.warnings == []
