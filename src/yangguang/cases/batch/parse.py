"""Reading the fields of one pushed case event: bilingual errors naming the field,
nothing else."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from yangguang.cases.common import error, moment, text

KINDS = ("create", "step", "pause", "resume", "finish")
#: the most events one call takes
MAX_BATCH = 5000


def field(ev: Mapping[str, Any], name: str, zh: str, *, required=True, limit=100) -> str:
    value = ev.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise error("invalid", name, f"{zh}须为文本", f"{name} must be text")
    return text(value, name, zh, required=required, limit=limit)


def when(ev: Mapping[str, Any]) -> datetime.datetime:
    """The event's ``at``: ISO 8601 with a time zone, not in the future."""
    value = ev.get("at")
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value.strip())
        except ValueError:
            raise error(
                "invalid_time", "at", "时间格式无效 (须为 ISO 8601)", "not an ISO 8601 time"
            ) from None
    if value is None:
        raise error("required", "at", "发生时间必填", "at is required")
    return moment(value, "at")


def choices(ev: Mapping[str, Any]) -> list[str]:
    value = ev.get("choices") or []
    if not isinstance(value, list | tuple) or not all(isinstance(c, str) for c in value):
        raise error("invalid", "choices", "分支选择须为文本列表", "choices must be a list of text")
    return list(value)


def kind(ev: Mapping[str, Any]) -> str:
    value = ev.get("type")
    if value not in KINDS:
        raise error("event_type", "type", "事件类型无效", f"type must be one of {', '.join(KINDS)}")
    return value
