"""Signed checkpoints, their public JSON and page, the proof API and restricted reading."""

from __future__ import annotations

import base64
import datetime as dt
import os
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from tests.audit.audit_helpers import SYSTEM, write
from yangguang.audit import keys, verifier
from yangguang.audit.models import AuditEntry, Checkpoint
from yangguang.audit.services import audit_read_sensitive, checkpoint_create
from yangguang.audit.tasks import checkpoint_task
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError


@pytest.fixture
def two_checkpoints(tree, signing_key):
    write(10, org_id=tree["dept"].pk)
    first = checkpoint_create(actor=SYSTEM)
    write(7, org_id=tree["other"].pk)
    second = checkpoint_create(actor=SYSTEM)
    return first, second


def test_checkpoint_is_signed_and_recorded(two_checkpoints, signing_key):
    first, second = two_checkpoints
    public = signing_key.public_key().public_bytes_raw()
    for cp in (first, second):
        head = verifier.verify_checkpoint(
            {"tree_size": cp.tree_size, "root_hash": cp.root_hash, "note": cp.note}, public
        )
        assert head.size == cp.tree_size
    # the checkpoint's own entry follows it and is covered by the next one
    entry = AuditEntry.objects.get(seq=first.tree_size + 1)
    assert entry.action == "audit.checkpoint"
    assert second.tree_size > entry.seq
    # nothing new but its own entry: no new checkpoint
    assert checkpoint_create(actor=SYSTEM) == second
    assert Checkpoint.objects.count() == 2


def test_only_sysadmin_or_system_may_sign(users, signing_key):
    write(1)
    with pytest.raises(PermissionDeniedError):
        checkpoint_create(actor=Actor.person(users["inspector"]))
    assert checkpoint_create(actor=Actor.person(users["sysadmin"])).tree_size >= 1


def test_task_signs_a_checkpoint(tree, signing_key):
    result = checkpoint_task.enqueue()
    assert result.return_value == Checkpoint.objects.get().tree_size


def test_demo_key_is_generated_once_with_mode_600(tmp_path, monkeypatch):
    monkeypatch.delenv("YANGGUANG_AUDIT_KEY", raising=False)
    with override_settings(VAR_DIR=tmp_path, DEMO=True):
        one = keys.public_key_bytes()
        path = tmp_path / keys.DEMO_KEY_FILE
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert keys.public_key_bytes() == one


def test_production_without_key_refuses(monkeypatch):
    monkeypatch.delenv("YANGGUANG_AUDIT_KEY", raising=False)
    with (
        override_settings(DEMO=False),
        pytest.raises(ImproperlyConfigured, match=r"必须.*production"),
    ):
        keys.signing_key()


def test_key_from_a_file_and_bad_keys(tmp_path, monkeypatch, signing_key):
    path = tmp_path / "k"
    path.write_text(os.environ["YANGGUANG_AUDIT_KEY"])
    monkeypatch.setenv("YANGGUANG_AUDIT_KEY", str(path))
    assert keys.public_key_bytes() == signing_key.public_key().public_bytes_raw()
    monkeypatch.setenv("YANGGUANG_AUDIT_KEY", base64.b64encode(b"short").decode())
    with pytest.raises(ImproperlyConfigured):
        keys.signing_key()


def test_public_json_and_page(client, two_checkpoints, signing_key):
    first, second = two_checkpoints
    data = client.get("/audit/checkpoints.json").json()
    assert [c["tree_size"] for c in data["checkpoints"]] == [first.tree_size, second.tree_size]
    one = client.get(f"/audit/checkpoints/{first.tree_size}.json").json()
    assert one == data["checkpoints"][0]
    missing = client.get("/audit/checkpoints/99999.json")
    assert missing.status_code == 404
    assert missing.json()["code"] == "checkpoint_not_found"
    key_text = client.get("/audit/public-key").content.decode()
    assert verifier.parse_public_key(key_text)[1] == signing_key.public_key().public_bytes_raw()
    page = client.get("/audit/")
    assert page.status_code == 200
    assert second.root_hash in page.content.decode()


def test_inclusion_proof_api(client, two_checkpoints):
    _, second = two_checkpoints
    for seq in (1, 5, second.tree_size):
        data = client.get(f"/api/v1/audit/entries/{seq}/proof?checkpoint={second.tree_size}").json()
        payload = AuditEntry.objects.get(seq=seq).payload.encode()
        assert data["leaf_hash"] == verifier.leaf_hash(payload).hex()
        path = [bytes.fromhex(h) for h in data["audit_path"]]
        root = bytes.fromhex(second.root_hash)
        assert verifier.verify_inclusion(
            seq - 1, second.tree_size, verifier.leaf_hash(payload), path, root
        )
    for url in (
        f"/api/v1/audit/entries/{second.tree_size + 5}/proof?checkpoint={second.tree_size}",
        "/api/v1/audit/entries/1/proof?checkpoint=12345",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert set(response.json()) >= {"code", "message_zh", "message_en", "message"}


def test_consistency_api(client, two_checkpoints):
    first, second = two_checkpoints
    data = client.get(
        f"/api/v1/audit/consistency?from={first.tree_size}&to={second.tree_size}"
    ).json()
    proof = [bytes.fromhex(h) for h in data["proof"]]
    assert verifier.verify_consistency(
        first.tree_size,
        second.tree_size,
        proof,
        bytes.fromhex(first.root_hash),
        bytes.fromhex(second.root_hash),
    )
    assert client.get("/api/v1/audit/consistency?from=1&to=777").status_code == 404
    listed = client.get("/api/v1/audit/checkpoints").json()
    assert [c["tree_size"] for c in listed] == [first.tree_size, second.tree_size]


def test_entries_are_restricted(client, two_checkpoints, users, tree):
    dept, other = tree["dept"].pk, tree["other"].pk
    assert client.get("/api/v1/audit/entries").status_code in {401, 403}
    client.force_login(users["clerk"])
    assert client.get("/api/v1/audit/entries").status_code == 403
    client.force_login(users["inspector"])
    seen = client.get("/api/v1/audit/entries?limit=1000").json()
    assert seen and {e["org_id"] for e in seen} == {dept}
    assert client.get(f"/api/v1/audit/entries?org_id={other}").json() == []
    client.force_login(users["sysadmin"])
    everything = client.get("/api/v1/audit/entries?limit=1000").json()
    assert len(everything) == AuditEntry.objects.count()
    filtered = client.get(
        "/api/v1/audit/entries", {"action": "org.create", "object_type": "orgs.organisation"}
    ).json()
    assert len(filtered) == 4
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
    assert client.get("/api/v1/audit/entries", {"since": future}).json() == []


def test_trail_page(client, two_checkpoints, users, tree):
    assert client.get("/audit/trail/").status_code == 302
    client.force_login(users["clerk"])
    assert client.get("/audit/trail/").status_code == 403
    client.force_login(users["inspector"])
    response = client.get("/audit/trail/", {"action": "test.audit_write"})
    assert response.status_code == 200
    assert response.content.decode().count("测试写入") >= 10  # the action by its label


def test_sensitive_read_is_recorded(users, tree):
    inspector = users["inspector"]
    entry = audit_read_sensitive(actor=Actor.person(inspector), obj=tree["dept"], reason="线索核查")
    assert entry.action == "audit.sensitive_read"
    assert entry.object_type == "orgs.organisation"
    assert entry.actor_id == str(inspector.pk)
    assert '"reason":"线索核查"' in entry.payload
    with pytest.raises(DomainError):
        audit_read_sensitive(actor=Actor.person(inspector), obj=tree["dept"], reason=" ")
