"""The JSON report of a check (the interface of ``yangguang supervise check``)::

    {"summary": {"cases": n, "events": n, "conformant_cases": n,
                 "deviations": {"<kind>": n, ...}, "seconds": s},
     "deviations": [{"case_id": "...", "kind": "...", "activity": "...",
                     "event_index": i, "detail": "..."}, ...]}

``event_index`` counts from 0 over the case's events in time order (events filtered out
by the XES lifecycle rule are not counted). The report is written to a temporary file
and moved into place, so a failed run never leaves a partial report behind.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from yangguang.conformance.checker import CheckResult

_enc = json.encoder.encode_basestring  # type: ignore[attr-defined]


def summary(result: CheckResult, seconds: float) -> dict:
    return {
        "cases": result.cases,
        "events": result.events,
        "conformant_cases": result.conformant_cases,
        "deviations": dict(result.counts),
        "seconds": round(seconds, 3),
    }


def iter_json(result: CheckResult, seconds: float):
    """The report as JSON text pieces (strings are encoded once each)."""
    yield '{"summary": ' + json.dumps(summary(result, seconds), ensure_ascii=False)
    yield ', "deviations": ['
    cache: dict[str, str] = {}

    def enc(s: str) -> str:
        r = cache.get(s)
        if r is None:
            r = _enc(s)
            if len(cache) < 200000:
                cache[s] = r
        return r

    first = True
    batch = []
    for cid, kind, activity, k, detail in result.deviations:
        batch.append(
            ("" if first else ", ")
            + '{"case_id": '
            + _enc(cid)
            + ', "kind": "'
            + kind
            + '", "activity": '
            + enc(activity)
            + ', "event_index": '
            + str(k)
            + ', "detail": '
            + enc(detail)
            + "}"
        )
        first = False
        if len(batch) >= 10000:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)
    yield "]}\n"


def write_report(result: CheckResult, seconds: float, path: str | Path) -> None:
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", encoding="utf-8") as fh:
        for piece in iter_json(result, seconds):
            fh.write(piece)
    os.replace(tmp, path)


def as_dict(result: CheckResult, seconds: float) -> dict:
    return json.loads("".join(iter_json(result, seconds)))
