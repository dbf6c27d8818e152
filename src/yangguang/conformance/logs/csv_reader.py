"""CSV event logs (no Django needed).

UTF-8 (a BOM is fine) with a header naming at least ``case_id, activity, timestamp,
resource`` (``role`` and ``event_id`` optional, any order, other columns ignored). A file
that is not UTF-8 is tried as GB18030 (a superset of GBK, the usual Chinese export); a
file mixing the two is refused naming the first line that differs. Nothing is ever
decoded with replacement characters. A file without quotes whose rows all have the
header's width (the usual export) is read column-wise (one split, values interned a
chunk at a time, each distinct timestamp parsed once); anything else goes through the
``csv`` module, which also names what is wrong.

Bounded (``limits``): a file larger than ``max_inflated`` is refused by its size before
it is read, and a line or a field longer than ``max_element`` naming its line number.
"""

from __future__ import annotations

import io
import operator
from array import array
from itertools import chain, compress, islice, repeat
from pathlib import Path

from .columns import EventLog, LogError, _group, _Interner
from .limits import LogLimits, current, mib
from .timestamps import _ts, parse_timestamp

REQUIRED = ("case_id", "activity", "timestamp", "resource")
OPTIONAL = ("role", "event_id")
CHUNK_ROWS = 65536


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


def _too_large(size: int, limit: int) -> LogError:
    return LogError(
        "log_too_large",
        f"日志文件过大({mib(size)}), 上限 {mib(limit)}, 未读取",
        f"the log is too large ({mib(size)}; the limit is {mib(limit)}); not read",
    )


def _line_too_long(line: int, limit: int) -> LogError:
    return LogError(
        "line_too_long",
        f"第 {line} 行超过上限 {mib(limit)}, 不是事件日志的一行, 未读取",
        f"line {line} is longer than the limit of {mib(limit)}: not a line of an event log; "
        "not read",
        line,
    )


def _check_lines(data: bytes, limit: int) -> None:
    """Refuse a line longer than ``limit`` bytes. A line that long holds a whole aligned
    block of ``limit // 2`` bytes without a line break: only such blocks are looked at."""
    step = max(limit // 2, 1)
    for start in range(0, len(data), step):
        if data.find(b"\n", start, start + step) >= 0:
            continue
        first = data.rfind(b"\n", 0, start) + 1
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        if end - first > limit:
            raise _line_too_long(data.count(b"\n", 0, first) + 1, limit)


def read_csv(source: str | Path | bytes, *, limits: LogLimits | None = None) -> EventLog:
    import csv

    limits = limits or current()
    if isinstance(source, bytes):
        data = source
    else:
        size = Path(source).stat().st_size
        if size > limits.max_inflated:
            raise _too_large(size, limits.max_inflated)
        data = Path(source).read_bytes()
    if len(data) > limits.max_inflated:
        raise _too_large(len(data), limits.max_inflated)
    if not data or data.isspace():
        raise LogError("empty_log", "日志文件为空", "the log file is empty", 1)
    _check_lines(data, limits.max_element)
    text, note = _decode(data)
    fast = _read_csv_plain(text, note)
    if fast is not None:
        return fast
    reader = _Bounded(csv.reader(io.StringIO(text, newline="")), limits.max_element)
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


class _Bounded:
    """The ``csv`` module's rows, with its field size limit at ``max_element`` (restored
    after each row) and its errors as a ``LogError`` naming the line."""

    def __init__(self, reader, limit: int) -> None:
        self.reader, self.limit = reader, limit

    def __iter__(self):
        return self

    def __next__(self) -> list[str]:
        import csv

        before = csv.field_size_limit(self.limit)
        try:
            return next(self.reader)
        except csv.Error as exc:
            line = self.reader.line_num
            if "field larger than field limit" in str(exc):
                raise _line_too_long(line, self.limit) from None
            raise LogError(
                "bad_csv",
                f"第 {line} 行无法按 CSV 读取: {exc}",
                f"line {line} cannot be read as CSV: {exc}",
                line,
            ) from None
        finally:
            csv.field_size_limit(before)


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
