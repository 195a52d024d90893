"""Invariants under arbitrary input: diagnostics, never a traceback."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zongjie
from zongjie.diagnostics import CODES

from .conftest import EXAMPLES

TEXTS = [p.read_text(encoding="utf-8") for p in EXAMPLES]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _holds(source: str | bytes) -> None:
    """Any text or bytes get diagnostics, never an exception; check and load agree; text given as
    a ``str`` (``loads``) and as UTF-8 bytes (``check``) give the same findings."""
    if isinstance(source, str):
        try:
            diags = list(zongjie.loads(source).warnings)
        except zongjie.FactsError as exc:
            diags = exc.diagnostics
        assert all(d.code in CODES for d in diags)
        if not re.search("[\x00\ud800-\udfff]", source):  # bytes with a NUL are not text at all
            as_bytes = [(d.code, d.line, d.column) for d in zongjie.check(source.encode("utf-8"))]
            assert as_bytes == [(d.code, d.line, d.column) for d in diags]
        return
    diags = zongjie.check(source)
    assert all(d.code in CODES for d in diags)
    assert diags == sorted(diags)
    try:
        zongjie.load(source)
    except zongjie.FactsError as exc:
        assert exc.diagnostics == diags and exc.errors
    else:
        assert not any(d.is_error for d in diags)


@SETTINGS
@given(st.text(max_size=400))
def test_any_text(text: str) -> None:
    _holds(text + "\n")


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes(raw: bytes) -> None:
    _holds(raw)


@st.composite
def mutated_example(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(TEXTS)).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "dup", "indent", "dedent", "insert", "replace-value"]))
        if action == "drop":
            del lines[i]
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "indent":
            lines[i] = "  " + lines[i]
        elif action == "dedent":
            lines[i] = lines[i][2:]
        elif action == "insert":
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + draw(st.text(min_size=1, max_size=5)) + lines[i][pos:]
        elif ": " in lines[i]:
            key = lines[i].split(": ", 1)[0]
            value = draw(
                st.one_of(
                    st.sampled_from(
                        [
                            "",
                            "[]",
                            "{}",
                            "-1",
                            "X",
                            "null",
                            "120%",
                            "[1, [2]]",
                            "2020-02-30",
                            "*a",
                            "&a x",
                            "'",
                            "|",
                        ]
                    ),
                    st.text(max_size=6),
                )
            )
            lines[i] = f"{key}: {value}"
        if not lines:
            lines = ["x"]
    return "\n".join(lines) + "\n"


@SETTINGS
@given(mutated_example())
def test_mutated_examples(text: str) -> None:
    _holds(text)
