"""Widths of text as Word and LibreOffice set it, and what the .docx writer decides from
them: where a long title breaks (GB/T 9704 7.3.1: between words, in a trapezoid or
diamond, never inside a figure or a quoted name) and how far the signature and the date are
indented (7.3.5.2: the date's first character two characters right of the name's).

Widths are in points, as set: a Chinese character is one em, digits and Latin letters
take Times New Roman's advance widths (Liberation Serif has the same metrics), every
character carries the styles' character spacing, and between a Chinese character and a
digit or Latin letter the application adds space of its own (``w:autoSpaceDE/DN``; LibreOffice
always does, ⅕ em, whatever the document says; Word about ¼ em).
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from .styles import BODY_SIZE, PAGE, TITLE_SIZE, char_spacing

SPACING = char_spacing() / 20  # points after every character (negative: 28 to a line)
TYPE_WIDTH_PT = (PAGE["width"] - PAGE["left"] - PAGE["right"]) / 20
#: Times New Roman advance widths of U+0020…U+007E, in 1/2048 em
_TNR = (
    512, 682, 836, 1024, 1024, 1706, 1593, 369, 682, 682, 1024, 1155, 512, 682, 512, 569,
    1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 569, 569, 1155, 1155, 1155, 909,
    1886, 1479, 1366, 1366, 1479, 1251, 1139, 1479, 1479, 682, 797, 1479, 1251, 1821, 1479, 1479,
    1139, 1479, 1366, 1139, 1251, 1479, 1479, 1933, 1479, 1479, 1251, 682, 569, 682, 961, 1024,
    682, 909, 1024, 909, 1024, 909, 682, 1024, 1024, 569, 569, 1024, 569, 1593, 1024, 1024,
    1024, 1024, 682, 797, 569, 1024, 1024, 1479, 1024, 1024, 909, 983, 410, 983, 1108,
)  # fmt: skip


def width(text: str) -> float:
    """Width in Chinese characters, roughly: a wide character is 1, any other ½."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


AUTOSPACE = 0.2  # em between Chinese and digits/Latin letters, as LibreOffice sets it


def _script(c: str) -> int:
    """1 for a Chinese character, 2 for a digit or Latin letter, 0 for anything else."""
    if c.isascii():
        return 2 if c.isalnum() else 0
    return 1 if unicodedata.category(c) == "Lo" and unicodedata.east_asian_width(c) == "W" else 0


def points(text: str, size: float = BODY_SIZE, autospace: float = AUTOSPACE) -> float:
    """The width of ``text`` set at ``size`` points: advance widths, character spacing and
    ``autospace`` em where Chinese meets a digit or Latin letter."""
    total = 0.0
    previous = 0
    for c in text:
        if " " <= c <= "~":
            em = _TNR[ord(c) - 32] / 2048
        else:
            em = 1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5
        script = _script(c)
        if previous and script and previous != script:
            em += autospace
        previous = script
        total += em * size + SPACING
    return total


# --------------------------------------------------------------------------- signature and date


def signature_indents(name: str, date: str) -> tuple[float, float]:
    """Left indents (in characters of 3号) of the signature and the date, without a seal:
    the name ends two characters from the right, the date starts two characters right of
    the name's start; a date that would then end nearer than two characters to the right
    edge ends there, and the name moves left to match.  Both are set flush left from these
    indents, so the two-character step is exact whatever the digits' widths."""
    line = TYPE_WIDTH_PT / BODY_SIZE
    name_w, date_w = points(name) / BODY_SIZE, points(date) / BODY_SIZE
    name_left = line - 2 - name_w
    date_left = name_left + 2
    if date_left + date_w > line - 2:
        date_left = line - 2 - date_w
        name_left = date_left - 2
    return max(round(name_left, 2), 0.0), max(round(date_left, 2), 2.0)


# --------------------------------------------------------------------------- title lines

TITLE_LIMIT = TYPE_WIDTH_PT - 1  # points a title line may fill (1pt to spare for rounding)
TITLE_AUTOSPACE = 0.25  # the wider of Word's and LibreOffice's space beside digits

