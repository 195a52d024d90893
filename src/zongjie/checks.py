"""Stage 3: every problem of a facts file, located, in one run.

Three passes over a loaded :class:`~zongjie.loading.Document`:

1. text scans on the raw tree (placeholders, control characters, hand-typed
   numbering, item depth, figures without a unit) — these need exact columns;
2. the typed model (:func:`zongjie.validation.validate`), its problems given positions;
3. consistency of the figures (sums, shares, dates) on the typed facts.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from .constants import PathKey
from .diagnostics import Diagnostic, make, sort_diagnostics
from .loading import Document
from .model import Facts, MemberCounts, Organizations, Problem, Profile, child_class, field_of
from .validation import _close, validate
from .values import Quantity, ValueProblem, _trim, cn_date, parse_date, parse_period
from .writing import NUMBERING, NUMBERING_SHI

# --------------------------------------------------------------------------- model walking


def _class_at(path: PathKey) -> type[Any] | None:
    """The class whose mapping sits at ``path`` (None for free-form mappings like 数据)."""
    cls: type[Any] | None = Facts
    expect_index = False
    for key in path:
        if cls is None:
            return None
        if expect_index:
            expect_index = False
            if not isinstance(key, int):
                return None
            continue
        f = field_of(cls, str(key)) if isinstance(key, str) else None
        if f is None:
            return None
        cls = child_class(f)
        expect_index = f.kind == "items"
    return None if expect_index else cls


def _keys(cls: type[Any]) -> list[str]:
    return [k for f in cls.FIELDS for k in (f.zh, f.en)]


def _index_keys() -> dict[str, list[str]]:
    """Chinese key → where it may stand (for “写错了位置” hints)."""
    where: dict[str, list[str]] = {}

    def visit(cls: type[Any], trail: str) -> None:
        for f in cls.FIELDS:
            where.setdefault(f.zh, []).append(trail or "顶层")
            sub = child_class(f)
            if sub is not None and sub is not cls:
                visit(sub, f"{trail}→{f.zh}" if trail else f.zh)

    visit(Facts, "")
    return where


_WHERE = _index_keys()
KNOWN_KEYS: frozenset[str] = frozenset(_WHERE)


# --------------------------------------------------------------------------- pass 1: text scans

# X, XX, x, ×, ×× standing alone (not part of a Latin word); ** and more; ＊; 某 standing for a name
PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])(?<![A-Za-z]-)(?<!\d(?=[x×]\d))(?:[Xx]+|×+|Ｘ+|ｘ+)(?![A-Za-z])(?!-[A-Za-z])"
    r"|\*{2,}|＊+|□+"
    r"|某{2,}|某(?=[镇乡村县市区省街组队户年月日人]|社区|单位|部门|同志|企业|公司|学校|支部|党委|党总支|小区|项目|书记)"
)
_URL = re.compile(r"(?:https?://|www\.)[\w\-.~:/?#\[\]@!$&'()*+,;=%]+", re.ASCII)
#: every character a placeholder or a control character starts with: a quick test before the scans
PLACEHOLDER_CHARS = re.compile("[Xx×Ｘｘ*＊□某\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ITEM_LISTS = {"主要做法", "practices", "特色亮点", "highlights", "存在问题", "problems", "下步打算", "plans"}
_SUB = {"条目", "items"}
_PLAIN_LISTS = frozenset(_ITEM_LISTS | _SUB)


def _strings(
    node: Any, path: PathKey, out: list[tuple[PathKey, str, bool]] | None = None
) -> list[tuple[PathKey, str, bool]]:
    """Every string in the raw tree, in file order: (path, text, is_key)."""
    if out is None:
        out = []
    if isinstance(node, dict):
        for k, v in node.items():
            sub = (*path, k)
            out.append((sub, str(k), True))
            if isinstance(v, str):
                out.append((sub, v, False))
            elif isinstance(v, (dict, list)):
                _strings(v, sub, out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            if isinstance(v, str):
                out.append(((*path, i), v, False))
            elif isinstance(v, (dict, list)):
                _strings(v, (*path, i), out)
    elif isinstance(node, str):
        out.append((path, node, False))
    return out


def _where(doc: Document, path: PathKey, text: str, is_key: bool, index: int) -> tuple[int, int]:
    if is_key:
        line, col = doc.position(path, key=True)
        return line, col + index
    needle = text[index : index + 8].split("\n")[0]
    occurrence = text[:index].count(needle)
    return doc.locate(path, needle, occurrence)


def _scan_text(doc: Document) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for path, text, is_key in _strings(doc.data, ()):
        if not is_key:
            out.extend(_numbering(doc, path, text))
        if not PLACEHOLDER_CHARS.search(text):  # nothing a placeholder or control character is made of
            continue
        urls = [u.span() for u in _URL.finditer(text)]
        for m in PLACEHOLDER.finditer(text):
            if any(a <= m.start() < b for a, b in urls):
                continue
            line, col = _where(doc, path, text, is_key, m.start())
            out.append(
                make(
                    "placeholder",
                    doc.file,
                    line,
                    col,
                    f"“{m.group()}”是范文留下的占位符（在“{_excerpt(text, m.start(), m.end())}”中）："
                    "请换成真实的名称或数字；不知道的内容请删去，不要留空位。",
                )
            )
        for m in _XML_ILLEGAL.finditer(text):
            line, col = doc.position(path, key=is_key)
            out.append(
                make(
                    "control-char",
                    doc.file,
                    line,
                    col,
                    f"文字中含有控制字符 U+{ord(m.group()):04X}，会损坏 .docx：请删去（检查双引号里的“\\x”“\\u”转义）。",
                )
            )
    _structure(doc, doc.data, (), out)
    return out


def _excerpt(text: str, start: int, end: int) -> str:
    a, b = max(0, start - 6), min(len(text), end + 6)
    return (("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")).replace("\n", "⏎")


def _numbering(doc: Document, path: PathKey, text: str) -> list[Diagnostic]:
    if len(path) < 2:
        return []
    last, parent = path[-1], path[-2]
    heading = last in ("标题", "title") and isinstance(parent, int)
    point = isinstance(last, int) and parent in ("要点", "points")
    plain_item = isinstance(last, int) and parent in _PLAIN_LISTS
    if not (heading or point or plain_item):
        return []
    # 一是/首先 are numbering only in headings and points; 内容 prints as written
    out = []
    m = NUMBERING.match(text) or ((heading or point) and NUMBERING_SHI.match(text))
    if m and text[m.end() :].strip():
        line, col = doc.locate(path, text[: m.end()].strip())
        out.append(
            make(
                "manual-numbering",
                doc.file,
                line,
                col,
                f"开头的“{m.group().strip()}”是手写的序号：zongjie 会按层级自动编号，生成时已去掉它；请从事实文件中删去。",
            )
        )
    return out


def _structure(doc: Document, node: Any, path: PathKey, out: list[Diagnostic]) -> list[Diagnostic]:
    """Item depth and figures without a unit, on the raw tree (appended to ``out``)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("数据", "data") and isinstance(v, dict):
                for label, q in v.items():
                    written = str(q).lstrip("约近逾超")
                    if str(label)[-1:].isdigit() and written[:1].isdigit():
                        line, col = doc.position((*path, k, label), key=True)
                        out.append(
                            make(
                                "label-digit",
                                doc.file,
                                line,
                                col,
                                f"数据名称“{label}”以数字结尾，印出来会和数量连在一起（“{label}{q}”）："
                                f"请在名称后加上单位或说明，如“{label}年”“{label}号”。",
                            )
                        )
                    if isinstance(q, (int, Decimal)) and not isinstance(q, bool):
                        line, col = doc.position((*path, k, label))
                        out.append(
                            make(
                                "no-unit",
                                doc.file,
                                line,
                                col,
                                f"“{label}: {q}”没有单位：报告中会印成“{label}{q}”，请加上单位，如“{q}个”“{q}名”“{q}万元”。",
                            )
                        )
            if isinstance(v, (dict, list)):
                _structure(doc, v, (*path, k), out)
    elif isinstance(node, list):
        depth = sum(1 for p in path if p in _SUB)
        for i, v in enumerate(node):
            if depth >= 3 and path and path[-1] in _SUB:
                line, col = doc.position((*path, i))
                out.append(
                    make(
                        "item-too-deep",
                        doc.file,
                        line,
                        col,
                        "条目超过四级（一、（一）1.（1））：公文正文最多四级标题，请把这一级并入上一级的“内容”或“要点”。",
                    )
                )
                break
            if isinstance(v, (dict, list)):
                _structure(doc, v, (*path, i), out)
    return out


