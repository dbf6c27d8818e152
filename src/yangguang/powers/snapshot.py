"""The stable data format of a power item and of a published version.

``item_data(item)`` is the full item with its children, as stored in each
``PublishedItem.data`` and in the version snapshot; the Excel export, the public
catalogue and the version comparison all read this format. Keys never change meaning;
new keys may be added (bump ``FORMAT`` when one is removed or renamed).

A version snapshot::

    {"format": "yangguang.powers/2", "organisation": {"code", "name"}, "version": n,
     "published_at": ISO-8601 UTC, "published_by", "items": [item_data…] (by code),
     "review": [review_entry…] (by code)}

serialised canonically (``yangguang.audit.canonical.dumps``: sorted keys, no spaces,
UTF-8) and hashed with SHA-256. It is what the public downloads (``download.json``), so
it names no one but the publisher, as the public page does (format 2; format 1 also named
the drafter and the reviewers, who stay on the version's row: ``public_snapshot``
leaves them out of such a version's download).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import Prefetch, QuerySet

from yangguang.audit.canonical import dumps, jsonable
from yangguang.powers.models import (
    LEAVING,
    Decision,
    DiscretionBenchmark,
    PowerItem,
)

FORMAT = "yangguang.powers/2"
#: the names format 1 carried that the public page does not show
STAFF_KEYS = ("drafter", "first_reviewer", "second_reviewer")

#: the item fields compared between versions, in display order
COMPARED_FIELDS = (
    "name",
    "implementation_code",
    "type",
    "parent_code",
    "implementing_body",
    "level",
    "entrusted_body",
    "statutory_limit",
    "promised_limit",
    "time_limit_note",
    "acceptance_conditions",
    "counterpart",
    "complaint_channel",
    "disclosure",
    "responsible_post",
    "remarks",
    "legal_bases",
    "materials",
    "fees",
    "responsibilities",
    "accountabilities",
    "benchmarks",
)


def items_for_snapshot(qs: QuerySet[PowerItem]) -> QuerySet[PowerItem]:
    """``qs`` with everything ``item_data`` reads, in few queries."""
    return qs.select_related(
        "type", "parent", "implementing_body", "responsible_post", "decision"
    ).prefetch_related(
        "legal_bases",
        "materials",
        "fees",
        "responsibilities",
        "accountabilities",
        Prefetch("benchmarks", queryset=DiscretionBenchmark.objects.order_by("pk")),
    )


def _limit(value: int | None, unit: str) -> dict[str, Any] | None:
    return None if value is None else {"value": value, "unit": unit}


def item_data(item: PowerItem) -> dict[str, Any]:
    post = item.responsible_post
    body = item.implementing_body
    return {
        "code": item.code,
        "implementation_code": item.implementation_code,
        "name": item.name,
        "main": item.main,
        "sub": item.sub,
        "parent_code": item.parent.code if item.parent_id else "",
        "type": {"code": item.type.code, "name": item.type.name},
        "implementing_body": {"code": body.code, "name": body.name},
        "level": item.level,
        "entrusted_body": item.entrusted_body,
        "statutory_limit": _limit(item.statutory_limit, item.statutory_unit),
        "promised_limit": _limit(item.promised_limit, item.promised_unit),
        "time_limit_note": item.time_limit_note,
        "acceptance_conditions": item.acceptance_conditions,
        "counterpart": item.counterpart,
        "complaint_channel": item.complaint_channel,
        "disclosure": item.disclosure,
        "responsible_post": {"code": post.code, "name": post.name} if post else None,
        "remarks": item.remarks,
        "sort_order": item.sort_order,
        "legal_bases": [
            {"law": b.law, "article": b.article, "text": b.text} for b in item.legal_bases.all()
        ],
        "materials": [
            {
                "name": m.name,
                "required": m.required,
                "form": m.form,
                "source": m.source,
                "copies": m.copies,
            }
            for m in item.materials.all()
        ],
        "fees": [
            {"name": f.name, "standard": f.standard, "basis": f.basis} for f in item.fees.all()
        ],
        "responsibilities": [
            {"stage": r.stage, "duty": r.duty} for r in item.responsibilities.all()
        ],
        "accountabilities": [
            {"description": a.description, "basis": a.basis} for a in item.accountabilities.all()
        ],
        "benchmarks": [
            {
                "grade": b.grade,
                "description": b.description,
                "fine_min": jsonable(b.fine_min),
                "fine_max": jsonable(b.fine_max),
                "other_penalties": b.other_penalties,
                "quantified": b.quantified,
            }
            for b in item.benchmarks.all()
        ],
    }


def _decision_of(item: PowerItem) -> Any:
    try:
        return item.decision
    except PowerItem.decision.RelatedObjectDoesNotExist:
        return None


def effective_decisions(items: list[PowerItem]) -> dict[int, tuple[str, Any]]:
    """item pk -> (decision, its ItemDecision or None). Undecided items are kept; a
    sub-item of a main item that leaves the list leaves with it (same decision)."""
    own = {i.pk: _decision_of(i) for i in items}
    out: dict[int, tuple[str, Any]] = {}
    for item in items:
        d = own[item.pk]
        parent_d = own.get(item.parent_id) if item.parent_id else None
        if parent_d is not None and parent_d.decision in LEAVING:
            out[item.pk] = (parent_d.decision, parent_d)
        else:
            out[item.pk] = (d.decision if d else Decision.KEEP, d)
    return out


def review_entry(item: PowerItem, decision: str, record: Any) -> dict[str, Any]:
    target: dict[str, Any] = {}
    if record is not None:
        if record.delegate_level:
            target["level"] = record.delegate_level
        if record.delegate_body_id:
            target["body"] = record.delegate_body.code
        if record.merge_into_id:
            target["item"] = record.merge_into.code
        if record.transfer_to_id:
            target["body"] = record.transfer_to.code
        if getattr(record, "entrust_to_id", None):
            target["body"] = record.entrust_to.code
    return {
        "code": item.code,
        "name": item.name,
        "parent_code": item.parent.code if item.parent_id else "",
        "decision": decision,
        "inherited": bool(record is not None and record.item_id != item.pk),
        "reason": record.reason if record is not None else "",
        "basis": record.basis if record is not None else "",
        "target": target,
    }


def search_text(data: dict[str, Any]) -> str:
    parts = [data["code"], data["name"], data["type"]["name"], data["implementing_body"]["name"]]
    parts += [f"{b['law']}{b['article']}" for b in data["legal_bases"]]
    return " ".join(p for p in parts if p)


def public_snapshot(text: str) -> str:
    """A version's snapshot as the public downloads it: as stored (its SHA-256 the
    published digest), or for a format-1 version, without the staff's names (a digest of
    its own then)."""
    import json

    document = json.loads(text)
    if not any(key in document for key in STAFF_KEYS):
        return text
    return canonical({k: v for k, v in document.items() if k not in STAFF_KEYS})[0]


def canonical(snapshot: dict[str, Any]) -> tuple[str, str]:
    """The canonical JSON text of ``snapshot`` and its SHA-256 (hex)."""
    text = dumps(jsonable(snapshot))
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()
