"""Run generated facts through zongjie's public API and count what went wrong.

For each input: ``zongjie.check`` (must not raise), then ``zongjie.render`` (Markdown, and
every eighth input .docx too), which must succeed exactly when ``check`` found no error and
may raise only zongjie's own errors. A report's Markdown must not leak template or Python
text, must contain every figure of the facts, and (for generated valid facts) name the period.
"""

from __future__ import annotations

import itertools
import random
import re
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import zongjie

from . import generators

CATEGORIES: dict[str, str] = {
    "inputs": "inputs",
    "rendered": "reports rendered (.md; every eighth .docx too)",
    "figures": "figures looked for in the reports",
    "tracebacks": "tracebacks (an exception that is not zongjie's)",
    "disagreements": "check/render disagreements",
    "leaks": "leaks in the Markdown",
    "lost_figures": "lost figures",
    "no_period": "reports without their period",
    "valid_rejected": "valid inputs with check errors",
}

#: what must never reach a report unless the facts wrote it: template and Python text, the
#: placeholders check refuses, half-width punctuation beside Chinese
_LEAKS = re.compile(
    r"None|Undefined|\{\{|\}\}|\{%|%\}|\{#|#\}|<(?:function|bound|class|object)\b|\bobject at 0x"
    r"|(?<![A-Za-z])[Xx]+(?=[\u4e00-\u9fff])|某某|××|□|＊"
    r"|(?<=[\u4e00-\u9fff])[,;:?!(](?!\d)|(?<![\d.])[,;:?!)](?=[\u4e00-\u9fff])"
)
_COUNTS = ("inputs", "rendered", "figures")  # what a run did, not what it found
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_FIGURE = re.compile(r"^[1-9][0-9,]*(?:\.[0-9]+)?[\u4e00-\u9fff%]{0,3}$")
_DIGITS = re.compile(r"^[1-9][0-9]{0,14}$")


@dataclass
class Finding:
    category: str
    source: str  # "malformed:SEED:INDEX" or "valid:SEED:INDEX"
    detail: str
    cause: str  # what findings of the same cause share (the exception, the codes …)


@dataclass
class Tally:
    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {
            "malformed": dict.fromkeys(CATEGORIES, 0),
            "valid": dict.fromkeys(CATEGORIES, 0),
        }
    )
    findings: list[Finding] = field(default_factory=list)

    def add(self, family: str, category: str, source: str, detail: str, cause: str = "") -> None:
        self.counts[family][category] += 1
        self.findings.append(Finding(category, source, detail, cause or detail[:60]))

    def total(self, category: str) -> int:
        return sum(c[category] for c in self.counts.values())

    def table(self) -> str:
        rows = [f"| {'':<48} | {'malformed':>9} | {'valid':>9} |", f"|{'-' * 50}|{'-' * 10}:|{'-' * 10}:|"]
        for key, title in CATEGORIES.items():
            rows.append(
                f"| {title:<48} | {self.counts['malformed'][key]:>9,} | {self.counts['valid'][key]:>9,} |"
            )
        return "\n".join(rows)

    def failed(self) -> bool:
        return any(self.total(k) for k in CATEGORIES if k not in _COUNTS)


def _reader(markdown: str) -> str:
    """The Markdown as a reader sees it: escapes undone, bold markers gone."""
    return _ESCAPE.sub(r"\1", markdown.replace("**", ""))


