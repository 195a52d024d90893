"""The shared examples: copies kept unchanged, and every one loads cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

import zongjie

from .conftest import EXAMPLES, ROOT, SHARED


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_has_no_diagnostics(path: Path) -> None:
    assert zongjie.check(path) == []
    facts = zongjie.load(path)
    assert facts.practices and facts.problems and facts.plans


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/examples is not beside this checkout")
def test_data_examples_are_unchanged_copies_of_shared() -> None:
    shared = {p.name: p.read_bytes() for p in SHARED.glob("*.yaml")}
    ours = {p.name: p.read_bytes() for p in EXAMPLES}
    for name, content in shared.items():
        assert ours.get(name) == content, f"data_examples/{name} differs from ../shared/examples/{name}"


def test_model_values_of_an_example() -> None:
    facts = zongjie.load(ROOT / "data_examples" / "shisidaogou-2019-special.yaml")
    assert facts.kind == "专项工作汇报"
    assert facts.period.label == "2019年9月至11月"
    assert facts.unit.party == "镇党委" and facts.unit.we == "我镇" and facts.unit.scope == "全镇"
    assert facts.profile is not None and facts.profile.members is not None
    assert str(facts.profile.members.total) == "271名"
    assert facts.practices[0].text is not None and " " not in facts.practices[0].text  # folded lines joined


def test_english_aliases_are_accepted() -> None:
    facts = zongjie.loads(
        "kind: 工作汇报\nunit: {name: 象山社区, superior: 镇党委}\nperiod: 2023年\n"
        "practices: [{title: 抓党建, points: [甲, 乙], data: {发放: 3份}}]\nproblems: [问题]\nplans: [打算]\n"
    )
    assert facts.unit.party == "社区党委" and facts.unit.superior == "镇党委"
    assert facts.practices[0].points == ["甲", "乙"]


@pytest.mark.parametrize(
    ("name", "party", "we"),
    [
        ("城关镇", "镇党委", "我镇"),
        ("汪城村", "村党支部", "我村"),
        ("象山社区", "社区党委", "我社区"),
        ("府前街道", "街道党工委", "我街道"),
        ("红旗乡", "乡党委", "我乡"),
        ("县农业农村局", "县农业农村局党组织", "我单位"),
    ],
)
def test_unit_defaults(name: str, party: str, we: str) -> None:
    from zongjie.model import Unit

    unit = Unit(name)
    assert (unit.party, unit.we) == (party, we)


def test_facts_from_plain_data() -> None:
    data = {
        "文种": "工作汇报",
        "unit": "城关镇",
        "期间": "2020年",
        "主要做法": ["甲"],
        "problems": ["乙"],
        "下步打算": ["丙"],
    }
    facts = zongjie.load(data)
    assert facts.unit.party == "镇党委" and facts.practices[0].text == "甲"
    assert (
        facts.practices[0].origin.dotted == "主要做法[0]" and facts.practices[0].origin.source == "<mapping>"
    )
    assert str(zongjie.render(facts).content).startswith("# 城关镇")
    with pytest.raises(zongjie.FactsError, match="缺少必填字段“下步打算”") as info:
        zongjie.load(
            {"文种": "工作汇报", "单位": "城关镇", "期间": "2020年", "主要做法": ["甲"], "存在问题": ["乙"]}
        )
    assert [d.code for d in info.value.diagnostics] == ["missing-key"]
