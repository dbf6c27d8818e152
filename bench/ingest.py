"""Benchmark of the integration API and the deadline sweep on PostgreSQL.

1. Events per second accepted through the batch API: ``POST /api/v1/cases/events``
   through Django's test client (the whole API layer: token auth, JSON, ninja, then
   ``events_ingest`` with the case services, supervision on arrival and the audit trail),
   batches of ``BENCH_BATCH`` events; each case is create, three steps (with the
   separation-of-duty and post checks), finish. First one client, then
   ``BENCH_STREAMS`` client processes at once (default 2, one per core), each pushing
   its own cases: the aggregate is what the platform takes when more than one approval
   system (or API worker process) pushes.
2. One deadline sweep (``supervision_sweep``) over ``BENCH_CASES`` open cases, each with
   one open step, bulk-loaded with COPY; deadlines spread over two months, so about
   0.1 % are late and 3 % in their warning window. Run twice: the first raises the
   alerts, the second (the steady state of the five-minute job) finds nothing new.

Uses a dedicated database (``yangguang_bench_ingest`` on ``BENCH_PG``, default
``postgres://postgres@127.0.0.1:5432``), created and dropped by the script.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

import psycopg
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB = "yangguang_bench_ingest"
ROOT = Path(__file__).resolve().parent.parent
EVENT_CASES = int(os.environ.get("BENCH_EVENT_CASES", "2000"))  # x5 events
BATCH = int(os.environ.get("BENCH_BATCH", "5000"))  # the most one call takes
#: one department per client process of the second run (its own approval system)
DEPARTMENTS = (("某县市场监督管理局", "XK00007000"), ("某县住房和城乡建设局", "XK00008000"))
PUSHERS: list[tuple[str, int, str]] = []  # (power code, people number, token) per dept
STREAMS = int(os.environ.get("BENCH_STREAMS", "2"))  # client processes in the second run
CASES = int(os.environ.get("BENCH_CASES", "1000000"))


def admin(sql: str) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def setup_django() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["DATABASE_URL"] = f"{SERVER}/{DB}"
    os.environ.setdefault("YANGGUANG_MODE", "demo")
    os.environ["DJANGO_SETTINGS_MODULE"] = "yangguang.settings_test"
    key = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    os.environ["YANGGUANG_AUDIT_KEY"] = base64.b64encode(key).decode()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def world():
    from yangguang.accounts import services as accounts
    from yangguang.accounts.models import User
    from yangguang.core.context import Actor
    from yangguang.flows import services as fs
    from yangguang.orgs import services as orgs
    from yangguang.powers import services as ps
    from yangguang.powers.models import PowerType

    sys_ = Actor.system("bench")
    region = orgs.region_create(actor=sys_, code="440000", name="广东省", level="province")
    gov = orgs.organisation_create(
        actor=sys_, code="G1", name="某县人民政府", kind="government", region=region
    )
    PowerType.objects.get_or_create(code="XK", defaults={"name": "行政许可"})
    bpmn = ROOT / "src/yangguang/flows/fixtures/registration.bpmn"
    out = []
    for n, (name, code) in enumerate(DEPARTMENTS, 1):
        dept = orgs.organisation_create(
            actor=sys_, code=f"D{n}", name=name, kind="department", region=region, parent=gov
        )
        people = [
            User.objects.create_user(u, password=None, full_name=u, role="clerk",
                                     organisation=dept)
            for u in (f"w{n}", f"b{n}")
        ]  # fmt: skip
        for post_code, post_name in (("W", "窗口受理岗"), ("B", "业务科室")):
            post = orgs.post_create(actor=sys_, organisation=dept, code=post_code,
                                    name=post_name, risk_grade="low")  # fmt: skip
            for person in people:
                orgs.post_assign(actor=sys_, post=post, user=person, start=dt.date(2024, 1, 1))
        plist = ps.power_list_create(actor=sys_, organisation=dept)
        power = ps.power_item_create(
            actor=sys_, power_list=plist, code=code, name="登记", type="XK",
            promised_limit=5, promised_unit="working_days", statutory_limit=20,
            statutory_unit="working_days",
        )  # fmt: skip
        process = fs.import_bpmn(actor=sys_, power=power, xml_bytes=bpmn.read_bytes())
        fs.process_publish(actor=sys_, process=process)
        _token, secret = accounts.api_token_create(actor=sys_, user=people[0], name="审批系统")
        out.append((dept, power, process, secret))
    PUSHERS.extend((p.code, n, secret) for n, (_d, p, _pr, secret) in enumerate(out, 1))
    return out[0]


def _events(prefix: str, cases: int, power: str = "XK00007000", who: int = 1) -> list[dict]:
    # a working period the calendar knows (this year's holidays are in the package; a
    # case registered now would reach into next year, which stays unknown until an
    # administrator enters it, so its deadlines would be refused, not computed)
    start = dt.datetime(2026, 6, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    events = []
    for n in range(cases):
        t = start + dt.timedelta(milliseconds=n)
        case = f"{prefix}-{n:07d}"

        def ev(k, kind, offset, t=t, case=case, **kw):
            at = (t + dt.timedelta(minutes=offset)).isoformat()
            return {"id": f"{case}-{k}", "type": kind, "case": case, "at": at, **kw}

        events += [
            ev(0, "create", 0, power=power, applicant="张三"),
            ev(1, "step", 1, task="Task_3", by=f"w{who}"),
            ev(2, "step", 2, task="Task_4", by=f"b{who}"),
            ev(3, "step", 3, task="Task_5", by=f"w{who}"),
            ev(4, "finish", 4, outcome="approved"),
        ]
    return events


def _client(secret: str, prefix: str, power: str = "XK00007000", n: int = 1):
    """A test client, warmed up with one small batch (compiled flowchart, calendar,
    connection)."""
    from django.test import Client

    client = Client(headers={"Authorization": f"Bearer {secret}"})
    warm = _events(f"W{prefix}", 10, power, n)
    client.post("/api/v1/cases/events", json.dumps(warm), content_type="application/json")
    return client


def _push(client, events: list[dict]) -> int:
    accepted = 0
    for i in range(0, len(events), BATCH):
        body = json.dumps(events[i : i + BATCH])
        r = client.post("/api/v1/cases/events", body, content_type="application/json")
        assert r.status_code == 200, r.content[:500]
        out = r.json()
        assert out["rejected"] == 0, [x for x in out["results"] if x["status"] == "rejected"][:3]
        accepted += out["accepted"]
    return accepted


def _stream(k: int, barrier, queue) -> None:
    """One client process: the approval system of one department, started with the
    others."""
    from django.db import connections

    power, n, secret = PUSHERS[k % len(PUSHERS)]
    try:
        events = _events(f"P{k}", EVENT_CASES, power, n)
        client = _client(secret, f"P{k}", power, n)
        barrier.wait()
        started = time.perf_counter()
        accepted = _push(client, events)
        queue.put((accepted, started, time.perf_counter()))
    except BaseException as exc:  # reported by the parent
        queue.put(exc)
        raise
    finally:
        connections.close_all()


def bench_events(secret: str) -> None:
    import multiprocessing

    from django.db import connections
    from django.db.models import Count

    from yangguang.audit.models import AuditEntry
    from yangguang.cases.models import Alert

    events = _events("EXT", EVENT_CASES)
    client = _client(secret, "EXT")
    entries = AuditEntry.objects.count()
    started = time.perf_counter()
    accepted = _push(client, events)
    seconds = time.perf_counter() - started
    written = AuditEntry.objects.count() - entries
    alerts = dict(Alert.objects.values_list("rule").annotate(n=Count("pk")).order_by())
    print(
        f"ingest, one client: {accepted:,} events ({EVENT_CASES:,} cases x 5) in batches of "
        f"{BATCH} through the API (Django test client): {seconds:.2f}s = "
        f"{accepted / seconds:,.0f} events/s; {written:,} audit entries; alerts {alerts}"
    )
    if STREAMS < 2:
        return
    # the same through several client processes at once (one per core), each with its
    # own cases: the platform's throughput when more than one system (or worker) pushes
    connections.close_all()  # not shared with the forked processes
    ctx = multiprocessing.get_context("fork")
    barrier, queue = ctx.Barrier(STREAMS), ctx.Queue()
    procs = [ctx.Process(target=_stream, args=(k, barrier, queue)) for k in range(STREAMS)]
    for proc in procs:
        proc.start()
    got = [queue.get() for _ in procs]
    for proc in procs:
        proc.join()
    failed = [g for g in got if isinstance(g, BaseException)]
    assert not failed, failed
    total = sum(g[0] for g in got)
    seconds = max(g[2] for g in got) - min(g[1] for g in got)
    print(
        f"ingest, {STREAMS} client processes at once (one department each): {total:,} events "
        f"in {seconds:.2f}s = "
        f"{total / seconds:,.0f} events/s"
    )


def load_cases(dept, power, process) -> None:
    from django.db import connection
    from django.utils import timezone

    from yangguang.cases.models import Case

    now = timezone.now()
    first = (Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    started = time.perf_counter()
    case_cols = (
        "id, number, query_hash, external_id, organisation_id, power_id, process_id, "
        "applicant, applicant_contact, subject, channel, status, registered_at, marking, "
        "promised_limit, statutory_limit, promised_deadline, statutory_deadline, warn_at, "
        "deadline_unknown, deadline_note, deadline_provisional, reasons"
    )
    step_cols = (
        "case_id, organisation_id, node_key, name, occurrence, post_id, pauses_clock, "
        "status, activated_at, limit_days, limit_unit, deadline, warn_at, deadline_note, "
        "choice, note, deadline_provisional"
    )
    day = dt.timedelta(days=1)
    with connection.cursor() as cursor:
        raw = cursor.connection
        with raw.cursor() as pg:
            with pg.copy(f"COPY cases_case ({case_cols}) FROM STDIN") as copy:
                for i in range(CASES):
                    pk = first + i
                    promised = now + dt.timedelta(minutes=(i * 7919) % 86400 - 86)
                    registered = promised - 7 * day
                    copy.write_row(
                        (pk, f"B-{pk:08d}", "0" * 64, "", dept.pk, power.pk, process.pk,
                         "申请人", "", "", "window", "open", registered, '{"f": 1}', 5, 20,
                         promised, promised + 20 * day, promised - 2 * day, False, "", False, "")
                    )  # fmt: skip
            with pg.copy(f"COPY cases_step ({step_cols}) FROM STDIN") as copy:
                for i in range(CASES):
                    deadline = now + dt.timedelta(minutes=(i * 104729) % 86400 - 60)
                    copy.write_row(
                        (first + i, dept.pk, "Task_4", "审核", 1, None, False, "open",
                         deadline - 3 * day, 2, "working", deadline, deadline - day, "", "", "",
                         False)
                    )  # fmt: skip
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('cases_case', 'id'), %s)", [first + CASES]
        )
        cursor.execute("ANALYZE cases_case")
        cursor.execute("ANALYZE cases_step")
    print(f"sweep: {CASES:,} open cases and {CASES:,} open steps loaded with COPY in "
          f"{time.perf_counter() - started:.1f}s")  # fmt: skip


def bench_sweep() -> None:
    from django.utils import timezone

    from yangguang.cases.models import Alert
    from yangguang.cases.services import supervision_sweep
    from yangguang.core.context import Actor

    for run in (1, 2):
        before = Alert.objects.count()
        started = time.perf_counter()
        raised = supervision_sweep(actor=Actor.system("bench"), now=timezone.now())
        seconds = time.perf_counter() - started
        inserted = Alert.objects.count() - before  # rows really added, counted apart
        assert inserted == sum(raised.values()), (inserted, raised)
        print(f"  sweep run {run}: {seconds:6.2f}s, {inserted:,} alerts inserted {dict(raised)}")


def main() -> None:
    admin(f"DROP DATABASE IF EXISTS {DB}")
    admin(f"CREATE DATABASE {DB}")
    try:
        setup_django()
        dept, power, process, secret = world()
        bench_events(secret)
        load_cases(dept, power, process)
        bench_sweep()
    finally:
        from django.db import connections

        connections.close_all()
        admin(f"DROP DATABASE IF EXISTS {DB}")


if __name__ == "__main__":
    main()
