"""The Jinja environment: Markdown escaping in outputs and in ``~``, on zongjie's generated code."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zongjie import context as cx
from zongjie.marks import identities, unmark
from zongjie.templating import environment

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


def test_built_in_templates_compile_without_html_escaping() -> None:
    env = environment(None)
    for name in env.list_templates(extensions=["j2"]):
        source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
        code = env.compile(source, name, raw=True)
        assert "escape(" not in code and "markup_join((" not in code, name


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
