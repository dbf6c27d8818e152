"""API of the performance scores (``/api/v1/scores``): the scores as the office page shows
them (the same calculation), the scoring sheets, appeals and their re-review.

* ``GET /scores?quarter=2026Q4&org=CODE``: departments and people within the caller's
  scope (within ``org``'s subtree if given), each with the sheet that applies, the score
  and grade (two decimals, as strings) and how the score arose (one line per item);
* ``GET /scores/sheets/{org}``: the sheet that applies to ``org`` (its own or inherited);
  ``PUT /scores/sheets/{org}``: set ``org``'s own sheet (the commission);
* ``GET /scores/appeals?status=``; ``POST /scores/appeals`` (a department's staff, about
  an alert counted against it); ``POST /scores/appeals/{id}/decide`` (the commission),
  answered with the department's and the person's score before and after.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from yangguang.api import STAFF_AUTH, ErrorOut, request_actor, request_user
from yangguang.cases.models import Alert
from yangguang.cases.models_scores import AppealStatus, EventKind, ScoreAppeal, ScoreSheet
from yangguang.cases.scores import selectors as sel
from yangguang.cases.scores.effect import appeal_decide_with_effect
from yangguang.cases.services import score_appeal_file, score_sheet_set
from yangguang.core import access
from yangguang.core.api_types import Id
from yangguang.core.errors import bilingual
from yangguang.orgs.models import Organisation

router = Router(tags=["scores"], auth=STAFF_AUTH)
REFUSALS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _missing(field: str, zh: str, en: str) -> dict:
    return {"code": "not_found", "field": field, "message_zh": zh, "message_en": en,
            "message": bilingual(zh, en)}  # fmt: skip


class ItemOut(Schema):
    kind: str
    label: str
    category: str
    weight: str
    points: str
    cap: str | None


class SheetOut(Schema):
    organisation: str  # the code of the organisation the sheet belongs to
    organisation_name: str
    inherited: bool  # the sheet of an organisation above the one asked about
    name: str
    base: str
    floor: str
    excellent: str
    good: str
    passing: str
    items: list[ItemOut]


class LineOut(Schema):
    kind: str
    label: str
    category: str
    count: int
    unit: str
    raw: str
    applied: str
    cap: str | None
    capped: bool


class RowOut(Schema):
    id: int
    name: str
    organisation: str | None  # code
    sheet: str | None
    score: str | None
    grade: str | None
    grade_label: str | None
    base: str | None
    floor: str | None
    floored: bool
    counts: dict[str, int]
    lines: list[LineOut]


class ScoresOut(Schema):
    quarter: str
    departments: list[RowOut]
    people: list[RowOut]


#: a figure of a sheet as a number (within the sheet's columns) or as text (read by the
#: service, which refuses what is not a finite number below 10,000)
Figure = Annotated[Decimal, Field(ge=Decimal("-9999.99"), le=Decimal("9999.99"))]


class ItemIn(Schema):
    kind: str
    category: str = ""
    weight: Figure | str = "1"
    points: Figure | str
    cap: Figure | str | None = None


class SheetIn(Schema):
    name: str
    base: Figure | str = "100"
    floor: Figure | str = "0"
    excellent: Figure | str = "90"
    good: Figure | str = "80"
    passing: Figure | str = "60"
    items: list[ItemIn]


class AppealIn(Schema):
    alert: Id
    reason: str


class DecideIn(Schema):
    upheld: bool
    decision: str


class AppealOut(Schema):
    id: int
    alert: int
    case: str
    rule: str
    organisation: str
    reason: str
    status: str
    status_label: str
    filed_by: str | None
    filed_at: datetime
    decision: str
    decided_by: str | None
    decided_at: datetime | None


class EffectOut(Schema):
    quarter: str
    department_before: str | None
    department_after: str | None
    person_before: str | None
    person_after: str | None


class DecidedOut(Schema):
    appeal: AppealOut
    effect: EffectOut


def _labels() -> dict[str, str]:
    return {k: str(v) for k, v in EventKind.choices}


def _sheet_out(sheet: ScoreSheet, asked: Organisation) -> dict:
    labels = _labels()
    return {
        "organisation": sheet.organisation.code, "organisation_name": sheet.organisation.name,
        "inherited": sheet.organisation_id != asked.pk, "name": sheet.name,
        **{f: _money(getattr(sheet, f)) for f in ("base", "floor", "excellent", "good",
                                                  "passing")},
        "items": [
            {"kind": i.kind, "label": labels.get(i.kind, i.kind), "category": i.category,
             "weight": _money(i.weight), "points": _money(i.points), "cap": _money(i.cap)}
            for i in sheet.items.all()
        ],
    }  # fmt: skip


def _row_out(row: sel.Row, codes: dict[int, str]) -> dict:
    labels, r = _labels(), row.result
    return {
        "id": row.key, "name": row.name, "organisation": codes.get(row.org_id),
        "sheet": row.sheet.name if row.sheet else None,
        "score": _money(row.score), "grade": row.grade or None,
        "grade_label": row.grade_label or None,
        "base": _money(r.base) if r else None, "floor": _money(r.floor) if r else None,
        "floored": bool(r and r.floored), "counts": {str(k): v for k, v in row.counts.items()},
        "lines": [
            {"kind": x.kind, "label": labels.get(x.kind, x.kind), "category": x.category,
             "count": x.count, "unit": _money(x.unit), "raw": _money(x.raw),
             "applied": _money(x.applied), "cap": _money(x.cap), "capped": x.capped}
            for x in (r.lines if r else ())
        ],
    }  # fmt: skip


def _appeal_out(a: ScoreAppeal) -> dict:
    return {
        "id": a.pk, "alert": a.alert_id, "case": a.alert.case.number, "rule": a.alert.rule,
        "organisation": a.organisation.code, "reason": a.reason, "status": a.status,
        "status_label": str(a.get_status_display()),
        "filed_by": a.filed_by.full_name if a.filed_by else None, "filed_at": a.filed_at,
        "decision": a.decision, "decided_by": a.decided_by.full_name if a.decided_by else None,
        "decided_at": a.decided_at,
    }  # fmt: skip


def _org(user, code: str) -> Organisation | None:
    org = Organisation.objects.filter(code=code).first()
    if org is None or not access.can_in_org(user, "view", org):
        return None
    return org


@router.get("/scores", response={200: ScoresOut, **REFUSALS}, summary="Scores of a quarter")
def score_list(request, quarter: str = "", org: str = ""):
    """各单位和个人的绩效得分 (scores per department and person, as the office page shows
    them): ``quarter`` like 2026Q4 (default: this quarter), ``org`` an organisation code."""
    user = request_user(request)
    quarter = (quarter or sel.current_quarter(timezone.now())).strip().upper()
    organisation = None
    if org:
        organisation = _org(user, org)
        if organisation is None:
            return Status(404, _missing("org", "找不到该单位", f"no such organisation: {org}"))
    result = sel.scores(user=user, quarter=quarter, organisation=organisation)
    ids = {r.org_id for rows in result.values() for r in rows}
    codes = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "code"))
    return {
        "quarter": quarter,
        "departments": [_row_out(r, codes) for r in result["departments"]],
        "people": [_row_out(r, codes) for r in result["people"]],
    }


@router.get("/scores/sheets/{org}", response={200: SheetOut, **REFUSALS},
            summary="The scoring sheet that applies to an organisation")  # fmt: skip
def sheet_get(request, org: str):
    user = request_user(request)
    organisation = _org(user, org)
    if organisation is None:
        return Status(404, _missing("org", "找不到该单位", f"no such organisation: {org}"))
    sheet = sel.sheet_for(organisation)
    if sheet is None:
        return Status(404, _missing("sheet", "本单位及其上级单位均未设置评分表",
                                    "no scoring sheet for this organisation or above it"))  # fmt: skip
    return _sheet_out(sheet, organisation)


@router.put("/scores/sheets/{org}", response={200: SheetOut, **REFUSALS},
            summary="Set an organisation's own scoring sheet (the commission)")  # fmt: skip
def sheet_put(request, org: str, payload: SheetIn):
    user = request_user(request)
    organisation = _org(user, org)
    if organisation is None:
        return Status(404, _missing("org", "找不到该单位", f"no such organisation: {org}"))
    data = payload.dict()
    sheet = score_sheet_set(
        actor=request_actor(request), organisation=organisation, name=data["name"],
        items=data["items"], base=data["base"], floor=data["floor"],
        excellent=data["excellent"], good=data["good"], passing=data["passing"],
    )  # fmt: skip
    sheet = ScoreSheet.objects.select_related("organisation").get(pk=sheet.pk)
    return _sheet_out(sheet, organisation)


@router.get("/scores/appeals", response={200: list[AppealOut], **REFUSALS},
            summary="Score appeals")  # fmt: skip
def appeal_list(request, status: str = Query("")):
    if status and status not in AppealStatus.values:
        return Status(400, {"code": "status", "field": "status", "message_zh": "状态无效",
                            "message_en": "unknown status",
                            "message": bilingual("状态无效", "unknown status")})  # fmt: skip
    return [_appeal_out(a) for a in sel.appeals(request_user(request), status=status)[:500]]


@router.post("/scores/appeals", response={201: AppealOut, **REFUSALS},
             summary="Appeal against an alert counted in the scores")  # fmt: skip
def appeal_create(request, payload: AppealIn):
    user = request_user(request)
    alert = access.restrict(Alert.objects.all(), user, "view").filter(pk=payload.alert).first()
    if alert is None:
        return Status(404, _missing("alert", "找不到该预警", "no such alert"))
    appeal = score_appeal_file(actor=request_actor(request), alert=alert, reason=payload.reason)
    return Status(201, _appeal_out(sel.appeals(user).get(pk=appeal.pk)))


@router.post("/scores/appeals/{appeal_id}/decide", response={200: DecidedOut, **REFUSALS},
             summary="Decide a score appeal (the commission)")  # fmt: skip
def appeal_decide(request, appeal_id: Id, payload: DecideIn):
    user = request_user(request)
    appeal = sel.appeals(user).filter(pk=appeal_id).first()
    if appeal is None:
        return Status(404, _missing("appeal", "找不到该申诉", "no such appeal"))
    appeal, effect = appeal_decide_with_effect(
        actor=request_actor(request), user=user, appeal=appeal, upheld=payload.upheld,
        decision=payload.decision,
    )  # fmt: skip
    return {
        "appeal": _appeal_out(sel.appeals(user).get(pk=appeal.pk)),
        "effect": {
            "quarter": effect.quarter,
            "department_before": _money(effect.department_before),
            "department_after": _money(effect.department_after),
            "person_before": _money(effect.person_before),
            "person_after": _money(effect.person_after),
        },
    }
