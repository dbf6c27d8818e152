"""Typed action codes for the audit trail.

Each app declares its codes once (``ORG_CREATE = action("org.create", "创建单位",
"Create organisation")``); the trail refuses codes that were never declared, so a typo
cannot slip into the permanent record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


@dataclass(frozen=True)
class ActionCode:
    code: str
    zh: str
    en: str

    def __str__(self) -> str:
        return self.code


REGISTRY: dict[str, ActionCode] = {}


def action(code: str, zh: str, en: str) -> ActionCode:
    if not _CODE.match(code):
        raise ValueError(f"bad action code {code!r}: use dotted lower-case words")
    existing = REGISTRY.get(code)
    if existing is not None and (existing.zh, existing.en) != (zh, en):
        raise ValueError(f"action code {code!r} declared twice with different labels")
    REGISTRY[code] = ActionCode(code, zh, en)
    return REGISTRY[code]


def get(code: str) -> ActionCode:
    return REGISTRY[code]
