"""Conformance checking of the full Road Traffic Fine log: ours against pm4py.

    make bench-conformance      (needs `make bench-env` for the pm4py part)

One run, one process tree: this parent spawns each measurement as a child process with
the right interpreter (ours: .venv; pm4py: var/bench-env, never the platform's
dependencies) and reads each child's peak memory from wait4's ru_maxrss.

Ours: `yangguang supervise check` end to end from .xes.gz and from CSV (the CSV is
converted once into var/bench/ by bench/conformance_tools.py), the checking step alone
(log already in memory), and the incremental checker (events fed one by one).
pm4py: XES import, BPMN import + conversion to a Petri net, token-based replay
variant-grouped (pm4py's default) and per trace (a sample, extrapolated), and per-case
alignments on a sample (cases/s).

The bench database (var/bench/bench.sqlite3) is migrated once; the years 2000-2003,
which the chinesecalendar package does not know, are marked complete there through the
calendar services (New Year's Day and weekends only), since the log starts in 2000.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("YG_EVENTLOGS", "/work/shared/data/eventlogs"))
XES = DATA / "Road_Traffic_Fine_Management_Process.xes.gz"
MODEL = ROOT / "bench" / "models" / "road_fines.bpmn"
VAR = ROOT / "var" / "bench"
CSV = VAR / "road_fines.csv"
DB = VAR / "bench.sqlite3"
OURS = ROOT / ".venv" / "bin" / "python"
PM4PY = ROOT / "var" / "bench-env" / "bin" / "python"
SAMPLE_TRACES = int(os.environ.get("YG_BENCH_TRACE_SAMPLE", "3000"))
SAMPLE_ALIGN = int(os.environ.get("YG_BENCH_ALIGN_SAMPLE", "300"))


LAST_CPU = [0.0]  # user + system seconds of the last child (wait4's rusage)


def run_child(argv: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Like ``child`` but with this child's own ru_maxrss (spawned and reaped by wait4);
    its CPU time (user + system) is left in ``LAST_CPU[0]``."""
    t = time.perf_counter()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.dup2(w, 1)
        os.close(r)
        devnull = os.open(os.devnull, os.O_WRONLY)
        if not os.environ.get("YG_BENCH_VERBOSE"):
            os.dup2(devnull, 2)
        os.execve(argv[0], argv, env or os.environ.copy())  # noqa: S606 (our own children)
    os.close(w)
    chunks = []
    while True:
        b = os.read(r, 65536)
        if not b:
            break
        chunks.append(b)
    os.close(r)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - t
    LAST_CPU[0] = usage.ru_utime + usage.ru_stime
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"child failed ({os.waitstatus_to_exitcode(status)}): {argv}")
    return wall, usage.ru_maxrss / 1024, b"".join(chunks).decode()


def env_db() -> dict:
    env = os.environ.copy()
    env["DATABASE_URL"] = f"sqlite:///{DB}"
    env.setdefault("YANGGUANG_MODE", "demo")
    return env


SETUP_DB = """
import datetime, django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yangguang.settings")
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from yangguang.core.context import Actor
from yangguang.workdays import services, selectors
from yangguang.workdays.models import CalendarYear
known = selectors.package_years()
for y in range(2000, 2004):
    if y not in known and not CalendarYear.objects.filter(year=y, complete=True).exists():
        # New Year's Day only (the rest of those years' holidays are not entered)
        services.calendar_day_add(actor=Actor.system("bench"), date=datetime.date(y, 1, 1),
                                  kind="holiday", name="元旦")
        services.calendar_year_complete(actor=Actor.system("bench"), year=y,
                                        note="bench: weekends and New Year only")
print("ok")
"""

CHECK_ONLY = """
import json, sys, time
sys.path.insert(0, %(src)r)
from yangguang.conformance.checker import Machine, check
from yangguang.conformance.logs import read_log
from yangguang.conformance.run import load_model, package_calendar
from yangguang.workdays.core import WorkCalendar
pc = package_calendar()
cal = WorkCalendar(holidays=pc.holidays, makeup_workdays=pc.makeup_workdays,
                   known_years=set(pc.known_years) | set(range(2000, 2004)))
log = read_log(%(log)r)
process = load_model(%(model)r)
best = None
for _ in range(3):
    t = time.perf_counter()
    result = check(log, Machine(process), cal)
    s = time.perf_counter() - t
    best = s if best is None else min(best, s)
print(json.dumps({"seconds": best, "variants": result.variants, "cases": result.cases}))
"""

