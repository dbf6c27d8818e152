"""Personal data sealed with a key kept outside the database: the one implementation.

Each kind of data has its *purpose* (``REPORTER``, ``REQUESTER``, ``APPLICANT``), and each
purpose its key: the environment variable it names (a Fernet key, base64; several keys
separated by commas while one is replaced: the first seals, all of them open), or else
one derived from ``SECRET_KEY`` by HKDF-SHA256 with the purpose's own salt and info
string. Neither ever lives in the database, so a dump of it alone reveals no name,
phone number, address or ID number.

``seal``/``unseal`` work on text (the Fernet token as ASCII text, the empty string left
empty), ``seal_bytes``/``unseal_bytes`` on bytes. ``SealedCharField`` is a model field
whose column holds the token while the attribute holds the clear text: every read of such
a column goes through ``unseal``. A token the configured key cannot open (the key was
changed or lost) reads as ``Unreadable`` (a placeholder text that, saved again, writes
back the token it came from, so nothing is lost) instead of failing the page; a key in the
environment that is not a Fernet key is refused with ``SealKeyError`` naming the variable,
and by the system check ``yangguang.E010`` before the site starts.

Sealed columns cannot be searched or compared (every token differs); nothing searches
them today (a value that had to be matched would need a keyed hash, HMAC, beside it).
"""

from __future__ import annotations

import base64
import binascii
import functools
import logging
import os
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Purpose:
    name: str
    env: str  # the environment variable holding the key
    salt: bytes  # HKDF salt and info when the key is derived from SECRET_KEY
    info: bytes


# the reporter's salt and info are those the identities were first sealed with
REPORTER = Purpose("reporter", "YANGGUANG_REPORTER_KEY", b"yangguang.reporter", b"identity v1")
REQUESTER = Purpose("requester", "YANGGUANG_REQUESTER_KEY", b"yangguang.sealed", b"requester v1")
APPLICANT = Purpose("applicant", "YANGGUANG_APPLICANT_KEY", b"yangguang.sealed", b"applicant v1")
PURPOSES = {p.name: p for p in (REPORTER, REQUESTER, APPLICANT)}

TOKEN_PREFIX = "gAAAAA"  # noqa: S105  (every Fernet token: version byte 0x80, timestamp)


class SealKeyError(ImproperlyConfigured):
    """The key in the environment is not a Fernet key."""

    def __init__(self, purpose: Purpose):
        super().__init__(
            f"{purpose.env} 不是有效的 Fernet 密钥 (32 字节, URL 安全的 base64; 多个密钥以逗号"
            f"分隔) ({purpose.env} is not a valid Fernet key: 32 bytes, URL-safe base64; "
            f"several keys separated by commas)"
        )
        self.purpose = purpose


class Unsealable(Exception):
    """A token the configured key cannot open."""


class Unreadable(str):
    """What a sealed column reads as when its token cannot be opened: a placeholder text
    that carries the token, so saving the row again keeps the data as it was."""

    TEXT = "〔无法解密〕"

    def __new__(cls, token: str):
        obj = super().__new__(cls, cls.TEXT)
        obj.token = token
        return obj

    def __str__(self) -> str:  # shown on a page: in the reader's language
        from django.utils.translation import gettext

        return gettext("〔无法解密〕")


def _purpose(purpose: Purpose | str) -> Purpose:
    return PURPOSES[purpose] if isinstance(purpose, str) else purpose


@functools.lru_cache(maxsize=16)
def _fernet_for(purpose: Purpose, raw: str, secret: str) -> MultiFernet:
    keys = [k.strip() for k in raw.split(",") if k.strip()]
    if keys:
        try:
            return MultiFernet([Fernet(k.encode()) for k in keys])
        except (ValueError, binascii.Error) as exc:
            raise SealKeyError(purpose) from exc
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=purpose.salt, info=purpose.info
    ).derive(secret.encode())
    return MultiFernet([Fernet(base64.urlsafe_b64encode(derived))])


def fernet(purpose: Purpose | str) -> MultiFernet:
    p = _purpose(purpose)
    return _fernet_for(p, os.environ.get(p.env, ""), settings.SECRET_KEY)


def seal_bytes(purpose: Purpose | str, data: bytes) -> bytes:
    return fernet(purpose).encrypt(data)


def unseal_bytes(purpose: Purpose | str, token: bytes | memoryview) -> bytes:
    try:
        return fernet(purpose).decrypt(bytes(token))
    except InvalidToken as exc:
        p = _purpose(purpose)
        log.error("sealed %s data cannot be opened with the configured key (%s)", p.name, p.env)
        raise Unsealable(p.name) from exc


def seal(purpose: Purpose | str, text: str | None) -> str:
    """``text`` sealed, as the token's ASCII text; empty stays empty."""
    if isinstance(text, Unreadable):
        return text.token
    if not text:
        return ""
    return seal_bytes(purpose, text.encode()).decode("ascii")


def unseal(purpose: Purpose | str, token: str | None) -> str:
    """The clear text of ``token`` (``Unsealable`` if the key cannot open it)."""
    if not token:
        return ""
    return unseal_bytes(purpose, token.encode("ascii")).decode()


def unseal_or_placeholder(purpose: Purpose | str, token: str | None) -> str:
    try:
        return unseal(purpose, token)
    except Unsealable:
        return Unreadable(token or "")


def check_keys() -> list[SealKeyError]:
    """The purposes whose key in the environment is refused."""
    errors = []
    for p in PURPOSES.values():
        try:
            fernet(p)
        except SealKeyError as exc:
            errors.append(exc)
    return errors


class SealedCharField(models.CharField):
    """A short text kept sealed (``purpose``): the column is a text column holding the
    token, ``max_length`` bounds the clear text. Not for lookups but ``""``/isnull."""

    def __init__(self, *args, purpose: str, **kwargs):
        self.purpose = _purpose(purpose).name
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["purpose"] = self.purpose
        return name, path, args, kwargs

    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return unseal_or_placeholder(self.purpose, value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return value
        return seal(self.purpose, value)


def migrate_columns(schema_editor, model, fields: list[str], purpose: str, *, forward: bool):
    """For a data migration: seal (``forward``) or open again the clear text of ``fields``
    of every row of ``model`` (a historical model), through SQL so no field class reads
    it on the way. A value already in the wanted form is left as it is."""
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    pk = qn(model._meta.pk.column)
    columns = [model._meta.get_field(name).column for name in fields]
    with connection.cursor() as cursor:
        names = ", ".join(qn(c) for c in columns)  # quoted names of the model, no input
        cursor.execute(f"SELECT {pk}, {names} FROM {table}")  # noqa: S608
        rows = cursor.fetchall()
        sets = ", ".join(f"{qn(c)} = %s" for c in columns)
        for key, *values in rows:
            new = []
            for value in values:
                is_token = bool(value) and value.startswith(TOKEN_PREFIX)
                if forward:
                    new.append(value if is_token or not value else seal(purpose, value))
                else:
                    new.append(unseal(purpose, value) if is_token else value)
            if new != list(values):
                sql = f"UPDATE {table} SET {sets} WHERE {pk} = %s"  # noqa: S608
                cursor.execute(sql, [*new, key])
