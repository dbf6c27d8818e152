"""The Merkle tree against the RFC 6962 reference vectors, and the proof algorithms.

Vectors copied verbatim from transparency-dev/merkle, proof/verify_test.go
(https://github.com/transparency-dev/merkle/blob/main/proof/verify_test.go, commit
02194e9afb6c1d95b5381350007963aa70fff472), the Certificate Transparency reference tree:
``inclusionProofs`` (1-based leaf numbers there), ``consistencyProofs`` and ``roots``.
"""

from __future__ import annotations

import hashlib
import time

import pytest

from yangguang.audit import verifier as v

LEAVES = [
    bytes.fromhex(h)
    for h in [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]
ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
# (leaf number, 1-based as in the source; tree size; audit path)
INCLUSION = [
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        2,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (1, 1, []),
]
CONSISTENCY = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]

HASHES = [v.leaf_hash(x) for x in LEAVES]


def _reference_mth(leaves: list[bytes]) -> bytes:
    """RFC 9162 §2.1.1 literally (recursive), to compare the fast versions with."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return v.node_hash(_reference_mth(leaves[:k]), _reference_mth(leaves[k:]))


def test_roots_match_reference_vectors():
    assert v.merkle_root([]).hex() == EMPTY
    for n in range(1, 9):
        assert v.merkle_root(HASHES[:n]).hex() == ROOTS[n - 1]
        tree = v.CompactTree()
        for leaf in HASHES[:n]:
            tree.append(leaf)
        assert tree.root().hex() == ROOTS[n - 1]


@pytest.mark.parametrize(("leaf", "size", "path"), INCLUSION)
def test_inclusion_vectors(leaf, size, path):
    proof = v.inclusion_proof(HASHES[:size], leaf - 1)
    assert [p.hex() for p in proof] == path
    root = bytes.fromhex(ROOTS[size - 1])
    assert v.verify_inclusion(leaf - 1, size, HASHES[leaf - 1], proof, root)
    # the corruptions of the reference test (verify_test.go corruptInclusionProof)
    some = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")
    bad = [
        (leaf - 2, size, HASHES[leaf - 1], proof, root),
        (leaf, size, HASHES[leaf - 1], proof, root),
        ((leaf - 1) ^ 2, size, HASHES[leaf - 1], proof, root),
        (leaf - 1, size * 2, HASHES[leaf - 1], proof, root),
        (leaf - 1, size // 2, HASHES[leaf - 1], proof, root),
        (leaf - 1, size, v.leaf_hash(b"WrongLeaf"), proof, root),
        (leaf - 1, size, HASHES[leaf - 1], proof, bytes.fromhex(EMPTY)),
        (leaf - 1, size, HASHES[leaf - 1], proof, some),
        (leaf - 1, size, HASHES[leaf - 1], [*proof, root], root),
        (leaf - 1, size, HASHES[leaf - 1], [root, *proof], root),
    ]
    for i in range(len(proof)):
        flipped = list(proof)
        flipped[i] = bytes([flipped[i][0] ^ 8]) + flipped[i][1:]
        bad.append((leaf - 1, size, HASHES[leaf - 1], flipped, root))
    if proof:
        bad.append((leaf - 1, size, HASHES[leaf - 1], proof[:-1], root))
    for args in bad:
        if args[0] == leaf - 1 and args[1] == size and args[3] is proof and args[4] == root:
            continue
        assert not v.verify_inclusion(*args), args


@pytest.mark.parametrize(("first", "second", "path"), CONSISTENCY)
def test_consistency_vectors(first, second, path):
    proof = v.consistency_proof(HASHES[:second], first)
    assert [p.hex() for p in proof] == path
    r1, r2 = bytes.fromhex(ROOTS[first - 1]), bytes.fromhex(ROOTS[second - 1])
    assert v.verify_consistency(first, second, proof, r1, r2)
    if not proof:
        return
    bad = [
        (first - 1, second, proof, r1, r2),
        (first + 1, second, proof, r1, r2),
        (first ^ 2, second, proof, r1, r2),
        (first, second * 2, proof, r1, r2),
        (first, second // 2, proof, r1, r2),
        (first, second, proof, v.leaf_hash(b"x"), r2),
        (first, second, proof, r1, v.leaf_hash(b"x")),
        (first, second, proof, r2, r1),
        (first, second, [], r1, r2),
        (first, second, [*proof, r1], r1, r2),
        (first, second, [*proof, r2], r1, r2),
        (first, second, [r1, *proof], r1, r2),
        (first, second, [r2, *proof], r1, r2),
        (first, second, [proof[0], *proof], r1, r2),
        (first, second, proof[:-1], r1, r2),
    ]
    for i in range(len(proof)):
        flipped = list(proof)
        flipped[i] = bytes([flipped[i][0] ^ 16]) + flipped[i][1:]
        bad.append((first, second, flipped, r1, r2))
    for args in bad:
        assert not v.verify_consistency(*args), args


def test_every_proof_in_every_small_tree():
    leaves = [v.leaf_hash(bytes([i, i * 7 % 256])) for i in range(40)]
    for n in range(1, len(leaves) + 1):
        tree = leaves[:n]
        root = v.merkle_root(tree)
        assert root == _reference_mth(tree)
        for m in range(n):
            proof = v.inclusion_proof(tree, m)
            assert v.verify_inclusion(m, n, tree[m], proof, root)
            assert not v.verify_inclusion(m, n, leaves[(m + 1) % 40], proof, root) or (
                n == 1 and m == 0
            )
        for m in range(1, n + 1):
            proof = v.consistency_proof(tree, m)
            assert v.verify_consistency(m, n, proof, v.merkle_root(tree[:m]), root)
            if m < n:
                assert not v.verify_consistency(
                    m, n, proof, v.merkle_root(tree[: m - 1] or [b""]), root
                )


def test_root_of_a_million_leaves_is_fast_and_right():
    leaves = [hashlib.sha256(i.to_bytes(4, "big")).digest() for i in range(1_000_000)]
    started = time.perf_counter()
    root = v.merkle_root(leaves)
    elapsed = time.perf_counter() - started
    tree = v.CompactTree()
    for leaf in leaves:
        tree.append(leaf)
    assert tree.root() == root
    assert elapsed < 10, f"{elapsed:.1f}s for a million leaves"