INCREMENTAL = """
import json, sys, time
sys.path.insert(0, %(src)r)
from yangguang.conformance.checker import IncrementalChecker, Machine
from yangguang.conformance.logs import read_log
from yangguang.conformance.run import load_model, package_calendar
from yangguang.workdays.core import WorkCalendar
pc = package_calendar()
cal = WorkCalendar(holidays=pc.holidays, makeup_workdays=pc.makeup_workdays,
                   known_years=set(pc.known_years) | set(range(2000, 2004)))
log = read_log(%(log)r)
acts, res, ts, act, rc, off = log.activities, log.resources, log.ts, log.act, log.res, log.offsets
inc = IncrementalChecker(Machine(load_model(%(model)r)), cal)
# events straight from the log's columns (no list of the whole log); every case stays
# open until the end (close_all), the worst case for memory
t = time.perf_counter()
n = 0
feed = inc.feed
for c, cid in enumerate(log.case_ids):
    for i in range(off[c], off[c + 1]):
        n += len(feed(cid, acts[act[i]], ts[i], res[rc[i]]))
n += len(inc.close_all())
s = time.perf_counter() - t
print(json.dumps({"seconds": s, "events": log.n_events, "deviations": n}))
"""

PM4PY_CODE = """
import json, random, sys, time, warnings
warnings.filterwarnings("ignore")
import pm4py
from pm4py.objects.log.obj import EventLog
out = {"version": pm4py.__version__}
t = time.perf_counter()
log = pm4py.read_xes(%(xes)r, return_legacy_log_object=True)
out["import_s"] = time.perf_counter() - t
t = time.perf_counter()
bpmn = pm4py.read_bpmn(%(model)r)
net, im, fm = pm4py.convert_to_petri_net(bpmn)
out["model_s"] = time.perf_counter() - t
out["transitions"] = len(net.transitions)
from pm4py.algo.conformance.tokenreplay import algorithm as tr
t = time.perf_counter()
replayed = tr.apply(log, net, im, fm)
out["tbr_variants_s"] = time.perf_counter() - t
out["tbr_fit"] = sum(1 for r in replayed if r["trace_is_fit"])
random.seed(7)
idx = random.sample(range(len(log)), min(%(ntr)d, len(log)))
t = time.perf_counter()
for i in idx:
    tr.apply(EventLog([log[i]]), net, im, fm)
s = time.perf_counter() - t
out["tbr_trace_sample"] = len(idx)
out["tbr_per_trace_s_est"] = s / len(idx) * len(log)
from pm4py.algo.conformance.alignments.petri_net import algorithm as al
idx = random.sample(range(len(log)), min(%(nal)d, len(log)))
t = time.perf_counter()
for i in idx:
    al.apply_trace(log[i], net, im, fm)
s = time.perf_counter() - t
out["align_sample"] = len(idx)
out["align_cases_per_s"] = len(idx) / s
out["n_traces"] = len(log)
print(json.dumps(out))
"""