# --------------------------------------------------------------------------- pass 2: the model


def _from_problems(problems: list[Problem], doc: Document) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    suggested: set[tuple[PathKey, str]] = set()  # (mapping, Chinese key) an unknown key may have meant
    for p in problems:
        if p.code == "unknown-key":
            found, meant = _unknown_key(doc, p.path)
            out.append(found)
            if meant:
                suggested.add((p.path[:-1], meant))
    for p in problems:
        # “未知字段‘党员总’，是否为‘总数’？” already says what the missing “总数” would say
        if p.code == "unknown-key" or (p.code == "missing-key" and (p.path, p.missing) in suggested):
            continue
        line, col = doc.position(p.path, key=p.at_key) if p.path else (1, 1)
        out.append(make(p.code, doc.file, line, col, p.message))
    return out


def _unknown_key(doc: Document, loc: PathKey) -> tuple[Diagnostic, str]:
    """The diagnostic of an unknown key, and the Chinese key of the field it suggests ("" if none)."""
    key = str(loc[-1])
    line, col = doc.position(loc, key=True)
    cls = _class_at(loc[:-1])
    known = _keys(cls) if cls else []
    chinese = [k for k in known if not k.isascii()]
    pool = known if key.isascii() else chinese
    near = _close(key, pool)
    if not near:  # shared characters count for short Chinese keys: 党员总 → 总数
        scored = sorted(((len(set(key) & set(k)), k) for k in pool), reverse=True)
        near = [scored[0][1]] if scored and scored[0][0] else []
    if near:
        meant = field_of(cls, near[0]) if cls else None
        message = f"未知字段“{key}”，是否为“{near[0]}”？"
        return make("unknown-key", doc.file, line, col, message), meant.zh if meant else ""
    elsewhere = _WHERE.get(key)
    if elsewhere:
        message = f"字段“{key}”不能写在这里：它应写在“{elsewhere[0]}”之下，请调整缩进。"
    else:
        message = f"未知字段“{key}”：这里可用的字段有 {'、'.join(chinese)}。"
    return make("unknown-key", doc.file, line, col, message), ""


