"""Layout, SVG and PDF."""

from __future__ import annotations

import itertools
from pathlib import Path

from yangguang.flows.bpmn import parse_bpmn
from yangguang.flows.compiled import CompiledProcess, Measure, Risk
from yangguang.flows.layout import layout
from yangguang.flows.pdf import render_catalogue, render_poster
from yangguang.flows.svg import render_svg

FIXTURES = Path(__file__).resolve().parents[2] / "src" / "yangguang" / "flows" / "fixtures"


def load(name: str) -> CompiledProcess:
    return parse_bpmn((FIXTURES / name).read_bytes())


def test_layout_shapes_do_not_overlap():
    for f in FIXTURES.glob("*.bpmn"):
        lay = layout(parse_bpmn(f.read_bytes()))
        for (a, ba), (b, bb) in itertools.combinations(lay.shapes.items(), 2):
            assert not ba.overlaps(bb), (f.name, a, b)
        assert all(len(lay.edges[fl.id]) >= 2 for fl in parse_bpmn(f.read_bytes()).flows)


def with_risk(p: CompiledProcess) -> CompiledProcess:
    task = p.tasks[0].id
    return CompiledProcess(
        p.id,
        p.name,
        p.nodes,
        p.flows,
        risks=(Risk("1", task, "收受好处", "A", measures=(Measure("双人审查"),)),),
    )


def test_svg_has_labels_lanes_and_legend():
    p = with_risk(load("penalty-hearing.bpmn"))
    svg = render_svg(p, title="测试")
    assert svg.startswith("<svg") and "</svg>" in svg
    for text in (
        "立案",
        "调查取证",
        "听证",
        "图例",
        "A级风险点",
        "B级风险点",
        "C级风险点",
        "防范措施",
    ):
        assert text in svg, text
    assert all(f">{c}<" in svg for c in "案件承办岗")  # the lane, one character a line
    assert "#ffcdd2" in svg  # the A-grade task is red


def test_external_svg_hides_internal_tasks():
    p = load("penalty-hearing.bpmn")
    assert "法制审核" in render_svg(p)
    assert "法制审核" not in render_svg(p.external_view(), internal=False)


def test_poster_is_an_a3_pdf():
    pdf = render_poster(with_risk(load("permit-expert-parallel.bpmn")), title="企业投资项目核准")
    assert pdf.startswith(b"%PDF")
    assert b"/MediaBox [ 0 0 1190.551 841.8898 ]" in pdf or b"1190.55" in pdf


def test_catalogue_pdf():
    from yangguang.flows.selectors import CatalogueRow

    rows = [CatalogueRow("某局", "XK1", "许可", "行政许可", 1, "A", "", [])]
    assert render_catalogue(rows).startswith(b"%PDF")
