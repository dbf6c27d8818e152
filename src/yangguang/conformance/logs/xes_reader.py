"""XES event logs (``.xes``, ``.xes.gz``; no Django needed).

Trace ``concept:name`` is the case id; event ``concept:name``, ``time:timestamp``,
``org:resource``, ``org:role``; events whose ``lifecycle:transition`` is present and not
``complete`` are ignored. A tailored byte scanner reads the common flat layout (one
attribute a tag, ``key`` before ``value``); it verifies itself by counting, and any file
it cannot read exactly (nested attributes, other attribute order, unusual quoting) is
read again by the general parser (defusedxml iterparse), which is also the one that
reports errors.
"""

from __future__ import annotations

import operator
import re
import zlib
from array import array
from collections.abc import Callable
from itertools import compress
from pathlib import Path

from .columns import (
    EventLog,
    LogError,
    _BytesInterner,
    _Interner,
    _sort_within,
    _text,
    _unsorted,
)
from .timestamps import _ts_bytes, parse_timestamp

READ_BYTES = 1 << 17

# one match a trace head (its name first) or a whole flat event: the attributes the
# checker needs are captured (the last of each key, as the general parser takes it; the
# lifecycle with its opening quote, so an empty value is told from an absent one)
_XES_RE = re.compile(
    rb'(<trace>)\s*<string key="concept:name" value="([^"]*)"/>'
    rb"|<event>\s*(?:<[a-z]+ key=\"(?:"
    rb'concept:name" value="([^"]*)'
    rb'|time:timestamp" value="([^"]*)'
    rb'|org:resource" value="([^"]*)'
    rb'|org:role" value="([^"]*)'
    rb'|lifecycle:transition" value=("[^"]*)'
    rb'|[^"]*" value="[^"]*)'
    rb'"/>\s*)*</event>'
    rb"|<(?:trace|event)\s*/>"  # an empty trace or event: seen as an event without a name
)


class _NotFlat(Exception):
    """The fast scanner cannot read this file exactly: use the general parser."""


def _chunks(path: Path) -> Callable[[], bytes]:
    """Decompressed byte chunks of a (possibly gzip-compressed) file."""
    raw = path.open("rb")
    head = raw.read(2)
    raw.seek(0)
    gz = head == b"\x1f\x8b"
    dec = zlib.decompressobj(47) if gz else None

    def read() -> bytes:
        while True:
            block = raw.read(READ_BYTES)
            if not block:
                if dec is not None:
                    tail = dec.flush()
                    if tail:
                        return tail
                raw.close()
                return b""
            if dec is None:
                return block
            out = dec.decompress(block)
            if dec.unused_data:  # a second gzip member
                rest = dec.unused_data
                out += zlib.decompressobj(47).decompress(rest)
            if out:
                return out

    return read


