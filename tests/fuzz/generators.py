"""Seeded generators of facts files: valid ones (with what their report must contain) and
malformed ones (mutations of the shared examples).

Everything is drawn from a ``random.Random`` the caller seeds, so a seed and an index name an
input for good: ``python -m tests.fuzz --show malformed:SEED:INDEX`` prints it.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = sorted((ROOT / "data_examples").glob("*.yaml"))
KINDS = ("年度工作总结", "半年工作总结", "专项工作汇报", "述职报告", "工作汇报")


@dataclass
class Valid:
    """A generated valid facts file and what its report must show."""

    data: bytes
    figures: list[tuple[str, ...]] = field(default_factory=list)  # each: substrings that must appear
    period: str = ""  # the period's label, as zongjie prints it


# --------------------------------------------------------------------------- valid facts

_UNITS = [
    ("城关镇", "镇党委", "我镇", "县委"),
    ("象山社区", "社区党支部", "我社区", "街道党工委"),
    ("红旗村", "村党支部", "我村", "镇党委"),
    ("十四道沟镇", "镇党委", None, "县委"),
    ("县教育局", "局党组", "我局", "县委"),
    ("第一中学", "学校党总支", "我校", None),
    ("滨江街道", "街道党工委", "我街道", "区委"),
]
_WORDS = [
    "党建引领",
    "基层治理",
    "组织生活",
    "三会一课",
    "主题党日",
    "党员教育",
    "阵地建设",
    "志愿服务",
    "乡村振兴",
    "网格管理",
    "民生实事",
    "作风建设",
    "廉政教育",
    "人才培养",
    "产业发展",
    "便民服务",
    "矛盾调解",
    "文明创建",
    "集体经济",
    "安全生产",
    "环境整治",
    "结对帮扶",
    "理论学习",
    "制度建设",
]
_VERBS = ["扎实开展", "持续推进", "认真落实", "不断加强", "深入推动", "全面完善", "积极探索", "着力提升"]
_TAILS = ["取得明显成效", "形成长效机制", "群众满意度不断提高", "为全年工作打下基础", "工作水平稳步提升"]
_LABELS = [
    "开展培训",
    "发放慰问金",
    "走访困难党员",
    "新发展党员",
    "召开会议",
    "整改问题",
    "建成服务站",
    "参与群众",
    "投入资金",
    "举办讲座",
    "覆盖农户",
    "受益群众",
    "排查隐患",
    "化解矛盾",
    "结对帮扶户",
]
_UNITS_OF = ["名", "个", "人次", "万元", "元", "次", "场", "份", "条", "户", "人", "处", "项", "家"]
_QUARTERS = "一二三四"


def _sentence(rng: random.Random) -> str:
    parts = [f"{rng.choice(_VERBS)}{rng.choice(_WORDS)}工作" for _ in range(rng.randint(1, 3))]
    return "，".join(parts) + f"，{rng.choice(_TAILS)}。"


def _title(rng: random.Random) -> str:
    return f"{rng.choice(_VERBS)}{rng.choice(_WORDS)}"


def _quantity(rng: random.Random) -> tuple[Any, tuple[str, ...]]:
    """A figure as written in the facts file, and the substrings its report must contain."""
    form = rng.randrange(8)
    n = rng.choice([rng.randint(1, 99), rng.randint(100, 9999), rng.randint(10_000, 99_999_999)])
    unit = rng.choice(_UNITS_OF)
    if form == 0:
        return n, (str(n),)
    if form == 1:
        return f"{n}{unit}", (f"{n}{unit}",)
    if form == 2:
        x = f"{rng.randint(1, 999)}.{rng.randint(1, 9)}万元"
        return x, (x,)
    if form == 3:
        x = f"{rng.randint(2, 999)}{rng.choice(['余', '多'])}{unit}"
        return x, (x,)
    if form == 4:
        x = f"约{n}{unit}"
        return x, (x,)
    if form == 5:
        x = f"{rng.randint(1, 100)}%"
        return x, (x,)
    if form == 6:
        low = rng.randint(1, 5000)
        high = low + rng.randint(1, 5000)
        return f"{low}-{high}{unit}", (str(low), f"{high}{unit}")  # a range prints with “—”
    return f"{n:,}{unit}" if n >= 1000 else f"{n}{unit}", (f"{n:,}{unit}" if n >= 1000 else f"{n}{unit}",)


def _data(rng: random.Random, figures: list[tuple[str, ...]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for label in rng.sample(_LABELS, rng.randint(1, 4)):
        if rng.random() < 0.02:  # a rare name character from the private-use area (生僻字)
            label = label[:2] + rng.choice(["\ue5e5", "\uf8f0", "\U000f0101"]) + label[2:]
        value, expect = _quantity(rng)
        out[label] = value
        figures.append((label, *expect))
    return out


def _item(rng: random.Random, depth: int, figures: list[tuple[str, ...]]) -> Any:
    if depth == 1 and rng.random() < 0.2:
        return _sentence(rng)  # an item may be just one paragraph
    item: dict[str, Any] = {}
    if rng.random() < 0.8:
        item["标题"] = _title(rng)
    if rng.random() < 0.7:
        item["内容"] = _sentence(rng)
    if rng.random() < 0.3:
        item["要点"] = [_sentence(rng).rstrip("。") for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.4:
        item["数据"] = _data(rng, figures)
    if depth < 3 and rng.random() < 0.3:
        item["条目"] = [_item(rng, depth + 1, figures) for _ in range(rng.randint(1, 3))]
    if not any(k in item for k in ("内容", "要点", "数据", "条目")):
        item["内容"] = _sentence(rng)
    if not any(k in item for k in ("标题", "内容", "要点", "数据")):
        item["标题"] = _title(rng)  # an item with only sub-items would print a bare number
    return item


def _period(rng: random.Random, kind: str) -> tuple[Any, str, dt.date]:
    """The 期间 as written, its label as zongjie prints it, and its last day."""
    y = rng.randint(2000, 2030)
    form = 0 if kind == "年度工作总结" else 1 if kind == "半年工作总结" else rng.randrange(5)
    if form == 0:
        return f"{y}年", f"{y}年", dt.date(y, 12, 31)
    if form == 1:
        first = rng.random() < 0.5
        half = "上半年" if first else "下半年"
        return f"{y}年{half}", f"{y}年{half}", dt.date(y, 6, 30) if first else dt.date(y, 12, 31)
    if form == 2:
        q = rng.randint(1, 4)
        end = dt.date(y, 3 * q, 30 if q in (2, 3) else 31)
        return f"{y}年第{_QUARTERS[q - 1]}季度", f"{y}年第{_QUARTERS[q - 1]}季度", end
    if form == 3:  # months: zongjie names the spans it knows (1月至6月 is 上半年)
        a = rng.randint(1, 11)
        b = rng.randint(a + 1, 12)
        end = dt.date(y, b + 1, 1) - dt.timedelta(days=1) if b < 12 else dt.date(y, 12, 31)
        label = f"{y}年{a}月至{b}月"
        if (a, b) == (1, 12):
            label = f"{y}年"
        elif (a, b) in ((1, 6), (7, 12)):
            label = f"{y}年{'上' if a == 1 else '下'}半年"
        elif a % 3 == 1 and b == a + 2:
            label = f"{y}年第{_QUARTERS[b // 3 - 1]}季度"
        return f"{y}年{a}月至{b}月", label, end
    start = dt.date(y, rng.randint(1, 6), rng.randint(2, 28))
    end = start + dt.timedelta(days=rng.randint(10, 150))
    tail = f"{end.month}月{end.day}日" if end.year == y else f"{end.year}年{end.month}月{end.day}日"
    if end.year == y and end.month == start.month:
        tail = f"{end.day}日"
    label = f"{y}年{start.month}月{start.day}日至{tail}"
    return {"起": start.isoformat(), "止": end.isoformat()}, label, end


def valid(rng: random.Random) -> Valid:
    """A valid facts file of a random kind, unit and period, items nested at most four levels."""
    kind = rng.choice(KINDS)
    figures: list[tuple[str, ...]] = []
    name, body, self_name, superior = rng.choice(_UNITS)
    unit: Any = name
    if rng.random() < 0.7:
        unit = {"名称": name, "党组织": body}
        if self_name:
            unit["自称"] = self_name
        if superior:
            unit["上级"] = superior
    period, label, end = _period(rng, kind)
    facts: dict[str, Any] = {"文种": kind}
    if rng.random() < 0.3:
        facts["标题"] = f"{name}{label}{rng.choice(_WORDS)}{kind}" if rng.random() < 0.5 else f"{name}{kind}"
    facts["单位"] = unit
    facts["期间"] = period
    if rng.random() < 0.3:
        facts["主送"] = rng.choice(["县委组织部", "镇党委", "区委"])
    if rng.random() < 0.7:
        facts["署名"] = f"中共{name}委员会"
    if rng.random() < 0.7:
        date = end + dt.timedelta(days=rng.randint(1, 40))
        facts["成文日期"] = (
            date.isoformat() if rng.random() < 0.5 else f"{date.year}年{date.month}月{date.day}日"
        )
    if rng.random() < 0.4:
        profile: dict[str, Any] = {}
        total = rng.randint(20, 3000)
        members: dict[str, Any] = {"总数": total}
        if rng.random() < 0.5:
            a = rng.randint(0, total)
            members["其中"] = {"农村党员": a, "机关党员": rng.randint(0, total - a)}
        profile["党员"] = members
        figures.append((str(total),))
        if rng.random() < 0.5:
            profile["数据"] = _data(rng, figures)
        facts["概况"] = profile
    facts["主要做法"] = [_item(rng, 1, figures) for _ in range(rng.randint(1, 5))]
    if rng.random() < 0.3:
        facts["特色亮点"] = [_item(rng, 1, figures) for _ in range(rng.randint(1, 2))]
    facts["存在问题"] = [_sentence(rng) for _ in range(rng.randint(1, 3))]
    facts["下步打算"] = [_item(rng, 1, figures) for _ in range(rng.randint(1, 3))]
    text = yaml.safe_dump(facts, allow_unicode=True, sort_keys=False, width=1000)
    return Valid(text.encode("utf-8"), figures, label)


# --------------------------------------------------------------------------- malformed facts

_SEPARATORS = ["\u2028", "\u2029", "\x85", "\r", "\r\n", "\n", "\x0b", "\x0c"]
_CONTROLS = [chr(c) for c in [*range(0, 9), *range(14, 32), 127, *range(128, 160)]]
_ODD = [
    "\ue000",
    "\ue001",
    "\uf8ff",
    "\U000f0000",
    "\U0010fffd",
    "\u200b",
    "\ufeff",
    "\u202e",
    "\u0301",
    "😀",
    "𠀀",
    "\u3000",
    "\t",
    "#",
    ":",
    ": ",
    "- ",
    "{",
    "}",
    "[",
    "]",
    "&a",
    "*a",
    "!",
    "|",
    ">",
    "'",
    '"',
    "%",
    "@",
    "`",
    "\\",
    "{{ x }}",
    "{% if %}",
    "None",
    "null",
    "～",
    "：",
    "，",
]
_PLACEHOLDERS = ["X镇", "XX万元", "**村", "某村", "某某", "××", "□□", "ＸＸ", "x人"]
_HUGE = [
    "1" + "0" * 30,
    "1" + "0" * 400,
    "9" * 5000,
    "1e309",
    "-1e309",
    ".inf",
    ".nan",
    "-5",
    "0",
    "0.0000001",
    "1_000",
    "0x1F",
    "0o17",
    "1:30",
    "1,0,0",
    "99999999999999999999999万元",
    "１２３名",
    "十五名",
]
_PERIODS = [
    "2019年13月",
    "2019年第五季度",
    "{起: 2019-02-30, 止: 2019-03-01}",
    "{起: 2019-06-01, 止: 2019-01-01}",
    "去年",
    "2019",
    "20190",
    "{起: 2019-01-01}",
    "!!timestamp 甲",
    "0年",
    "9999年",
    "2019年上半年至下半年",
    "2019年1月至1月",
    "2019年12月至2月",
    "[2019年]",
    "{起: 2019-01-01, 止: 2019-12-31, 又: 1}",
    "''",
]
_DATES = [
    "2019-02-30",
    "2019年13月1日",
    "明天",
    "1900-01-01",
    "9999-12-31",
    "!!timestamp 甲",
    "2019-1-1",
    "2019/12/05",
    "[2019]",
    "0000-00-00",
    "2019年12月32日",
]
_WRONG = [
    "[1, 2]",
    "{a: b}",
    "true",
    "null",
    "~",
    "123",
    "''",
    "[]",
    "{}",
    "- a",
    "&x 1",
    "*x",
    "!!binary aGVsbG8=",
    "!!python/object:os.system 1",
    "<<: *x",
    "!!set {a}",
    "2019-01-01",
]
_YAML_TRICKS = [
    "---",
    "...",
    "%YAML 1.1",
    "? 复杂键",
    "<<: {名称: 乙}",
    "&a 主要做法:",
    "!!map",
    "%TAG ! tag:x,2000:",
]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _pick(rng: random.Random, lines: list[str]) -> int:
    return rng.randrange(len(lines)) if lines else 0


def _mutate(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i = _pick(rng, lines)
    op = rng.randrange(16)
    if op == 0 and lines:  # delete a line
        del lines[i]
    elif op == 1 and lines:  # duplicate a line
        lines.insert(i, lines[i])
    elif op == 2 and len(lines) > 1:  # swap two lines
        j = _pick(rng, lines)
        lines[i], lines[j] = lines[j], lines[i]
    elif op == 3 and lines:  # wrong indentation
        lines[i] = (
            rng.choice([" ", "  ", "   ", "\t", ""]) + lines[i].lstrip(" ")
            if rng.random() < 0.5
            else lines[i][1:]
        )
    elif op == 4 and lines:  # odd characters somewhere
        s = lines[i]
        k = rng.randint(0, len(s))
        pool = rng.choice([_SEPARATORS, _CONTROLS, _ODD])
        lines[i] = s[:k] + "".join(rng.choice(pool) for _ in range(rng.randint(1, 3))) + s[k:]
    elif op == 5:  # a line separator inside a label (数据 keys and the like)
        keyed = [j for j, s in enumerate(lines) if ": " in s and s.startswith("      ")]
        if keyed:
            j = rng.choice(keyed)
            s = lines[j]
            indent = s[: len(s) - len(s.lstrip())]
            label, _, value = s.strip().partition(": ")
            label = label.strip('"')
            k = rng.randint(0, len(label))
            if rng.random() < 0.3:  # a raw character
                label = (
                    label[:k] + rng.choice([*_SEPARATORS[:4], "\u3000", "\t", "\x00", "\ue000"]) + label[k:]
                )
            else:  # a YAML escape in a double-quoted label, often starting a Markdown block
                escape = rng.choice(
                    ["\\L", "\\P", "\\N", "\\r", "\\n", "\\r\\n", "\\u2028", "\\t", "\\ue000"]
                )
                block = rng.choice(["", "# ", "- ", "1. ", "> ", "| a |", "* ", "（1）", "一、", "```"])
                label = '"' + label[:k].replace('"', "") + escape + block + label[k:].replace('"', "") + '"'
            lines[j] = f"{indent}{label}: {value}"
    elif op == 6:  # a huge or odd number as a value
        lines[i] = _replace_value(lines[i] if lines else "", rng.choice(_HUGE))
    elif op == 7:  # deep nesting
        n = rng.choice([5, 30, 100, 1000])
        value = "[" * n + "1" + "]" * n if rng.random() < 0.5 else "{a: " * n + "1" + "}" * n
        lines[i] = _replace_value(lines[i] if lines else "", value)
    elif op == 8 and lines:  # a placeholder in a text
        s = lines[i]
        k = rng.randint(0, len(s))
        lines[i] = s[:k] + rng.choice(_PLACEHOLDERS) + s[k:]
    elif op == 9:  # a bad period or date
        key, pool = rng.choice([("期间", _PERIODS), ("成文日期", _DATES)])
        found = [j for j, s in enumerate(lines) if s.startswith(key + ":")]
        line = f"{key}: {rng.choice(pool)}"
        if found:
            lines[found[0]] = line
        else:
            lines.insert(1, line)
    elif op == 10 and lines:  # a value of the wrong type
        lines[i] = _replace_value(lines[i], rng.choice(_WRONG))
    elif op == 11:  # YAML tricks
        lines.insert(i, rng.choice(_YAML_TRICKS))
    elif op == 12:  # another kind, or none
        found = [j for j, s in enumerate(lines) if s.startswith("文种:")]
        kind = rng.choice([*KINDS, "年终总结", "", "年度工作总结 ", "null"])
        if found:
            lines[found[0]] = f"文种: {kind}"
    elif op == 13:  # a long list of items
        n = rng.choice([50, 300, 1000])
        lines += ["特色亮点:"] + [f"  - 第{k}项工作，取得成效。" for k in range(n)]
    elif op == 14 and lines:  # an empty value
        s = lines[i]
        lines[i] = s.split(":")[0] + ":" if ":" in s else ""
    else:  # cut the file short
        lines = lines[: rng.randint(0, len(lines))]
    return "\n".join(lines)


def _replace_value(line: str, value: str) -> str:
    if ": " in line:
        return line[: line.index(": ") + 2] + value
    if line.lstrip().startswith("- "):
        return line[: line.index("- ") + 2] + value
    return line + value


def malformed(rng: random.Random, seeds: list[str]) -> bytes:
    """One to three mutations of a shared example; sometimes broken at the byte level."""
    text = rng.choice(seeds)
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        text = _mutate(rng, text)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    roll = rng.random()
    if roll < 0.03:  # an invalid UTF-8 byte
        k = rng.randint(0, len(data))
        data = data[:k] + bytes([rng.choice([0x80, 0xC0, 0xFF, 0xFE, 0xED])]) + data[k:]
    elif roll < 0.05:  # cut inside a character
        data = data[: rng.randint(0, len(data))]
    elif roll < 0.06:
        data = b"\xef\xbb\xbf" + data  # a byte order mark
    elif roll < 0.07:
        data = text.encode("utf-16", "surrogatepass")
    return data


def seeds() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in EXAMPLES]
