"""An alert's history in words: raised, confirmed, explained, assigned to X, escalated,
withdrawn by Y because …, from the alert itself and its entries on the audit trail (the
one record of who did what). People by full name, actions by their label, in the
active language (or the one asked for, for the API's two)."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from yangguang.audit import actions as audit_actions
from yangguang.audit.models import AuditEntry
from yangguang.cases import actions
from yangguang.cases.models import Alert, AlertStatus

ALERT_TYPE = "cases.alert"
ACCOUNTABILITY_TYPE = "meetings.accountabilitycase"


@dataclass(frozen=True)
class Line:
    time: datetime.datetime
    actor: str
    action: str
    text: str

    def as_json(self) -> dict:
        return {"time": self.time.isoformat(), "actor": self.actor, "action": self.action,
                "text": self.text}  # fmt: skip


def _extra(entry: AuditEntry) -> tuple[dict, dict]:
    try:
        body = json.loads(entry.payload)
    except ValueError:  # pragma: no cover - the trail's payload is canonical JSON
        return {}, {}
    return body.get("extra") or {}, body.get("changes") or {}


def _names(entries: list[AuditEntry], extra_people: Iterable[int]) -> tuple[dict, dict]:
    """Full names of the people acting (by user id) and of API tokens' owners."""
    from yangguang.accounts.models import ApiToken, User

    person_ids = {int(e.actor_id) for e in entries if e.actor_kind == "person" and e.actor_id}
    person_ids |= {int(p) for p in extra_people if p}
    token_ids = {int(e.actor_id) for e in entries if e.actor_kind == "api" and e.actor_id}
    people = {
        pk: full or username
        for pk, full, username in User.objects.filter(pk__in=person_ids).values_list(
            "pk", "full_name", "username"
        )
    }
    tokens = {
        pk: full or username
        for pk, full, username in ApiToken.objects.filter(pk__in=token_ids).values_list(
            "pk", "user__full_name", "user__username"
        )
    }
    return people, tokens


def _who(entry: AuditEntry, people: dict, tokens: dict) -> str:
    if entry.actor_kind == "person" and entry.actor_id:
        return people.get(int(entry.actor_id), entry.actor_name)
    if entry.actor_kind == "api" and entry.actor_id:
        name = tokens.get(int(entry.actor_id))
        return _("%(name)s (接口)") % {"name": name} if name else entry.actor_name
    return _("系统")


def _label(code: str) -> str:
    found = audit_actions.REGISTRY.get(code)
    if found is None:
        return code
    return found.en if (translation.get_language() or "").startswith("en") else found.zh


def _status(value) -> str:
    try:
        return str(AlertStatus(value).label)
    except ValueError:
        return str(value)


def _text(entry: AuditEntry, alert: Alert, people: dict) -> str:
    extra, changes = _extra(entry)
    code = entry.action
    if code in (actions.ALERT_WITHDRAW.code, actions.ALERT_DISMISS.code):
        return _("理由：%(reason)s") % {"reason": extra.get("reason", "")}
    if code == actions.ALERT_ASSIGN.code:
        who = people.get(extra.get("assignee"), "—")
        return _("指派给 %(name)s") % {"name": who}
    if code == actions.ALERT_ESCALATE.code:
        return _("转入问责案件 #%(pk)s：%(review)s") % {
            "pk": extra.get("accountability", "—"), "review": alert.review,
        }  # fmt: skip
    if code == actions.ALERT_EXPLAIN.code:
        return _("情况说明：%(explanation)s；纠正措施：%(correction)s") % {
            "explanation": alert.explanation, "correction": alert.correction,
        }  # fmt: skip
    if code == actions.ALERT_CLOSE.code:
        return _("审核意见：%(review)s") % {"review": alert.review}
    if code == "meetings.case_close":
        return _("问责结论：%(conclusion)s") % {"conclusion": _conclusion(alert)}
    status = changes.get("status")
    if isinstance(status, list) and len(status) == 2:
        return _("状态：%(before)s → %(after)s") % {
            "before": _status(status[0]), "after": _status(status[1]),
        }  # fmt: skip
    return ""


def _conclusion(alert: Alert) -> str:
    acc = alert.accountability
    return acc.conclusion if acc is not None else ""


def _raised(alert: Alert) -> Line:
    return Line(
        time=alert.detected_at,
        actor=_("系统"),
        action=_("发现预警"),
        text=_("%(rule)s（%(grade)s）") % {
            "rule": alert.get_rule_display(), "grade": alert.get_grade_display(),
        },
    )  # fmt: skip


def histories(alerts: Iterable[Alert], *, language: str | None = None) -> dict[int, list[Line]]:
    """Each alert's history, oldest first (one query for the trail's entries)."""
    alerts = list(alerts)
    if not alerts:
        return {}
    if language is not None:
        with translation.override(language):
            return histories(alerts)
    by_key = {str(a.pk): a for a in alerts}
    acc_of = {str(a.accountability_id): a for a in alerts if a.accountability_id}
    entries = list(
        AuditEntry.objects.filter(
            Q(object_type=ALERT_TYPE, object_id__in=list(by_key))
            | Q(object_type=ACCOUNTABILITY_TYPE, object_id__in=list(acc_of),
                action="meetings.case_close")
        ).order_by("seq")
    )  # fmt: skip
    assignees = []
    for e in entries:
        if e.action == actions.ALERT_ASSIGN.code:
            assignees.append(_extra(e)[0].get("assignee"))
    people, tokens = _names(entries, assignees)
    out: dict[int, list[Line]] = {a.pk: [_raised(a)] for a in alerts}
    for e in entries:
        alert = by_key[e.object_id] if e.object_type == ALERT_TYPE else acc_of[e.object_id]
        out[alert.pk].append(
            Line(e.time, _who(e, people, tokens), _label(e.action), _text(e, alert, people))
        )
    return out


def history(alert: Alert, *, language: str | None = None) -> list[Line]:
    return histories([alert], language=language)[alert.pk]
