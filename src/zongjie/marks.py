"""The provenance marks of a draft, in one place.

While drafting, each fact's text is wrapped in two private-use characters, the opening one
followed by the fact's identity (a character from U+F0000 on): the output lint knows exactly
which text is the writer's, and the facts printed are read from the draft itself — a fact
counts as printed only if it reached the report.  All marks are removed afterwards.
"""

from __future__ import annotations

import re

OPEN, CLOSE = "\ue000", "\ue001"
IDENTITY, IDENTITY_END = 0xF0000, 0xFFFFD
#: how many facts one report can mark
CAPACITY = IDENTITY_END - IDENTITY
MARKS = re.compile("[\ue000\ue001\U000f0000-\U000ffffd]")
_IDENTITIES = re.compile("[\U000f0000-\U000ffffd]")


def mark(escaped: str, ident: int | None = None) -> str:
    """Markdown of a fact (already escaped) between the marks, with its identity."""
    who = chr(IDENTITY + ident) if ident is not None else ""
    return f"{OPEN}{who}{escaped}{CLOSE}"


def unmark(text: str) -> str:
    """Text without the provenance marks and the facts' identities."""
    return MARKS.sub("", text)


def identities(draft: str) -> set[int]:
    """The identities of the facts whose marks are in the draft."""
    return {ord(c) - IDENTITY for c in _IDENTITIES.findall(draft)}
