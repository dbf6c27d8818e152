"""The CSV reader's column-wise path reads exactly what the ``csv`` module reads."""

from __future__ import annotations

import pytest

from yangguang.conformance import logs

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
        m.setattr(logs, "_read_csv_plain", lambda text, note: None)
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
                m.setattr(logs, "_read_csv_plain", lambda text, note: None)
            with pytest.raises(logs.LogError) as exc:
                logs.read_csv(text.encode())
        errors.append((exc.value.error_code, exc.value.line, exc.value.en))
    assert errors[0] == errors[1]
    assert errors[0][:2] == (code, line)
