"""The documentation cannot drift from the code: every key, alias, kind and
diagnostic code must be documented, and every complete example in it must check."""

from __future__ import annotations

import re

import pytest

import zongjie
from zongjie.diagnostics import CODES
from zongjie.model import KINDS, SECTIONS, Facts

from .conftest import ROOT

FACTS_MD = (ROOT / "docs" / "facts.md").read_text(encoding="utf-8")


def _all_keys(cls: type, seen: set[type]) -> set[str]:
    from zongjie.model import child_class

    keys: set[str] = set()
    seen.add(cls)
    for f in cls.FIELDS:  # type: ignore[attr-defined]
        keys |= {f.zh, f.en}
        sub = child_class(f)
        if sub is not None and sub not in seen:
            keys |= _all_keys(sub, seen)
    return keys


@pytest.mark.parametrize("key", sorted(_all_keys(Facts, set()) | {"起", "止", "start", "end"}))
def test_every_key_and_alias_is_documented(key: str) -> None:
    assert f"`{key}`" in FACTS_MD


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_check_is_documented(code: str) -> None:
    assert f"`{code}`" in FACTS_MD


@pytest.mark.parametrize("name", [*KINDS, *SECTIONS])
def test_kinds_and_sections_are_documented(name: str) -> None:
    assert name in FACTS_MD


def test_complete_examples_in_the_docs_behave_as_shown() -> None:
    """A complete facts file in the docs checks cleanly — unless the next code block
    shows `zongjie check` output, which must then list exactly the codes it produces."""
    fences = list(re.finditer(r"```(\w*)\n(.*?)```", FACTS_MD, flags=re.S))
    complete = 0
    for i, m in enumerate(fences):
        lang, body = m.group(1), m.group(2)
        if lang != "yaml" or "文种:" not in body or "下步打算:" not in body:
            continue
        complete += 1
        codes = [d.code for d in zongjie.check(body.encode())]
        following = fences[i + 1].group(2) if i + 1 < len(fences) else ""
        shown = re.findall(r"(?:错误|警告) \[([a-z-]+)\]", following)
        if shown:
            assert codes == shown, body[:80]
        else:
            assert [c for c in codes] == [], body[:80]
    assert complete >= 2, "docs/facts.md should show complete facts files"
