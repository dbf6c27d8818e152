"""Reporter protection: the identity sealed with a key kept outside the database, and
the tracking code kept only as a hash.

The key: ``YANGGUANG_REPORTER_KEY`` (a Fernet key, base64) from the environment; without
it, one derived from ``SECRET_KEY`` (HKDF-SHA256), which also never lives in the database
(``core.sealed``, purpose ``REPORTER``). A database dump alone therefore reveals neither
who reported nor their contact details.
"""

from __future__ import annotations

import json
import secrets

from django.contrib.auth.hashers import check_password, make_password

from yangguang.core import sealed

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 12
# checked against when the number does not exist, so a wrong number costs the same time
_DUMMY_HASH: list[str] = []


def seal(data: dict[str, str]) -> bytes:
    return sealed.seal_bytes(sealed.REPORTER, json.dumps(data, ensure_ascii=False).encode())


def unseal(token: bytes) -> dict[str, str]:
    try:
        return json.loads(sealed.unseal_bytes(sealed.REPORTER, token))
    except sealed.Unsealable:
        return {"name": "?", "contact": "?"}


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:64]


def hash_code(code: str) -> str:
    return make_password(normalise_code(code))


def code_matches(code: str, encoded: str | None) -> bool:
    """Check ``code`` against ``encoded``; with no ``encoded`` (unknown number) a dummy
    hash is checked so the answer takes as long and says the same."""
    if encoded is None:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(make_password(new_code()))
        check_password(normalise_code(code), _DUMMY_HASH[0])
        return False
    return check_password(normalise_code(code), encoded)
