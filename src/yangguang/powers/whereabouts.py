"""Reads about powers that moved (``PowerMove``): where a power went and since when, the
powers a body exercises because it received them (found by search until its next
published version settles them), the powers entrusted (委托) to a body, and what became
of each item a later version no longer has (its decision, reason and receiving body).

Everything here is public (it follows from published versions)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from yangguang.orgs.models import Organisation, RegionLevel
from yangguang.powers import selectors
from yangguang.powers.models import (
    LEAVING,
    Decision,
    PowerListVersion,
    PowerMove,
    PublishedItem,
)
from yangguang.powers.moving import HANDED_OVER
from yangguang.powers.rounds import decision_text


def level_text(level: str) -> str:
    for value, label in RegionLevel.choices:
        if value == level:
            return str(label).split(" (")[0]
    return level


def _moves() -> QuerySet[PowerMove]:
    return PowerMove.objects.select_related(
        "origin", "receiver", "type", "origin_version", "settled_version"
    )


# --- received powers in force ----------------------------------------------------------


def received_in_force(
    *,
    q: str = "",
    organisation: Organisation | None = None,
    type_code: str | None = None,
) -> QuerySet[PowerMove]:
    """The powers received by a published 下放/转移 that their receiving body exercises
    and has not yet settled in a version of its own, whose name or code (the receiving
    list's or the origin's) contains every word of ``q``."""
    qs = _moves().filter(decision__in=HANDED_OVER, settled_version__isnull=True)
    if organisation is not None:
        qs = qs.filter(receiver=organisation)
    if type_code:
        qs = qs.filter(type__code=type_code)
    for word in (q or "").split()[:10]:
        qs = qs.filter(
            Q(name__icontains=word) | Q(code__icontains=word) | Q(origin_code__icontains=word)
        )
    return qs.order_by("receiver__sort_order", "receiver__code", "code")


def received_item(organisation: Organisation, code: str) -> PowerMove | None:
    """The pending received power ``code`` of ``organisation``, if any."""
    return received_in_force(organisation=organisation).filter(code=code).first()


def pending_receipts(power_list) -> dict[int, PowerMove]:
    """The items of a working list received by a published 下放/转移 that no version of
    the list has settled yet: item pk -> its move."""
    qs = _moves().filter(item__power_list=power_list, settled_version__isnull=True)
    return {m.item_id: m for m in qs}


@dataclass(frozen=True)
class Found:
    """One power in force found by a search: the body exercising it now and its code
    there; ``received`` (the move) while the body has not yet taken it into a version."""

    organisation: Organisation
    code: str
    name: str
    type_name: str
    parent_code: str
    received: PowerMove | None = None

    @property
    def received_from(self) -> Organisation | None:
        return self.received.origin if self.received else None


def powers_in_force(*, q: str, limit: int = 200) -> list[Found]:
    """The powers in force whose name or code contains every word of ``q`` (at most
    ``limit``): the received ones first (at the receiving body), then the published
    items. Refuses an empty ``q`` as ``selectors.powers_in_force`` does."""
    published = selectors.powers_in_force(q=q).select_related("type")
    received = list(received_in_force(q=q)[:limit])
    out = [Found(m.receiver, m.code, m.name, m.type.name, m.parent_code, m) for m in received]
    rest = published[: max(limit - len(out), 0)]
    return out + [Found(p.organisation, p.code, p.name, p.type.name, p.parent_code) for p in rest]


# --- where the powers of a body went, and what it received --------------------------------


@dataclass(frozen=True)
class MoveRow:
    move: PowerMove
    decision: str  # in the page's language
    target: str  # the receiving body (and level) in words
    state: str  # pending / taken in / decided away, in words

    @property
    def since(self) -> Any:
        return self.move.since


def _state(move: PowerMove) -> str:
    if move.decision == Decision.ENTRUST:
        return _("委托实施")
    if move.settled_version_id is None:
        return _("承接单位行使中, 尚未纳入其已发布清单")
    if move.taken_in:
        return _("已纳入承接单位第%(n)s版清单") % {"n": move.settled_version.number}
    return _("承接单位第%(n)s版清单已另作处理") % {"n": move.settled_version.number}


def _target(move: PowerMove) -> str:
    parts = []
    if move.delegate_level:
        parts.append(level_text(move.delegate_level))
    parts.append(move.receiver.name)
    return " ".join(parts)


def _row(move: PowerMove) -> MoveRow:
    return MoveRow(move, decision_text(move.decision), _target(move), _state(move))


def _still_entrusted(move: PowerMove) -> bool:
    """Is the entrusted item still in the origin's latest version, naming the body?"""
    latest = selectors.latest_versions().filter(organisation=move.origin).first()
    if latest is None:
        return False
    data = (
        PublishedItem.objects.filter(version=latest, code=move.origin_code)
        .values_list("data", flat=True)
        .first()
    )
    return bool(data and data.get("entrusted_body") == move.receiver.name)


