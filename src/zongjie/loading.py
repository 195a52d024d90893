"""Stage 1: bytes → text → YAML nodes → plain data, keeping every node's position.

Nothing here knows what a facts file means; it only reads YAML safely and
remembers where each value came from, so every later diagnostic can point at a
line and column.  Problems are collected as diagnostics, never raised.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, NamedTuple

import yaml

from .constants import PathKey
from .diagnostics import CODES, Diagnostic, make
from .linescan import ZERO_WIDTH, scan
from .reading import _CONTROL, _decode

try:  # the C loader is ~8× faster; positions are the same
    _Base: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader

_IMPLICIT: dict[str | None, list[tuple[str, re.Pattern[str]]]] = yaml.SafeLoader.yaml_implicit_resolvers


class _LeanLoader(_Base):  # type: ignore[misc,valid-type]
    """The safe loader with PyYAML's tag resolution, minus the path-resolver bookkeeping
    done for every node (the safe loader registers no path resolvers)."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return "tag:yaml.org,2002:str"
        return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"


# the lean resolver relies on the safe loader having no wildcard and no path resolvers
_Loader: type[yaml.SafeLoader] = (
    _LeanLoader if None not in _IMPLICIT and not yaml.SafeLoader.yaml_path_resolvers else _Base
)


MAX_NODES = 100_000  # bounds alias expansion ("billion laughs"): nodes repeated through aliases
MAX_DEPTH = 40
_TOO_DEEP = f"嵌套超过 {MAX_DEPTH} 层：事实文件最多只需四五层缩进，请检查缩进、方括号和花括号是否成对，或循环引用的别名。"


class NodeInfo(NamedTuple):
    """Where one value sits in the source (1-based line/column)."""

    line: int
    column: int
    key_line: int
    key_column: int
    start: int  # character offsets of the value in the source text
    end: int


