"""The documentation cannot drift from the code: every key, alias, kind and
diagnostic code must be documented, and every complete example in it must check."""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel

import zongjie
from zongjie.diagnostics import CODES
from zongjie.model import KINDS, SECTIONS, Facts

from .conftest import ROOT

FACTS_MD = (ROOT / "docs" / "facts.md").read_text(encoding="utf-8")


def _all_keys(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[str]:
    import typing

    from zongjie.checks import _unwrap

    keys: set[str] = set()
    seen.add(model)
    for name, info in model.model_fields.items():
        keys.update(str(c) for c in getattr(info.validation_alias, "choices", None) or [name])
        inner = _unwrap(info.annotation)
        while typing.get_origin(inner) in (list, dict):
            inner = _unwrap(typing.get_args(inner)[-1])
        if isinstance(inner, type) and issubclass(inner, BaseModel) and inner not in seen:
            keys |= _all_keys(inner, seen)
    return keys


@pytest.mark.parametrize("key", sorted(_all_keys(Facts, set()) | {"起", "止", "start", "end"}))
def test_every_key_and_alias_is_documented(key: str) -> None:
    assert f"`{key}`" in FACTS_MD


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_check_is_documented(code: str) -> None:
    assert f"`{code}`" in FACTS_MD


@pytest.mark.parametrize("name", [*KINDS, *SECTIONS])
def test_kinds_and_sections_are_documented(name: str) -> None:
    assert f"`{name}`" in FACTS_MD or name in FACTS_MD


def test_complete_examples_in_the_docs_check_cleanly() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", FACTS_MD, flags=re.S)
    complete = [b for b in blocks if b.lstrip().startswith("文种:") and "下步打算:" in b]
    assert complete, "docs/facts.md should show at least one complete facts file"
    for block in complete:
        assert [d for d in zongjie.check(block) if d.is_error] == [], block[:80]