def moved_out(organisation: Organisation) -> list[MoveRow]:
    """The powers ``organisation`` handed over (下放, 转移), newest first."""
    qs = _moves().filter(origin=organisation, decision__in=HANDED_OVER)
    return [_row(m) for m in qs.order_by("-since", "origin_code")]


def moved_in(organisation: Organisation) -> list[MoveRow]:
    """The powers ``organisation`` received by a published 下放 or 转移, newest first."""
    qs = _moves().filter(receiver=organisation, decision__in=HANDED_OVER)
    return [_row(m) for m in qs.order_by("-since", "code")]


def entrusted_out(organisation: Organisation) -> list[MoveRow]:
    """The powers ``organisation`` entrusts to other bodies (委托), still in force."""
    qs = _moves().filter(origin=organisation, decision=Decision.ENTRUST)
    return [_row(m) for m in qs.order_by("-since", "origin_code") if _still_entrusted(m)]


def entrusted_in(organisation: Organisation) -> list[MoveRow]:
    """The powers other bodies entrust to ``organisation`` (受委托实施), still in force."""
    qs = _moves().filter(receiver=organisation, decision=Decision.ENTRUST)
    return [_row(m) for m in qs.order_by("-since", "origin_code") if _still_entrusted(m)]


def has_moves(organisation: Organisation) -> bool:
    """Does a public page of ``organisation`` have something to say about moved powers
    (so that a body with no published list of its own still has one)?"""
    return PowerMove.objects.filter(Q(receiver=organisation) | Q(origin=organisation)).exists()


def receipt_of(version: PowerListVersion, code: str) -> PowerMove | None:
    """The move that brought item ``code`` of ``version`` to its body, if the item was
    received and taken in by that version or an earlier one."""
    return (
        _moves()
        .filter(
            receiver=version.organisation,
            taken_in=True,
            code=code,
            settled_version__number__lte=version.number,
        )
        .order_by("-since")
        .first()
    )


# --- the removals between two versions ----------------------------------------------------


@dataclass(frozen=True)
class Removal:
    code: str
    name: str
    decision: str  # in the page's language ("" when no decision is recorded)
    reason: str
    basis: str
    target: str  # the receiving body, level or item merged into, in words
    receiver: Organisation | None
    version: int | None  # the version whose round decided it


def _target_text(target: dict[str, Any], bodies: dict[str, Organisation]) -> str:
    parts = []
    if target.get("level"):
        parts.append(level_text(target["level"]))
    if target.get("body"):
        body = bodies.get(target["body"])
        parts.append(body.name if body else target["body"])
    if target.get("item"):
        parts.append(target["item"])
    return " ".join(parts)


def removals(*, old: PowerListVersion, new: PowerListVersion) -> list[Removal]:
    """The items of ``old`` that ``new`` no longer has, each with the decision that took
    it out (from the review entries of the versions after ``old`` up to ``new``), its
    reason, basis and receiving body."""
    before = {d["code"]: d for d in selectors.version_data(old)["items"]}
    after = {d["code"] for d in selectors.version_data(new)["items"]}
    gone = sorted(before.keys() - after)
    if not gone:
        return []
    entries: dict[str, tuple[dict[str, Any], int]] = {}
    between = PowerListVersion.objects.filter(
        power_list=new.power_list, number__gt=old.number, number__lte=new.number
    ).order_by("number")
    for version in between:
        for entry in selectors.version_data(version).get("review", []):
            if entry["code"] in before and entry["decision"] in LEAVING:
                entries.setdefault(entry["code"], (entry, version.number))
    codes = {e["target"].get("body") for e, _n in entries.values()} - {None}
    bodies = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
    out = []
    for code in gone:
        entry, number = entries.get(code, ({}, None))
        target = entry.get("target", {})
        out.append(
            Removal(
                code=code,
                name=before[code]["name"],
                decision=decision_text(entry["decision"]) if entry else "",
                reason=entry.get("reason", ""),
                basis=entry.get("basis", ""),
                target=_target_text(target, bodies),
                receiver=bodies.get(target.get("body", "")),
                version=number,
            )
        )
    return out
