"""Event-log readers for the conformance checker (no Django needed).

Both readers return an :class:`EventLog`: columns in flat arrays, events grouped by case
and, within a case, ordered by time (ties keep the order of the file). Strings are
interned into code tables (activities, resources, roles), so a log of half a million
events costs a few arrays and a few thousand strings.

CSV: UTF-8 (a BOM is fine) with a header naming at least ``case_id, activity, timestamp,
resource`` (``role`` and ``event_id`` optional, any order, other columns ignored). A file
that is not UTF-8 is tried as GB18030 (a superset of GBK, the usual Chinese export); a
file mixing the two is refused naming the first line that differs. Nothing is ever
decoded with replacement characters. A file without quotes whose rows all have the
header's width (the usual export) is read column-wise (one split, values interned a
chunk at a time, each distinct timestamp parsed once); anything else goes through the
``csv`` module, which also names what is wrong.

XES (``.xes``, ``.xes.gz``): trace ``concept:name`` is the case id; event
``concept:name``, ``time:timestamp``, ``org:resource``, ``org:role``; events whose
``lifecycle:transition`` is present and not ``complete`` are ignored. A tailored byte
scanner reads the common flat layout (one attribute a tag, ``key`` before ``value``); it
verifies itself by counting, and any file it cannot read exactly (nested attributes,
other attribute order, unusual quoting) is read again by the general parser (defusedxml
iterparse), which is also the one that reports errors.

Timestamps: ISO 8601 (``T`` or space, optional fraction, ``Z`` or ``±HH:MM``), also
``YYYY/MM/DD`` and one-digit months and days; without a zone they are Asia/Shanghai.
"""

from __future__ import annotations

import datetime
import html
import io
import operator
import re
import zlib
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate, chain, compress, islice, repeat
from operator import gt
from pathlib import Path

from yangguang.core.errors import DomainError

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8), "Asia/Shanghai")
REQUIRED = ("case_id", "activity", "timestamp", "resource")
OPTIONAL = ("role", "event_id")
CHUNK_ROWS = 65536
READ_BYTES = 1 << 17


class LogError(DomainError):
    """The log cannot be read: the message names the line, column or element."""

    def __init__(self, code: str, zh: str, en: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(code=code, zh=zh, en=en)


@dataclass
class EventLog:
    case_ids: list[str]
    offsets: array  # len(case_ids) + 1 offsets into the event columns
    activities: list[str]  # code -> name
    act: array  # per event: activity code
    ts: array  # per event: POSIX seconds
    resources: list[str] = field(default_factory=lambda: [""])  # code 0: none
    res: array = field(default_factory=lambda: array("i"))
    roles: list[str] = field(default_factory=lambda: [""])
    role: array = field(default_factory=lambda: array("i"))
    notes: list[str] = field(default_factory=list)
    format: str = ""

    @property
    def n_cases(self) -> int:
        return len(self.case_ids)

    @property
    def n_events(self) -> int:
        return len(self.act)


# --- timestamps ------------------------------------------------------------------------

_TS_RE = re.compile(
    r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?\s*$"
)


def parse_timestamp(text: str) -> float:
    """POSIX seconds of a timestamp; without a zone it is Asia/Shanghai.
    ``ValueError`` when it cannot be read."""
    try:
        moment = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        moment = None
    if moment is None:
        m = _TS_RE.match(text)
        if not m:
            raise ValueError(text)
        y, mo, d, h, mi, s, frac, zone = m.groups()
        micro = int((frac or "0")[:6].ljust(6, "0"))
        tz = None
        if zone == "Z":
            tz = datetime.UTC
        elif zone:
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
            tz = datetime.timezone(sign * datetime.timedelta(minutes=minutes))
        moment = datetime.datetime(
            int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), micro, tzinfo=tz
        )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHANGHAI)
    return moment.timestamp()


class _Interner(dict):
    """str -> code, with the table of strings by code."""

    def __init__(self, first: str | None = None) -> None:
        super().__init__()
        self.names: list[str] = []
        if first is not None:
            self.code(first)

    def code(self, name: str) -> int:
        c = self.get(name)
        if c is None:
            c = self[name] = len(self.names)
            self.names.append(name)
        return c

    def codes(self, values) -> list[int]:
        """The codes of ``values``, new ones numbered in order of first appearance."""
        try:
            return list(map(self.__getitem__, values))  # nothing new (the usual case)
        except KeyError:
            pass
        uniq = dict.fromkeys(values)
        base = len(self.names)
        if len(uniq) == len(values) and self.keys().isdisjoint(uniq):  # all new, once each
            codes = range(base, base + len(values))
            self.update(zip(values, codes, strict=True))
            self._add_names(values)
            return list(codes)
        new = [v for v in uniq if v not in self]
        if new:
            base = len(self.names)
            self.update(zip(new, range(base, base + len(new)), strict=True))
            self._add_names(new)
        return list(map(self.__getitem__, values))

    def _add_names(self, new: list) -> None:
        self.names.extend(new)


