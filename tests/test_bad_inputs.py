"""The corpus of bad facts files: each declares, in its first line, every
diagnostic it must produce (code and line:column, optionally a word the message
must contain) — and it must produce no other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import zongjie

BAD = sorted((Path(__file__).parent / "bad").glob("*.yaml"))
_EXPECT = re.compile(r"([a-z-]+) (\d+):(\d+)(?: ([^,]+))?")


def _expected(path: Path) -> list[tuple[str, int, int, str]]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name} has no '# expect:' line"
    out = []
    for part in first[len("# expect: ") :].split(", "):
        m = _EXPECT.fullmatch(part.strip())
        assert m, f"{path.name}: cannot read expectation {part!r}"
        out.append((m.group(1), int(m.group(2)), int(m.group(3)), (m.group(4) or "").strip()))
    return out


def test_corpus_is_large_enough() -> None:
    assert len(BAD) >= 30


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_input(path: Path) -> None:
    expected = _expected(path)
    diags = zongjie.check(path)
    got = [(d.code, d.line, d.column) for d in diags]
    assert got == [(c, line, col) for c, line, col, _ in expected], "\n".join(map(str, diags))
    for (_code, _l, _c, word), d in zip(expected, diags, strict=True):
        assert word in d.message
        assert d.file == str(path)
    # every file with an error refuses to load, carrying the same diagnostics
    if any(d.is_error for d in diags):
        with pytest.raises(zongjie.FactsError) as info:
            zongjie.load(path)
        assert info.value.diagnostics == diags