def main() -> None:
    if not XES.exists():
        print(f"SKIP: {XES} is absent (the shared event logs are not on this machine)")
        return
    VAR.mkdir(parents=True, exist_ok=True)
    if not CSV.exists():
        print("converting the XES to CSV once:", CSV)
        subprocess.run(  # noqa: S603 (our own script)
            [str(OURS), str(ROOT / "bench" / "conformance_tools.py"), "to-csv", str(XES), str(CSV)],
            check=True,
        )
    run_child([str(OURS), "-c", SETUP_DB], env_db())
    cli = str(ROOT / ".venv" / "bin" / "yangguang")
    rows = []

    def ours(label: str, log: Path) -> tuple[float, float]:
        best = None
        for _ in range(3):
            wall, rss, out = run_child(
                [cli, "supervise", "check", "--flow", str(MODEL), "--log", str(log),
                 "--out", str(VAR / f"report_{log.suffix.strip('.')}.json")],
                env_db(),
            )  # fmt: skip
            if best is None or wall < best[0]:
                best = (wall, rss, out.strip(), LAST_CPU[0])
        print(
            f"  {label:<44} {best[0]:7.2f} s  peak {best[1]:6.0f} MB  "
            f"(CPU {best[3]:.2f} s)  [{best[2]}]"
        )
        rows.append((label, best[0], best[1]))
        return best[0], best[1]

    print(f"== machine load (1, 5, 15 min): {os.getloadavg()} on {os.cpu_count()} CPUs")
    print(
        "== ours (best of 3; wall time of the whole command, start-up included; CPU: user +"
        " system of that run, less sensitive to the machine's load)"
    )
    xes_s, _ = ours("XES.GZ end to end (yangguang supervise check)", XES)
    csv_s, _ = ours("CSV end to end (yangguang supervise check)", CSV)
    src = str(ROOT / "src")
    code = CHECK_ONLY % {"src": src, "log": str(XES), "model": str(MODEL)}
    _, rss, out = run_child([str(OURS), "-c", code])
    check = json.loads(out)
    print(
        f"  {'checking step alone (log in memory, best of 3)':<44} {check['seconds']:7.3f} s  "
        f"peak {rss:6.0f} MB   [{check['variants']} variants]"
    )
    code = INCREMENTAL % {"src": src, "log": str(XES), "model": str(MODEL)}
    _, rss, out = run_child([str(OURS), "-c", code])
    inc = json.loads(out)
    eps = inc["events"] / inc["seconds"]
    print(
        f"  {'incremental checker (feed one by one)':<44} {eps:9,.0f} events/s  peak {rss:6.0f} MB"
    )
    if not PM4PY.exists():
        print("== pm4py: SKIPPED (no var/bench-env; run `make bench-env`)")
        return
    code = PM4PY_CODE % {
        "xes": str(XES), "model": str(MODEL), "ntr": SAMPLE_TRACES, "nal": SAMPLE_ALIGN
    }  # fmt: skip
    wall, rss, out = run_child([str(PM4PY), "-c", code])
    pm = json.loads(out.strip().splitlines()[-1])
    print(f"== pm4py {pm['version']} (one child, peak {rss:.0f} MB, {wall:.1f} s in all)")
    print(f"  XES import (pm4py.read_xes)                  {pm['import_s']:7.2f} s")
    print(f"  BPMN import + conversion to a Petri net      {pm['model_s']:7.3f} s "
          f"({pm['transitions']} transitions)")  # fmt: skip
    print(f"  token replay, variant-grouped (default)      {pm['tbr_variants_s']:7.2f} s "
          f"({pm['tbr_fit']} fit traces)")  # fmt: skip
    print(f"  token replay, per trace (sample {pm['tbr_trace_sample']}, extrapolated) "
          f"{pm['tbr_per_trace_s_est']:7.1f} s")  # fmt: skip
    print(f"  alignments, per case (sample {pm['align_sample']})          "
          f"{pm['align_cases_per_s']:7.1f} cases/s "
          f"(-> {pm['n_traces'] / pm['align_cases_per_s']:.0f} s for the log)")  # fmt: skip
    ours_cps = check["cases"] / check["seconds"]
    print("== ratios (checking step alone, ours: control flow + resources + deadlines)")
    print(f"  vs token replay, variant-grouped: {pm['tbr_variants_s'] / check['seconds']:8.1f}x"
          "  (goal >= 10x)")  # fmt: skip
    print(
        f"  vs token replay, per trace:       {pm['tbr_per_trace_s_est'] / check['seconds']:8.1f}x"
    )
    print(f"  vs alignments, per case:          {ours_cps / pm['align_cases_per_s']:8.0f}x"
          "  (goal >= 100x)")  # fmt: skip
    print(f"  end to end from XES.GZ vs pm4py's import alone: {pm['import_s'] / xes_s:5.1f}x")
    print(f"  (goals: XES.GZ < 4 s: {xes_s:.2f}; CSV < 1.5 s: {csv_s:.2f})")


if __name__ == "__main__":
    main()
