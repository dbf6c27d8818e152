"""Powers that move at a publication (called by ``publishing.publish`` inside the
``power_list_publish`` service's transaction).

* 下放 (delegate, to a named body) and 转移 (transfer): the item (with its sub-items and
  details) leaves the publishing body's list and is created in the receiving body's
  working list, marked as received (a ``PowerMove`` names its origin, the decision, the
  reason and basis, and the publication it dates from). A body without a list gets one.
  From that publication the receiving body exercises the power; it is found there as a
  received power until the receiving body's next published version settles it (takes it
  in, or decides it away again).
* 委托 (entrust): the power stays with the publishing body; the item names the 受委托组织
  (``entrusted_body``) and a ``PowerMove`` without a received item records it for the
  entrusted body's public page.

Every item created in another body's list has its own audit entry in that body's trail
(``power.item_receive``; a list created for it: ``power.list_create``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Max

from yangguang.audit.services import AuditRecord, audit_record_many, diff, snapshot
from yangguang.core.context import Actor
from yangguang.orgs.models import Organisation
from yangguang.powers import actions, codes
from yangguang.powers.models import (
    AccountabilityCircumstance,
    Decision,
    DiscretionBenchmark,
    Fee,
    LegalBasis,
    Material,
    PowerItem,
    PowerList,
    PowerListVersion,
    PowerMove,
    ResponsibilityItem,
)
from yangguang.powers.services._base import ITEM_FIELDS, LIST_FIELDS
from yangguang.powers.snapshot import item_data, items_for_snapshot, search_text

#: decisions that hand the item to another body's list
HANDED_OVER = (Decision.DELEGATE, Decision.TRANSFER)
_DETAILS = (
    (LegalBasis, "legal_bases", ("law", "article", "text", "sort_order")),
    (Material, "materials", ("name", "required", "form", "source", "copies", "sort_order")),
    (Fee, "fees", ("name", "standard", "basis", "sort_order")),
    (ResponsibilityItem, "responsibilities", ("stage", "duty", "sort_order")),
    (AccountabilityCircumstance, "accountabilities", ("description", "basis", "sort_order")),
)
_BENCHMARK = ("grade", "description", "fine_min", "fine_max", "other_penalties", "quantified")


def receiver_of(record: Any) -> Organisation | None:
    """The body a decision hands its item to (or entrusts it to), if any."""
    if record is None:
        return None
    if record.decision == Decision.DELEGATE:
        return record.delegate_body
    if record.decision == Decision.TRANSFER:
        return record.transfer_to
    if record.decision == Decision.ENTRUST:
        return record.entrust_to
    return None


def entrust(items: list[PowerItem], effective: dict[int, tuple[str, Any]]) -> None:
    """Before the version is built: an item decided 委托 (and its sub-items) names the
    受委托组织 in the working list, so the version publishes it."""
    records = {i.pk: rec for i in items for d, rec in [effective[i.pk]] if d == Decision.ENTRUST}
    for item in items:
        record = records.get(item.pk) or records.get(item.parent_id or 0)
        if record is None or record.entrust_to_id is None:
            continue
        name = record.entrust_to.name
        if item.entrusted_body != name:
            item.entrusted_body = name
            PowerItem.objects.filter(pk=item.pk).update(entrusted_body=name)


@dataclass
class _Target:
    """A receiving body's working list during one publication."""

    org: Organisation
    power_list: PowerList
    created: bool
    mains: dict[str, int]  # type code -> highest main number in use

    def code_for(self, item: PowerItem) -> tuple[str, int]:
        """A main-item code of the item's type free in this list (the same main number if
        free, else the next one), in the list's code scheme, and its main number."""
        type_code, main = item.type.code, item.main
        if self.power_list.items.filter(type__code=type_code, main=main).exists():
            main = self.mains.get(type_code, 0) + 1
        self.mains[type_code] = max(self.mains.get(type_code, 0), main)
        return codes.format_code(type=type_code, main=main, scheme=self.scheme), main

    @property
    def scheme(self) -> codes.Scheme:
        return codes.scheme_of(self.power_list)


def _target(org: Organisation, cache: dict[int, _Target]) -> _Target:
    if org.pk in cache:
        return cache[org.pk]
    power_list = PowerList.objects.select_for_update().filter(organisation=org).first()
    created = power_list is None
    if created:
        power_list = PowerList.objects.create(organisation=org)
    power_list.organisation = org
    mains: dict[str, int] = {}
    for row in power_list.items.values("type__code").annotate(m=Max("main")):
        mains[row["type__code"]] = row["m"]
    cache[org.pk] = _Target(org, power_list, created, mains)
    return cache[org.pk]


