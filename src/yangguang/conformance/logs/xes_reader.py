"""XES event logs (``.xes``, ``.xes.gz``; no Django needed).

Trace ``concept:name`` is the case id; event ``concept:name``, ``time:timestamp``,
``org:resource``, ``org:role``; events whose ``lifecycle:transition`` is present and not
``complete`` are ignored. A tailored byte scanner reads the common flat layout (one
attribute a tag, ``key`` before ``value``); it verifies itself by counting, and any file
it cannot read exactly (nested attributes, other attribute order, unusual quoting) is
read again by the general parser (defusedxml iterparse), which is also the one that
reports errors.

Both are bounded (``limits``): what the file inflates to, at most ``max_inflated``
bytes (a gzip member is inflated a chunk at a time, never whole), and any single
element, at most ``max_element`` bytes (the fast scanner's buffer holds one trace; the
general parser refuses a trace, or a stretch without any tag, longer than that, and
keeps no element it has read).
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
from .limits import LogLimits, current, mib
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


def _too_large(limit: int) -> LogError:
    return LogError(
        "log_too_large",
        f"日志解压后超过上限 {mib(limit)}, 疑为压缩炸弹, 未读取",
        f"the log inflates to more than the limit of {mib(limit)}: refused as a "
        "decompression bomb, not read",
    )


def _element_too_large(limit: int, where_zh: str = "", where_en: str = "") -> LogError:
    return LogError(
        "element_too_large",
        f"日志中有单个元素(trace 或连续文本){where_zh}超过上限 {mib(limit)}, 未读取",
        f"a single element of the log (a trace or a run of text){where_en} is larger than "
        f"the limit of {mib(limit)}; not read",
    )


def _chunks(path: Path, limits: LogLimits) -> Callable[[], bytes]:
    """Decompressed byte chunks of a (possibly gzip-compressed) file, each at most
    ``READ_BYTES`` long; refused once they add up to more than ``max_inflated``."""
    raw = path.open("rb")
    head = raw.read(2)
    raw.seek(0)
    gz = head == b"\x1f\x8b"
    state = {"dec": zlib.decompressobj(47) if gz else None, "total": 0}

    def inflate() -> bytes:
        dec = state["dec"]
        if dec.unconsumed_tail:
            return dec.decompress(dec.unconsumed_tail, READ_BYTES)
        if dec.eof and dec.unused_data:  # a second gzip member
            rest = dec.unused_data
            state["dec"] = dec = zlib.decompressobj(47)
            return dec.decompress(rest, READ_BYTES)
        block = raw.read(READ_BYTES)
        if not block:
            tail = dec.flush() if not dec.eof else b""
            if not tail:
                raise EOFError
            return tail
        return dec.decompress(block, READ_BYTES)

    def read() -> bytes:
        while True:
            if state["dec"] is None:
                out = raw.read(READ_BYTES)
                if not out:
                    raw.close()
                    return b""
            else:
                try:
                    out = inflate()
                except EOFError:
                    raw.close()
                    return b""
            state["total"] += len(out)
            if state["total"] > limits.max_inflated:
                raw.close()
                raise _too_large(limits.max_inflated)
            if out:
                return out

    return read


class _Counted:
    """A decompressed stream for the general parser: refused past ``max_inflated``
    bytes in all, or ``max_element`` bytes since the parser last reported an event
    (``mark``) or since the current trace began (``trace_at``)."""

    def __init__(self, fh, limits: LogLimits) -> None:
        self.fh, self.limits = fh, limits
        self.total = self.marked = 0
        self.trace_at: int | None = None

    def read(self, size: int = -1) -> bytes:
        chunk = self.fh.read(READ_BYTES if size is None or size < 0 else min(size, READ_BYTES))
        self.total += len(chunk)
        if self.total > self.limits.max_inflated:
            raise _too_large(self.limits.max_inflated)
        if self.total - self.marked > self.limits.max_element:
            raise _element_too_large(self.limits.max_element)
        return chunk

    def mark(self) -> None:
        self.marked = self.total
        if self.trace_at is not None and self.total - self.trace_at > self.limits.max_element:
            raise _element_too_large(self.limits.max_element)


def read_xes(source: str | Path, *, limits: LogLimits | None = None) -> EventLog:
    path = Path(source)
    limits = limits or current()
    try:
        if path.stat().st_size == 0:
            raise LogError("empty_log", "日志文件为空", "the log file is empty", 1)
        try:
            return _read_xes_fast(path, limits)
        except _NotFlat:
            return _read_xes_general(path, limits)
    except (zlib.error, EOFError, OSError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        raise LogError(
            "bad_gzip",
            f"文件无法解压或读取: {exc}",
            f"the file cannot be decompressed or read: {exc}",
        ) from None


def _read_xes_fast(path: Path, limits: LogLimits | None = None) -> EventLog:
    limits = limits or current()
    read = _chunks(path, limits)
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
                    if len(buf) > limits.max_element:
                        raise _element_too_large(
                            limits.max_element, "(第一个 trace 之前)", " (before the first trace)"
                        )
                    continue
                if b"<!DOCTYPE" in buf[:first] or b"<!ENTITY" in buf[:first]:
                    raise _NotFlat
                buf = buf[first:]
                started = True
            cut = buf.rfind(b"</trace>")
            if cut < 0:
                if len(buf) > limits.max_element:
                    raise _element_too_large(limits.max_element)
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


def _read_xes_general(path: Path, limits: LogLimits | None = None) -> EventLog:
    """Any well-formed XES: defusedxml iterparse, nested attributes skipped; each trace
    and event let go once read."""
    limits = limits or current()
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
    open_elements: list = []
    try:
        with opener(path, "rb") as fh:
            stream = _Counted(fh, limits)
            for action, el in SafeET.iterparse(stream, events=("start", "end"), forbid_dtd=True):
                stream.mark()
                tag = el.tag.rpartition("}")[2]
                if action == "start":
                    open_elements.append(el)
                    if tag == "trace":
                        stream.trace_at = stream.total
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
                open_elements.pop()
                if not depth_kind:
                    continue
                kind = depth_kind.pop()
                if kind in ("event", "trace") and open_elements:
                    open_elements[-1].remove(el)  # read: let it go
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
                    stream.trace_at = None
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