# --------------------------------------------------------------------------- pass 3: figures


def _exact_sum(values: list[Quantity]) -> Decimal | None:
    if not values or not all(v.is_exact for v in values):
        return None
    return sum((v.value for v in values), Decimal(0))


def child(node: Any, cls: type[Any], key: str, path: PathKey) -> tuple[Any, PathKey]:
    """The raw value of a field under any of its names, and its raw path."""
    f = field_of(cls, key)
    if not isinstance(node, dict) or f is None:
        return None, (*path, key)
    used = f.zh if f.zh in node else f.en if f.en in node else key
    return node.get(used), (*path, used)


def _valid(cls: type[Any], raw: Any) -> Any:
    """The subtree as ``cls`` if it is valid on its own (its problems are reported by pass 2)."""
    return validate(raw, cls)[0] if isinstance(raw, dict) else None


def _figures(doc: Document) -> list[Diagnostic]:
    """Sums, shares and dates — on each subtree that is valid by itself, so they are
    reported even when other parts of the file have errors."""
    out: list[Diagnostic] = []
    data = doc.data
    profile, ppath = child(data, Facts, "概况", ())
    org_raw, opath = child(profile, Profile, "党组织", ppath)
    if (org := _valid(Organizations, org_raw)) is not None:
        out.extend(_organizations(org, doc, opath, child(org_raw, Organizations, "其中", opath)[1]))
    mem_raw, mpath = child(profile, Profile, "党员", ppath)
    if (members := _valid(MemberCounts, mem_raw)) is not None:
        out.extend(_members(members, doc, mem_raw, mpath))
    date_raw, dpath = child(data, Facts, "成文日期", ())
    period_raw, _ = child(data, Facts, "期间", ())
    try:
        day, period = parse_date(date_raw), parse_period(period_raw)
    except ValueProblem:
        return out
    if day < period.start:
        line, col = doc.position(dpath)
        out.append(
            make(
                "date-before-period",
                doc.file,
                line,
                col,
                f"成文日期{cn_date(day)}早于期间开始（{cn_date(period.start)}）：请核对成文日期或期间。",
            )
        )
    return out


