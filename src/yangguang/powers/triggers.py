"""Published versions are immutable: a guard refuses UPDATE and DELETE on
``powers_powerlistversion`` and ``powers_publisheditem`` (created by migration 0003).
No TRUNCATE guard: a DBA's full reset (``yangguang demo --reset``) may empty the tables,
through ``disabled()``. See ``yangguang.core.triggers``."""

from __future__ import annotations

from yangguang.core.triggers import Guard

TABLES = ("powers_powerlistversion", "powers_publisheditem")
MESSAGE = "已发布的清单版本不能修改或删除 (published list versions are immutable)"
GUARD = Guard(name="powers_version", tables=TABLES, message=MESSAGE)

create_triggers = GUARD.create
drop_triggers = GUARD.drop
disabled = GUARD.disabled
