"""Shared by the tables: the day, the fixture type, posts, holdings and terms."""

from __future__ import annotations

import datetime as dt
from typing import Any

TODAY = dt.date(2026, 1, 5)
F = dict[str, Any]


def _post(f: F):
    from yangguang.orgs.services import post_create

    return post_create(
        actor=f["system"], organisation=f["tree"]["dept"], code="P1", name="会计", risk_grade="low"
    )


def _holding(f: F):
    from yangguang.orgs.services import post_assign

    return post_assign(actor=f["system"], post=_post(f), user=f["users"]["clerk"], start=TODAY)


def _term(f: F, role: str = "principal"):
    from yangguang.orgs.services import leadership_appoint

    return leadership_appoint(
        actor=f["system"],
        organisation=f["tree"]["dept"],
        user=f["users"]["clerk"],
        role=role,
        title="局长" if role == "principal" else "副局长",
        start=TODAY,
    )