@dataclass
class Document:
    """A loaded YAML document: plain data plus positions, keyed by path."""

    file: str
    text: str
    data: Any = None
    location: str | None = None  # the file it was read from, if any
    nodes: dict[PathKey, NodeInfo] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: lines an input-method slip was repaired on before parsing: for each column of the
    #: repaired line (0-based), the column of the line as written
    repaired: dict[int, list[int]] = field(default_factory=dict)
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def restore(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """Diagnostics found on the repaired text, placed on the text as written."""
        if not self.repaired:
            return diagnostics
        out = []
        for d in diagnostics:
            columns = self.repaired.get(d.line)
            if columns and d.column:
                d = replace(d, column=columns[min(d.column - 1, len(columns) - 1)] + 1)
            out.append(d)
        return out

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)

    def position(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at ``path`` (or of its key), falling back
        to the nearest enclosing node that is known."""
        p = tuple(path)
        while p not in self.nodes and p:
            p = p[:-1]
        info = self.nodes.get(p)
        if info is None:
            return (1, 1)
        if key and p == tuple(path) and info.key_line:
            return (info.key_line, info.key_column)
        return (info.line, info.column)

    def locate(self, path: PathKey, needle: str, occurrence: int = 0) -> tuple[int, int]:
        """Line and column of the ``occurrence``-th ``needle`` inside the value at
        ``path``; the value's own position when it cannot be found verbatim."""
        info = self.nodes.get(tuple(path))
        if info is None:
            return self.position(path)
        segment = self.text[info.start : info.end]
        at = -1
        for _ in range(occurrence + 1):
            at = segment.find(needle, at + 1)
            if at < 0:
                return (info.line, info.column)
        return self.line_column(info.start + at)

    def line_column(self, index: int) -> tuple[int, int]:
        if not self._line_starts:
            self._line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", self.text)]
        row = bisect.bisect_right(self._line_starts, index) - 1
        return (row + 1, index - self._line_starts[row] + 1)


# --------------------------------------------------------------------------- YAML

_YAML_HINTS: list[tuple[str, str]] = [
    (
        "mapping values are not allowed",
        "此处不能出现“: ”（半角冒号加空格）。若文字中本来就有冒号，请改用全角冒号“：”，或把整段文字用引号括起来",
    ),
    ("could not find expected ':'", "缺少“: ”：字段名后面应有半角冒号和一个空格，如“单位: 城关镇”"),
    (
        "that cannot start any token",
        "这个字符不能出现在值的开头（Tab、@、` 等）：缩进请用空格，特殊字符开头的文字请用引号括起来",
    ),
    ("did not find expected key", "缩进不一致：同一层的字段应左对齐，列表项“- ”要比上一层多缩进"),
    ("did not find expected '-' indicator", "列表缩进不一致：同一列表的每一项“- ”应左对齐"),
    ("expected <block end>", "缩进不一致：请检查这一行与上一行的缩进"),
    ("found unexpected end of stream", "文件意外结束：引号或括号没有闭合"),
    ("found unknown escape character", "双引号中的“\\”转义无效：如需反斜杠请改用单引号"),
    ("did not find expected ',' or ']'", "方括号列表没有闭合，或缺少逗号"),
    ("did not find expected ',' or '}'", "花括号没有闭合，或缺少逗号"),
    ("found undefined alias", "引用了未定义的锚点（*名称 之前须有 &名称）"),
    ("expected a single document", "一个文件只能有一份事实：请删去多余的“---”"),
    ("expected a comment or a line break", "引号结束后还有多余文字：请把整段文字放进引号里"),
    ("found a tab character", "不能用 Tab 键缩进，请改用空格"),
    (
        "expected alphabetic or numeric character",
        "锚点“&”和别名“*”的名称只能用英文字母和数字；若文字以“*”或“&”开头，请用引号括起来",
    ),
]


def _yaml_diagnostic(exc: yaml.YAMLError, doc: Document) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if "end of stream" in str(getattr(exc, "problem", "")) and getattr(exc, "context_mark", None):
        mark = exc.context_mark  # type: ignore[attr-defined]  # an unclosed quote: point where it opens
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    problem = str(getattr(exc, "problem", None) or exc)
    context = str(getattr(exc, "context", None) or "")
    if "nesting depth" in problem:  # libyaml ≥ 0.2.5 bounds nesting itself (PyYAML ≥ 6.0.2 wheels)
        return make("too-deep", doc.file, line, col, _TOO_DEEP)
    hint = next((zh for en, zh in _YAML_HINTS if en in problem or en in context), None)
    message = (
        f"YAML 格式错误：{hint}。"
        if hint
        else f"YAML 格式错误（{problem}）：请检查这一行的缩进、冒号和引号。"
    )
    return make("yaml-syntax", doc.file, line, col, message)


def _scan_lines(doc: Document, text: str, known_keys: frozenset[str]) -> str | None:
    """Line-level mistakes YAML would misreport (full-width colons after keys, odd spaces, a
    list item without “- ”, full-width quotes, zero-width characters): each on its own line.

    When every error among them is mechanical, the text repaired as ``check --fix`` would
    (the text to parse, so one run reports the file's other problems too); else None."""
    slips = [s for s in scan(doc.text, known_keys) if s.report]
    doc.diagnostics.extend(make(s.code, doc.file, s.line, s.column, s.message) for s in slips)
    errors = [s for s in slips if CODES[s.code].severity == "error"]
    if not errors or any(s.edit is None or s.code not in _REPAIRABLE for s in errors):
        return None
    from .fix import fix_text

    fixed = fix_text(text, known_keys, only=_REPAIRABLE)
    doc.repaired = {c.line: _columns(c.before, c.after) for c in fixed.changes}
    return fixed.text if fixed.changes else None


def _columns(before: str, after: str) -> list[int]:
    """For each column of ``after`` (and its end), the column of ``before`` it came from."""
    from difflib import SequenceMatcher

    out = [0] * (len(after) + 1)
    for tag, i1, _i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        for j in range(j1, j2):
            out[j] = i1 + (j - j1 if tag == "equal" else 0)
    out[len(after)] = len(before)
    return out


#: the codes of the line scan that a quoted or block text may hold as the writer's own words
_SLIPS = frozenset({"fullwidth-colon", "odd-space", "list-dash", "curly-quotes", "key-in-text"})
#: the errors of the line scan the loader repairs to read the rest of the file (still errors)
_REPAIRABLE = frozenset({"fullwidth-colon", "odd-space", "list-dash"})


class _Walker:
    def __init__(self, doc: Document, loader: yaml.SafeLoader) -> None:
        self.doc = doc
        self.loader = loader
        self.count = 0  # nodes expanded again through aliases
        self.seen: set[int] = set()
        self.stopped = False
        self.zero_width = bool(ZERO_WIDTH.search(doc.text))  # stripped from every text and key
        self.hashes = " #" in doc.text or "\t#" in doc.text  # a text a comment may have cut

    def fail(self, code: str, node: yaml.Node, message: str) -> None:
        if not self.stopped:
            self.doc.diagnostics.append(
                make(code, self.doc.file, node.start_mark.line + 1, node.start_mark.column + 1, message)
            )
        self.stopped = True

    def note(self, code: str, node: yaml.Node, message: str) -> None:
        """A diagnostic at ``node`` that does not stop the walk."""
        self.doc.diagnostics.append(
            make(code, self.doc.file, node.start_mark.line + 1, node.start_mark.column + 1, message)
        )

    def walk(self, node: yaml.Node, path: PathKey, key_node: yaml.Node | None, depth: int) -> Any:
        if self.stopped:
            return None
        if id(node) in self.seen:  # reached again through an alias: an expansion
            self.count += 1
        else:
            self.seen.add(id(node))
        if self.count > MAX_NODES:
            self.fail(
                "alias-limit",
                node,
                f"展开后的内容超过 {MAX_NODES} 项（锚点/别名嵌套引用过多）：请不要用别名复制大量内容。",
            )
            return None
        if depth > MAX_DEPTH:
            self.fail("too-deep", node, _TOO_DEEP)
            return None
        self.doc.nodes[path] = NodeInfo(
            node.start_mark.line + 1,
            node.start_mark.column + 1,
            key_node.start_mark.line + 1 if key_node else 0,
            key_node.start_mark.column + 1 if key_node else 0,
            node.start_mark.index,
            node.end_mark.index,
        )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(child, (*path, i), None, depth + 1) for i, child in enumerate(node.value)]
        if self.hashes and not getattr(node, "style", None):
            self._cut(node)
        value = self._scalar(node)
        return ZERO_WIDTH.sub("", value) if self.zero_width and isinstance(value, str) else value

    def _cut(self, node: yaml.Node) -> None:
        """A plain text followed on its line by “ #” and more: YAML took the rest for a comment."""
        m = _CUT.match(self.doc.text, node.end_mark.index)
        if m is None or not node.value:
            return
        line, column = self.doc.line_column(m.start("hash"))
        rest = "#" + m.group("rest").strip()
        shown = rest if len(rest) <= 12 else rest[:12] + "…"
        self.doc.diagnostics.append(
            make(
                "comment-cut",
                self.doc.file,
                line,
                column,
                f"“#”前有空格，YAML 把“{shown}”当作注释，它不会印进报告（这段文字到“{node.value[-8:]}”为止）："
                "若它是正文，请删去“#”前的空格，或把整段文字用半角引号括起来；若是注释，请在“#”后加一个空格。",
            )
        )

    def _mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged = self.walk(value_node, (*path, "<<"), key_node, depth + 1)
                items = merged if isinstance(merged, list) else [merged]
                if not all(isinstance(item, dict) for item in items):
                    self.note(
                        "wrong-type", key_node, "合并键“<<”后面应是映射（如 <<: *基本信息），这里不是。"
                    )
                for item in items:
                    if isinstance(item, dict):
                        for k, v in item.items():
                            out.setdefault(k, v)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.note("wrong-type", key_node, "字段名必须是文字，不能是列表或映射。")
                continue
            key = str(key_node.value)  # a key is the text as written (not “True” for on, 8 for 010)
            if self.zero_width:
                key = ZERO_WIDTH.sub("", key)
            if key in seen:
                first = seen[key].start_mark.line + 1
                self.note(
                    "duplicate-key",
                    key_node,
                    f"字段“{key}”重复（第{first}行已写过）：YAML 只会保留后一个，请合并或删去其中一个。",
                )
                continue
            seen[key] = key_node
            out[key] = self.walk(value_node, (*path, key), key_node, depth + 1)
        return out

    def _scalar(self, node: yaml.Node) -> Any:
        """A scalar with YAML 1.2 core-schema meaning, so nothing a writer typed changes:
        ``010`` stays “010” (not octal 8), ``1:30`` stays “1:30”, ``on``/``yes`` stay text;
        only decimal numbers, true/false, null and dates are typed."""
        tag, value = node.tag, node.value
        if tag == "tag:yaml.org,2002:str" or getattr(node, "style", None):  # quoted: always text
            return value
        if tag == "tag:yaml.org,2002:int":
            return int(value) if _INT.fullmatch(value) else value
        if tag == "tag:yaml.org,2002:float":
            if not _DECIMAL.fullmatch(value):
                return value  # .inf, 1_000.5, 1:30.5 …: as written
            number = Decimal(value)
            return number
        if tag == "tag:yaml.org,2002:bool":
            return {"true": True, "false": False}.get(value.lower(), value)
        if tag == "tag:yaml.org,2002:null":
            return None if value in ("", "~", "null", "Null", "NULL") else value
        if tag == "tag:yaml.org,2002:timestamp":
            try:
                stamp = self.loader.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, TypeError, OverflowError, AttributeError):
                # AttributeError: an explicit !!timestamp on text that is no date at all
                return value  # e.g. 2019-02-30: let the model explain it
            if isinstance(stamp, dt.datetime):
                return stamp.date() if (stamp.hour, stamp.minute, stamp.second) == (0, 0, 0) else stamp
            return stamp
        return value  # binary, set, or an unknown tag: the text as written


