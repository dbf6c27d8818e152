"""Benchmark of the audit trail on PostgreSQL (``make bench-audit``).

1. Write overhead: transactions doing one trivial model write, with and without an
   ``audit_record`` call, interleaved; median and p99 in microseconds.
2. Verification throughput over 1,000,000 entries, bulk-loaded with COPY (the append-only
   triggers stay in place: they refuse UPDATE/DELETE, not INSERT), with one signed
   checkpoint over them.

Uses a dedicated database (``yangguang_bench`` on ``BENCH_PG``, default
``postgres://postgres@127.0.0.1:5432``), created and dropped by the script.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB = "yangguang_bench"
WRITES = int(os.environ.get("BENCH_WRITES", "2000"))
ENTRIES = int(os.environ.get("BENCH_ENTRIES", "1000000"))


def admin(sql: str) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
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


def bench_writes() -> None:
    from django.db import transaction

    from yangguang.audit.actions import action
    from yangguang.audit.services import audit_record
    from yangguang.core.context import Actor
    from yangguang.orgs.models import Region

    bench = action("bench.write", "基准写入", "Benchmark write")
    actor = Actor.system("bench")
    plain: list[float] = []
    audited: list[float] = []
    for i in range(WRITES + 200):
        for with_audit in (False, True):
            started = time.perf_counter()
            with transaction.atomic():
                region = Region.objects.create(
                    code=f"{i:06d}{int(with_audit)}", name="基准", level="province"
                )
                if with_audit:
                    audit_record(
                        actor=actor, action=bench, obj=region, changes={"name": [None, "基准"]}
                    )
            elapsed = (time.perf_counter() - started) * 1e6
            if i >= 200:  # warm-up discarded
                (audited if with_audit else plain).append(elapsed)
    med_p, med_a = statistics.median(plain), statistics.median(audited)
    p99_p, p99_a = pct(plain, 99), pct(audited, 99)
    print(f"write: {WRITES} transactions each way (one model insert; + audit_record)")
    print(f"  without audit : median {med_p:8.1f} us   p99 {p99_p:8.1f} us")
    print(f"  with audit    : median {med_a:8.1f} us   p99 {p99_a:8.1f} us")
    print(f"  overhead      : median {med_a - med_p:8.1f} us   p99 {p99_a - p99_p:8.1f} us")


def bench_verify() -> None:
    from django.db import connection
    from django.utils import timezone

    from yangguang.audit import keys, verifier
    from yangguang.audit.canonical import dumps, jsonable
    from yangguang.audit.models import AuditEntry, AuditHead, Checkpoint
    from yangguang.audit.verification import verify_database

    start = AuditHead.objects.get(pk=1)
    prev = bytes.fromhex(start.hash)
    first = start.seq + 1
    now = timezone.now()
    started = time.perf_counter()
    tree = verifier.CompactTree()
    for payload in AuditEntry.objects.order_by("seq").values_list("payload", flat=True):
        tree.append(verifier.leaf_hash(payload.encode()))
    rows = []
    for seq in range(first, first + ENTRIES):
        when = now + dt.timedelta(microseconds=seq)
        body = {
            "v": 1,
            "seq": seq,
            "time": jsonable(when),
            "actor": {"kind": "person", "id": str(seq % 500), "name": f"用户{seq % 500}"},
            "org": seq % 97,
            "action": "bench.write",
            "object": {"type": "orgs.region", "id": str(seq)},
            "changes": {"name": [None, "基准区划"], "level": [None, "province"]},
            "request_id": f"{seq:032x}",
            "client_ip": "10.0.0.1",
        }
        payload = dumps(body)
        data = payload.encode()
        prev = verifier.chain_hash(prev, data)
        tree.append(verifier.leaf_hash(data))
        rows.append(
            (seq, when, "person", str(seq % 500), f"用户{seq % 500}", seq % 97, "bench.write",
             "orgs.region", str(seq), f"{seq:032x}", "10.0.0.1", payload, prev.hex())
        )  # fmt: skip
    built = time.perf_counter() - started
    started = time.perf_counter()
    cols = (
        "seq, time, actor_kind, actor_id, actor_name, org_id, action, object_type, "
        "object_id, request_id, client_ip, payload, hash"
    )
    with connection.cursor() as cursor:
        raw = cursor.connection
        with raw.cursor() as pg, pg.copy(f"COPY audit_auditentry ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        size = first + ENTRIES - 1
        cursor.execute(
            "UPDATE audit_audithead SET seq = %s, hash = %s WHERE id = 1", [size, prev.hex()]
        )
        cursor.execute("ANALYZE audit_auditentry")
    del rows
    loaded = time.perf_counter() - started
    key = keys.signing_key()
    public = keys.public_key_bytes(key)
    body = verifier.checkpoint_body(keys.origin(), size, tree.root(), jsonable(now))
    sig = key.sign(body.encode())
    Checkpoint.objects.create(
        tree_size=size, root_hash=tree.root().hex(), time=now, origin=keys.origin(),
        key_id=keys.key_id(public), signature=base64.b64encode(sig).decode(),
        note=verifier.signed_note(body, keys.origin(), public, sig),
    )  # fmt: skip
    print(f"verify: {size:,} entries (generated in {built:.1f}s, COPY in {loaded:.1f}s)")
    for run in (1, 2):
        started = time.perf_counter()
        report = verify_database()
        seconds = time.perf_counter() - started
        assert report.ok, report.problems
        assert report.entries == size
        print(
            f"  full verify run {run}: {seconds:6.2f}s = {size / seconds:>10,.0f} entries/s "
            "(chain + tree + signed checkpoint + index columns in SQL + head)"
        )
    from yangguang.audit import verification

    started = time.perf_counter()
    report = verifier.verify_stream(verification._rows(0, None, "default"), {size: tree.root()})
    seconds = time.perf_counter() - started
    assert report.ok
    print(f"  chain + tree only   : {seconds:6.2f}s = {size / seconds:>10,.0f} entries/s")
    started = time.perf_counter()
    assert verification.first_index_mismatch(0, size) is None
    seconds = time.perf_counter() - started
    print(f"  index check (SQL)   : {seconds:6.2f}s = {size / seconds:>10,.0f} entries/s")


def main() -> None:
    admin(f"DROP DATABASE IF EXISTS {DB}")
    admin(f"CREATE DATABASE {DB}")
    try:
        setup_django()
        bench_writes()
        bench_verify()
    finally:
        from django.db import connections

        connections.close_all()
        admin(f"DROP DATABASE IF EXISTS {DB}")


if __name__ == "__main__":
    main()
