"""A bounded run of the fuzz campaign (tests/fuzz; the long run: ``python -m tests.fuzz``).

150 malformed and 150 valid generated facts files through check and render; each category
of finding is one test; each must find nothing.
"""

from __future__ import annotations

import random

import pytest

from .fuzz import campaign, generators

SEED = 20261129
N = 150


@pytest.fixture(scope="module")
def tally() -> campaign.Tally:
    return campaign.run(N, N, SEED)


def _findings(tally: campaign.Tally, category: str) -> str:
    return "\n".join(f"{f.source}: {f.detail[:200]}" for f in tally.findings if f.category == category)


def test_the_run_covers_every_input(tally: campaign.Tally) -> None:
    assert tally.counts["malformed"]["inputs"] == N and tally.counts["valid"]["inputs"] == N
    assert tally.counts["valid"]["rendered"] == N and tally.counts["malformed"]["rendered"] > 0
    assert tally.counts["valid"]["figures"] > 2 * N and tally.counts["malformed"]["figures"] > N


def test_no_tracebacks(tally: campaign.Tally) -> None:
    assert tally.total("tracebacks") == 0, _findings(tally, "tracebacks")


def test_check_and_render_agree(tally: campaign.Tally) -> None:
    assert tally.total("disagreements") == 0, _findings(tally, "disagreements")


def test_no_leaks(tally: campaign.Tally) -> None:
    assert tally.total("leaks") == 0, _findings(tally, "leaks")


def test_no_lost_figures(tally: campaign.Tally) -> None:
    assert tally.total("lost_figures") == 0, _findings(tally, "lost_figures")


def test_every_report_names_its_period(tally: campaign.Tally) -> None:
    assert tally.total("no_period") == 0, _findings(tally, "no_period")


def test_generated_valid_facts_pass_check(tally: campaign.Tally) -> None:
    assert tally.total("valid_rejected") == 0, _findings(tally, "valid_rejected")


# --------------------------------------------------------------------------- the campaign's own checks


def test_generators_are_seeded() -> None:
    seeds = generators.seeds()
    assert generators.malformed(random.Random(7), seeds) == generators.malformed(random.Random(7), seeds)
    assert generators.valid(random.Random(7)) == generators.valid(random.Random(7))
    assert campaign.show("valid:3:4") == generators.valid(random.Random("v3:4")).data


def test_valid_facts_vary_kind_period_and_depth() -> None:
    made = [generators.valid(random.Random(i)) for i in range(200)]
    texts = [v.data.decode("utf-8") for v in made]
    assert {t.split("\n", 1)[0] for t in texts} == {f"文种: {k}" for k in generators.KINDS}
    assert any("季度" in v.period for v in made) and any("日至" in v.period for v in made)
    assert any(" 条目:" in t.split("条目:", 2)[-1] for t in texts if t.count("条目:") >= 2)  # nested items
    assert sum(len(v.figures) for v in made) > 500


def _tally_of(
    markdown: str, figures: list[tuple[str, ...]], period: str, data: bytes = b""
) -> campaign.Tally:
    tally = campaign.Tally()
    valid = generators.Valid(data, figures, period)
    campaign._inspect(tally, "valid", "valid:0:0", data, markdown, valid)
    return tally


@pytest.mark.parametrize(
    "leak",
    ["None", "{{ x }}", "{% endif %}", "XX万元", "X镇", "某某", "<function f at 0x1>", "工作,成效", "成效;"],
)
def test_a_leak_is_found(leak: str) -> None:
    tally = _tally_of(f"# 2020年工作总结\n\n开展培训5次，{leak}。\n", [("开展培训", "5次")], "2020年")
    assert tally.counts["valid"]["leaks"] == 1 and tally.total("lost_figures") == 0


def test_a_paragraph_broken_by_a_line_separator_is_a_leak() -> None:
    tally = _tally_of(
        "# 2020年工作总结\n\n开展培训5次，梳理意见\n- 建议7条。\n", [("开展培训", "5次")], "2020年"
    )
    assert tally.counts["valid"]["leaks"] == 1
    assert tally.findings[0].cause == "a line break inside a paragraph"


def test_what_the_facts_wrote_is_no_leak() -> None:
    tally = _tally_of("# 2020年工作总结\n\n开展None培训5次。\n", [], "2020年", "内容: 开展None培训".encode())
    assert tally.total("leaks") == 0


def test_a_lost_figure_and_a_missing_period_are_found() -> None:
    tally = _tally_of(
        "# 工作总结\n\n开展培训5次，发放\\*慰问金\\*2000元。\n", [("开展培训", "6次"), ("2000元",)], "2020年"
    )
    assert tally.counts["valid"]["lost_figures"] == 1 and tally.counts["valid"]["no_period"] == 1


def test_a_traceback_and_a_disagreement_are_found(monkeypatch: pytest.MonkeyPatch) -> None:
    import zongjie

    data = generators.valid(random.Random(1)).data
    tally = campaign.Tally()
    monkeypatch.setattr(zongjie, "check", lambda source: [][0])
    campaign.examine(tally, "valid", "valid:1:1", data)
    monkeypatch.setattr(zongjie, "check", lambda source: [])
    monkeypatch.setattr(zongjie, "render", lambda *a, **k: (_ for _ in ()).throw(zongjie.RenderError([])))
    campaign.examine(tally, "valid", "valid:1:2", data)
    assert tally.counts["valid"]["tracebacks"] == 1 and tally.counts["valid"]["disagreements"] == 1
    assert tally.findings[0].cause == "check: IndexError in <lambda>"
