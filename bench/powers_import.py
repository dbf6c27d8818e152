"""Benchmark of the power-list Excel import (issue 4: 20,000 rows in under 60 seconds).

Generates a realistic spreadsheet of ``BENCH_ROWS`` rows (default 20,000): a title row,
a two-row merged header, main items with legal bases, responsibility items and
accountability circumstances, each followed by sub-items on continuation rows (no 序号,
no 职权名称, the 子项 filled), a blank row now and then and a note row at the end. Then
imports it into an empty list and again (the idempotent re-import), timing the preview
(read, check, compare: ``plan.build``) and the commit (``services.power_items_import``,
one audit entry per created item) separately, on PostgreSQL (a dedicated database
``yangguang_bench_powers`` on ``BENCH_PG``, default ``postgres://postgres@127.0.0.1:5432``,
created and dropped by the script) and on SQLite (a file under ``var/``, removed after).

Each database runs in a child process (Django is set up once per process):
``python bench/powers_import.py`` runs both; ``--backend sqlite|postgres`` one.
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB = "yangguang_bench_powers"
ROWS = int(os.environ.get("BENCH_ROWS", "20000"))
SUBS = 3  # sub-items per main item with sub-items

TYPES = [
    ("XK", "行政许可"),
    ("CF", "行政处罚"),
    ("QZ", "行政强制"),
    ("JC", "行政检查"),
    ("QR", "行政确认"),
]
BASIS = "《中华人民共和国行政许可法》第十二条：下列事项可以设定行政许可。\n《某省某条例》第{n}条"
DUTIES = (
    "1.受理责任：公示依法应当提交的材料, 一次性告知补正材料, 依法受理或不予受理。\n"
    "2.审查责任：对申请材料进行审查, 提出审查意见。\n"
    "3.决定责任：作出准予或不予许可的决定, 不予许可的说明理由。\n"
    "4.送达责任：准予许可的制发证件并送达。\n"
    "5.事后监管责任：对被许可人开展监督检查。"
)
BLAME = (
    "1.对符合法定条件的申请不予受理的；\n"
    "2.对不符合法定条件的申请人准予许可的；\n"
    "3.在受理、审查、决定过程中索取或者收受他人财物的。"
)


def make_sheet(rows: int) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("权力清单")
    ws.append(["某县市场监督管理局权力清单(基准测试)"])
    ws.append(["序号", "职权编码", "职权名称", None, "职权类型", "实施主体", "设定依据", "责任事项", "追责情形", "法定期限", "承诺期限", "备注"])  # fmt: skip
    ws.append([None, None, "主项", "子项", None, None, None, None, None, None, None, None])
    written, main = 0, 0
    counters: dict[str, int] = {}
    while written < rows:
        code, type_name = TYPES[main % len(TYPES)]
        counters[code] = counters.get(code, 0) + 1
        number = counters[code]
        main += 1
        name = f"{type_name}事项{number}号"
        ws.append([main, f"{code}{number:05d}000", name, None, type_name, "基准测试局", BASIS.format(n=number), DUTIES, BLAME, "20个工作日", "10个工作日", None])  # fmt: skip
        written += 1
        for sub in range(1, SUBS + 1 if main % 2 else 1):
            if written >= rows:
                break
            ws.append([None, f"{code}{number:05d}{sub:03d}", None, f"{name}(情形{sub})", None, None, BASIS.format(n=number), "1.审查责任：审查材料。", None, "20个工作日", "5个工作日", None])  # fmt: skip
            written += 1
        if main % 500 == 0:
            ws.append([])
    ws.append(["备注：本清单为基准测试生成。"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def setup_django(url: str) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("YANGGUANG_MODE", "demo")
    os.environ["DJANGO_SETTINGS_MODULE"] = "yangguang.settings_test"
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    os.environ["YANGGUANG_AUDIT_KEY"] = base64.b64encode(key).decode()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def run(backend: str) -> None:
    from django.db import connection

    from yangguang.audit.models import AuditEntry
    from yangguang.core.context import Actor
    from yangguang.orgs import services as orgs
    from yangguang.powers import services
    from yangguang.powers.excel import plan
    from yangguang.powers.models import PowerItem

    actor = Actor.system("bench")
    region = orgs.region_create(actor=actor, code="440000", name="广东省", level="province")
    org = orgs.organisation_create(
        actor=actor, code="BENCH", name="基准测试局", kind="department", region=region
    )
    plist = services.power_list_create(actor=actor, organisation=org)
    started = time.perf_counter()
    data = make_sheet(ROWS)
    made = time.perf_counter() - started
    print(f"[{backend}] spreadsheet: {ROWS} rows, {len(data) / 1e6:.1f} MB, made in {made:.1f} s")
    for attempt in ("first import", "re-import"):
        audit_before = AuditEntry.objects.count()
        t0 = time.perf_counter()
        checked = plan.build(data, plist)
        t1 = time.perf_counter()
        assert checked.ok, checked.errors[:3]
        outcome = services.power_items_import(actor=actor, power_list=plist, rows=checked.rows)
        t2 = time.perf_counter()
        rows = checked.data_rows
        preview, commit = t1 - t0, t2 - t1
        print(
            f"[{backend}] {attempt}: {rows} rows -> {len(checked.rows)} items "
            f"(created {len(outcome.created)}, changed {len(outcome.updated)}, "
            f"unchanged {len(outcome.unchanged)}; audit entries +"
            f"{AuditEntry.objects.count() - audit_before})"
        )
        print(
            f"[{backend}]   preview {preview:6.2f} s ({rows / preview:8.0f} rows/s)   "
            f"commit {commit:6.2f} s ({rows / commit:8.0f} rows/s)   "
            f"total {preview + commit:6.2f} s ({rows / (preview + commit):8.0f} rows/s)"
        )
    assert PowerItem.objects.filter(power_list=plist).count() == len(checked.rows)
    connection.close()


def child(backend: str) -> int:
    cmd = [sys.executable, __file__, "--backend", backend]
    return subprocess.call(cmd)  # noqa: S603 (our own script)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    if args.backend is None:
        codes = [child("postgres"), child("sqlite")]
        sys.exit(max(codes))
    if args.backend == "sqlite":
        path = ROOT / "var" / "bench_powers.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        try:
            setup_django(f"sqlite:///{path}")
            run("sqlite")
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    def admin(sql: str) -> None:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
            conn.execute(sql)

    admin(f"DROP DATABASE IF EXISTS {DB}")
    admin(f"CREATE DATABASE {DB}")
    try:
        setup_django(f"{SERVER}/{DB}")
        run("postgres")
    finally:
        admin(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
