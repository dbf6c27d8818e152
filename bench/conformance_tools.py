"""Benchmark tooling for conformance checking: convert the road-fines XES to CSV once
(into ``var/``, never committed) and build the bench database's calendar.

    python bench/conformance_tools.py to-csv LOG.xes.gz OUT.csv
"""

from __future__ import annotations

import csv
import datetime
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from yangguang.conformance.logs import read_log  # noqa: E402

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def to_csv(log_path: str | Path, out: str | Path) -> int:
    """Write the log as CSV (case_id,activity,timestamp,resource,role); returns events."""
    log = read_log(log_path)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    cache: dict[float, str] = {}
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["case_id", "activity", "timestamp", "resource", "role"])
        for c, cid in enumerate(log.case_ids):
            for i in range(log.offsets[c], log.offsets[c + 1]):
                t = log.ts[i]
                s = cache.get(t)
                if s is None:
                    s = cache[t] = datetime.datetime.fromtimestamp(t, SHANGHAI).isoformat()
                w.writerow(
                    [cid, log.activities[log.act[i]], s, log.resources[log.res[i]],
                     log.roles[log.role[i]]]
                )  # fmt: skip
    tmp.replace(out)
    return log.n_events


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "to-csv":
        print(to_csv(sys.argv[2], sys.argv[3]), "events")
    else:
        print(__doc__)
        sys.exit(2)
