"""The platform's own verification of the trail in the database.

The algorithms are the standalone verifier's (``verifier.py``); this module only feeds it
rows from the database, checks the signed checkpoints, checks the index columns against
the payload (set-wise, in SQL) and checks the head row.
"""

from __future__ import annotations

import json

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections, transaction

from yangguang.audit import keys, verifier
from yangguang.audit.models import AuditEntry, AuditHead, Checkpoint

CHUNK = 20_000
TABLE = AuditEntry._meta.db_table

# (column, SQL expression over the payload for PostgreSQL, for SQLite)
_PG_P = "p"
_INDEX_COLUMNS = [
    ("seq", f"({_PG_P}->>'seq')::bigint", "json_extract(payload, '$.seq')"),
    ("action", f"{_PG_P}->>'action'", "json_extract(payload, '$.action')"),
    ("object_type", f"{_PG_P}->'object'->>'type'", "json_extract(payload, '$.object.type')"),
    ("object_id", f"{_PG_P}->'object'->>'id'", "json_extract(payload, '$.object.id')"),
    ("actor_kind", f"{_PG_P}->'actor'->>'kind'", "json_extract(payload, '$.actor.kind')"),
    (
        "actor_id",
        f"coalesce({_PG_P}->'actor'->>'id', '')",
        "coalesce(json_extract(payload, '$.actor.id'), '')",
    ),
    (
        "actor_name",
        f"left({_PG_P}->'actor'->>'name', 150)",
        "substr(json_extract(payload, '$.actor.name'), 1, 150)",
    ),
    ("org_id", f"({_PG_P}->>'org')::bigint", "json_extract(payload, '$.org')"),
    ("request_id", f"{_PG_P}->>'request_id'", "json_extract(payload, '$.request_id')"),
    ("client_ip", f"{_PG_P}->>'client_ip'", "json_extract(payload, '$.client_ip')"),
    (
        "time",
        f"({_PG_P}->>'time')::timestamptz",
        "replace(replace(json_extract(payload, '$.time'), 'T', ' '), 'Z', '')",
    ),
]


def _index_sql(vendor: str) -> str:
    if vendor == "postgresql":
        cond = " OR ".join(f"{col} IS DISTINCT FROM {pg}" for col, pg, _ in _INDEX_COLUMNS)
        # parse each payload once (OFFSET 0 keeps the planner from inlining the cast)
        return (
            f"SELECT min(seq) FROM (SELECT *, payload::jsonb AS p FROM {TABLE} "  # noqa: S608
            f"WHERE seq > %s AND seq <= %s OFFSET 0) e WHERE {cond}"
        )
    if vendor == "sqlite":
        cond = " OR ".join(f"{col} IS NOT {lite}" for col, _, lite in _INDEX_COLUMNS)
        return (
            f"SELECT min(seq) FROM {TABLE} WHERE seq > %s AND seq <= %s "  # noqa: S608
            f"AND (NOT json_valid(payload) OR ({cond}))"
        )
    raise NotImplementedError(vendor)


def _index_python(row: dict) -> bool:
    """The same check as the SQL, row by row (used only when SQL cannot parse a payload)."""
    try:
        p = json.loads(row["payload"])
        actor, obj = p["actor"], p["object"]
        return (
            p["seq"] == row["seq"]
            and p["action"] == row["action"]
            and obj["type"] == row["object_type"]
            and obj["id"] == row["object_id"]
            and actor["kind"] == row["actor_kind"]
            and (actor["id"] or "") == row["actor_id"]
            and actor["name"][:150] == row["actor_name"]
            and p["org"] == row["org_id"]
            and p["request_id"] == row["request_id"]
            and p["client_ip"] == row["client_ip"]
        )
    except (ValueError, KeyError, TypeError):
        return False


def first_index_mismatch(after: int, upto: int, using: str = "default") -> int | None:
    """The first seq in (after, upto] whose index columns disagree with its payload."""
    connection = connections[using]
    try:
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute(_index_sql(connection.vendor), [after, upto])
            return cursor.fetchone()[0]
    except DatabaseError:  # a payload that is not JSON at all: find it the slow way
        fields = [c for c, _, _ in _INDEX_COLUMNS if c != "time"] + ["payload"]
        rows = (
            AuditEntry.objects.using(using)
            .filter(seq__gt=after, seq__lte=upto)
            .order_by("seq")
            .values(*fields)
        )
        for row in rows.iterator(chunk_size=CHUNK):
            if not _index_python(row):
                return row["seq"]
        return None


