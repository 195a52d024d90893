"""The mistakes a Chinese input method makes, found line by line in a facts file's text.

YAML reports these where it gives up — often on the next, correct line, with advice that
misleads — so they are looked for before the YAML parse, each on its own line with the
character and the fix: a full-width colon after a key (``名称：李家庄村``, ``女党员：9名``), a
full-width or non-breaking space as indentation or after a colon, a list item without “- ”
(or with a full-width “－”), full-width quotes used as YAML quotes, zero-width characters.

Each finding is a :class:`Slip`; the mechanical ones carry the edit that repairs them, which
``zongjie check --fix`` (:mod:`zongjie.fix`) applies to the text.  Nothing here parses YAML:
the scan follows indentation, the way a reader of the file would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .writing import NUMBERING, NUMBERING_SHI

#: zero-width space, non-joiner, joiner; the byte-order mark inside a text
ZERO_WIDTH = re.compile("[\u200b-\u200d\ufeff]")
_ODD_SPACE = "\u00a0\u3000"
_SPACE_NAMES = {
    "\u00a0": "不间断空格（U+00A0，常见于从 Word 或网页复制的文字）",
    "\u3000": "全角空格（U+3000，中文输入法全角状态下的空格）",
}
_SHORT_NAMES = {"\u00a0": "不间断空格", "\u3000": "全角空格"}


def _contract() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """From the facts contract (the FIELDS tables): the keys whose value is a mapping of
    fields or of free labels (名称: 数量), the keys whose value is a list of items, and the
    keys of an item."""
    from .model import CLASSES

    fields = [f for cls in CLASSES.values() for f in cls.FIELDS]
    mappings = {f.zh for f in fields if f.kind in ("model", "figures", "unit", "period", "titles")}
    return (
        frozenset(mappings),
        frozenset(f.zh for f in fields if f.kind == "items"),
        frozenset(f.zh for f in CLASSES["Item"].FIELDS),
    )


#: keys whose value is a mapping; keys whose value is a list of items; the keys of an item
MAPPING_PARENTS, ITEM_LISTS, ITEM_KEYS = _contract()

_LEAD = re.compile(r"[ \u00a0\u3000]*")
# a key: no quote, bracket or dash first; no colon, “#” or sentence punctuation inside
_KEY = re.compile(
    r"(?P<label>[^\s:：#\"'\-\[\]{}“”‘’|>&*!%@`，。；！？][^:：#，。；！？]{0,29}?)"
    r"(?P<colon>[:：])(?P<after>[ \u00a0\u3000]*)(?P<value>.*)"
)
_BLOCK = re.compile(r"[|>][-+0-9]*\s*(?:#.*)?")


@dataclass(frozen=True)
class Slip:
    """One mistake: its diagnostic code, 1-based line and column, a Chinese message, and the
    edit that repairs it (replace ``line[start:end]`` with ``text``; 0-based) when mechanical.
    ``report`` is False for what the checks already report (hand-typed numbering)."""

    code: str
    line: int
    column: int
    message: str
    edit: tuple[int, int, str] | None = None
    report: bool = True


@dataclass(slots=True)
class _Row:
    indent: int  # column of the first character (the dash of a list item)
    content: int  # column where a list item's content starts (= indent otherwise)
    dash: bool
    key: str | None  # a key (written well or not)
    opens: bool  # a key (or a dash) with nothing after it: a block follows
    text: bool  # holds a plain text that may continue on the next lines
    parent: str | None  # the key whose block this row is in; “-” for a list item's mapping
    in_text: int | None = None  # the key-in-text slip of this row, while it may be a text


def split_lines(text: str) -> list[str]:
    """The lines as YAML and the diagnostics number them (``\\r\\n``, ``\\n``, ``\\r``)."""
    return re.split(r"\r\n|\n|\r", text)


def scan(text: str, known_keys: frozenset[str] = frozenset()) -> list[Slip]:
    """Every input-method mistake of ``text``, in line order."""
    return _Scanner(known_keys).run(text)


_CLOSE = {"\"": "\"", "'": "'", "[": "]", "{": "}"}


class _Scanner:
    def __init__(self, known_keys: frozenset[str]) -> None:
        self.known = known_keys | ITEM_KEYS | MAPPING_PARENTS | ITEM_LISTS
        self.rows: list[_Row] = []
        self.slips: list[Slip] = []
        self.skip_above: int | None = None  # inside a block scalar: lines indented more than this
        self.closing = ""  # inside a quoted scalar or a flow collection: what ends it
        self.n = 0

    def run(self, text: str) -> list[Slip]:
        if not ZERO_WIDTH.search(text):  # the usual case: each line as it is
            for self.n, line in enumerate(split_lines(text), 1):
                self.line(line)
            return self.slips
        for n, raw in enumerate(split_lines(text), 1):
            self.n = n
            self.zero_width(raw)
            line = ZERO_WIDTH.sub("", raw)
            before = len(self.slips)
            self.line(line)
            if line != raw:  # read without them; the columns point into the line as written
                self.slips[before:] = [_shift(s, raw) for s in self.slips[before:]]
        return self.slips

    def add(self, code: str, col: int, message: str, edit: tuple[int, int, str] | None = None) -> None:
        self.slips.append(Slip(code, self.n, col + 1, message, edit, code != "manual-numbering"))

    def zero_width(self, raw: str) -> None:
        found = list(ZERO_WIDTH.finditer(raw))
        if not found:
            return
        names = "、".join(dict.fromkeys(f"U+{ord(m.group()):04X}" for m in found))
        self.add(
            "zero-width",
            found[0].start(),
            f"这一行有 {len(found)} 个看不见的零宽字符（{names}，常见于从网页、微信复制的文字）："
            "已自动去掉，不会写入报告；可用 zongjie check --fix 从文件中删去。",
        )

    # -- one line
    def line(self, line: str) -> None:
        lead = _LEAD.match(line).group()  # type: ignore[union-attr]
        rest = line[len(lead) :]
        indent = len(lead)
        if self.closing:
            self.closing = _still_open(line, self.closing)
            return
        if not rest.strip() or rest.startswith("#"):
            return
        if self.skip_above is not None:
            if indent > self.skip_above:
                return
            self.skip_above = None
        spaces = len(lead) - len(lead.lstrip(" "))
        if spaces < len(lead) and spaces and self.fits(spaces):
            lead, rest, indent = lead[:spaces], lead[spaces:] + rest, spaces  # “　　” indents a paragraph
        if any(c in lead for c in _ODD_SPACE):
            indent = self.odd_indent(lead)
        context = self.context(indent)
        if context == "text":  # the next line of a plain text: the writer's own words
            return
        dash = rest[:1] == "－" or (rest[:1] == "-" and (rest[1:2] in ("", " ") or rest[1:2] in _ODD_SPACE))
        if not dash and rest[:1] == "-" and rest[1:2] not in "-.0123456789" and self.sibling_dash(indent):
            dash = True  # “-完善制度” among “- ” items
        body_at = self.dash(line, len(lead), rest, context) if dash else len(lead)
        key, opens, text = self.body(line, body_at, dash, context, indent)
        if not dash and key is None and self.sibling_dash(indent):
            self.add(
                "list-dash",
                len(lead),
                "这一行与上一条“- ”对齐，却没有以“- ”开头：若它是列表的一条，请在前面加上“- ”；"
                "若是上一条的后半段，请再缩进两格。",
            )
        content = body_at - len(lead) + indent
        row = _Row(indent, content, dash, key, opens or (dash and not line[body_at:].strip()), text, context)
        if self.slips and self.slips[-1].code == "key-in-text" and self.slips[-1].line == self.n:
            row.in_text = len(self.slips) - 1
        self.rows.append(row)

    def context(self, indent: int) -> str | None:
        """The key whose block a line at ``indent`` is in (“-”: a list item's mapping);
        “text” when the line continues a text."""
        for row in reversed(self.rows):
            if row.indent < indent:
                if row.dash and row.key is not None and indent == row.content:
                    self.keyed(row)
                    return "-"  # a key of the same item
                if row.opens:
                    if row.key is None or indent <= row.content:
                        return "-"
                    if row.key not in self.known and row.parent in MAPPING_PARENTS | {"{}"}:
                        return "{}"  # a figure written as a mapping (培训班: {总数: …, 其中: …})
                    return row.key
                return "text" if row.text else None
            if row.indent == indent:
                return row.parent
        return None

    def keyed(self, row: _Row) -> None:
        """A “- 标题：…” item has more keys below: its colon is a key's, an error."""
        if row.in_text is None:
            return
        slip = self.slips[row.in_text]
        label = row.key or ""
        self.slips[row.in_text] = Slip(
            "fullwidth-colon",
            slip.line,
            slip.column,
            f"字段“{label}”后面是全角冒号“：”：YAML 读不出这个字段，这一条和下面几行都会读错；"
            f"请改为半角冒号加一个半角空格“{label}: ”（zongjie check --fix 可自动改正）。",
            slip.edit,
        )
        row.in_text = None

    def sibling_dash(self, indent: int) -> bool:
        for row in reversed(self.rows):
            if row.indent <= indent:
                return row.indent == indent and row.dash
        return False

    def fits(self, indent: int) -> bool:
        """Whether ``indent`` spaces are an indentation the lines above allow."""
        last = self.rows[-1] if self.rows else None
        if last is not None and last.opens:
            return indent > last.indent
        return indent in {row.indent for row in self.rows} | {row.content for row in self.rows if row.dash}

    def odd_indent(self, lead: str) -> int:
        chars = len(lead)
        width = sum(2 if c == "\u3000" else 1 for c in lead)
        last = self.rows[-1] if self.rows else None
        if last is not None and last.opens:  # the first line of a block: deeper than its key
            indent = chars if chars > last.indent else max(width, last.indent + 2)
        else:  # a sibling or a line further out: an indentation already in use
            seen = {row.indent for row in self.rows} | {row.content for row in self.rows if row.dash}
            indent = width if chars not in seen and width in seen else chars
        odd = next(i for i, c in enumerate(lead) if c in _ODD_SPACE)
        self.add(
            "odd-space",
            odd,
            f"缩进中有{_SPACE_NAMES[lead[odd]]}：YAML 只认半角空格，这一行的层次会读错；"
            f"请把行首的空白换成 {indent} 个半角空格（zongjie check --fix 可自动改正）。",
            (0, len(lead), " " * indent),
        )
        return indent

    def dash(self, line: str, at: int, rest: str, context: str | None) -> int:
        """A list item's dash (reporting a full-width one, or one without its space); where
        its content starts."""
        after = rest[1:]
        content = at + 1 + len(after) - len(after.lstrip(" " + _ODD_SPACE))
        if rest[0] == "－":
            if context in ITEM_LISTS or context == "要点" or self.sibling_dash(at):
                self.add(
                    "list-dash",
                    at,
                    "列表项开头的“－”是全角的减号：YAML 只认半角“- ”（减号加一个空格），请改为“- ”。",
                    (at, content, "- "),
                )
        elif after[:1] and after[0] in _ODD_SPACE:
            self.add(
                "odd-space",
                at + 1,
                f"“-”后面是{_SPACE_NAMES[after[0]]}：列表项应以半角“- ”（减号加半角空格）开头，请改正"
                "（zongjie check --fix 可自动改正）。",
                (at, content, "- "),
            )
        elif after[:1] not in ("", " "):
            self.add(
                "list-dash",
                at,
                "列表项的“-”后面缺少空格：YAML 把“-”和后面的文字读成一段文字，请在“-”后加一个半角空格。",
                (at, at + 1, "- "),
            )
            return at + 1
        return content

    def body(
        self, line: str, at: int, dash: bool, context: str | None, indent: int
    ) -> tuple[str | None, bool, bool]:
        """Read a “key: value” (reporting a key typed with a full-width colon or an odd space)
        or a text; (the key, whether a block opens, whether a plain text starts)."""
        body = line[at:]
        if body[:1] in _CLOSE:
            self.closing = _still_open(body, _CLOSE[body[0]], start=1)
            return None, False, False
        role = "point" if dash and context == "要点" else ""
        m = _KEY.fullmatch(body)
        if m is None:
            return self.text(at, body, role)
        label = m.group("label").strip()
        colon, after, value = m.group("colon"), m.group("after"), m.group("value")
        if colon == ":" and (after[:1] == " " or (not after and not value)):
            vat = at + m.start("value")
            if _BLOCK.fullmatch(value):
                self.skip_above = indent
            elif value[:1] in _CLOSE:
                self.closing = _still_open(value, _CLOSE[value[0]], start=1)
            else:
                self.curly(vat, value)
                self.numbering(vat, value, "heading" if label == "标题" and (dash or context == "-") else "")
            return label, not value.strip() or bool(_BLOCK.fullmatch(value)), bool(value.strip())
        known = label in self.known
        in_items = dash and label in ITEM_KEYS and (context in ITEM_LISTS or context is None)
        place = context in MAPPING_PARENTS or context in ("-", "{}") or (indent == 0 and context is None)
        if not ((not dash and (known or place)) or in_items):
            return self.text(at, body, role)
        start, end = at + m.start("colon"), at + m.end("after")
        edit = (start, end, ": " if value else ":")
        odd = next((c for c in after if c in _ODD_SPACE), "")
        if in_items:
            self.add(
                "key-in-text",
                start,
                f"这一条以“{label}{colon}”开头，会整段当作文字印出（“（一）{label}{colon}{value[:8]}…”）："
                f"若“{label}”是字段名，请改为半角冒号加空格“{label}: ”（zongjie check --fix 可自动改正）。",
                edit,
            )
        else:
            if colon == "：":
                what = "全角冒号“：”" + ("和" + _SHORT_NAMES[odd] if odd else "")
            elif odd:
                what = f"冒号和{_SPACE_NAMES[odd]}"
            else:
                what = "冒号，冒号后没有空格"
            shown = value.strip(" " + _ODD_SPACE)[:10] or "…"
            self.add(
                "odd-space" if colon == ":" and odd else "fullwidth-colon",
                start if colon == "：" or not odd else at + m.start("after") + after.index(odd),
                f"{'字段' if known else '名称'}“{label}”后面是{what}：YAML 读不出这个字段；"
                f"请改为半角冒号加一个半角空格，如“{label}: {shown}”（zongjie check --fix 可自动改正）。",
                edit,
            )
        value = value.strip(" " + _ODD_SPACE)
        self.numbering(at + m.end("after"), m.group("value"), "heading" if label == "标题" and (dash or context == "-") else "")
        return label, not value, bool(value)

    def text(self, at: int, body: str, role: str) -> tuple[None, bool, bool]:
        self.curly(at, body)
        self.numbering(at, body, role)
        return None, False, True

    def curly(self, at: int, value: str) -> None:
        if value[:1] and value[0] in "“”‘’" and re.search(r":(?: |$)", value):
            self.add(
                "curly-quotes",
                at,
                f"这段文字以全角引号“{value[0]}”开头，但全角引号不是 YAML 的引号，里面的“: ”仍被当作字段名后的冒号："
                "请把文字中的“: ”改为全角冒号“：”，或在全角引号外再加一对半角单引号，如 '“……”'。",
            )

    def numbering(self, at: int, value: str, role: str) -> None:
        """Hand-typed numbering at the start of a 标题 or a point: only --fix uses it (the
        checks report it, on any source)."""
        if not role:
            return
        m = NUMBERING.match(value) or NUMBERING_SHI.match(value)
        if m and value[m.end() :].strip() and not value[:1].isspace():
            self.add("manual-numbering", at, "", (at, at + m.end(), ""))


def _shift(slip: Slip, raw: str) -> Slip:
    """A slip found in a line without its zero-width characters, moved onto the line as written."""
    if slip.code == "zero-width":
        return slip
    keep = [i for i, c in enumerate(raw) if not ZERO_WIDTH.match(c)] + [len(raw)]

    def at(i: int) -> int:
        return keep[min(i, len(keep) - 1)]

    edit = slip.edit
    if edit is not None:
        edit = (at(edit[0]), at(edit[1]) if edit[1] > edit[0] else at(edit[0]), edit[2])
    return Slip(slip.code, slip.line, at(slip.column - 1) + 1, slip.message, edit, slip.report)


def _still_open(text: str, closing: str, start: int = 0) -> str:
    """What still closes a quoted scalar or a flow collection after ``text`` ("" if closed)."""
    if closing in "\"'":
        i = start
        while i < len(text):
            c = text[i]
            if closing == "\"" and c == "\\":
                i += 2
                continue
            if c == closing:
                if closing == "'" and text[i + 1 : i + 2] == "'":
                    i += 2
                    continue
                return ""
            i += 1
        return closing
    depth = 1
    for c in text[start:]:
        if c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth == 0:
                return ""
    return closing
