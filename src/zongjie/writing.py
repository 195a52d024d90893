"""Chinese writing helpers: numerals, ordinals, enumerations, punctuation.

Pure functions on plain strings; :mod:`zongjie.context` wraps them as template
filters that keep track of which facts they print.
"""

from __future__ import annotations

import re

from .marks import unmark

_DIGITS = "零一二三四五六七八九"

#: sentence-final marks; a sentence ends with exactly one of them
FINAL = "。！？"
_TRAILING = "。！？；，、：,.;:!? \u3000"


def cn_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 21 → 二十一, 100 → 一百, 105 → 一百零五."""
    if n < 0:
        raise ValueError("negative")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = (
            ""
            if not rest
            else (
                "零" + _DIGITS[rest]
                if rest < 10
                else (_DIGITS[rest // 10] + "十" + (_DIGITS[rest % 10] if rest % 10 else ""))
            )
        )
        return _DIGITS[n // 100] + "百" + tail
    return str(n)


def ordinal(n: int, level: int) -> str:
    """The ordinal of the n-th heading at a GB/T 9704 level: 一、 （一） 1. （1）."""
    if level == 1:
        return f"{cn_numeral(n)}、"
    if level == 2:
        return f"（{cn_numeral(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"no ordinal for level {level}: GB/T 9704 has four levels")


#: an ordinal at the start of a text, by level (what :func:`ordinal` produces)
ORDINAL_AT_START: dict[int, re.Pattern[str]] = {
    1: re.compile(r"^([零一二三四五六七八九十百]+)、"),
    2: re.compile(r"^（([零一二三四五六七八九十百]+)）"),
    3: re.compile(r"^(\d+)\."),
    4: re.compile(r"^（(\d+)）"),
}

# hand-typed numbering a writer may leave at the start of a heading, point or paragraph
NUMBERING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|\d+\s*[.．、](?!\d)"
    r"|[①-⑳⑴-⒇⒈-⒛]|第[一二三四五六七八九十]+[，、,：:](?=\S))\s*"
)
NUMBERING_SHI = re.compile(r"^\s*(?:[一二三四五六七八九十]+是|首先|其次|再次|最后)\s*[，,：:]?\s*")


def strip_numbering(text: str, *, shi: bool = False) -> str:
    """Remove a hand-typed ordinal at the start (``一、``, ``（三）``, ``2.``; with
    ``shi`` also ``二是``), unless nothing would be left."""
    for pattern in (NUMBERING, NUMBERING_SHI) if shi else (NUMBERING,):
        m = pattern.match(text)
        if m and text[m.end() :].strip():
            text = text[m.end() :]
    return text


def bare(text: str) -> str:
    """The text without trailing punctuation or spaces (to put in a list or heading)."""
    return text.rstrip(_TRAILING)


_FINAL = re.compile(r"([。！？])([”’）》]*)$")


def sentence(text: str) -> str:
    """Exactly one sentence-final mark: “做好了。” stays, “做好了；” → “做好了。”,
    “做好了” → “做好了。”, “做好了。。” → “做好了。”; a closing quote or bracket
    after the mark (“……。”) is kept."""
    text = text.strip()
    if not text:
        return text
    m = _FINAL.search(text)
    if m:
        head = text[: m.start()].rstrip(_TRAILING)
        return head + m.group(1) + m.group(2)
    return bare(text) + "。"


# --------------------------------------------------------------------------- punctuation

_HAN = r"\u3400-\u9fff"
_CJK_OR_FULL = rf"{_HAN}\u3000-\u303f\uff00-\uffef“”‘’—…"
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_HALF_WIDTH = re.compile("[,;:?!()\"']")


def full_width(text: str) -> str:
    """Half-width ``, ; : ? ! ( )`` and straight quotes next to Chinese become full-width
    (GB/T 15834); ASCII text such as ``ISO 9001:2015`` or ``(a, b)`` is left alone."""
    if not _HALF_WIDTH.search(
        text
    ):  # most texts: nothing to do (and the patterns below are costly to compile)
        return text
    text = re.sub(
        rf"(?<=[{_CJK_OR_FULL}])\s*[,;:?!]\s*|\s*[,;:?!]\s*(?=[{_CJK_OR_FULL}])",
        lambda m: _HALF_TO_FULL[m.group().strip()],
        text,
    )
    # parentheses: a pair that touches Chinese on either side or holds Chinese
    text = re.sub(rf"\(([^()]*[{_HAN}][^()]*)\)", r"（\1）", text)
    text = re.sub(
        rf"(?<=[{_HAN}])\(([^()]*)\)|\(([^()]*)\)(?=[{_HAN}])",
        lambda m: f"（{m.group(1) if m.group(1) is not None else m.group(2)}）",
        text,
    )
    # a lone parenthesis touching Chinese, or one left unbalanced at an end (the report's words will touch it)
    text = re.sub(rf"(?<=[{_HAN}])[()]|[()](?=[{_HAN}])", lambda m: _HALF_TO_FULL[m.group()], text)
    for at in _unmatched_parens(text):
        if at in (0, len(text) - 1):
            text = text[:at] + _HALF_TO_FULL[text[at]] + text[at + 1 :]
    # straight double quotes around Chinese → “ ”
    text = re.sub(rf'"([^"]*[{_HAN}][^"]*)"', r"“\1”", text)
    text = re.sub(rf"'([^']*[{_HAN}][^']*)'", r"‘\1’", text)
    return text


def _unmatched_parens(text: str) -> list[int]:
    """Positions of half-width parentheses without a partner."""
    opened: list[int] = []
    lone: list[int] = []
    for i, c in enumerate(text):
        if c == "(":
            opened.append(i)
        elif c == ")":
            if opened:
                opened.pop()
            else:
                lone.append(i)
    return lone + opened


# --------------------------------------------------------------------------- spaces

_CJK_TEXT = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’—…·"
#: full-width punctuation (not the full-width letters and digits of U+FF10–FF5A)
_FULL_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’—…·"
_FOLD_SPACE = re.compile(rf"(?<=[{_CJK_TEXT}])\s+(?=[{_CJK_TEXT}])")


def _punct_space(space: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?<=[{_FULL_PUNCT}]){space}(?=[0-9A-Za-z])|(?<=[0-9A-Za-z]){space}(?=[{_FULL_PUNCT}])"
    )


_PUNCT_SPACE = _punct_space(r"\s+")  # inside a paragraph: a line break is a space too
_PUNCT_BLANK = _punct_space(r"[ \t]+")  # across paragraphs: spaces only, never “\n\n”
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000]*\n")
_ANY_SPACE = re.compile(r"\s")
_SPACES = re.compile(r"\s+")


def clean_text(value: str) -> str:
    """A text value as the facts file means it. Paragraphs are apart by a blank line; inside
    one, a line break or the space a folded YAML scalar leaves is noise between Chinese
    characters, and between full-width punctuation and a digit or Latin letter (“落实到人。
    5月20日” → “落实到人。5月20日”); elsewhere it is one space (“ISO 9001”)."""
    stripped = value.strip()
    if not _ANY_SPACE.search(stripped):
        return stripped  # no inner whitespace: the usual case
    paragraphs = (_PUNCT_SPACE.sub("", _FOLD_SPACE.sub("", p.strip())) for p in _PARAGRAPH_BREAK.split(value))
    return "\n\n".join(_SPACES.sub(" ", p) for p in paragraphs if p)


def clean(text: str) -> str:
    """The normal form of a fact's text in a report: full-width punctuation beside
    Chinese, no space between full-width punctuation and a digit or Latin letter, no
    doubled marks (“。。”, “，。”), no leading hand-typed numbering."""
    text = full_width(unmark(text)).lstrip("，、；：。！？,;:.!? \u3000")
    if " " in text or "\t" in text:
        text = _PUNCT_BLANK.sub("", text)
    if not _DOUBLED.search(text):  # the usual case
        return text
    text = _COMMA_STOP.sub(r"\1", text)  # “，。” → “。”
    text = _STOP_COMMA.sub(r"\1", text)  # “。，” → “。”
    text = _COMMAS.sub(lambda m: m.group()[-1], text)  # “，；” → “；”
    return _STOPS.sub(r"\1", text)  # “。。” → “。”


_DOUBLED = re.compile(r"[，、；：。！？]\s*[，、；：。！？]")
_COMMA_STOP = re.compile(r"[，、；：]+\s*([。！？])")
_STOP_COMMA = re.compile(r"([。！？])[，、；：]+")
_COMMAS = re.compile(r"[，、；：]{2,}")
_STOPS = re.compile(r"([。！？])\1+")


# --------------------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&\t])")
_RISKY_START = frozenset("0123456789-+= \u3000")
# a line that starts like a list item (“1. ”, “- ”), a setext underline or a rule (“---”, “===”)
_LINE_START = re.compile(r"^(\s*)(\d{1,9})([.)])(?=\s|$)|^(\s*)([-+=])(?=[\s\-+=]|$)", re.MULTILINE)


def md_escape(text: str) -> str:
    """Text that a Markdown reader shows exactly as written: no emphasis, links,
    HTML, headings, lists, tables or attributes can come out of it."""
    if not _MD_SPECIAL.search(text) and "\n" not in text and text[:1] not in _RISKY_START:
        return text  # most Chinese text: nothing to escape
    text = _MD_SPECIAL.sub(r"\\\1", text.replace("\t", " "))
    text = _LINE_START.sub(
        lambda m: f"{m.group(1)}{m.group(2)}\\{m.group(3)}" if m.group(2) else f"{m.group(4)}\\{m.group(5)}",
        text,
    )
    return _INDENT.sub("", text)


_INDENT = re.compile(r"^[ \u3000]+", re.MULTILINE)