def read_xes(source: str | Path) -> EventLog:
    path = Path(source)
    try:
        if path.stat().st_size == 0:
            raise LogError("empty_log", "日志文件为空", "the log file is empty", 1)
        try:
            return _read_xes_fast(path)
        except _NotFlat:
            return _read_xes_general(path)
    except (zlib.error, EOFError, OSError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        raise LogError(
            "bad_gzip",
            f"文件无法解压或读取: {exc}",
            f"the file cannot be decompressed or read: {exc}",
        ) from None


def _read_xes_fast(path: Path) -> EventLog:
    read = _chunks(path)
    buf = b""
    started = False
    acts, ress, roles = _BytesInterner(), _BytesInterner(b""), _BytesInterner(b"")
    tcache: dict[bytes, float] = {}
    case_ids: list[str] = []
    trace_starts: list[int] = []  # index of the first event of each trace (raw events)
    act_col, res_col, role_col, ts_col = array("i"), array("i"), array("i"), array("d")
    dropped: list[int] = []  # raw indices of events not "complete"
    n_raw = 0
    eof = False
    while not eof:
        block = read()
        if not block:
            eof = True
            seg, buf = buf, b""
        else:
            buf += block
            if not started:
                first = buf.find(b"<trace>")
                if first < 0:
                    continue
                if b"<!DOCTYPE" in buf[:first] or b"<!ENTITY" in buf[:first]:
                    raise _NotFlat
                buf = buf[first:]
                started = True
            cut = buf.rfind(b"</trace>")
            if cut < 0:
                continue
            cut += len(b"</trace>")
            seg, buf = buf[:cut], buf[cut:]
        if not started or not seg.strip():
            if eof and not started:
                raise _NotFlat  # no trace at all: the general parser says what is there
            continue
        if b"<!" in seg:
            raise _NotFlat
        found = _XES_RE.findall(seg)
        if not found:
            continue
        tmark, tname, name, stamp, res, role, life = zip(*found, strict=True)
        del found
        is_event = list(map(operator.not_, tmark))
        n_ev = is_event.count(True)
        n_tr = len(is_event) - n_ev
        # every closing tag is a matched event's or trace's: each trace and event was
        # seen whole, and none has a nested attribute (the file is flat)
        if seg.count(b"</") != n_ev + n_tr + (b"</log>" in seg):
            raise _NotFlat
        names = list(compress(name, is_event))
        stamps = list(compress(stamp, is_event))
        if b"" in names or b"" in stamps:
            raise _NotFlat  # an event without a name or timestamp: the general parser says
        lifes = list(compress(life, is_event))
        other = [v for v in set(lifes) if v and v.lower() != b'"complete']
        if any(b"&" in v for v in other):
            raise _NotFlat
        if other:
            other_set = set(other)
            dropped.extend(n_raw + i for i, v in enumerate(lifes) if v in other_set)
        tpos = list(compress(range(len(is_event)), tmark))
        trace_starts.extend(map(operator.sub, tpos, range(-n_raw, len(tpos) - n_raw)))
        n_raw += n_ev
        case_ids.extend(map(_text, compress(tname, tmark)))
        new = set(stamps).difference(tcache)
        try:
            for s in new:
                _ts_bytes(tcache, s)
        except (ValueError, UnicodeDecodeError):
            raise _NotFlat from None  # the general parser names the event
        ts_col.extend(map(tcache.__getitem__, stamps))
        act_col.extend(acts.codes(names))
        res_col.extend(ress.codes(list(compress(res, is_event))))
        role_col.extend(roles.codes(list(compress(role, is_event))))
    if not case_ids or any(not c for c in case_ids):
        raise _NotFlat  # no trace, or a trace without a name: the general parser says so
    trace_starts.append(n_raw)
    if dropped:
        keep = sorted(set(range(n_raw)) - set(dropped))
        act_col = array("i", (act_col[i] for i in keep))
        res_col = array("i", (res_col[i] for i in keep))
        role_col = array("i", (role_col[i] for i in keep))
        ts_col = array("d", (ts_col[i] for i in keep))
        import bisect

        trace_starts = [bisect.bisect_left(keep, s) for s in trace_starts]
    offsets = array("q", trace_starts)
    log = EventLog(
        case_ids=case_ids,
        offsets=offsets,
        activities=acts.names,
        act=act_col,
        ts=ts_col,
        resources=ress.names,
        res=res_col,
        roles=roles.names,
        role=role_col,
        format="xes",
    )
    _sort_within(log, _unsorted(log))
    return log


def _read_xes_general(path: Path) -> EventLog:
    """Any well-formed XES: defusedxml iterparse, nested attributes skipped."""
    import gzip

    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    opener = gzip.open if path.open("rb").read(2) == b"\x1f\x8b" else open
    cases: list[str] = []
    offsets = array("q", [0])
    acts, ress, roles = _Interner(), _Interner(""), _Interner("")
    act_col, res_col, role_col, ts_col = array("i"), array("i"), array("i"), array("d")
    unsorted: list[int] = []
    depth_kind: list[str] = []  # "trace" / "event" / "attr"
    trace_name = None
    ev: dict[str, str] = {}
    n_trace = n_event = 0
    try:
        with opener(path, "rb") as fh:
            for action, el in SafeET.iterparse(fh, events=("start", "end"), forbid_dtd=True):
                tag = el.tag.rpartition("}")[2]
                if action == "start":
                    if tag == "trace":
                        depth_kind.append("trace")
                        n_trace += 1
                        trace_name, n_event = None, 0
                    elif tag == "event" and depth_kind and depth_kind[-1] == "trace":
                        depth_kind.append("event")
                        n_event += 1
                        ev = {}
                    elif depth_kind:
                        parent = depth_kind[-1]
                        depth_kind.append("attr")
                        key = el.get("key")
                        if parent == "event" and key:
                            ev[key] = el.get("value") or ""
                        elif parent == "trace" and key == "concept:name":
                            trace_name = el.get("value") or ""
                    continue
                if not depth_kind:
                    continue
                kind = depth_kind.pop()
                if kind == "event":
                    _general_event(
                        ev,
                        n_trace,
                        n_event,
                        acts,
                        ress,
                        roles,
                        act_col,
                        res_col,
                        role_col,
                        ts_col,
                        offsets,
                        unsorted,
                        len(cases),
                    )
                elif kind == "trace":
                    if not trace_name:
                        raise LogError(
                            "trace_without_name",
                            f"第 {n_trace} 个 trace 没有 concept:name(案件编号)",
                            f"trace #{n_trace} has no concept:name (case id)",
                        )
                    cases.append(trace_name)
                    offsets.append(len(act_col))
                    el.clear()
    except SafeET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise LogError(
            "malformed_xes",
            f"XES 格式错误(第 {line} 行): {exc}",
            f"malformed XES (line {line}): {exc}",
            line,
        ) from None
    except DefusedXmlException:
        raise LogError(
            "xes_forbidden",
            "不接受含 DTD 或实体声明的 XES 文件",
            "XES files with a DTD or entity declarations are refused",
        ) from None
    if not cases:
        raise LogError("empty_log", "XES 文件中没有 trace(案件)", "the XES file holds no trace")
    log = EventLog(
        case_ids=cases,
        offsets=offsets,
        activities=acts.names,
        act=act_col,
        ts=ts_col,
        resources=ress.names,
        res=res_col,
        roles=roles.names,
        role=role_col,
        format="xes",
    )
    _sort_within(log, unsorted)
    return log


def _general_event(ev, n_trace, n_event, acts, ress, roles, act_col, res_col, role_col,
                   ts_col, offsets, unsorted, case_no) -> None:  # fmt: skip
    life = ev.get("lifecycle:transition")
    if life is not None and life.lower() != "complete":
        return
    where_zh = f"第 {n_trace} 个 trace 的第 {n_event} 个事件"
    where_en = f"trace #{n_trace}, event #{n_event}"
    name = ev.get("concept:name")
    if not name:
        raise LogError(
            "event_without_name",
            f"{where_zh}没有 concept:name(环节名称)",
            f"{where_en} has no concept:name (activity)",
        )
    stamp = ev.get("time:timestamp")
    try:
        t = parse_timestamp(stamp or "")
    except ValueError:
        raise LogError(
            "bad_timestamp",
            f"{where_zh}的 time:timestamp 无法识别: {stamp!r}",
            f"{where_en}: the time:timestamp {stamp!r} cannot be read",
        ) from None
    if len(ts_col) > offsets[-1] and t < ts_col[-1] and unsorted[-1:] != [case_no]:
        unsorted.append(case_no)
    ts_col.append(t)
    act_col.append(acts.code(name))
    r, o = ev.get("org:resource"), ev.get("org:role")
    res_col.append(ress.code(r) if r else 0)
    role_col.append(roles.code(o) if o else 0)
