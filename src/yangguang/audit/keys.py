"""The checkpoint signing key (Ed25519).

``YANGGUANG_AUDIT_KEY`` holds the base64 of the 32-byte raw private key, or the path of a
file holding that (or a PEM private key). In demo mode a key is generated once and kept
under ``VAR_DIR/audit_ed25519.key`` (mode 600). Production without a key refuses.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from yangguang.audit import verifier

ENV = "YANGGUANG_AUDIT_KEY"
DEMO_KEY_FILE = "audit_ed25519.key"
DEFAULT_ORIGIN = "yangguang/audit"


def origin() -> str:
    """The log's name in its checkpoints (and the signing key's name)."""
    return getattr(settings, "AUDIT_LOG_ORIGIN", DEFAULT_ORIGIN)


def _bad(detail: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(
        f"留痕签名密钥无效: {detail} (the audit signing key in {ENV} is invalid: {detail})"
    )


def _parse(text: str) -> Ed25519PrivateKey:
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise _bad("not an Ed25519 key")
        return key
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise _bad("not base64") from None
    if len(raw) != 32:
        raise _bad("the raw private key must be 32 bytes")
    return Ed25519PrivateKey.from_private_bytes(raw)


def _is_raw_key(text: str) -> bool:
    try:
        return len(base64.b64decode(text, validate=True)) == 32
    except (binascii.Error, ValueError):
        return False


def _demo_key() -> Ed25519PrivateKey:
    path = Path(settings.VAR_DIR) / DEMO_KEY_FILE
    if not path.exists():
        raw = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(base64.b64encode(raw).decode() + "\n")
    return _parse(path.read_text(encoding="ascii"))


def signing_key() -> Ed25519PrivateKey:
    value = os.environ.get(ENV, "").strip()
    if value:
        if value.startswith("-----BEGIN") or _is_raw_key(value):
            return _parse(value)
        try:
            return _parse(Path(value).read_text(encoding="ascii"))
        except OSError as exc:
            raise _bad(f"neither a base64 key nor a readable file ({exc.strerror})") from None
    if settings.DEMO:
        return _demo_key()
    raise ImproperlyConfigured(
        f"生产模式必须设置留痕签名密钥 {ENV} (Ed25519 私钥的 base64 或文件路径) "
        f"(production needs the audit signing key: set {ENV} to the base64 of a raw "
        "Ed25519 private key, or to the path of a file holding it)"
    )


def public_key_bytes(key: Ed25519PrivateKey | None = None) -> bytes:
    key = key or signing_key()
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_text() -> str:
    """The public key as published at ``/audit/public-key`` (note-verifier form)."""
    return verifier.verifier_key(origin(), public_key_bytes())


def key_id(public: bytes | None = None) -> str:
    return verifier.note_key_hash(origin(), public or public_key_bytes()).hex()