_BREAK_AFTER = re.compile(
    r"(?:镇|乡|村|社区|街道|委员会|党委|党工委|党总支|党支部|\d{4}年(?:度|上半年|下半年|第[一二三四]季度)?"
    r"|关于|的|党组织|党建|建设|整治|活动|工程|工作(?=总结|汇报|情况|报告)|”|》|、|和)"
)
_BREAK_BEFORE = re.compile(r"(?:(?:专项)?工作(?:总结|汇报)|述职报告|情况(?:报告|汇报)|关于)")
#: what a line never breaks inside: a figure with its unit, a Latin word, a quoted name
_ATOM = re.compile(
    r"\d+(?:[.,．]\d+)*(?:%|％|‰)?(?:万亿|亿|万|千)?"
    r"(?:元|个|名|人|户|次|年度|年|月|日|项|家|所|亩|公里|千米|米|吨|台|件|期|批|届|岁|天|小时|余)?"
    r"|[A-Za-z][A-Za-z0-9.\-]*"
    r"|“[^”]*”|《[^》]*》|‘[^’]*’|「[^」]*」|（[^）]*）|\([^)]*\)"
    r"|."
)
_CLOSING = "，。、；：？！）》”’」』】〕…—·%)]}"
_OPENING = "（《“‘「『【〔([{"


def _tw(text: str, size: float) -> float:
    return points(text, size, TITLE_AUTOSPACE)


def _atoms(text: str, limit: float, size: float) -> list[str]:
    """``text`` cut where a line may break: closing marks stay with what precedes them,
    opening marks with what follows; a quoted name wider than a line is opened up."""
    raw: list[str] = []
    for m in _ATOM.finditer(text):
        piece = m.group(0)
        if len(piece) > 2 and piece[0] in _OPENING and _tw(piece, size) > limit:
            raw.append(piece[0])
            raw.extend(_atoms(piece[1:], limit, size))
        else:
            raw.append(piece)
    atoms: list[str] = []
    for piece in raw:
        if atoms and (piece[0] in _CLOSING or atoms[-1][-1] in _OPENING):
            atoms[-1] += piece
        else:
            atoms.append(piece)
    return atoms


def split_title(title: str, limit: float = TITLE_LIMIT, size: float = TITLE_SIZE) -> list[str]:
    """Lines of a long title (``limit`` in points at ``size``), broken only between words
    and as even as possible; never inside a figure, a Latin word or a quoted name that fits
    a line, and never leaving one character alone on a line.  A title that fits stays one line."""
    total = _tw(title, size)
    if total <= limit:
        return [title]
    atoms = _atoms(title, limit, size)
    bounds = list(itertools.accumulate(len(a) for a in atoms))[:-1]
    if total <= 3 * limit:
        words = {m.end() for m in _BREAK_AFTER.finditer(title)} | {
            m.start() for m in _BREAK_BEFORE.finditer(title)
        }
        cuts = sorted(words & set(bounds))
        for count in (2, 3):
            best: tuple[float, list[str]] | None = None
            for combo in itertools.combinations(cuts, count - 1):
                lines = [title[a:b] for a, b in itertools.pairwise([0, *combo, len(title)])]
                widths = [_tw(line, size) for line in lines]
                if max(widths) > limit or min(len(line) for line in lines) < 2:
                    continue
                if min(widths) < max(widths) / 3:  # no shape: “城关镇 / …” is worse than even lines
                    continue
                score = max(widths) - min(widths)
                if best is None or score < best[0]:
                    best = (score, lines)
            if best is not None:
                return best[1]
    return _by_width(atoms, total, limit, size)


def _by_width(atoms: list[str], total: float, limit: float, size: float) -> list[str]:
    """Even lines of whole atoms, when no word boundary gives a shape; an atom wider than a
    line (a very long number or word) is the only thing ever cut."""
    pieces: list[str] = []
    for atom in atoms:
        pieces.extend([atom] if _tw(atom, size) <= limit else list(atom))
    count = max(2, -int(-total // limit))
    while True:
        target = total / count
        lines: list[list[str]] = [[]]
        used = 0.0
        for piece in pieces:
            w = _tw(piece, size)
            if lines[-1] and (used + w > limit or used + w / 2 > target):
                lines.append([])
                used = 0.0
            lines[-1].append(piece)
            used += w
        # never one character alone on the last line: it takes the previous line's last piece
        if len(lines) > 1 and len("".join(lines[-1])) < 2 and len(lines[-2]) > 1:
            lines[-1].insert(0, lines[-2].pop())
        text = ["".join(line) for line in lines]
        if len(text) <= count and all(_tw(x, size) <= limit for x in text):
            return text
        count += 1
