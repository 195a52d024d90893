"""The Jinja environment: Markdown escaping in outputs and in ``~``, on zongjie's generated code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zongjie
from zongjie import context as cx
from zongjie.drafting import RenderError
from zongjie.marks import identities, unmark
from zongjie.templating import environment

from .conftest import EXAMPLES

FACT = cx.Fact("城关镇*党委*", ("单位", "名称"), 3)
MD = cx.Md("**（一）**")

VALUES: list[Any] = [FACT, MD, 'A&B <b> *x* "q"', "", 0, 12, cx.Fact("", ("x",), 4)]


def _render(source: str, **values: Any) -> str:
    return environment(None).from_string(source).render(**values)


@pytest.mark.parametrize("a", VALUES, ids=repr)
@pytest.mark.parametrize("b", VALUES, ids=repr)
def test_concatenation_prints_as_the_parts_printed_one_after_the_other(a: Any, b: Any) -> None:
    assert _render("{{ a ~ b }}", a=a, b=b) == _render("{{ a }}{{ b }}", a=a, b=b)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="文字*_<>&\"'`[]#\\| \n-1."), st.text(alphabet="文字*_<>&`#\\"))
def test_concatenation_with_a_fact_escapes_plain_text_as_markdown(text: str, fact: str) -> None:
    f = cx.Fact(fact, ("x",), 5)
    joined = _render("{{ f ~ t }}", f=f, t=text)
    assert joined == _render("{{ f }}{{ t }}", f=f, t=text)
    assert "&amp;" not in joined and "&lt;" not in joined  # Markdown escaping, not HTML's


def test_plain_concatenation_stays_plain_text() -> None:
    result = environment(None).from_string("{% set x = a ~ 1 %}{{ x.startswith('甲') }}").render(a="甲")
    assert result == "True"


def test_undefined_in_a_concatenation_is_an_error() -> None:
    import jinja2

    with pytest.raises(jinja2.UndefinedError):
        _render("{{ f ~ missing }}", f=FACT)


def test_a_fact_joined_with_tilde_stays_tracked() -> None:
    out = _render("{{ f ~ '（审议稿）' }}", f=FACT)
    assert unmark(out) == "城关镇\\*党委\\*（审议稿）"
    assert identities(out) == {3}


def test_autoescape_switched_off_in_a_template_still_escapes_as_markdown() -> None:
    # Jinja's own code there: ``~`` makes plain text (the fact is no longer tracked), but every
    # output still goes through the finalize step
    out = _render("{% autoescape false %}{{ t }}{{ f }}{{ t ~ f }}{% endautoescape %}", t="*x*", f=FACT)
    assert unmark(out) == "\\*x\\*城关镇\\*党委\\*\\*x\\*城关镇\\*党委\\*"


def test_no_template_joins_with_jinjas_own_tilde() -> None:
    env = environment(None)
    joined = 0
    for name in env.list_templates(extensions=["j2"]):
        source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
        code = env.compile(source, name, raw=True)
        assert "markup_join((" not in code and "str_join((" not in code, name
        joined += "environment.filters['zongjie:join']" in code
    assert joined >= 3  # macros, annual, half-year use ~


@pytest.mark.parametrize("literal", ["**（续）**", "A&B <i>", "1. a", "（审议稿）"])
def test_a_string_literal_joined_with_tilde_is_template_text_as_in_braces(literal: str) -> None:
    source = f"{{{{ f ~ {literal!r} }}}}"
    assert _render(source, f=FACT) == _render(f"{{{{ f }}}}{{{{ {literal!r} }}}}", f=FACT)


@pytest.mark.parametrize("source", ["{{ f ~ none }}", "{{ s ~ none }}", "{% set x = s ~ none %}"])
def test_none_in_a_concatenation_is_refused(source: str) -> None:
    with pytest.raises(TypeError, match="None"):
        _render(source, f=FACT, s="文字")


@pytest.mark.parametrize(
    "source", ["{{ (f ~ '') + s }}", "{{ (f ~ '') | replace('城', s) }}", "{{ (f ~ '').join([s, s]) }}"]
)
def test_markdown_methods_escape_what_they_add_as_markdown(source: str) -> None:
    out = unmark(_render(source, f=FACT, s="*x* A&B <i>"))
    assert "\\*x\\*" in out and "&amp;" not in out and "&lt;" not in out


# --------------------------------------------------------------------------- the sandbox


@pytest.mark.parametrize(
    "expression",
    [
        "''.__class__.__mro__",
        "it.__class__",
        "it.title.__class__.__mro__",
        "unit.__class__",
        "unit.name.__class__",
        "loop.__class__",
        "it.title.format.__globals__",
        "'{0.__class__}'.format(it)",
        "it.title.text.__class__.__base__",
        "outline.__globals__",
    ],
)
def test_the_sandbox_refuses_internals(tmp_path: Path, expression: str) -> None:
    (tmp_path / "sections").mkdir()
    template = tmp_path / "sections" / "items.md.j2"
    template.write_text(
        "{% for it in s.items if it.title %}\n{{ " + expression + " }}\n{% endfor %}\n", encoding="utf-8"
    )
    with pytest.raises(RenderError) as info:
        zongjie.render(EXAMPLES[0], templates=tmp_path)
    assert isinstance(info.value.__cause__, jinja2.sandbox.SecurityError)  # the sandbox's own refusal
    [d] = info.value.diagnostics
    assert d.code == "template-error" and d.file == str(template) and d.line == 2
    assert (
        d.message.startswith("模板运行出错：沙箱不允许模板这样做（")
        and "不能访问以下划线开头的属性" in d.message
    )


# --------------------------------------------------------------------------- limits on user templates

# Each probe ran until the process was killed before the limits (issue 11, item 3). The tests load
# zongjie.template_limits first, so on code without it they fail at once instead of hanging.

PROBES: list[tuple[str, str, str]] = [
    (
        "nested-range",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "range() 的长度超出了上限（10,000）",
    ),
    ("power", "{{ 9**(9**9) }}", "模板算出的整数大小超出了上限（4,096 位）"),
    ("repeat", "{{ 'a'*10**10 }}", "模板中重复（*）生成的长度超出了上限（1,000,000）"),
    ("list-repeat", "{{ ([1]*10**9) | length }}", "模板中重复（*）生成的长度超出了上限"),
    (
        "nested-loops",
        "{% set r = range(10000) %}{% for a in r %}{% for b in r %}{% endfor %}{% endfor %}",
        "模板循环与调用的总次数超出了上限（1,000,000 次）",
    ),
    (
        "doubling",
        "{% set ns = namespace(s='ab') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        "模板生成的字符串或列表长度超出了上限",
    ),
    (
        "plus",
        "{% set ns = namespace(s='ab') %}{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
        "模板中相加（+）生成的长度超出了上限",
    ),
    ("ljust", "{{ 'a'.ljust(10**10) }}", "模板给出的宽度或次数超出了上限"),
    ("center", "{{ 'a' | center(10**10) }}", "模板给出的宽度或次数超出了上限"),
    ("format-width", "{{ '{:>9999999999}'.format(1) }}", "格式字符串中的宽度超出了上限"),
    ("percent-width", "{{ '%09999999999d' % 1 }}", "格式字符串中的宽度超出了上限"),
    (
        "replace",
        "{% set s = 'a' * 100000 %}{{ s | replace('a', s) | length }}",
        "模板替换（replace）生成的长度超出了上限",
    ),
    (
        "join",
        "{% set s = 'a' * 100000 %}{{ ([s] * 100000) | join | length }}",
        "模板连接（join）生成的长度超出了上限",
    ),
]


def _user_template(tmp_path: Path, source: str) -> Path:
    (tmp_path / "sections").mkdir(exist_ok=True)
    template = tmp_path / "sections" / "signature.md.j2"
    template.write_text("{# a user's signature #}\n" + source + "\n", encoding="utf-8")
    return template


@pytest.mark.parametrize(("name", "source", "message"), PROBES, ids=[p[0] for p in PROBES])
def test_user_templates_are_bounded(tmp_path: Path, name: str, source: str, message: str) -> None:
    from zongjie import template_limits

    assert template_limits.LIMITS == template_limits.Limits()  # the shipped limits
    template = _user_template(tmp_path, source)
    with pytest.raises(RenderError) as info:
        zongjie.render(EXAMPLES[0], templates=tmp_path)
    assert isinstance(info.value.__cause__, template_limits.TemplateLimitError)
    [d] = info.value.diagnostics
    assert (d.code, d.file, d.line) == ("template-error", str(template), 2)
    assert d.message.startswith("模板运行出错：") and message in d.message


def _small_limits(monkeypatch: pytest.MonkeyPatch, **limits: Any) -> None:
    from zongjie import template_limits

    monkeypatch.setattr(template_limits, "LIMITS", template_limits.Limits(**limits))


@pytest.mark.parametrize(
    ("limit", "source", "message"),
    [
        ({"range": 50}, "{{ range(51) | length }}", "range() 的长度超出了上限（50）"),
        ({"int_bits": 64}, "{{ 3 ** 41 }}", "模板算出的整数大小超出了上限（64 位）"),
        ({"int_bits": 64}, "{{ (2 ** 40) * (2 ** 40) }}", "模板算出的整数大小超出了上限（64 位）"),
        ({"length": 100}, "{{ 'ab' * 51 }}", "模板中重复（*）生成的长度超出了上限（100）"),
        ({"length": 100}, "{{ ('a' * 60) ~ ('b' * 60) }}", "模板生成的字符串或列表长度超出了上限（100）"),
        (
            {"steps": 500},
            "{% for i in range(30) %}{% for j in range(30) %}{% endfor %}{% endfor %}",
            "模板循环与调用的总次数超出了上限（500 次）",
        ),
        (
            {"steps": 500},
            "{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(10) }}",
            "模板循环与调用的总次数超出了上限（500 次）",
        ),
        ({"seconds": 0.0}, "{% for i in range(3000) %}{% endfor %}", "模板运行时间超出了上限（0.0 秒）"),
    ],
)
def test_each_limit_is_enforced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: dict[str, Any], source: str, message: str
) -> None:
    _small_limits(monkeypatch, **limit)
    template = _user_template(tmp_path, source)
    with pytest.raises(RenderError) as info:
        zongjie.render(EXAMPLES[0], templates=tmp_path)
    [d] = info.value.diagnostics
    assert (d.code, d.file, d.line) == ("template-error", str(template), 2)
    assert message in d.message


def test_the_output_of_a_render_through_user_templates_is_capped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _small_limits(monkeypatch, output=2000)
    _user_template(tmp_path, "{% for i in range(40) %}{{ 'x' * 50 }}{% endfor %}")
    with pytest.raises(RenderError) as info:
        zongjie.render(EXAMPLES[0], templates=tmp_path)
    [d] = info.value.diagnostics
    assert d.code == "template-error" and d.file.endswith("annual.md.j2")  # the report's template
    assert f"模板输出的长度超出了上限（2,000 个字符）：请检查 {tmp_path.resolve()} 中的模板" in d.message


def test_built_in_templates_are_not_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # limits far below what a report needs: built-in templates (also when a user folder
    # overrides other files) run as zongjie's own code
    from .conftest import ROOT

    _small_limits(monkeypatch, range=0, steps=0, int_bits=1, length=1, seconds=0.0)
    env = environment(None)
    for name in env.list_templates(extensions=["j2"]):
        code = env.compile(env.loader.get_source(env, name)[0], name, raw=True)  # type: ignore[union-attr]
        assert "zongjie:loop" not in code and "zongjie:times" not in code, name
    signature = (ROOT / "templates" / "sections" / "signature.md.j2").read_text(encoding="utf-8")
    _user_template(tmp_path, signature)  # no loop, no call: within even these limits
    assert zongjie.render(EXAMPLES[0], templates=tmp_path).content == zongjie.render(EXAMPLES[0]).content


def test_built_in_templates_through_a_user_folder_render_the_same(tmp_path: Path) -> None:
    import shutil

    from .conftest import ROOT

    shutil.copytree(ROOT / "templates", tmp_path / "copy")  # every template a user template
    for example in EXAMPLES:
        assert zongjie.render(example, templates=tmp_path / "copy").content == zongjie.render(example).content


def test_a_hanging_template_ends_with_exit_3_from_the_command_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    template = _user_template(tmp_path, "{{ 9**(9**9) }}")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "zongjie",
            "render",
            str(EXAMPLES[0]),
            "--templates",
            str(tmp_path),
            "-o",
            str(tmp_path / "x.md"),
        ],
        capture_output=True,
        text=True,
        timeout=60,  # before the limits this never ended
    )
    assert run.returncode == 3 and "Traceback" not in run.stderr
    assert f"{template}:2:1" in run.stderr and "模板算出的整数大小超出了上限" in run.stderr