def _decoded(data: bytes) -> str:
    for encoding in ("utf-8", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    return data.decode("utf-8", "replace")


def _broken_paragraph(markdown: str) -> str:
    """Two lines of one paragraph: zongjie writes every paragraph on one line, so the second
    came from a line separator in a fact (a 数据 label …) — Markdown structure from the facts."""
    lines = markdown.split("\n")
    for above, line in itertools.pairwise(lines):
        if above and line and not above.startswith(("#", "<!--")) and not (above[0] == line[0] == "|"):
            return f"{above[-20:]}⏎{line[:20]}"
    return ""


def _figures_in(data: bytes) -> list[str]:
    """The figures under 数据 written plainly (“15名”, 271), as written: each must reach the report."""
    import yaml

    try:
        tree = yaml.compose(_decoded(data), Loader=yaml.SafeLoader)
    except Exception:
        return []
    found: list[str] = []

    def walk(node: Any, key: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if key == "数据" and isinstance(v, yaml.ScalarNode) and not v.style:
                    if (_FIGURE.match(v.value) and v.tag == "tag:yaml.org,2002:str") or _DIGITS.match(
                        v.value
                    ):
                        found.append(v.value)
                walk(v, str(k.value) if isinstance(k, yaml.ScalarNode) else "")
        elif isinstance(node, yaml.SequenceNode):
            for v in node.value:
                walk(v, "")

    walk(tree, "")
    return found


#: zongjie's own errors: one family once ``ZongjieError`` exists (issue 10, item 5)
_OWN_ERRORS: tuple[type[Exception], ...] = (
    (zongjie.ZongjieError,) if hasattr(zongjie, "ZongjieError") else (zongjie.FactsError, zongjie.RenderError)
)


def examine(
    tally: Tally,
    family: str,
    source: str,
    data: bytes,
    valid: generators.Valid | None = None,
    docx: bool = False,
) -> None:
    """Run one input through check and render and count what went wrong."""
    tally.counts[family]["inputs"] += 1
    try:
        diagnostics = zongjie.check(data)
    except Exception:
        tally.add(family, "tracebacks", source, "check: " + _last_line(), "check: " + _exception())
        return
    errors = [d for d in diagnostics if d.is_error]
    if valid is not None and errors:
        tally.add(family, "valid_rejected", source, "; ".join(f"{d.code}: {d.message}" for d in errors[:3]))
    try:
        report = zongjie.render(data, to="md")
        if docx:
            zongjie.render(data, to="docx")
    except _OWN_ERRORS as exc:
        if not errors:
            codes = ", ".join(sorted({d.code for d in exc.diagnostics}))
            tally.add(
                family,
                "disagreements",
                source,
                f"check passed, render raised {type(exc).__name__} [{codes}]: {exc}",
                f"check passed, render raised {type(exc).__name__} [{codes}]",
            )
        return
    except Exception:
        tally.add(family, "tracebacks", source, "render: " + _last_line(), "render: " + _exception())
        return
    if errors:
        tally.add(family, "disagreements", source, f"check found {errors[0].code}, render succeeded")
        return
    tally.counts[family]["rendered"] += 1
    _inspect(tally, family, source, data, str(report.markdown), valid)


def _inspect(
    tally: Tally, family: str, source: str, data: bytes, markdown: str, valid: generators.Valid | None
) -> None:
    text = _decoded(data)
    reader = _reader(markdown)
    leaks = sorted({m.group() for m in _LEAKS.finditer(reader) if m.group() not in text})
    if leaks:
        tally.add(
            family, "leaks", source, f"{leaks[:5]}", "template or Python text, or half-width punctuation"
        )
    broken = _broken_paragraph(markdown)
    if broken:
        tally.add(
            family,
            "leaks",
            source,
            f"a paragraph broken by a fact's line separator: {broken!r}",
            "a line break inside a paragraph",
        )
    flat = reader.replace("\n", "")
    if valid is not None:
        tally.counts[family]["figures"] += len(valid.figures)
        lost = [f for f in valid.figures if not all(part in flat for part in f)]
        if valid.period and valid.period not in flat:
            kind = text.split("\n", 1)[0].removeprefix("文种: ")
            titled = "with 标题" if "\n标题: " in text else "without 标题"
            tally.add(
                family, "no_period", source, f"“{valid.period}” is not in the report", f"{kind}, {titled}"
            )
    else:
        figures = _figures_in(data)
        tally.counts[family]["figures"] += len(figures)
        lost = [(f,) for f in figures if f not in flat and f.replace(",", "") not in flat]
    if lost:
        private = any(_PRIVATE_USE.search(part) for figure in lost for part in figure)
        cause = "a label with a private-use character" if private else "a figure not in the report"
        tally.add(family, "lost_figures", source, f"{lost[:3]}", cause)


def _exception() -> str:
    """The exception and the function that raised it."""
    import sys

    exc = sys.exc_info()[1]
    tb = traceback.extract_tb(exc.__traceback__) if exc is not None else []
    where = f" in {tb[-1].name}" if tb else ""
    return f"{type(exc).__name__}{where}"


def _last_line() -> str:
    lines = traceback.format_exc().strip().splitlines()
    where = next((s.strip() for s in reversed(lines) if s.strip().startswith("File ")), "")
    return f"{lines[-1]} ({where})"


def inputs(
    n_malformed: int, n_valid: int, seed: int
) -> Iterator[tuple[str, str, bytes, generators.Valid | None]]:
    """(family, source, bytes, expectations) for each input of a run; each input has its own
    seed (``SEED:INDEX``) so that one can be shown again on its own."""
    seeds = generators.seeds()
    for i in range(n_malformed):
        yield (
            "malformed",
            f"malformed:{seed}:{i}",
            generators.malformed(random.Random(f"m{seed}:{i}"), seeds),
            None,
        )
    for i in range(n_valid):
        v = generators.valid(random.Random(f"v{seed}:{i}"))
        yield "valid", f"valid:{seed}:{i}", v.data, v


def show(source: str) -> bytes:
    """The input a source name (``malformed:SEED:INDEX``) stands for."""
    family, seed, index = source.split(":")
    if family == "malformed":
        return generators.malformed(random.Random(f"m{seed}:{index}"), generators.seeds())
    return generators.valid(random.Random(f"v{seed}:{index}")).data


def run(n_malformed: int, n_valid: int, seed: int, progress: Callable[[int], None] | None = None) -> Tally:
    import warnings

    tally = Tally()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for k, (family, source, data, valid) in enumerate(inputs(n_malformed, n_valid, seed)):
            examine(tally, family, source, data, valid, docx=k % 8 == 0)
            if progress is not None:
                progress(k + 1)
    return tally