def _copy(item: PowerItem, target: _Target, code: str, main: int, sub: int, parent, record):
    copy = PowerItem.objects.create(
        power_list=target.power_list,
        parent=parent,
        code=code,
        implementation_code=item.implementation_code,
        main=main,
        sub=sub,
        name=item.name,
        type=item.type,
        implementing_body=target.org,
        level=record.delegate_level or item.level,
        entrusted_body="",
        statutory_limit=item.statutory_limit,
        statutory_unit=item.statutory_unit,
        promised_limit=item.promised_limit,
        promised_unit=item.promised_unit,
        time_limit_note=item.time_limit_note,
        acceptance_conditions=item.acceptance_conditions,
        counterpart=item.counterpart,
        complaint_channel=item.complaint_channel,
        disclosure=item.disclosure,
        responsible_post=None,  # the origin's post is not the receiver's
        remarks=item.remarks,
        sort_order=target.power_list.items.count() + 1,
    )
    for model, related, fields in _DETAILS:
        model.objects.bulk_create(
            model(item=copy, **{f: getattr(d, f) for f in fields})
            for d in getattr(item, related).all()
        )
    DiscretionBenchmark.objects.bulk_create(
        DiscretionBenchmark(power=copy, **{f: getattr(b, f) for f in _BENCHMARK})
        for b in item.benchmarks.all()
    )
    return copy


@dataclass(frozen=True)
class Moved:
    code: str  # at the origin
    decision: str
    receiver: str  # the receiving body's code
    received_code: str  # in the receiver's list ("" for 委托)


def move(
    *,
    actor: Actor,
    version: PowerListVersion,
    items: list[PowerItem],
    effective: dict[int, tuple[str, Any]],
) -> list[Moved]:
    """After the version is built: hand over the items decided 下放 (to a body) or 转移,
    record the 委托, and write the receiving bodies' audit entries."""
    org = version.organisation
    cache: dict[int, _Target] = {}
    records: list[AuditRecord] = []
    out: list[Moved] = []
    new_codes: dict[int, tuple[PowerItem, int]] = {}  # origin main pk -> its copy, main number
    # main items first, so that a sub-item that goes with its main item finds it
    for item in sorted(items, key=lambda i: (i.sub > 0, i.code)):
        decision, record = effective[item.pk]
        receiver = receiver_of(record)
        if receiver is None or decision not in {*HANDED_OVER, Decision.ENTRUST}:
            continue
        common = {
            "origin": org,
            "origin_version": version,
            "origin_code": item.code,
            "name": item.name,
            "type": item.type,
            "decision": decision,
            "reason": record.reason,
            "basis": record.basis,
            "delegate_level": record.delegate_level,
            "receiver": receiver,
            "since": version.published_at,
        }
        if decision == Decision.ENTRUST:
            if record.item_id == item.pk:  # the sub-items are entrusted with their main item
                data = item_data(item)
                PowerMove.objects.create(
                    **common, data=data, search_text=search_text(data), taken_in=False
                )
                out.append(Moved(item.code, decision, receiver.code, ""))
            continue
        target = _target(receiver, cache)
        with_main = item.sub and record.item_id != item.pk and item.parent_id in new_codes
        if with_main:
            parent, main = new_codes[item.parent_id]
            sub = item.sub
            code = codes.format_code(type=item.type.code, main=main, sub=sub, scheme=target.scheme)
        else:  # a main item, or a sub-item moved alone (a main item in the receiving list)
            parent, sub = None, 0
            code, main = target.code_for(item)
        copy = _copy(item, target, code, main, sub, parent, record)
        if not item.sub:
            new_codes[item.pk] = (copy, main)
        full = items_for_snapshot(PowerItem.objects.filter(pk=copy.pk)).get()
        data = item_data(full)
        PowerMove.objects.create(
            **common,
            item=copy,
            code=code,
            parent_code=parent.code if parent else "",
            data=data,
            search_text=search_text(data) + f" {item.code}",
        )
        records.append(
            AuditRecord(
                actions.ITEM_RECEIVE,
                copy,
                None,
                None,
                receiver.pk,
                diff(None, snapshot(copy, ITEM_FIELDS)),
                {
                    "from": org.code,
                    "origin_code": item.code,
                    "decision": decision,
                    "version": version.number,
                    "reason": record.reason,
                    "basis": record.basis,
                },
            )
        )
        out.append(Moved(item.code, decision, receiver.code, code))
    created = [
        AuditRecord(
            actions.LIST_CREATE,
            t.power_list,
            None,
            None,
            t.org.pk,
            diff(None, snapshot(t.power_list, LIST_FIELDS)),
            {"for_received_from": org.code},
        )
        for t in cache.values()
        if t.created
    ]
    audit_record_many(actor=actor, records=created + records)
    return out


def settle(*, version: PowerListVersion, staying: set[int]) -> list[str]:
    """The received powers of the publishing body that this version settles: taken in
    when their item stays in the list, otherwise decided away. The codes taken in."""
    pending = PowerMove.objects.filter(
        receiver=version.organisation, decision__in=HANDED_OVER, settled_version__isnull=True
    )
    taken = []
    for moved in pending:
        moved.settled_version = version
        moved.taken_in = moved.item_id in staying
        moved.save(update_fields=["settled_version", "taken_in"])
        if moved.taken_in:
            taken.append(moved.code)
    return sorted(taken)
