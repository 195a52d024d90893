"""Any valid facts file drafts a report that passes the lint and states every figure."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import zongjie
from zongjie.lint import lint_markdown, reader_text
from zongjie.model import KINDS

from .test_drafting import figures

HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理世"
PUNCT = "，、；：“”（）《》——"
META = "*_#|<>&{}[]`~\\ 1234567890.%-+!?:;,()\"'"
# texts of a report hold Chinese; around it anything, Markdown and template syntax included
text = st.tuples(
    st.text(alphabet=HAN + PUNCT + META + "abcdefghijklmnopqrstuvw", max_size=20),
    st.text(alphabet=HAN, min_size=1, max_size=6),
    st.text(alphabet=HAN + PUNCT + META + "abcdefghijklmnopqrstuvw", max_size=20),
).map("".join)
han = st.text(alphabet=HAN, min_size=2, max_size=8)
quantity = st.one_of(
    st.integers(0, 100000).map(str),
    st.tuples(
        st.integers(1, 9999), st.sampled_from(["名", "个", "份", "条", "万元", "元", "人次", "户", "%"])
    ).map(lambda t: f"{min(t[0], 100) if t[1] == '%' else t[0]}{t[1]}"),
    st.tuples(st.integers(1, 999), st.sampled_from(["余人", "多条", "余万元"])).map(
        lambda t: f"{t[0]}{t[1]}"
    ),
    st.integers(1, 999).map(lambda n: f"约{n}人"),
    st.tuples(st.integers(1, 99), st.integers(100, 999)).map(lambda t: f"{t[0]}-{t[1]}元"),
)
data = st.dictionaries(han, quantity, max_size=4)


def item(depth: int) -> st.SearchStrategy[Any]:
    mapping = st.fixed_dictionaries(
        {},
        optional={
            "标题": text,
            "内容": text,
            "要点": st.lists(text, min_size=1, max_size=4),
            "数据": data,
            **({"条目": st.lists(item(depth + 1), min_size=1, max_size=3)} if depth < 3 else {}),
        },
    ).filter(lambda d: any(d.get(k) for k in ("标题", "内容", "要点", "数据", "条目")))
    return st.one_of(text, mapping)


@st.composite
def profile(draw: st.DrawFn) -> dict[str, Any]:
    total = draw(st.integers(1, 5000))
    split = draw(st.integers(0, total))
    members: dict[str, Any] = {"总数": total}
    if draw(st.booleans()):
        members["其中"] = {"农村党员": split, "机关党员": total - split}
    if draw(st.booleans()):
        members["结构"] = {"女党员": draw(st.integers(0, total))}
    if draw(st.booleans()):
        members["年龄"] = {"35岁及以下": split, "36岁及以上": total - split}
    out: dict[str, Any] = {"党员": members}
    if draw(st.booleans()):
        out["党组织"] = {"党支部": 9, "其中": {"农村党支部": 6, "社区党支部": 3}}
    if draw(st.booleans()):
        out["数据"] = draw(data)
    if draw(st.booleans()):
        out["说明"] = draw(text)
    return out


@st.composite
def facts_file(draw: st.DrawFn) -> str:
    doc: dict[str, Any] = {
        "文种": draw(st.sampled_from(KINDS)),
        "单位": draw(
            st.one_of(
                st.sampled_from(["城关镇", "汪城村", "象山社区", "府前街道", "红旗乡", "县农业农村局"]),
                st.fixed_dictionaries(
                    {
                        "名称": st.sampled_from(["城关镇(东区)", "汪城村", "象山社区"]),
                        "上级": st.sampled_from(["县委", "县委(组织部)", "镇党委。"]),
                    }
                ),
            )
        ),
        "期间": draw(
            st.sampled_from(["2013年", "2019年上半年", "2020年下半年", "2023年第三季度", "2021年1月至9月"])
        ),
        "主要做法": draw(st.lists(item(1), min_size=1, max_size=4)),
        "存在问题": draw(st.lists(item(1), min_size=1, max_size=3)),
        "下步打算": draw(st.lists(item(1), min_size=1, max_size=3)),
    }
    for key, strategy in [
        ("标题", text),
        ("主送", han),
        ("署名", han),
        ("开头", text),
        ("结尾", text),
        ("特色亮点", st.lists(item(1), min_size=1, max_size=2)),
        ("概况", profile()),
    ]:
        if draw(st.booleans()):
            doc[key] = draw(strategy)
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(facts_file())
def test_any_valid_facts_renders_with_every_figure(source: str) -> None:
    diagnostics = zongjie.check(source.encode("utf-8"))
    assume(not any(d.is_error for d in diagnostics))  # e.g. a random text that happens to hold “XX”
    facts = zongjie.loads(source)
    report = zongjie.render(facts)  # raises RenderError if the draft fails the lint
    md = str(report.content)
    # even read without knowing which text is the writer's, no mark is doubled where facts and
    # template text meet (“……；。”): facts are trimmed and sentences closed exactly once
    assert [d for d in lint_markdown(md, "t") if "重复" in d.message] == []
    text = reader_text(md)
    for figure in figures(facts):
        assert figure in text, figure
    assert [d.code for d in report.warnings if d.code == "fact-unused"] == []
    for bad in ("None", "{{ ", "[]"):
        assert bad not in text or bad in source
