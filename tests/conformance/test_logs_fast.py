"""The CSV reader's column-wise path reads exactly what the ``csv`` module reads."""

from __future__ import annotations

import pytest

from yangguang.conformance import logs
from yangguang.conformance.logs import csv_reader, xes_reader

FIELDS = ("case_id", "activity", "timestamp", "resource", "role", "event_id")
LOGS = [
    "case_id,activity,timestamp,resource\n1,受理,2026-01-05 09:00,张三\n"
    "2,受理,2026-01-05 09:00,张三\n1,决定,2026-01-04 10:00,李四\n",
    "event_id,resource,role,timestamp,activity,case_id\r\n"
    "e1,张三,科员,2026-01-05T09:00:00+08:00,受理,A\r\n"
    "e2,,,2026-01-05T08:00:00Z,审查,A\r\ne3,王五,科长,2026/1/6,决定,B\r\n",
    "\ufeffCase_ID , Activity,timestamp,resource,extra\n1,a,2026-01-05,,x\n1,b,2026-01-05,r,\n",
]


def _both(data: bytes, monkeypatch):
    fast = logs.read_csv(data)
    with monkeypatch.context() as m:
        m.setattr(csv_reader, "_read_csv_plain", lambda text, note: None)
        general = logs.read_csv(data)
    return fast, general


@pytest.mark.parametrize("text", LOGS)
def test_same_log_as_the_csv_module(text, monkeypatch):
    fast, general = _both(text.encode(), monkeypatch)
    for name in ("case_ids", "offsets", "activities", "act", "ts", "resources", "res"):
        assert getattr(fast, name) == getattr(general, name), name
    assert (fast.roles, list(fast.role)) == (general.roles, list(general.role))


def test_gbk_note_kept(monkeypatch):
    data = "case_id,activity,timestamp,resource\n1,受理,2026-01-05,张三\n".encode("gbk")
    fast, general = _both(data, monkeypatch)
    assert fast.notes == general.notes and fast.notes
    assert fast.activities == ["受理"]


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("case_id,activity,timestamp,resource\n1,a,2026-01-05,x\n1,b,bad,x\n2,c,worse,x\n",
         "bad_timestamp", 3),
        ("case_id,activity,timestamp,resource\n1,a,2026-01-05,x\n,b,2026-01-05,x\n",
         "empty_value", 3),
        ("case_id,activity,timestamp,resource\n1,a,2026-01-05,x\n1,,2026-01-05,x\n",
         "empty_value", 3),
    ],
)  # fmt: skip
def test_same_errors(text, code, line, monkeypatch):
    errors = []
    for plain in (True, False):
        with monkeypatch.context() as m:
            if not plain:
                m.setattr(csv_reader, "_read_csv_plain", lambda text, note: None)
            with pytest.raises(logs.LogError) as exc:
                logs.read_csv(text.encode())
        errors.append((exc.value.error_code, exc.value.line, exc.value.en))
    assert errors[0] == errors[1]
    assert errors[0][:2] == (code, line)


XES_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0">\n'
EV = (
    '<event><string key="concept:name" value="{a}"/>{extra}'
    '<date key="time:timestamp" value="2026-01-0{d}T09:00:00+08:00"/></event>'
)
XES_CASES = [
    # plain, a resource, a role, an unknown attribute type, a lifecycle to drop
    '<trace><string key="concept:name" value="c1"/>'
    + EV.format(a="受理", d=5, extra='<string key="org:resource" value="张&amp;三"/>')
    + EV.format(a="审查", d=6, extra='<int key="org:role" value="7"/><float key="x" value="1"/>')
    + EV.format(a="审查", d=7, extra='<string key="lifecycle:transition" value="start"/>')
    + "</trace>",
    # an empty lifecycle value (present, not complete: dropped), a repeated name (last)
    '<trace><string key="concept:name" value="c2"/>'
    + EV.format(a="受理", d=5, extra='<string key="lifecycle:transition" value=""/>')
    + EV.format(a="x", d=6, extra='<string key="concept:name" value="决定"/>')
    + "</trace>",
    # a nested attribute: the general parser reads the file
    '<trace><string key="concept:name" value="c3"/>'
    + EV.format(a="受理", d=5, extra='<string key="a" value="b"><int key="c" value="1"/></string>')
    + "</trace>",
    # a trace whose name is not its first attribute; events out of time order
    '<trace><int key="n" value="1"/><string key="concept:name" value="c4"/>'
    + EV.format(a="决定", d=7, extra="")
    + EV.format(a="受理", d=5, extra="")
    + "</trace>",
]


@pytest.mark.parametrize("body", XES_CASES)
def test_xes_scanner_reads_what_the_general_parser_reads(body, tmp_path):
    from pathlib import Path

    path = Path(tmp_path) / "log.xes"
    path.write_text(XES_HEAD + body + "\n</log>\n", encoding="utf-8")
    fast, general = logs.read_xes(path), xes_reader._read_xes_general(path)
    assert fast.case_ids == general.case_ids
    assert list(fast.offsets) == list(general.offsets)
    for codes, names in (("act", "activities"), ("res", "resources"), ("role", "roles")):
        mine = [getattr(fast, names)[c] for c in getattr(fast, codes)]
        theirs = [getattr(general, names)[c] for c in getattr(general, codes)]
        assert mine == theirs, codes
    assert list(fast.ts) == list(general.ts)


@pytest.mark.parametrize("event", ["<event/>", '<event><int key="x" value="1"/></event>'])
def test_xes_event_without_name_is_refused(event, tmp_path):
    path = tmp_path / "log.xes"
    body = f'<trace><string key="concept:name" value="c1"/>{event}</trace>'
    path.write_text(XES_HEAD + body + "\n</log>\n", encoding="utf-8")
    with pytest.raises(logs.LogError) as exc:
        logs.read_xes(path)
    assert exc.value.error_code == "event_without_name"
