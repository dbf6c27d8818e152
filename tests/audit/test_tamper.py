"""Tampering as a DBA would (triggers off, raw SQL) is always detected, at the exact
first bad entry. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command

from tests.audit.audit_helpers import SYSTEM, dba
from yangguang.audit import verifier
from yangguang.audit.models import AuditEntry, Checkpoint
from yangguang.audit.services import checkpoint_create
from yangguang.audit.triggers import TABLE
from yangguang.audit.verification import verify_database

pytestmark = pytest.mark.usefixtures("signing_key")


@pytest.fixture
def trail(tree, entries):
    """The orgs fixture's service writes plus 20 more, a checkpoint over them, 5 more."""
    entries(20, org_id=tree["dept"].pk)
    checkpoint = checkpoint_create(actor=SYSTEM)
    entries(5)
    return checkpoint


def sql(statement: str, params=()) -> None:
    with dba() as cursor:
        cursor.execute(statement, params)


def bad(report, seq: int) -> None:
    assert not report.ok
    assert report.first_bad_seq == seq, report.problems


def test_untouched_trail_verifies(trail):
    report = verify_database()
    assert report.ok, report.problems
    assert report.entries == AuditEntry.objects.count() == trail.tree_size + 6
    assert report.checkpoints_checked == 1
    call_command("audit", "verify")


def test_changed_payload(trail):
    payload = AuditEntry.objects.get(seq=7).payload.replace('"test.audit_write"', '"test.other"')
    sql(f"UPDATE {TABLE} SET payload = %s WHERE seq = 7", [payload])
    bad(verify_database(), 7)
    with pytest.raises(CommandError, match="entry 7"):
        call_command("audit", "verify")


def test_changed_index_column_only(trail):
    sql(f"UPDATE {TABLE} SET actor_name = 'someone else' WHERE seq = 9")
    report = verify_database()
    bad(report, 9)
    assert "index" in report.reason


def test_changed_org_id_only(trail, tree):
    sql(f"UPDATE {TABLE} SET org_id = %s WHERE seq = 11", [tree["other"].pk])
    bad(verify_database(), 11)


def test_payload_not_json(trail):
    sql(f"UPDATE {TABLE} SET payload = 'not json' WHERE seq = 12")
    bad(verify_database(), 12)


def test_changed_hash_column(trail):
    sql(f"UPDATE {TABLE} SET hash = %s WHERE seq = 4", ["ab" * 32])
    bad(verify_database(), 4)


def test_rewritten_chain_is_caught_by_the_checkpoint(trail):
    """A thorough DBA edits entry 6 and recomputes every later chain hash and the head:
    the chain verifies, the signed checkpoint root does not."""
    rows = list(AuditEntry.objects.order_by("seq").values_list("seq", "payload"))
    prev = verifier.GENESIS
    with dba() as cursor:
        for seq, payload in rows:
            if seq == 6:
                payload = payload.replace('"test.audit_write"', '"test.other"')
            prev = verifier.chain_hash(prev, payload.encode())
            if seq >= 6:
                cursor.execute(
                    f"UPDATE {TABLE} SET payload = %s, hash = %s WHERE seq = %s",
                    [payload, prev.hex(), seq],
                )
                cursor.execute(f"UPDATE {TABLE} SET action = 'test.other' WHERE seq = 6")
        cursor.execute("UPDATE audit_audithead SET hash = %s", [prev.hex()])
    report = verify_database()
    assert not report.ok
    assert report.first_bad_seq == 1  # the only checkpoint covers 1..n: somewhere in there
    assert any("checkpoint" in p for p in report.problems)


def test_deleted_row(trail):
    sql(f"DELETE FROM {TABLE} WHERE seq = 8")
    report = verify_database()
    bad(report, 8)
    assert "missing" in report.reason


def test_swapped_rows(trail):
    a, b = AuditEntry.objects.get(seq=5), AuditEntry.objects.get(seq=10)
    with dba() as cursor:
        for target, source in ((a.seq, b), (b.seq, a)):
            cursor.execute(
                f"UPDATE {TABLE} SET payload = %s, hash = %s, object_id = %s WHERE seq = %s",
                [source.payload, source.hash, source.object_id, target],
            )
    bad(verify_database(), 5)