_CUT = re.compile(r"[ \t]+(?P<hash>#)(?P<rest>[^\s#][^\r\n]*)")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,17})")
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,17})\.[0-9]{1,18}(?:[eE][-+]?[0-9]{1,3})?|[-+]?\.[0-9]{1,18}")


def parse(raw: bytes, name: str, *, known_keys: frozenset[str] = frozenset()) -> Document:
    """Read YAML (or JSON) bytes into a :class:`Document`.

    Never raises for bad input: every problem is in ``Document.diagnostics``.
    (``MemoryError`` or an interrupt are not “bad input” and pass through.)
    """
    text, diags = _decode(raw, name)
    if text is None:
        return Document(file=name, text="", diagnostics=diags)
    return parse_text(text, name, known_keys=known_keys, diagnostics=diags)


def parse_text(
    text: str,
    name: str,
    *,
    known_keys: frozenset[str] = frozenset(),
    diagnostics: list[Diagnostic] | None = None,
) -> Document:
    """Read YAML (or JSON) text into a :class:`Document` (``diagnostics``: those of reading it)."""
    doc = Document(file=name, text=text, diagnostics=list(diagnostics or []))
    if not text.strip():
        doc.diagnostics.append(
            make("empty-file", name, 0, 0, "文件是空的：请运行“zongjie init”生成模板再填写（写法见 zongjie help facts）。")
        )
        return doc
    bad = list(_CONTROL.finditer(text))
    if len(bad) > max(16, len(text) // 20):
        doc.diagnostics.append(
            make("binary-file", name, 0, 0, "文件中有大量不可见字符，不像文本文件：请选择 .yaml 事实文件。")
        )
        return doc
    for m in bad:
        line, col = doc.line_column(m.start())
        doc.diagnostics.append(
            make(
                "control-char",
                name,
                line,
                col,
                f"这里有不可见的控制字符 U+{ord(m.group()):04X}（常见于从网页或 PDF 复制的文字）：请删去它。",
            )
        )
    if bad:
        text = _CONTROL.sub(" ", text)
    repaired = _scan_lines(doc, text, known_keys)
    if repaired is not None:
        text = doc.text = repaired
    scanned = len(doc.diagnostics)  # those found from here on are placed on the text as written
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        found = _yaml_diagnostic(exc, doc)
        slips = [d.line for d in doc.diagnostics if d.code in _SLIPS and d.is_error]
        if doc.repaired:  # the slips are repaired: an error of the file's own
            doc.diagnostics.extend(doc.restore([found]))
        elif not (slips and min(slips) <= found.line):  # else it is that slip's consequence
            doc.diagnostics.append(found)
        return doc
    except RecursionError:
        doc.diagnostics.append(
            make("too-deep", name, 0, 0, "嵌套层次过深，无法读取：请检查方括号、花括号是否成对。")
        )
        return doc
    finally:
        loader.dispose()
    if root is None:
        doc.diagnostics.append(make("empty-file", name, 0, 0, "文件中只有注释，没有内容：请填写各字段。"))
        return doc
    walker = _Walker(doc, loader)
    try:
        doc.data = walker.walk(root, (), None, 0)
    except RecursionError:  # pragma: no cover - MAX_DEPTH stops far earlier
        doc.diagnostics.append(make("too-deep", name, 0, 0, "嵌套层次过深，无法读取。"))
        doc.data = None
    doc.diagnostics[scanned:] = doc.restore(doc.diagnostics[scanned:])
    # the file parsed: a line inside a quoted or block text is the writer's own text
    if any(d.code in _SLIPS for d in doc.diagnostics):
        inside = {
            line
            for info in doc.nodes.values()
            if info.end > info.start and doc.text[info.start] in "\"'|>" and "\n" in doc.text[info.start : info.end]
            for line in range(info.line + 1, doc.line_column(info.end)[0] + 1)
        }
        doc.diagnostics = [d for d in doc.diagnostics if not (d.code in _SLIPS and d.line in inside)]
    if not isinstance(doc.data, dict) and not walker.stopped:
        what = {list: "列表", type(None): "空值"}.get(type(doc.data), "一段文字")
        doc.diagnostics.append(
            make(
                "not-mapping",
                name,
                root.start_mark.line + 1,
                root.start_mark.column + 1,
                f"文件顶层是{what}，应为“字段: 值”的形式（如“文种: 年度工作总结”），顶层字段前不要加“- ”或缩进。",
            )
        )
    return doc
