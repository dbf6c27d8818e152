"""The example in docs/bpmn-extensions.md parses, validates and round-trips."""

from __future__ import annotations

import re
from pathlib import Path

from yangguang.flows.bpmn import export_bpmn, parse_bpmn
from yangguang.flows.validation import validate

DOC = Path(__file__).resolve().parents[2] / "docs" / "bpmn-extensions.md"


def test_documented_example():
    xml = re.search(r"```xml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)
    p = parse_bpmn(xml.encode())
    assert validate(p) == []
    assert p.case_limits == {"statutory": 20, "promised": 5}
    assert p.pause_tasks == {"Task_fix"} and p.nodes["Task_accept"].materials
    assert parse_bpmn(export_bpmn(p)).sod_groups == p.sod_groups
