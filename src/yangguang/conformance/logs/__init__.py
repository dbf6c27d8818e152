"""Event-log readers for the conformance checker (no Django needed).

Both readers return an :class:`EventLog`: columns in flat arrays, events grouped by case
and, within a case, ordered by time (ties keep the order of the file). Strings are
interned into code tables (activities, resources, roles), so a log of half a million
events costs a few arrays and a few thousand strings.

The package: ``columns`` (:class:`EventLog`, :class:`LogError`, the code tables, grouping
and ordering by case), ``timestamps`` (:func:`parse_timestamp`), ``csv_reader``
(:func:`read_csv`: the accepted CSV files, encodings and the column-wise fast path) and
``xes_reader`` (:func:`read_xes`: the flat byte scanner and the general parser),
``limits`` (:class:`LogLimits`: the bounds every reader keeps, from the settings or the
environment). Import
from ``yangguang.conformance.logs``, which re-exports them; :func:`read_log` chooses the
reader by the file name.
"""

from __future__ import annotations

from pathlib import Path

from .columns import EventLog, LogError
from .csv_reader import CHUNK_ROWS, OPTIONAL, REQUIRED, read_csv
from .limits import LogLimits
from .timestamps import SHANGHAI, parse_timestamp
from .xes_reader import READ_BYTES, read_xes

__all__ = [
    "CHUNK_ROWS",
    "OPTIONAL",
    "READ_BYTES",
    "REQUIRED",
    "SHANGHAI",
    "EventLog",
    "LogError",
    "LogLimits",
    "parse_timestamp",
    "read_csv",
    "read_log",
    "read_xes",
]


def read_log(source: str | Path, *, limits: LogLimits | None = None) -> EventLog:
    """Read a CSV or XES (``.xes``/``.xes.gz``) log, chosen by the file name, within
    ``limits`` (by default the settings', or the environment's without Django)."""
    path = Path(source)
    name = path.name.lower()
    if not path.exists():
        raise LogError("no_file", f"找不到日志文件 {path}", f"the log file {path} does not exist")
    if name.endswith((".xes", ".xes.gz", ".xes.gzip")):
        return read_xes(path, limits=limits)
    if name.endswith((".csv", ".csv.txt", ".txt")):
        return read_csv(path, limits=limits)
    raise LogError(
        "log_format",
        f"无法识别日志格式 {path.name}: 须为 .csv、.xes 或 .xes.gz",
        f"unknown log format {path.name}: use .csv, .xes or .xes.gz",
    )
