"""The CSV and XES readers: encodings, lifecycle filtering, zone-less timestamps, bad
input named by line, and the fast XES scanner agreeing with the general parser."""

from __future__ import annotations

import datetime
import gzip
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yangguang.conformance import logs
from yangguang.conformance.logs import LogError, parse_timestamp, read_csv, read_log, xes_reader

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
DATA = Path("/work/shared/data/eventlogs")


def events(log):
    out = []
    for c, cid in enumerate(log.case_ids):
        for i in range(log.offsets[c], log.offsets[c + 1]):
            out.append(
                (cid, log.activities[log.act[i]], log.ts[i], log.resources[log.res[i]],
                 log.roles[log.role[i]])
            )  # fmt: skip
    return out


def test_csv_any_column_order_role_optional_and_time_order_within_case():
    data = (
        "resource,timestamp,activity,case_id,role,event_id\n"
        "张三,2026-01-06 09:00,审查,c1,科员,2\n"
        "李四,2026-01-05T09:00:00+08:00,受理,c1,窗口,1\n"
        "王五,2026-01-05,受理,c2,,3\n"
    ).encode()
    log = read_csv(data)
    assert log.case_ids == ["c1", "c2"]
    ev = events(log)
    assert [e[1] for e in ev] == ["受理", "审查", "受理"]
    assert ev[0][4] == "窗口" and ev[2][4] == ""
    # zone-less is Asia/Shanghai
    assert ev[2][2] == datetime.datetime(2026, 1, 5, tzinfo=SHANGHAI).timestamp()


def test_csv_interleaved_cases_are_grouped():
    data = b"case_id,activity,timestamp,resource\na,x,2026-01-05,r\nb,x,2026-01-05,r\na,y,2026-01-06,r\n"
    log = read_csv(data)
    assert log.case_ids == ["a", "b"] and list(log.offsets) == [0, 2, 3]
    assert [e[1] for e in events(log)] == ["x", "y", "x"]


def test_gbk_export_is_detected_and_noted():
    text = "case_id,activity,timestamp,resource\n案1,受理,2026-01-05 09:00,张三\n"
    log = read_csv(text.encode("gbk"))
    assert log.activities == ["受理"] and log.resources[1] == "张三"
    assert log.notes and "GBK" in log.notes[0]


def test_mixed_encodings_are_refused_naming_the_lines():
    data = (
        b"case_id,activity,timestamp,resource\n"
        + "c1,受理,2026-01-05,张三\n".encode()
        + "c2,受理,2026-01-05,李四\n".encode("gbk")
    )
    with pytest.raises(LogError) as err:
        read_csv(data)
    assert err.value.error_code == "mixed_encoding" and "2" in err.value.zh and "3" in err.value.en


def test_missing_columns_named():
    with pytest.raises(LogError) as err:
        read_csv(b"case_id,activity,time\n1,a,2026-01-05\n")
    assert err.value.error_code == "missing_columns"
    assert "timestamp" in err.value.en and "resource" in err.value.en


def test_unparsable_timestamp_names_the_line():
    data = b"case_id,activity,timestamp,resource\n1,a,2026-01-05,r\n1,b,yesterday,r\n"
    with pytest.raises(LogError) as err:
        read_csv(data)
    assert err.value.error_code == "bad_timestamp" and err.value.line == 3
    assert "yesterday" in err.value.en


@pytest.mark.parametrize("data", [b"", b"   \n", b"case_id,activity,timestamp,resource\n"])
def test_empty_files_refused(data):
    with pytest.raises(LogError) as err:
        read_csv(data)
    assert err.value.error_code == "empty_log"


def test_short_row_named():
    with pytest.raises(LogError) as err:
        read_csv(b"case_id,activity,timestamp,resource\n1,a,2026-01-05,r\n\n1,b\n")
    assert err.value.error_code == "short_row" and err.value.line == 4


XES = """<?xml version="1.0" encoding="UTF-8" ?>
<log xes.version="1.0">
  <trace>
    <string key="concept:name" value="T1"/>
    <event>
      <string key="concept:name" value="受理"/>
      <string key="lifecycle:transition" value="start"/>
      <date key="time:timestamp" value="2026-01-05T09:00:00"/>
    </event>
    <event>
      <string key="org:resource" value="张三"/>
      <string key="concept:name" value="受理"/>
      <string key="lifecycle:transition" value="complete"/>
      <date key="time:timestamp" value="2026-01-05T10:00:00"/>
      <string key="org:role" value="窗口"/>
    </event>
    <event>
      <string key="concept:name" value="A &amp; B"/>
      <date key="time:timestamp" value="2026-01-06T10:00:00.000+08:00"/>
    </event>
  </trace>
  <trace>
    <string key="concept:name" value="T2"/>
    <event>
      <string key="concept:name" value="受理"/>
      <date key="time:timestamp" value="2026-01-07T10:00:00Z"/>
    </event>
  </trace>
</log>
"""


