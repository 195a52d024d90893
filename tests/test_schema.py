"""The JSON Schema agrees with zongjie: every example validates; what zongjie rejects and a schema
can express, the schema rejects too."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import zongjie
from zongjie.loading import parse

from .conftest import EXAMPLES, ROOT, SHARED

jsonschema = pytest.importorskip("jsonschema")
VALIDATOR = jsonschema.Draft202012Validator(zongjie.schema())
ALL_EXAMPLES = EXAMPLES + sorted(SHARED.glob("*.yaml")) if SHARED.is_dir() else EXAMPLES
BAD = sorted((ROOT / "tests" / "bad").glob("*.yaml"))


def _json(path: Path) -> Any:
    data = parse(path.read_bytes(), str(path)).data
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))


def _errors(data: Any) -> list[str]:
    return [e.message for e in VALIDATOR.iter_errors(data)]


def test_the_schema_is_a_valid_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(zongjie.schema())


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=[p.stem for p in ALL_EXAMPLES])
def test_every_example_as_json_validates(path: Path) -> None:
    assert _errors(_json(path)) == []


def _base() -> dict[str, Any]:
    """An example with a profile of members."""
    return next(d for d in map(_json, EXAMPLES) if "党员" in d.get("概况", {}))


def test_a_figure_in_chinese_numerals_is_rejected() -> None:
    data = _base()
    data["概况"]["党员"]["总数"] = "十五名"
    assert _errors(data)
    assert "bad-quantity" in [d.code for d in zongjie.check(data)]
    for good in ("15名", "１５名", "约1600人", "300余人次", "3000-5000元", "45.6万元", 15, "1.2万人"):
        data["概况"]["党员"]["总数"] = good
        assert _errors(data) == [], good


def test_an_unknown_kind_is_rejected() -> None:
    data = _base()
    data["文种"] = "年终总结"
    assert _errors(data)
    assert [d.code for d in zongjie.check(data)] == ["unknown-kind"]


def test_items_nested_five_deep_are_rejected() -> None:
    data = _base()
    deep: dict[str, Any] = {"标题": "第四级"}
    data["主要做法"] = [{"标题": "一", "条目": [{"标题": "二", "条目": [{"标题": "三", "条目": [deep]}]}]}]
    assert _errors(data)
    assert "item-too-deep" in [d.code for d in zongjie.check(data)]
    allowed = copy.deepcopy(data)
    allowed["主要做法"][0]["条目"][0]["条目"][0].pop("条目")
    assert _errors(allowed) == [] and zongjie.check(allowed) == []


@pytest.mark.parametrize(
    "item", [{}, {"条目": [{"标题": "下级"}]}, "   "], ids=["empty", "only-subitems", "blank-text"]
)
def test_empty_items_are_rejected(item: Any) -> None:
    data = _base()
    data["存在问题"] = [item]
    assert _errors(data)
    assert any(d.is_error for d in zongjie.check(data))


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_what_the_schema_accepts_zongjie_accepts_or_explains(path: Path) -> None:
    """For every bad file that is a mapping: the schema rejects it too, unless the problem is one
    only zongjie checks (docs/api.md)."""
    only_zongjie = {
        "placeholder", "sum-exceeds", "group-exceeds", "age-sum", "date-before-period", "period-order",
        "manual-numbering", "no-unit", "label-digit", "missing-total", "control-char", "percent-range",
        "bad-period", "bad-date", "unknown-key", "fullwidth-colon", "duplicate-key", "yaml-syntax",
        "not-mapping", "empty-file", "bad-quantity",
    }  # fmt: skip
    codes = {d.code for d in zongjie.check(path)}
    data = parse(path.read_bytes(), str(path)).data
    if not isinstance(data, dict) or codes <= only_zongjie | {"too-deep", "alias-limit"}:
        pytest.skip("only zongjie checks this")
    assert _errors(json.loads(json.dumps(data, ensure_ascii=False, default=str))), codes
