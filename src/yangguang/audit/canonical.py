"""Canonical JSON for audit entries: the exact bytes that are hashed.

Keys sorted, no insignificant whitespace, UTF-8, no NaN. The standalone verifier
(``verifier.py``) hashes the same stored bytes and never re-serialises them.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from typing import Any


def jsonable(value: Any) -> Any:
    """A JSON-compatible form of a model field's value, for before/after records."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime in an audit record")
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        items = [jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if hasattr(value, "pk"):
        return value.pk
    return str(value)


def dumps(obj: Any) -> str:
    return json.dumps(
        obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    )