def _group(
    case_codes: list[int] | array,
    n_cases: int,
    ts: array,
    columns: list[array],
) -> tuple[array, list[array]]:
    """Events grouped by case (first appearance order), by time within a case (stable)."""
    n = len(case_codes)
    # where the case changes between neighbours
    starts = array("q", [0])
    starts.extend(compress(range(1, n), map(operator.ne, islice(case_codes, 1, None), case_codes)))
    if len(starts) == n_cases:  # each case's events together (codes in order of appearance)
        offsets = starts
        offsets.append(n)
    else:
        order = sorted(range(len(case_codes)), key=case_codes.__getitem__)
        counts = [0] * (n_cases + 1)
        for c in case_codes:
            counts[c + 1] += 1
        offsets = array("q", accumulate(counts))
        ts = array("d", (ts[i] for i in order))
        columns = [array(col.typecode, (col[i] for i in order)) for col in columns]
    log = EventLog(case_ids=[""] * n_cases, offsets=offsets, activities=[], act=columns[0], ts=ts)
    log.res, log.role = columns[1], columns[2]
    _sort_within(log, _unsorted(log))
    columns = [log.act, log.res, log.role]
    return offsets, [ts, *columns]


# --- CSV -------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str | None]:
    """The text of a CSV file and a note when it was not UTF-8."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    utf8_line = gbk_line = None
    for no, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_line = utf8_line or no
        except UnicodeDecodeError:
            gbk_line = gbk_line or no
        if utf8_line and gbk_line:
            raise LogError(
                "mixed_encoding",
                f"文件混用了编码: 第 {utf8_line} 行是 UTF-8, 第 {gbk_line} 行不是;"
                "请统一另存为 UTF-8 后再上传",
                f"the file mixes encodings: line {utf8_line} is UTF-8, line {gbk_line} is "
                "not; save it all as UTF-8 and upload it again",
                min(utf8_line, gbk_line),
            )
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LogError(
            "bad_encoding",
            f"第 {line} 行既不是 UTF-8 也不是 GBK/GB18030 编码, 无法读取",
            f"line {line} is neither UTF-8 nor GBK/GB18030; the file cannot be read",
            line,
        ) from None
    return text.lstrip("\ufeff"), (
        f"文件不是 UTF-8, 已按 GBK/GB18030 解码(第 {gbk_line} 行起) "
        f"(not UTF-8: decoded as GBK/GB18030, first such line {gbk_line})"
    )


def read_csv(source: str | Path | bytes) -> EventLog:
    import csv

    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    if not data or data.isspace():
        raise LogError("empty_log", "日志文件为空", "the log file is empty", 1)
    text, note = _decode(data)
    fast = _read_csv_plain(text, note)
    if fast is not None:
        return fast
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        raise LogError("empty_log", "日志文件没有表头", "the log file has no header line", 1)
    names = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise LogError(
            "missing_columns",
            f"第 1 行(表头)缺少列: {', '.join(missing)};须含 case_id,activity,timestamp,resource",
            f"line 1 (header) lacks the column(s) {', '.join(missing)}; "
            "case_id,activity,timestamp,resource are required",
            1,
        )
    ci, ai, ti, ri = (names.index(c) for c in REQUIRED)
    oi = names.index("role") if "role" in names else None
    width = max(ci, ai, ti, ri, oi or 0) + 1
    cases, acts, ress, roles = _Interner(), _Interner(), _Interner(""), _Interner("")
    tcache: dict[str, float] = {}
    case_col: list[int] = []
    act_col = array("i")
    res_col = array("i")
    role_col = array("i")
    ts_col = array("d")
    row_no = 1  # data rows are lines 2 …
    while True:
        chunk = list(islice(reader, CHUNK_ROWS))
        if not chunk:
            break
        first_line = row_no + 1
        row_no += len(chunk)
        if min(map(len, chunk)) < width:
            chunk = _clean_rows(chunk, width, first_line)
            if not chunk:
                continue
        cols = list(zip(*chunk, strict=False))  # rows may be longer than the header
        stamps = cols[ti]
        try:
            ts_col.extend([tcache[s] if s in tcache else _ts(tcache, s) for s in stamps])
        except ValueError:
            for k, s in enumerate(stamps):
                try:
                    _ts(tcache, s)
                except ValueError:
                    line = _line_of(chunk, k, first_line)
                    raise LogError(
                        "bad_timestamp",
                        f"第 {line} 行的时间无法识别: {s!r}",
                        f"line {line}: the timestamp {s!r} cannot be read",
                        line,
                    ) from None
            raise
        if "" in cols[ci] or "" in cols[ai]:
            _empty_value(cols[ci], cols[ai], chunk, first_line)
        case_col.extend(cases.codes(cols[ci]))
        act_col.extend(acts.codes(cols[ai]))
        res_col.extend(ress.codes(cols[ri]))
        role_col.extend(roles.codes(cols[oi]) if oi is not None else [0] * len(chunk))
    if not case_col:
        raise LogError("empty_log", "日志文件没有事件(只有表头)", "the log has no events", 2)
    offsets, (ts_col, act_col, res_col, role_col) = _group(
        case_col, len(cases.names), ts_col, [act_col, res_col, role_col]
    )
    return EventLog(
        case_ids=cases.names,
        offsets=offsets,
        activities=acts.names,
        act=act_col,
        ts=ts_col,
        resources=ress.names,
        res=res_col,
        roles=roles.names,
        role=role_col,
        notes=[note] if note else [],
        format="csv",
    )


def _read_csv_plain(text: str, note: str | None) -> EventLog | None:
    """The common case read column-wise: no quotes, one line a row, every row as wide
    as the header. ``None`` for anything else (the ``csv`` module reads it then, and
    names what is wrong)."""
    if '"' in text:
        return None
    if "\r" in text:  # CRLF line ends only (the csv module reads anything else)
        lines = text.split("\r\n")
        if text.count("\r") != len(lines) - 1 or text.count("\n") != len(lines) - 1:
            return None
    else:
        lines = text.split("\n")
    del text
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) < 2:
        return None
    header = [h.strip().lower() for h in lines[0].split(",")]
    if any(c not in header for c in REQUIRED):
        return None
    commas = lines[0].count(",")
    if set(map(str.count, lines, repeat(",", len(lines)))) != {commas}:
        return None  # blank, short or long rows: the general reader says what is wrong
    width = commas + 1
    ci, ai, ti, ri = (header.index(c) for c in REQUIRED)
    oi = header.index("role") if "role" in header else None
    cases, acts, ress, roles = _Interner(), _Interner(), _Interner(""), _Interner("")
    tcache: dict[str, float] = {}
    case_col: list[int] = []
    act_col, res_col, role_col, ts_col = array("i"), array("i"), array("i"), array("d")
    for start in range(1, len(lines), CHUNK_ROWS):
        flat = ",".join(lines[start : start + CHUNK_ROWS]).split(",")
        first_line = start + 1
        stamps = flat[ti::width]
        bad = []
        for stamp in set(stamps).difference(tcache):
            try:
                tcache[stamp] = parse_timestamp(stamp)
            except ValueError:
                bad.append(stamp)
        if bad:
            k = min(map(stamps.index, bad))
            line = first_line + k
            raise LogError(
                "bad_timestamp",
                f"第 {line} 行的时间无法识别: {stamps[k]!r}",
                f"line {line}: the timestamp {stamps[k]!r} cannot be read",
                line,
            )
        ts_col.extend(map(tcache.__getitem__, stamps))
        case_names, act_names = flat[ci::width], flat[ai::width]
        if "" in case_names or "" in act_names:
            _empty_value(case_names, act_names, None, first_line)
        _extend_by_runs(case_col, cases, case_names)
        act_col.extend(acts.codes(act_names))
        res_col.extend(ress.codes(flat[ri::width]))
        if oi is not None:
            role_names = flat[oi::width]
            if role_names.count("") == len(role_names):  # no roles (the usual case)
                role_col.frombytes(bytes(role_col.itemsize * len(role_names)))
            else:
                role_col.extend(roles.codes(role_names))
    del lines, flat
    if oi is None:
        role_col = array("i", bytes(role_col.itemsize * len(act_col)))
    offsets, (ts_col, act_col, res_col, role_col) = _group(
        case_col, len(cases.names), ts_col, [act_col, res_col, role_col]
    )
    return EventLog(
        case_ids=cases.names,
        offsets=offsets,
        activities=acts.names,
        act=act_col,
        ts=ts_col,
        resources=ress.names,
        res=res_col,
        roles=roles.names,
        role=role_col,
        notes=[note] if note else [],
        format="csv",
    )


def _extend_by_runs(out: list[int], table: _Interner, values: list[str]) -> None:
    """``out.extend(table.codes(values))`` by runs of equal neighbours (a case's events
    mostly come together): one lookup a run."""
    n = len(values)
    starts = [0]
    starts.extend(compress(range(1, n), map(operator.ne, islice(values, 1, None), values)))
    codes = table.codes([values[i] for i in starts])
    lengths = map(operator.sub, islice(starts, 1, None), starts)
    out.extend(chain.from_iterable(map(repeat, codes, chain(lengths, (n - starts[-1],)))))


def _empty_value(cases, acts, chunk, first_line: int) -> None:
    for k, (c, a) in enumerate(zip(cases, acts, strict=True)):
        if not c or not a:
            line = _line_of(chunk, k, first_line)
            what = "case_id" if not c else "activity"
            raise LogError(
                "empty_value",
                f"第 {line} 行的 {what} 为空",
                f"line {line}: {what} is empty",
                line,
            )


def _line_of(chunk, k: int, first_line: int) -> int:
    rows = getattr(chunk, "lines", None)
    return rows[k] if rows else first_line + k


class _Rows(list):
    lines: list[int]


def _clean_rows(chunk: list[list[str]], width: int, first_line: int) -> _Rows:
    out = _Rows()
    out.lines = []
    for k, r in enumerate(chunk):
        if not r or (len(r) == 1 and not r[0].strip()):
            continue  # a blank line
        if len(r) < width:
            line = first_line + k
            raise LogError(
                "short_row",
                f"第 {line} 行只有 {len(r)} 列, 少于表头要求的列",
                f"line {line} has only {len(r)} column(s), fewer than the header needs",
                line,
            )
        out.append(r)
        out.lines.append(first_line + k)
    return out


class _BytesInterner(_Interner):
    """bytes -> code, with the decoded strings by code."""

    def code(self, name: bytes) -> int:  # type: ignore[override]
        c = self.get(name)
        if c is None:
            c = self[name] = len(self.names)
            self.names.append(_text(name))
        return c

    def _add_names(self, new: list) -> None:
        self.names.extend(map(_text, new))


def _ts(cache: dict, s: str) -> float:
    v = cache[s] = parse_timestamp(s)
    return v


# --- XES -------------------------------------------------------------------------------

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


def _ts_bytes(cache: dict, s: bytes) -> float:
    v = cache[s] = parse_timestamp(s.decode("utf-8"))
    return v


def _unsorted(log: EventLog) -> list[int]:
    """Cases whose events are not in time order in the file."""
    ts, off = log.ts, log.offsets
    n = len(ts)
    if n < 2:
        return []
    # a drop in time between neighbours, not at a case boundary
    drops = list(compress(range(1, n), map(gt, ts, islice(ts, 1, None))))
    if not drops:
        return []
    starts = set(off)
    return sorted({_case_of(off, i) for i in drops if i not in starts})


def _case_of(off: array, i: int) -> int:
    import bisect

    return bisect.bisect_right(off, i) - 1


def _text(value: bytes) -> str:
    s = value.decode("utf-8")
    return html.unescape(s) if "&" in s else s


def _sort_within(log: EventLog, cases: list[int]) -> None:
    for k in cases:
        a, b = log.offsets[k], log.offsets[k + 1]
        idx = sorted(range(a, b), key=log.ts.__getitem__)
        for col in (log.ts, log.act, log.res, log.role):
            col[a:b] = array(col.typecode, (col[i] for i in idx))


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


def read_log(source: str | Path) -> EventLog:
    """Read a CSV or XES (``.xes``/``.xes.gz``) log, chosen by the file name."""
    path = Path(source)
    name = path.name.lower()
    if not path.exists():
        raise LogError("no_file", f"找不到日志文件 {path}", f"the log file {path} does not exist")
    if name.endswith((".xes", ".xes.gz", ".xes.gzip")):
        return read_xes(path)
    if name.endswith((".csv", ".csv.txt", ".txt")):
        return read_csv(path)
    raise LogError(
        "log_format",
        f"无法识别日志格式 {path.name}: 须为 .csv、.xes 或 .xes.gz",
        f"unknown log format {path.name}: use .csv, .xes or .xes.gz",
    )
