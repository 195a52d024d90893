"""The clerk's corpus: the mistakes a township clerk makes typing a facts file with a Chinese
input method or pasting from Word, one (or, in the last file, nine) per file.  Each file is
tests/clerk/clean.yaml with the mistake made, and declares in its first line every diagnostic
it must produce (code and line:column, as tests/bad/ does) — on the line of the mistake
itself, never on a neighbour — and no other.  ``check --fix`` then repairs exactly the
mechanical ones: the repaired file is the clean file again, and nothing else changes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import zongjie
from zongjie.checks import KNOWN_KEYS
from zongjie.fix import fix_text

CLERK = Path(__file__).parent / "clerk"
CORPUS = sorted(CLERK.glob("[0-9]*.yaml"))
CLEAN = (CLERK / "clean.yaml").read_text(encoding="utf-8")
_EXPECT = re.compile(r"([a-z-]+) (\d+):(\d+)")
#: what --fix never touches: the writer must decide (a quote, a dash, a comment, a unit, a name)
_NOT_MECHANICAL = {"curly-quotes", "comment-cut", "unit-is-party", "foreign-unit", "share-for-count"}


def _expected(path: Path) -> list[tuple[str, int, int]]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name} has no '# expect:' line"
    out = []
    for part in first[len("# expect: ") :].split(", "):
        m = _EXPECT.fullmatch(part.strip())
        assert m, f"{path.name}: cannot read expectation {part!r}"
        out.append((m.group(1), int(m.group(2)), int(m.group(3))))
    return out


def _body(text: str) -> str:
    return text.split("\n", 1)[1]  # without the “# expect:” line


def test_corpus_is_large_enough_and_the_clean_file_is_clean() -> None:
    assert len(CORPUS) >= 30
    assert zongjie.check(CLEAN.encode()) == []


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_each_mistake_on_its_own_line(path: Path) -> None:
    expected = _expected(path)
    diags = zongjie.check(path)
    assert [(d.code, d.line, d.column) for d in diags] == expected, "\n".join(map(str, diags))
    lines = path.read_text(encoding="utf-8").split("\n")
    clean = set(CLEAN.split("\n"))
    for d in diags:
        assert d.file == str(path)
        assert lines[d.line - 1] not in clean, f"{d} points at a line without the mistake"
        assert d.message.endswith("。") and "：" in d.message  # says what is wrong, then how to fix it
    if any(d.is_error for d in diags):  # nothing renders
        with pytest.raises(zongjie.FactsError):
            zongjie.load(path)
    else:  # a warning: the report renders, without what the warning is about
        import io
        import zipfile

        report = zongjie.render(path, to="docx")
        assert not re.search("[\u200b-\u200d\ufeff]", report.markdown)
        with zipfile.ZipFile(io.BytesIO(report.content)) as docx:  # type: ignore[arg-type]
            body = docx.read("word/document.xml").decode("utf-8")
        assert not re.search("[\u200b-\u200d\ufeff]", body)
        assert "召开支部委员会12次" in body or "主题党日" not in path.name


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_fix_round_trip(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    codes = {code for code, _, _ in _expected(path)}
    fixed = fix_text(text, KNOWN_KEYS)
    assert fix_text(fixed.text, KNOWN_KEYS).changes == ()  # nothing left to repair
    if not fixed.changes:
        # only what needs the writer's judgement: --fix leaves the file as it is
        assert fixed.text == text
        assert codes <= _NOT_MECHANICAL | {"list-dash"}, codes
        return
    assert not codes & _NOT_MECHANICAL
    # the lines changed are exactly the lines diagnosed (numbering is the checks' own warning)
    assert {c.line for c in fixed.changes} == {line for _, line, _ in _expected(path)}
    assert zongjie.check(fixed.text.encode()) == []
    if "key-in-text" not in codes:  # “- 标题：…” becomes a 标题, as the writer meant
        assert _body(fixed.text) == CLEAN
    for change in fixed.changes:  # never a word or a figure: only colons, spaces, dashes, numbering
        before, after = (re.sub(r"[\s:：\-－\u200b-\u200d\ufeff]", "", s) for s in (change.before, change.after))
        assert before == after or ("manual-numbering" in codes and _removed(before, after)), change


def _removed(before: str, after: str) -> bool:
    """Whether ``after`` is ``before`` less one hand-typed number (一、 （三） 1.)."""
    from zongjie.writing import NUMBERING

    i = next((k for k, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), len(after))
    cut = before[i : i + len(before) - len(after)]
    return before[:i] + before[i + len(cut) :] == after and bool(NUMBERING.fullmatch(cut))


def test_every_block_of_the_starter_uncomments_cleanly() -> None:
    """Removing “# ” from a commented block of `zongjie init`, as its comments say, gives a
    file whose only diagnostics ask to fill something in."""
    import io

    import yaml

    from zongjie.cli import main

    fill_in = {"empty-value", "empty-item", "empty-section"}
    for kind in zongjie.KINDS:
        out = io.StringIO()
        assert main(["init", "--kind", kind], out, io.StringIO()) == 0
        lines = out.getvalue().split("\n")
        yamlish = re.compile(r"# ( *(?:-(?: |$)|[^\s#：（][^:：]*:(?: |$)))")
        blocks: list[list[int]] = []
        for i, line in enumerate(lines):
            if yamlish.match(line):
                if blocks and blocks[-1][-1] == i - 1:
                    blocks[-1].append(i)
                else:
                    blocks.append([i])
        heads = [lines[b[0]][2:].strip().split(":")[0] for b in blocks]
        assert heads == ["名称", "标题", "概况", "要点", "特色亮点"]
        base = "\n".join(lines)
        assert {d.code for d in zongjie.check(base.encode())} <= fill_in
        every = list(lines)
        for block in blocks:
            one = list(lines)
            for i in block:
                one[i] = every[i] = lines[i][2:]
            text = "\n".join(one)
            assert yaml.safe_load(text) != yaml.safe_load(base)  # the block is read
            diags = zongjie.check(text.encode())
            assert {d.code for d in diags} <= fill_in, "\n".join(map(str, diags))
        diags = zongjie.check("\n".join(every).encode())
        assert {d.code for d in diags} <= fill_in, "\n".join(map(str, diags))


def test_zero_width_from_a_mapping_is_stripped_with_a_warning_too() -> None:
    facts = {
        "文种": "年度工作总结",
        "单位": "李家\u200b庄村",
        "期间": "2024年",
        "概况": {"数据": {"村民\u200d小组": "8个"}},
        "主要做法": ["召开\ufeff支部委员会12次。"],
        "存在问题": ["年轻党员较少。"],
        "下步打算": ["发展年轻党员。"],
    }
    diags = zongjie.check(facts)
    assert sorted((d.code, d.path, d.message[:18]) for d in diags) == [
        ("zero-width", "主要做法[0]", "这里有看不见的零宽字符 U+FEFF"),
        ("zero-width", "单位", "这里有看不见的零宽字符 U+200B"),
        ("zero-width", "概况.数据.村民小组", "这里有看不见的零宽字符 U+200D"),
    ]
    markdown = zongjie.render(facts).markdown
    assert "李家庄村" in markdown and "村民小组8个" in markdown and "召开支部委员会12次" in markdown
    assert not re.search("[\u200b-\u200d\ufeff]", markdown)
