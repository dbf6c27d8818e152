"""The bounds of the log readers (no Django needed).

* ``max_bytes``: the largest log accepted for upload (``YANGGUANG_LOG_MAX_BYTES``,
  default 200 MiB);
* ``max_inflated``: the most a log may amount to once read: what a ``.xes.gz``
  inflates to, the size of a CSV or a plain XES (``YANGGUANG_LOG_MAX_INFLATED_BYTES``,
  default 20 × ``max_bytes``);
* ``max_element``: the largest single piece read at once: an XES element (a trace, a
  stretch of text or a tag), a CSV line or field (``YANGGUANG_LOG_MAX_ELEMENT_BYTES``,
  default 16 MiB).

Inside Django they are the settings of the same names (``settings.py``); the command
line's Django-free path reads the same environment variables, with the same defaults.
A log over a bound is refused with a :class:`~.columns.LogError` naming the bound,
never a ``MemoryError``.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

MiB = 1024 * 1024
DEFAULT_MAX_BYTES = 200 * MiB
INFLATION = 20
DEFAULT_MAX_ELEMENT = 16 * MiB
NAMES = {
    "max_bytes": "YANGGUANG_LOG_MAX_BYTES",
    "max_inflated": "YANGGUANG_LOG_MAX_INFLATED_BYTES",
    "max_element": "YANGGUANG_LOG_MAX_ELEMENT_BYTES",
}


@dataclass(frozen=True)
class LogLimits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_inflated: int = INFLATION * DEFAULT_MAX_BYTES
    max_element: int = DEFAULT_MAX_ELEMENT

    @classmethod
    def from_env(cls, environ=None) -> LogLimits:
        env = os.environ if environ is None else environ

        def number(name: str, default: int) -> int:
            raw = (env.get(name) or "").strip()
            return int(raw) if raw.isdigit() else default

        max_bytes = number(NAMES["max_bytes"], DEFAULT_MAX_BYTES)
        return cls(
            max_bytes=max_bytes,
            max_inflated=number(NAMES["max_inflated"], INFLATION * max_bytes),
            max_element=number(NAMES["max_element"], DEFAULT_MAX_ELEMENT),
        )

    @classmethod
    def from_settings(cls) -> LogLimits:
        from django.conf import settings

        env = cls.from_env()
        return cls(**{
            field: int(getattr(settings, name, getattr(env, field)))
            for field, name in NAMES.items()
        })  # fmt: skip


def current() -> LogLimits:
    """The settings' bounds when Django is configured, else the environment's."""
    conf = sys.modules.get("django.conf")
    if conf is not None and conf.settings.configured:
        return LogLimits.from_settings()
    return LogLimits.from_env()


def mib(n: int) -> str:
    return f"{n / MiB:.0f} MiB" if n >= MiB else f"{n} B"
