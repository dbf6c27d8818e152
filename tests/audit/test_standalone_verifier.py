"""The standalone verifier run as outsiders run it: a copy of the one file, in a fresh
process, on an exported trail, checkpoints and the published key."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command

import yangguang.audit.verifier as verifier_module
from tests.audit.audit_helpers import SYSTEM, raw_key, write
from yangguang.audit import keys
from yangguang.audit.services import checkpoint_create


@pytest.fixture
def exported(tmp_path, tree, signing_key):
    write(12, org_id=tree["dept"].pk)
    checkpoint_create(actor=SYSTEM)
    write(3)
    checkpoint_create(actor=SYSTEM)
    trail, cps, key = (
        tmp_path / "trail.jsonl",
        tmp_path / "checkpoints.json",
        tmp_path / "audit.pub",
    )
    call_command("audit", "export", "--out", str(trail), "--checkpoints", str(cps))
    key.write_text(keys.public_key_text())
    tool = tmp_path / "verifier.py"
    shutil.copy(verifier_module.__file__, tool)
    return {"dir": tmp_path, "trail": trail, "checkpoints": cps, "key": key, "tool": tool}


def run(ex, *args) -> subprocess.CompletedProcess:
    # -I: isolated mode, no PYTHONPATH, no cwd on the path: only stdlib + site-packages
    return subprocess.run(  # noqa: S603
        [sys.executable, "-I", str(ex["tool"]), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ex["dir"],
        timeout=60,
        check=False,
    )


def test_standalone_file_imports_nothing_of_ours():
    source = Path(verifier_module.__file__).read_text()
    assert "yangguang" not in "".join(
        line for line in source.splitlines() if line.startswith(("import", "from"))
    )
    assert "django" not in source


def test_good_trail_verifies(exported):
    done = run(
        exported, exported["checkpoints"], exported["trail"], "--public-key", exported["key"]
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "verified" in done.stdout
    lines = exported["trail"].read_text().splitlines()
    assert len(lines) == 5 + 12 + 1 + 3 + 1  # orgs fixture, writes, checkpoint entries


def test_export_never_deletes(exported):
    from yangguang.audit.models import AuditEntry

    assert AuditEntry.objects.count() == len(exported["trail"].read_text().splitlines())


def _rewrite(ex, fn) -> None:
    lines = ex["trail"].read_text().splitlines()
    ex["trail"].write_text("\n".join(fn(lines)) + "\n")


@pytest.mark.parametrize(
    ("change", "seq"),
    [
        (lambda ls: ls[:6] + ls[7:], 7),  # a deleted line
        (lambda ls: [*ls[:4], ls[5], ls[4], *ls[6:]], 5),  # swapped lines
        (lambda ls: ls[:10], 11),  # truncated under a checkpoint
    ],
)
def test_tampered_trail_fails_at_the_entry(exported, change, seq):
    _rewrite(exported, change)
    done = run(
        exported, exported["checkpoints"], exported["trail"], "--public-key", exported["key"]
    )
    assert done.returncode == 1
    assert f"FAILED at entry {seq}:" in done.stdout, done.stdout


def test_changed_payload_names_the_entry(exported):
    def change(lines):
        obj = json.loads(lines[8])
        obj["payload"] = obj["payload"].replace("test.audit_write", "test.audit_xxxxx")
        lines[8] = json.dumps(obj, ensure_ascii=False)
        return lines

    _rewrite(exported, change)
    done = run(
        exported, exported["checkpoints"], exported["trail"], "--public-key", exported["key"]
    )
    assert done.returncode == 1
    assert "FAILED at entry 9" in done.stdout


@pytest.mark.parametrize(
    "garbage",
    ["not json", '{"seq": 1}', '{"seq": "1", "payload": "{}", "hash": "00"}', "[1,2,3]"],
)
def test_malformed_trail_fails(exported, garbage):
    _rewrite(exported, lambda ls: [*ls[:3], garbage, *ls[3:]])
    done = run(
        exported, exported["checkpoints"], exported["trail"], "--public-key", exported["key"]
    )
    assert done.returncode == 1
    assert "verified" not in done.stdout


def test_wrong_or_missing_key_fails(exported):
    other = exported["dir"] / "other.pub"
    other_key = Ed25519PrivateKey.generate()
    other.write_text(raw_key(other_key))  # a private key is not a public key either
    for args in ([], ["--public-key", other]):
        done = run(exported, exported["checkpoints"], exported["trail"], *args)
        assert done.returncode == 1, args
    public = exported["dir"] / "wrong.pub"
    import base64

    public.write_text(base64.b64encode(other_key.public_key().public_bytes_raw()).decode())
    done = run(exported, exported["checkpoints"], exported["trail"], "--public-key", public)
    assert done.returncode == 1
    assert "not signed by this key" in done.stdout


def test_proof_subcommands(exported, client):
    cps = json.loads(exported["checkpoints"].read_text())["checkpoints"]
    first, second = cps[0]["tree_size"], cps[1]["tree_size"]
    proof = client.get(f"/api/v1/audit/entries/4/proof?checkpoint={second}").json()
    (exported["dir"] / "p.json").write_text(json.dumps(proof))
    (exported["dir"] / "cp.json").write_text(json.dumps(cps[1]))
    done = run(
        exported, "inclusion", "p.json", "--checkpoint", "cp.json", "--public-key", exported["key"]
    )
    assert done.returncode == 0, done.stdout
    proof["audit_path"][0] = "00" * 32
    (exported["dir"] / "p.json").write_text(json.dumps(proof))
    assert run(exported, "inclusion", "p.json").returncode == 1
    cons = client.get(f"/api/v1/audit/consistency?from={first}&to={second}").json()
    (exported["dir"] / "c.json").write_text(json.dumps(cons))
    assert run(exported, "consistency", "c.json").returncode == 0
    cons["first_root"] = cons["second_root"]
    (exported["dir"] / "c.json").write_text(json.dumps(cons))
    assert run(exported, "consistency", "c.json").returncode == 1
