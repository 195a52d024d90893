"""The provenance marks of a draft, in one place.

While drafting, each fact's text is wrapped in marks, the opening one followed by the fact's
identity: the output lint knows exactly which text is the writer's, and the facts printed are
read from the draft itself — a fact counts as printed only if it reached the report.  All marks
are removed afterwards.

The marks are Unicode noncharacters (U+FDD0–U+FDEF), which no text may contain (the loader
refuses them like control characters) — not private-use characters, which offices use for rare
characters in names (生僻字) and which therefore print as written.  An identity is five digits
in base 30 (U+FDD2–U+FDEF): far more facts than a file of 4 MB can hold.
"""

from __future__ import annotations

import re

OPEN, CLOSE = "\ufdd0", "\ufdd1"
#: the digits of an identity, as code points
IDENTITY, IDENTITY_END = 0xFDD2, 0xFDEF
_BASE = IDENTITY_END - IDENTITY + 1
_WIDTH = 5
#: how many facts one report can mark
CAPACITY = _BASE**_WIDTH
#: every character the marks are made of (no input text may hold one)
MARK_CHARS = "\ufdd0-\ufdef"
MARKS = re.compile(f"[{MARK_CHARS}]")
_IDENTITIES = re.compile(f"{OPEN}([{chr(IDENTITY)}-{chr(IDENTITY_END)}]{{{_WIDTH}}})")


def _digits(ident: int) -> str:
    out = []
    for _ in range(_WIDTH):
        ident, digit = divmod(ident, _BASE)
        out.append(chr(IDENTITY + digit))
    return "".join(reversed(out))


def mark(escaped: str, ident: int | None = None) -> str:
    """Markdown of a fact (already escaped) between the marks, with its identity."""
    return f"{OPEN}{_digits(ident) if ident is not None else ''}{escaped}{CLOSE}"


def unmark(text: str) -> str:
    """Text without the provenance marks and the facts' identities."""
    return MARKS.sub("", text)


def identities(draft: str) -> set[int]:
    """The identities of the facts whose marks are in the draft."""
    out = set()
    for digits in _IDENTITIES.findall(draft):
        n = 0
        for c in digits:
            n = n * _BASE + ord(c) - IDENTITY
        out.add(n)
    return out
