#!/usr/bin/env python3
"""Standalone verifier for the yangguang audit trail (全程留痕独立验证工具).

ONE file, needing only the Python standard library and ``cryptography`` (for Ed25519).
Outside auditors run it on an exported trail and a published checkpoint::

    python verifier.py checkpoint.json trail.jsonl --public-key audit.pub
    python verifier.py inclusion proof.json --public-key audit.pub
    python verifier.py consistency proof.json

The platform's own verification imports its hashing and Merkle functions from here, so
there is exactly one implementation of the algorithms. See docs/audit-verification.md.

Algorithms
  chain hash  h_0 = 32 zero bytes; h_i = SHA-256(h_{i-1} || payload_i)
  leaf hash   SHA-256(0x00 || payload_i)                      (RFC 9162 §2.1.1)
  node hash   SHA-256(0x01 || left || right)
  tree head   MTH over leaves 1..n, split at the largest power of two < n
  proofs      RFC 9162 §2.1.3 (inclusion) and §2.1.4 (consistency)
  checkpoint  a C2SP signed note: "<origin>\\n<size>\\n<b64 root>\\ntime <t>\\n", signed
              with Ed25519; signature line "— <name> <b64(key hash[4] || sig)>"
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

_sha256 = hashlib.sha256
GENESIS = bytes(32)
EMPTY_ROOT = _sha256(b"").digest()
_LEAF = b"\x00"
_NODE = b"\x01"
SIG_ED25519 = b"\x01"


class VerificationError(Exception):
    """The trail, a proof or a checkpoint does not verify."""


# --- hashing -------------------------------------------------------------------------


def chain_hash(prev: bytes, payload: bytes) -> bytes:
    return _sha256(prev + payload).digest()


def leaf_hash(data: bytes) -> bytes:
    return _sha256(_LEAF + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return _sha256(_NODE + left + right).digest()


# --- Merkle tree (RFC 9162 §2.1) ------------------------------------------------------


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def merkle_root(leaves: Sequence[bytes]) -> bytes:
    """MTH over leaf hashes, level by level: pair neighbours, promote a lone last node.

    This equals RFC 9162's recursive definition (the left subtree is always the largest
    complete power-of-two tree) and needs only n-1 node hashes, no recursion."""
    if not leaves:
        return EMPTY_ROOT
    level = list(leaves)
    while len(level) > 1:
        nxt = [
            _sha256(_NODE + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)
        ]
        if len(level) & 1:
            nxt.append(level[-1])
        level = nxt
    return level[0]


class CompactTree:
    """Streaming tree head: append leaf hashes one by one, ask for the root at any time.

    Keeps one perfect-subtree root per set bit of the size (log n hashes)."""

    __slots__ = ("size", "stack")

    def __init__(self) -> None:
        self.size = 0
        self.stack: list[bytes] = []

    def append(self, leaf: bytes) -> None:
        n = self.size
        stack = self.stack
        while n & 1:
            leaf = _sha256(_NODE + stack.pop() + leaf).digest()
            n >>= 1
        stack.append(leaf)
        self.size += 1

    def root(self) -> bytes:
        if not self.stack:
            return EMPTY_ROOT
        it = reversed(self.stack)
        acc = next(it)
        for left in it:
            acc = node_hash(left, acc)
        return acc


def _mth(leaves: Sequence[bytes], lo: int, hi: int) -> bytes:
    return merkle_root(leaves[lo:hi])


def inclusion_proof(leaves: Sequence[bytes], index: int, size: int | None = None) -> list[bytes]:
    """PATH(m, D[n]) of RFC 9162 §2.1.3.1: the audit path for leaf ``index`` (0-based)."""
    n = len(leaves) if size is None else size
    if not 0 <= index < n <= len(leaves):
        raise ValueError(f"leaf {index} is not in a tree of size {n}")
    proof: list[bytes] = []
    lo, hi, m = 0, n, index
    while hi - lo > 1:
        k = _split(hi - lo)
        if m < k:
            proof.append(_mth(leaves, lo + k, hi))
            hi = lo + k
        else:
            proof.append(_mth(leaves, lo, lo + k))
            lo, m = lo + k, m - k
    proof.reverse()
    return proof


def consistency_proof(
    leaves: Sequence[bytes], first: int, second: int | None = None
) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 9162 §2.1.4.1 between tree sizes ``first`` and ``second``."""
    n = len(leaves) if second is None else second
    if not 0 <= first <= n <= len(leaves):
        raise ValueError(f"no consistency proof from size {first} to size {n}")
    if first == 0 or first == n:
        return []
    proof: list[bytes] = []
    lo, hi, m, complete = 0, n, first, True
    while m != hi - lo:
        k = _split(hi - lo)
        if m <= k:
            proof.append(_mth(leaves, lo + k, hi))
            hi = lo + k
        else:
            proof.append(_mth(leaves, lo, lo + k))
            lo, m, complete = lo + k, m - k, False
    if not complete:
        proof.append(_mth(leaves, lo, hi))
    proof.reverse()
    return proof


