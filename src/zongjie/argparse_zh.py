"""argparse in Chinese: help laid out by display width (a Chinese character takes two
columns), full-width colons after section titles, argparse's English error messages
translated, and “did you mean” for a mistyped command or choice."""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import unicodedata
from collections.abc import Iterable

from .constants import EXIT_USAGE

#: characters a line does not start with (they stay at the end of the line before)
_NO_START = set("，。、；：？！）》」』”’%,.;:!?)")
_TOKEN = re.compile(r"[A-Za-z0-9_.\-/=<>+%]+|\s+|.")


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: two for a wide (Chinese) character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, columns: int) -> list[str]:
    """Lines of at most ``columns`` columns, broken between Chinese characters or at spaces,
    never inside a Latin word or before closing punctuation."""
    lines: list[str] = []
    line, used = "", 0
    for token in _TOKEN.findall(" ".join(text.split())):
        if token.isspace():
            if line:
                line, used = line + " ", used + 1
            continue
        size = width(token)
        if used + size > columns and line.strip() and token[0] not in _NO_START:
            lines.append(line.rstrip())
            line, used = "", 0
        line, used = line + token, used + size
    lines.append(line.rstrip())
    return lines


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Help in Chinese: “用法：”, options aligned and wrapped by display width."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 30, width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, width)

    def add_usage(
        self, usage: str | None, actions: Iterable[argparse.Action], groups: Iterable[object], prefix: str | None = None
    ) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)  # type: ignore[arg-type]

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        """The description and epilog: their own lines kept, each wrapped by display width."""
        out = []
        for line in text.splitlines():
            lead = indent + line[: len(line) - len(line.lstrip(" "))]
            out += [lead + part for part in wrap(line, max(width - len(lead), 20))] if line.strip() else [""]
        return "\n".join(out)

    def add_argument(self, action: argparse.Action) -> None:
        if action.help is argparse.SUPPRESS:
            return
        invocations = [self._format_action_invocation(action)]
        invocations += [self._format_action_invocation(a) for a in self._iter_indented_subactions(action)]
        longest = max(width(i) for i in invocations) + self._current_indent
        self._action_max_length = max(self._action_max_length, longest)
        self._add_item(self._format_action, [action])

    def _format_action(self, action: argparse.Action) -> str:
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 20)
        action_width = help_position - self._current_indent - 2
        header = " " * self._current_indent + self._format_action_invocation(action)
        parts: list[str] = []
        if not action.help:
            parts.append(header + "\n")
        else:
            if width(header) - self._current_indent <= action_width:
                parts.append(header + " " * (help_position - width(header)))
            else:
                parts.append(header + "\n" + " " * help_position)
            lines = wrap(self._expand_help(action), help_width)
            parts.append(lines[0] + "\n")
            parts.extend(" " * help_position + line + "\n" for line in lines[1:])
        parts.extend(self._format_action(sub) for sub in self._iter_indented_subactions(action))
        return "".join(parts)


class Parser(argparse.ArgumentParser):
    """An argument parser whose help and messages are Chinese (see the module)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def format_help(self) -> str:
        """argparse's help, with full-width colons after the section titles."""
        lines = super().format_help().split("\n")
        out = [line[:-1] + "：" if line.endswith(":") and not line.startswith(" ") else line for line in lines]
        return "\n".join(line for line in out if line.strip() != "命令")

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}：用法错误：{translate(message)}\n")


_ARGPARSE = [
    (re.compile(r"the following arguments are required: (.+)"), "缺少{0}"),
    (re.compile(r"unrecognized arguments: (.+)"), "无法识别的参数：{0}（可用 -h 查看用法）"),
    (re.compile(r"argument (\S+?): expected one argument"), "{0} 后面缺少值"),
    (re.compile(r"argument (\S+?): expected at least one argument"), "{0} 后面至少要有一个值"),
    (re.compile(r"argument (\S+?): invalid int value: '(.*)'"), "{0} 应为整数，这里是“{1}”"),
    (re.compile(r"argument (\S+?): not allowed with argument (\S+)"), "{0} 不能与 {1} 同时使用"),
    (re.compile(r"argument (\S+?): ignored explicit argument '(.*)'"), "{0} 不带值，这里多了“{1}”"),
    (re.compile(r"ambiguous option: (\S+) could match (.+)"), "选项 {0} 不明确，可能是 {1}"),
]
_CHOICE = re.compile(r"argument (\S+?): invalid choice: '(.*)' \(choose from (.*)\)")


def translate(message: str) -> str:
    """argparse's English error messages in Chinese, with “did you mean” for a choice."""
    m = _CHOICE.fullmatch(message)
    if m:
        what, given = m.group(1), m.group(2)
        choices = [c.strip().strip("'") for c in m.group(3).split(",")]
        near = difflib.get_close_matches(given, choices, n=1, cutoff=0.3)
        hint = f"是否为“{near[0]}”？" if near else ""
        name = "命令" if what in ("命令", "command") else what
        return f"{name}“{given}”无效。{hint}可选：{'、'.join(choices)}。"
    for pattern, zh in _ARGPARSE:
        m = pattern.fullmatch(message)
        if m:
            parts = [p.replace("/", " 或 ") for p in m.groups()]
            if zh.startswith("缺少") and parts[0].startswith("-"):
                parts[0] = " " + parts[0]  # 缺少 -o 或 --output；缺少文件或文件夹
            return zh.format(*parts) + "。"
    return message