def _rows(after: int, upto: int | None, using: str):
    """``(seq, payload bytes, hash)`` in seq order, streamed with a server-side cursor.

    On PostgreSQL the rows travel in psycopg's binary format (payload as the UTF-8 bytes
    that were hashed, hash as 32 raw bytes): about twice as fast as text for a large trail.
    """
    connection = connections[using]
    where = "seq > %s" + (" AND seq <= %s" if upto is not None else "")
    params: list[int] = [after] + ([upto] if upto is not None else [])
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT seq, convert_to(payload, 'UTF8'), decode(hash, 'hex') "  # noqa: S608
            f"FROM {TABLE} WHERE {where} ORDER BY seq"
        )
        with transaction.atomic(using=using):
            raw = connection.connection  # the psycopg connection, inside our transaction
            with raw.cursor(name=f"audit_verify_{id(params)}", binary=True) as cursor:
                cursor.itersize = CHUNK
                cursor.execute(sql, params)
                while rows := cursor.fetchmany(CHUNK):
                    yield from rows
        return
    sql = (
        f"SELECT seq, CAST(payload AS BLOB), hash FROM {TABLE} "  # noqa: S608
        f"WHERE {where} ORDER BY seq"
    )
    with transaction.atomic(using=using), connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


def verify_database(
    *,
    upto: int | None = None,
    from_checkpoint: int | None = None,
    check_signatures: bool = True,
    using: str = "default",
) -> verifier.Report:
    """Verify the trail (entries 1..``upto``, or all) and every checkpoint within it.

    With ``from_checkpoint`` the entries up to that (signed, verified) checkpoint are
    anchored by its root only: their leaves are hashed to rebuild the tree, their chain
    links are not recomputed; everything after is checked in full."""
    report = verifier.Report()
    checkpoints = list(Checkpoint.objects.using(using).order_by("tree_size"))
    roots: dict[int, bytes] = {}
    public = None
    if check_signatures and checkpoints:
        try:
            public = keys.public_key_bytes()
        except ImproperlyConfigured as exc:  # no key: say so, never pretend
            report.fail(None, f"cannot check checkpoint signatures: {exc}")
    for cp in checkpoints:
        if upto is not None and cp.tree_size > upto:
            continue
        as_json = {"tree_size": cp.tree_size, "root_hash": cp.root_hash, "note": cp.note}
        if public is not None:
            try:
                head = verifier.verify_checkpoint(as_json, public)
            except verifier.VerificationError as exc:
                report.fail(None, f"checkpoint {cp.tree_size}: {exc}")
                continue
            roots[head.size] = head.root
        else:
            roots[cp.tree_size] = bytes.fromhex(cp.root_hash)
    if from_checkpoint is not None and from_checkpoint not in roots:
        report.fail(None, f"checkpoint {from_checkpoint} does not exist or does not verify")
        return report
    rows = _rows(0, upto, using)
    if from_checkpoint:
        rows = _anchored(rows, from_checkpoint)
    index_after = from_checkpoint or 0
    background = _index_check_in_background(index_after, upto, using)
    verifier.verify_stream(rows, roots, report)
    report.checkpoints_checked = len(roots)
    if background is not None:
        bad_index = background.result()
    else:
        last = report.entries if report.first_bad_seq is None else report.first_bad_seq - 1
        bad_index = first_index_mismatch(index_after, upto or last, using)
    if bad_index is not None:
        report.fail(bad_index, "index columns disagree with the signed payload")
    if upto is None and report.first_bad_seq is None:
        head = AuditHead.objects.using(using).filter(pk=1).first()
        if head is not None and head.seq != report.entries:
            report.fail(
                report.entries + 1,
                f"entry {report.entries + 1} is missing: the head says {head.seq} entries",
            )
        elif head is not None and head.hash != report.head_hash.hex():
            report.fail(report.entries, "the head's hash does not match the last entry")
    verifier.first_rewritten(report, sorted(roots))
    return report


def _index_check_in_background(after: int, upto: int | None, using: str):
    """On PostgreSQL, outside a transaction (the command line, a job), the index-column
    check runs in the database on its own connection while this process hashes the chain:
    the database does the JSON work on another core. Inside a transaction (a request, a
    test) a second connection would not see uncommitted rows, so the check runs after."""
    connection = connections[using]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return None
    from concurrent.futures import ThreadPoolExecutor

    if upto is None:
        upto = (
            AuditEntry.objects.using(using).order_by("-seq").values_list("seq", flat=True).first()
        )
        if upto is None:
            return None

    def check() -> int | None:
        try:
            return first_index_mismatch(after, upto, using)
        finally:
            connections[using].close()  # this thread's own connection

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="audit-index-check")
    future = pool.submit(check)
    pool.shutdown(wait=False)
    return future


def _anchored(rows, size: int):
    """Rows up to ``size`` with their chain hash recomputed rather than read: their
    payloads are authenticated by the signed root of checkpoint ``size`` instead."""
    prev = verifier.GENESIS
    for seq, payload, digest in rows:
        if seq <= size:  # payload: bytes (SQLite, psycopg binary), memoryview or text
            data = payload.encode("utf-8") if isinstance(payload, str) else bytes(payload)
            prev = verifier.chain_hash(prev, data)
            yield seq, data, prev
        else:
            yield seq, payload, digest