def root_from_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """RFC 9162 §2.1.3.2; raises VerificationError when the proof cannot be right."""
    if index >= size or index < 0:
        raise VerificationError(f"leaf index {index} outside tree of size {size}")
    if any(len(p) != 32 for p in proof) or len(leaf) != 32:
        raise VerificationError("proof hashes must be 32 bytes")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise VerificationError("inclusion proof too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise VerificationError("inclusion proof too short")
    return r


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> bool:
    try:
        return root_from_inclusion(index, size, leaf, proof) == root
    except VerificationError:
        return False


def verify_consistency(
    first: int, second: int, proof: Sequence[bytes], first_root: bytes, second_root: bytes
) -> bool:
    """RFC 9162 §2.1.4.2."""
    if first < 0 or second < first:
        return False
    if any(len(p) != 32 for p in proof):
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof
    if not proof:
        return False
    path = list(proof)
    if first & (first - 1) == 0:  # an exact power of two
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


# --- keys and signed checkpoints ----------------------------------------------------------


def note_key_hash(name: str, public_key: bytes) -> bytes:
    """The 4-byte key hash of a signed note: SHA-256(name || "\\n" || 0x01 || key)[:4]."""
    return _sha256(name.encode("utf-8") + b"\n" + SIG_ED25519 + public_key).digest()[:4]


def verifier_key(name: str, public_key: bytes) -> str:
    """The public key in note-verifier form: ``<name>+<hex key hash>+<b64(0x01||key)>``."""
    encoded = base64.b64encode(SIG_ED25519 + public_key).decode()
    return f"{name}+{note_key_hash(name, public_key).hex()}+{encoded}"


def parse_public_key(text: str) -> tuple[str | None, bytes]:
    """A public key as published (verifier-key form), PEM, or base64 of the 32 raw bytes."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        from cryptography.hazmat.primitives import serialization

        key = serialization.load_pem_public_key(text.encode())
        raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return None, raw
    if "+" in text and text.count("+") >= 2 and not text.endswith("="):
        name, key_hash, encoded = text.split("+", 2)
        blob = base64.b64decode(encoded, validate=True)
        if len(blob) != 33 or blob[:1] != SIG_ED25519:
            raise VerificationError("public key is not an Ed25519 verifier key")
        if note_key_hash(name, blob[1:]).hex() != key_hash:
            raise VerificationError("public key hash does not match the key")
        return name, blob[1:]
    raw = base64.b64decode(text, validate=True)
    if len(raw) != 32:
        raise VerificationError("an Ed25519 public key has 32 bytes")
    return None, raw


def checkpoint_body(origin: str, size: int, root: bytes, time: str) -> str:
    return f"{origin}\n{size}\n{base64.b64encode(root).decode()}\ntime {time}\n"


def signed_note(body: str, name: str, public_key: bytes, signature: bytes) -> str:
    blob = base64.b64encode(note_key_hash(name, public_key) + signature).decode()
    return f"{body}\n\u2014 {name} {blob}\n"


@dataclass(frozen=True)
class CheckpointHead:
    origin: str
    size: int
    root: bytes
    time: str


def verify_checkpoint(checkpoint: dict[str, Any], public_key: bytes) -> CheckpointHead:
    """Check a published checkpoint's signed note with ``public_key``; the returned head
    comes from the signed text, and the JSON fields must agree with it."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        note = checkpoint["note"]
        body, sep, sigs = note.partition("\n\n")
        if not sep:
            raise ValueError("no signature block")
        lines = body.split("\n")
        if len(lines) < 4 or not lines[3].startswith("time "):
            raise ValueError("checkpoint body needs origin, size, root and time")
        origin, size, root = lines[0], int(lines[1]), base64.b64decode(lines[2], validate=True)
        head = CheckpointHead(origin, size, root, lines[3][5:])
        body_bytes = (body + "\n").encode("utf-8")
        signatures = [s for s in sigs.split("\n") if s]
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise VerificationError(f"malformed checkpoint: {exc}") from None
    if size < 0 or len(root) != 32:
        raise VerificationError("malformed checkpoint: bad size or root")
    want = note_key_hash(origin, public_key)
    key = Ed25519PublicKey.from_public_bytes(public_key)
    good = False
    for line in signatures:
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != "\u2014" or parts[1] != origin:
            continue
        try:
            blob = base64.b64decode(parts[2], validate=True)
        except ValueError:
            continue
        if len(blob) != 68 or blob[:4] != want:
            continue
        try:
            key.verify(blob[4:], body_bytes)
            good = True
        except InvalidSignature:
            raise VerificationError("checkpoint signature is invalid") from None
    if not good:
        raise VerificationError("checkpoint is not signed by this key")
    if checkpoint.get("tree_size") != size or checkpoint.get("root_hash") != root.hex():
        raise VerificationError("checkpoint JSON fields disagree with its signed note")
    return head


# --- whole-trail verification --------------------------------------------------------


@dataclass
class Report:
    """The outcome of verifying a trail. ``first_bad_seq`` is the first entry found bad."""

    entries: int = 0
    root: bytes = EMPTY_ROOT
    head_hash: bytes = GENESIS
    first_bad_seq: int | None = None
    reason: str = ""
    problems: list[str] = field(default_factory=list)
    checkpoints_checked: int = 0
    bad_checkpoints: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None and not self.problems

    def fail(self, seq: int | None, reason: str) -> None:
        if seq is not None and (self.first_bad_seq is None or seq < self.first_bad_seq):
            self.first_bad_seq = seq
            self.reason = reason
        self.problems.append(f"#{seq}: {reason}" if seq is not None else reason)


def verify_stream(
    rows: Iterable[tuple[int, str | bytes, str | bytes]],
    checkpoints: dict[int, bytes] | None = None,
    report: Report | None = None,
) -> Report:
    """Recompute the chain and the tree over ``(seq, payload, hash hex)`` rows in seq order.

    Checks: sequence numbers 1..n without gap; each chain hash; each checkpoint root (by
    size) against the recomputed tree head at that size. Stops at the first broken chain
    link (everything after it is unanchored). The hot loop hashes the stored payload bytes
    as they are and never re-serialises JSON."""
    report = report or Report()
    wanted = dict(checkpoints or {})
    tree = CompactTree()
    stack = tree.stack
    prev = GENESIS
    expected = 1
    for seq, payload, stored in rows:
        if seq != expected:
            report.fail(expected, f"entry {expected} is missing (next stored entry is {seq})")
            break
        data = payload.encode("utf-8") if isinstance(payload, str) else payload
        digest = _sha256(prev + data).digest()
        # stored hashes come as hex text (exports) or as raw bytes (the database, binary)
        if digest != stored and digest.hex() != stored:
            report.fail(seq, "chain hash does not match (entry changed, moved or forged)")
            break
        leaf = _sha256(_LEAF + data).digest()
        n = expected - 1
        while n & 1:
            leaf = _sha256(_NODE + stack.pop() + leaf).digest()
            n >>= 1
        stack.append(leaf)
        prev = digest
        if expected in wanted:
            tree.size = expected
            if tree.root() != wanted.pop(expected):
                report.bad_checkpoints.append(expected)
                report.fail(
                    None,
                    f"checkpoint {expected}: root does not match the trail "
                    "(entries up to it were rewritten, or the checkpoint is forged)",
                )
        expected += 1
    tree.size = expected - 1
    report.entries = tree.size
    report.root = tree.root()
    report.head_hash = prev
    if report.first_bad_seq is None:
        for size in sorted(wanted):
            if size > tree.size:
                report.fail(
                    tree.size + 1,
                    f"entry {tree.size + 1} is missing: checkpoint {size} covers {size} entries",
                )
                break
    return report


def first_rewritten(report: Report, checkpoint_sizes: Sequence[int]) -> None:
    """When only checkpoint roots fail, name the earliest entry that may have been rewritten:
    the one after the last checkpoint that still matches."""
    if report.first_bad_seq is not None or not report.problems:
        return
    bad = sorted(report.bad_checkpoints)
    if not bad:
        return
    good_before = [s for s in checkpoint_sizes if s < bad[0]]
    start = (max(good_before) if good_before else 0) + 1
    report.first_bad_seq = start
    report.reason = (
        f"entries {start}..{bad[0]} do not match checkpoint {bad[0]} "
        f"(the first rewritten entry is in this range; {start} is the earliest)"
    )


def read_jsonl(lines: Iterable[str]) -> Iterator[tuple[int, str, str]]:
    """Rows of an exported trail: ``{"seq": n, "payload": "<canonical JSON>", "hash": hex}``."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            seq, payload, digest = obj["seq"], obj["payload"], obj["hash"]
        except (ValueError, KeyError, TypeError) as exc:
            raise VerificationError(f"line {number}: malformed trail line ({exc})") from None
        if not isinstance(seq, int) or not isinstance(payload, str) or not isinstance(digest, str):
            raise VerificationError(f"line {number}: seq, payload and hash have wrong types")
        try:
            inner = json.loads(payload).get("seq")
        except (ValueError, AttributeError):
            raise VerificationError(f"line {number}: payload is not a JSON object") from None
        if inner != seq:
            raise VerificationError(f"line {number}: payload says seq {inner}, line says {seq}")
        yield seq, payload, digest


def _load_json(path: str) -> Any:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _load_key(path: str | None) -> bytes:
    if not path:
        raise VerificationError("--public-key is required: a checkpoint means nothing unchecked")
    with open(path, encoding="utf-8") as fh:
        return parse_public_key(fh.read())[1]


def _checkpoints(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, dict) and "checkpoints" in data:
        data = data["checkpoints"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not data or not all(isinstance(c, dict) for c in data):
        raise VerificationError("checkpoint file holds no checkpoint")
    return data


def verify_trail_files(checkpoint_path: str, trail_path: str, key_path: str | None) -> Report:
    key = _load_key(key_path)
    heads = [verify_checkpoint(c, key) for c in _checkpoints(_load_json(checkpoint_path))]
    roots = {h.size: h.root for h in heads}
    with open(trail_path, encoding="utf-8") as fh:
        report = verify_stream(read_jsonl(fh), roots)
    report.checkpoints_checked = len(heads)
    first_rewritten(report, sorted(roots))
    return report


def _hexes(items: Any) -> list[bytes]:
    if not isinstance(items, list):
        raise VerificationError("a proof is a list of hex hashes")
    try:
        return [bytes.fromhex(x) for x in items]
    except (TypeError, ValueError):
        raise VerificationError("a proof is a list of hex hashes") from None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in {"trail", "inclusion", "consistency", "-h", "--help"}:
        argv.insert(0, "trail")
    parser = argparse.ArgumentParser(prog="verifier.py", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("trail", help="verify an exported trail against signed checkpoints")
    p.add_argument("checkpoint", help="checkpoint JSON (one, a list, or checkpoints.json)")
    p.add_argument("trail", help="exported trail (JSON lines)")
    p.add_argument("--public-key", help="the platform's public key file")
    p = sub.add_parser("inclusion", help="verify an inclusion proof (API JSON)")
    p.add_argument("proof")
    p.add_argument("--checkpoint", help="signed checkpoint the proof's root must match")
    p.add_argument("--public-key")
    p.add_argument("--payload", help="file with the entry's canonical payload (to hash it)")
    p = sub.add_parser("consistency", help="verify a consistency proof (API JSON)")
    p.add_argument("proof")
    args = parser.parse_args(argv)
    try:
        if args.command == "trail":
            report = verify_trail_files(args.checkpoint, args.trail, args.public_key)
            if not report.ok:
                print(f"FAILED at entry {report.first_bad_seq}: {report.reason}")
                for problem in report.problems[:20]:
                    print(f"  {problem}")
                return 1
            print(
                f"verified: {report.entries} entries, root {report.root.hex()}, "
                f"{report.checkpoints_checked} signed checkpoint(s)"
            )
            return 0
        data = _load_json(args.proof)
        if args.command == "inclusion":
            leaf = bytes.fromhex(data["leaf_hash"])
            if args.payload:
                with open(args.payload, "rb") as fh:
                    if leaf_hash(fh.read().rstrip(b"\n")) != leaf:
                        raise VerificationError("payload does not hash to the proof's leaf hash")
            root = bytes.fromhex(data["root_hash"])
            if args.checkpoint:
                head = verify_checkpoint(_load_json(args.checkpoint), _load_key(args.public_key))
                if (head.size, head.root) != (data["tree_size"], root):
                    raise VerificationError("proof is not for this checkpoint")
            path = _hexes(data["audit_path"])
            if not verify_inclusion(data["leaf_index"], data["tree_size"], leaf, path, root):
                raise VerificationError("inclusion proof does not verify")
            print(f"verified: leaf {data['leaf_index']} is in tree {data['tree_size']}")
            return 0
        path = _hexes(data["proof"])
        first, second = data["first"], data["second"]
        r1, r2 = bytes.fromhex(data["first_root"]), bytes.fromhex(data["second_root"])
        if not verify_consistency(first, second, path, r1, r2):
            raise VerificationError("consistency proof does not verify")
        print(f"verified: tree {second} extends tree {first}")
        return 0
    except (VerificationError, OSError, KeyError, ValueError, TypeError) as exc:
        print(f"FAILED: {exc}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
