"""Our BPMN opens in bpmn-js (the modeler behind Camunda Modeler), driven in Debian's
chromium: every exported model imports without a warning, every node becomes a diagram
element, and our ``yg:`` extensions survive bpmn-js's own save."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from yangguang.flows.bpmn import export_bpmn, parse_bpmn

ROOT = Path(__file__).resolve().parents[2]
BPMN_JS = ROOT / "var" / "vendor-dev" / "bpmn-js" / "bpmn-modeler.production.min.js"
FIXTURES = sorted((ROOT / "src" / "yangguang" / "flows" / "fixtures").glob("*.bpmn"))

IMPORT = """async (xml) => {
  const modeler = new BpmnJS({ container: '#canvas' });
  try {
    const { warnings } = await modeler.importXML(xml);
    const ids = modeler.get('elementRegistry').getAll().map((e) => e.id);
    const { xml: saved } = await modeler.saveXML({ format: true });
    return { warnings: warnings.map((w) => w.message), ids, saved, error: null };
  } catch (err) {
    return { warnings: [], ids: [], saved: '', error: String(err) };
  }
}"""


@pytest.fixture
def modeler_page(browser):
    if not BPMN_JS.exists():
        message = f"{BPMN_JS} is missing: run tools/fetch_assets.py"
        if os.environ.get("YG_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    page = browser.new_page()
    page.set_content('<div id="canvas" style="width:1600px;height:900px"></div>')
    page.add_script_tag(path=str(BPMN_JS))
    yield page
    page.close()


def _open(page, xml: bytes) -> dict:
    return page.evaluate(IMPORT, xml.decode("utf-8"))


@pytest.mark.browser
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: Path(p).stem)
@pytest.mark.parametrize("relayout", [False, True], ids=["as-drawn", "auto-layout"])
def test_exported_model_opens_in_bpmn_js(modeler_page, path, relayout):
    process = parse_bpmn(path.read_bytes())
    xml = export_bpmn(process, relayout=relayout)
    result = _open(modeler_page, xml)
    assert result["error"] is None, result["error"]
    assert result["warnings"] == []
    missing = {node_id for node_id in process.nodes if node_id not in result["ids"]}
    assert missing == set(), "every node is drawn"
    # our extensions are kept by bpmn-js and read back by us unchanged
    assert "urn:yangguang:bpmn:1" in result["saved"]
    again = parse_bpmn(result["saved"].encode("utf-8"))
    assert set(again.nodes) == set(process.nodes)
    for node_id, node in process.nodes.items():
        other = again.nodes[node_id]
        assert (other.kind, other.name, other.lane) == (node.kind, node.name, node.lane)
        assert (other.limit, other.limit_unit) == (node.limit, node.limit_unit)
        assert (other.pauses_clock, other.visibility) == (node.pauses_clock, node.visibility)
    assert [sorted(g.tasks) for g in again.sod_groups] == [
        sorted(g.tasks) for g in process.sod_groups
    ]


@pytest.mark.browser
def test_bpmn_js_reports_broken_xml(modeler_page):
    """The check can fail: bpmn-js does complain about a model it cannot open."""
    result = _open(modeler_page, b"<definitions><process></definitions>")
    assert result["error"] is not None or result["warnings"]