def _organizations(org: Organizations, doc: Document, path: PathKey, of_which: PathKey) -> list[Diagnostic]:
    if not org.of_which:
        return []
    bodies = org.bodies()
    line, col = doc.position(of_which, key=True)
    if not bodies:
        return [
            make(
                "missing-total",
                doc.file,
                line,
                col,
                "写了“其中”却没有总数：请写上“党委”“党总支”或“党支部”的个数。",
            )
        ]
    branches_only = org.branches is not None and all(k.endswith("支部") for k in org.of_which)
    total_q = [org.branches] if branches_only and org.branches else [q for _, q in bodies]
    total = _exact_sum(total_q)
    part = _exact_sum(list(org.of_which.values()))
    name = "党支部" if branches_only else "党组织"
    if total is not None and part is not None and part > total:
        return [
            make(
                "sum-exceeds",
                doc.file,
                line,
                col,
                f"“其中”各项之和为{_trim(part)}个，超过{name}总数{_trim(total)}个：请核对各项数字。",
            )
        ]
    return []


def _members(m: MemberCounts, doc: Document, raw: Any, path: PathKey) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    total = m.total.value if m.total.is_exact else None
    if total is None:
        return out

    def at(key: str, label: str | None = None) -> tuple[int, int]:
        sub = child(raw, MemberCounts, key, path)[1]
        return doc.position((*sub, label) if label else sub, key=label is None)

    part = _exact_sum(list(m.of_which.values()))
    if part is not None and part > total:
        line, col = at("其中")
        out.append(
            make(
                "sum-exceeds",
                doc.file,
                line,
                col,
                f"“其中”各项之和为{_trim(part)}名，超过党员总数{_trim(total)}名：请核对各项数字。",
            )
        )
    for label, q in m.groups.items():
        if q.is_exact and q.value > total:
            line, col = at("结构", label)
            out.append(
                make(
                    "group-exceeds",
                    doc.file,
                    line,
                    col,
                    f"“{label}”{q}超过党员总数{_trim(total)}名：请核对。",
                )
            )
    ages = _exact_sum(list(m.ages.values()))
    if ages is not None and ages != total:
        line, col = at("年龄")
        out.append(
            make(
                "age-sum",
                doc.file,
                line,
                col,
                f"各年龄段之和为{_trim(ages)}名，与党员总数{_trim(total)}名不符：年龄段应覆盖全部党员，请核对。",
            )
        )
    return out


# --------------------------------------------------------------------------- entry point


def check_document(doc: Document) -> tuple[Facts | None, list[Diagnostic]]:
    """All diagnostics of a loaded document, in file order, and the facts if valid."""
    diags = list(doc.diagnostics)
    # a control character was already replaced: the rest of the file can still be checked
    stopped = any(d.is_error and d.code != "control-char" for d in diags)
    if stopped or not isinstance(doc.data, dict):
        return None, sort_diagnostics(diags)
    diags.extend(_scan_text(doc))
    facts, problems = validate(doc.data)
    diags.extend(_from_problems(problems, doc))
    diags.extend(_figures(doc))
    diags = sort_diagnostics(diags)
    return (facts if not any(d.is_error for d in diags) else None), diags