def _write(tmp_path, name, text, compress=False):
    p = tmp_path / name
    data = text.encode()
    p.write_bytes(gzip.compress(data) if compress else data)
    return p


@pytest.mark.parametrize("compress", [False, True])
def test_xes_lifecycle_zone_and_entities(tmp_path, compress):
    p = _write(tmp_path, "a.xes.gz" if compress else "a.xes", XES, compress)
    log = read_log(p)
    ev = events(log)
    assert log.case_ids == ["T1", "T2"]
    assert [e[1] for e in ev] == ["受理", "A & B", "受理"]  # the "start" event is ignored
    assert ev[0][3] == "张三" and ev[0][4] == "窗口"
    assert ev[0][2] == datetime.datetime(2026, 1, 5, 10, tzinfo=SHANGHAI).timestamp()
    assert ev[2][2] == datetime.datetime(2026, 1, 7, 10, tzinfo=datetime.UTC).timestamp()


def test_xes_nested_attributes_use_the_general_parser(tmp_path):
    nested = XES.replace(
        '<string key="org:role" value="窗口"/>',
        '<string key="org:role" value="窗口"/><list key="x"><string key="concept:name" value="no"/></list>',
    )
    log = read_log(_write(tmp_path, "n.xes", nested))
    assert [e[1] for e in events(log)] == ["受理", "A & B", "受理"]


def test_xes_bad_timestamp_and_missing_name(tmp_path):
    bad = XES.replace("2026-01-06T10:00:00.000+08:00", "soon")
    with pytest.raises(LogError) as err:
        read_log(_write(tmp_path, "b.xes", bad))
    assert err.value.error_code == "bad_timestamp" and "trace #1, event #3" in err.value.en
    anon = XES.replace('<string key="concept:name" value="T2"/>', "")
    with pytest.raises(LogError) as err:
        read_log(_write(tmp_path, "c.xes", anon))
    assert err.value.error_code == "trace_without_name"


def test_xes_malformed_and_dtd_refused(tmp_path):
    with pytest.raises(LogError) as err:
        read_log(_write(tmp_path, "m.xes", XES[:400]))
    assert err.value.error_code == "malformed_xes"
    dtd = XES.replace("<log ", '<!DOCTYPE log [<!ENTITY x "y">]>\n<log ')
    with pytest.raises(LogError):
        read_log(_write(tmp_path, "d.xes", dtd))


def test_unknown_suffix_and_empty_file(tmp_path):
    with pytest.raises(LogError):
        read_log(_write(tmp_path, "a.json", "{}"))
    with pytest.raises(LogError) as err:
        read_log(_write(tmp_path, "e.xes", ""))
    assert err.value.error_code == "empty_log"


@settings(max_examples=200, deadline=None)
@given(
    # naive bounds on purpose: the zone is drawn separately
    st.datetimes(
        min_value=datetime.datetime(1990, 1, 1),  # noqa: DTZ001
        max_value=datetime.datetime(2100, 1, 1),  # noqa: DTZ001
    ),
    st.sampled_from([None, 0, 8 * 60, -5 * 60, 2 * 60 + 30]),
    st.sampled_from(["T", " "]),
)
def test_timestamp_parser_round_trip(moment, offset, sep):
    tz = SHANGHAI if offset is None else datetime.timezone(datetime.timedelta(minutes=offset))
    text = (
        moment.isoformat(sep=sep)
        if offset is None
        else moment.replace(tzinfo=tz).isoformat(sep=sep)
    )
    assert parse_timestamp(text) == moment.replace(tzinfo=tz).timestamp()
    # the slow path (slashes) agrees
    slashed = text.replace("-", "/", 2)
    assert logs.parse_timestamp(slashed) == moment.replace(tzinfo=tz).timestamp()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(
                st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=8
            ).filter(lambda s: s.strip() == s and s),
            st.text(
                st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=8
            ).filter(lambda s: s.strip() == s and s),
            st.integers(0, 10**9),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_csv_round_trip(rows):
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["case_id", "activity", "timestamp", "resource"])
    for c, a, t in rows:
        stamp = datetime.datetime.fromtimestamp(t, SHANGHAI).isoformat()
        w.writerow([c, a, stamp, a])
    log = read_csv(buf.getvalue().encode())
    got = sorted((e[0], e[1], e[2]) for e in events(log))
    assert got == sorted((c, a, float(t)) for c, a, t in rows)
    assert log.n_events == len(rows)


@pytest.mark.skipif(not (DATA / "roadtraffic100traces.xes").exists(), reason="shared logs absent")
@pytest.mark.parametrize("name", ["roadtraffic100traces.xes", "running-example.xes"])
def test_fast_scanner_agrees_with_general_parser_on_real_logs(name):
    fast = xes_reader._read_xes_fast(DATA / name)
    general = xes_reader._read_xes_general(DATA / name)
    assert events(fast) == events(general)