def test_truncated_tail_under_a_checkpoint(trail):
    size = trail.tree_size
    sql(f"DELETE FROM {TABLE} WHERE seq > %s", [size - 3])
    sql("UPDATE audit_audithead SET seq = %s", [size - 3])
    report = verify_database()
    bad(report, size - 2)


def test_truncated_tail_beyond_checkpoints_is_caught_by_the_head(trail):
    last = AuditEntry.objects.order_by("-seq").first().seq
    sql(f"DELETE FROM {TABLE} WHERE seq > %s", [last - 2])
    bad(verify_database(), last - 1)


def _checkpoint_problem(report, size) -> None:
    assert not report.ok
    assert report.first_bad_seq is None or report.first_bad_seq <= size
    assert any(f"checkpoint {size}" in p for p in report.problems), report.problems


def test_forged_checkpoint_signature(trail):
    sig = bytearray(base64.b64decode(trail.note.rsplit(" ", 1)[1]))
    sig[10] ^= 1
    note = trail.note.rsplit(" ", 1)[0] + " " + base64.b64encode(bytes(sig)).decode() + "\n"
    Checkpoint.objects.filter(pk=trail.pk).update(note=note)
    _checkpoint_problem(verify_database(), trail.tree_size)


def test_forged_checkpoint_root(trail):
    Checkpoint.objects.filter(pk=trail.pk).update(root_hash="00" * 32)
    _checkpoint_problem(verify_database(), trail.tree_size)


def test_checkpoint_signed_by_another_key(trail, monkeypatch):
    from tests.audit.audit_helpers import raw_key

    monkeypatch.setenv("YANGGUANG_AUDIT_KEY", raw_key(Ed25519PrivateKey.generate()))
    _checkpoint_problem(verify_database(), trail.tree_size)


def test_checkpoint_with_right_key_but_wrong_root(trail, signing_key):
    """A forger holding the key signs a root that is not the trail's."""
    body = verifier.checkpoint_body(
        trail.origin, trail.tree_size, bytes(32), "2030-01-01T00:00:00Z"
    )
    public = signing_key.public_key().public_bytes_raw()
    note = verifier.signed_note(body, trail.origin, public, signing_key.sign(body.encode()))
    Checkpoint.objects.filter(pk=trail.pk).update(note=note, root_hash="00" * 32)
    report = verify_database()
    _checkpoint_problem(report, trail.tree_size)
    assert report.first_bad_seq == 1


def test_broken_trail_is_never_signed(trail):
    from yangguang.core.errors import DomainError

    sql(f"UPDATE {TABLE} SET payload = payload || ' ' WHERE seq = 3")
    with pytest.raises(DomainError, match="3"):
        checkpoint_create(actor=SYSTEM)


def test_from_checkpoint_verifies_the_tail_and_anchors_the_rest_by_the_root(trail, capsys):
    call_command("audit", "verify", "--from-checkpoint", str(trail.tree_size))
    assert "校验通过" in capsys.readouterr().out
    report = verify_database(from_checkpoint=trail.tree_size)
    assert report.ok, report.problems
    assert report.entries == AuditEntry.objects.count()


def test_from_checkpoint_still_finds_a_change_before_and_after_it(trail):
    before = AuditEntry.objects.get(seq=7).payload.replace('"n"', '"m"')
    sql(f"UPDATE {TABLE} SET payload = %s WHERE seq = 7", [before])
    report = verify_database(from_checkpoint=trail.tree_size)
    assert not report.ok and trail.tree_size in report.bad_checkpoints  # the root disagrees
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--from-checkpoint", str(trail.tree_size))


def test_from_checkpoint_finds_a_change_after_it(trail):
    seq = trail.tree_size + 3
    after = AuditEntry.objects.get(seq=seq).payload.replace('"n"', '"m"')
    sql(f"UPDATE {TABLE} SET payload = %s WHERE seq = %s", [after, seq])
    bad(verify_database(from_checkpoint=trail.tree_size), seq)


def test_from_an_unknown_checkpoint_is_refused_clearly(trail):
    with pytest.raises(CommandError, match="checkpoint 3 does not exist"):
        call_command("audit", "verify", "--from-checkpoint", "3")
