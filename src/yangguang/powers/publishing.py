"""Building a published version from an approved working list (called by
``services.power_list_publish`` inside its transaction)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from yangguang.accounts.models import User
from yangguang.core.context import Actor
from yangguang.powers import moving
from yangguang.powers.models import (
    LEAVING,
    ItemDecision,
    ListStatus,
    PowerItem,
    PowerList,
    PowerListVersion,
    PublishedItem,
)
from yangguang.powers.snapshot import (
    FORMAT,
    canonical,
    effective_decisions,
    item_data,
    items_for_snapshot,
    review_entry,
    search_text,
)


@dataclass(frozen=True)
class Publication:
    version: PowerListVersion
    removed: list[str]  # codes of the items that left the list
    moved: list[moving.Moved]  # items handed over (下放, 转移) or entrusted (委托)
    taken_in: list[str]  # codes of received items this version takes in


def publish(power_list: PowerList, person: User | None, actor: Actor) -> Publication:
    org = power_list.organisation
    actor_name = actor.name
    items = list(
        items_for_snapshot(power_list.items.all())
        .select_related("decision__merge_into", "decision__delegate_body")
        .select_related("decision__transfer_to", "decision__entrust_to")
        .order_by("code")
    )
    effective = effective_decisions(items)
    moving.entrust(items, effective)
    stays = [i for i in items if effective[i.pk][0] not in LEAVING]
    leaves = [i for i in items if effective[i.pk][0] in LEAVING]
    number = (power_list.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    now = timezone.now()
    datas = [item_data(i) for i in stays]
    people = {
        "drafter": power_list.drafter,
        "first_reviewer": power_list.first_reviewer,
        "second_reviewer": power_list.second_reviewer,
    }
    publisher = str(person) if person else actor_name
    document = {
        "format": FORMAT,
        "organisation": {"code": org.code, "name": org.name},
        "version": number,
        "published_at": now,
        "published_by": publisher,  # shown on the public page; the reviewers are not
        "items": datas,
        "review": [review_entry(i, *effective[i.pk]) for i in items],
    }
    text, digest = canonical(document)
    version = PowerListVersion.objects.create(
        power_list=power_list,
        organisation=org,
        number=number,
        published_at=now,
        published_by=person,
        published_by_name=publisher[:150],
        item_count=len(datas),
        snapshot=text,
        sha256=digest,
        **people,
    )
    PublishedItem.objects.bulk_create(
        PublishedItem(
            version=version,
            organisation=org,
            code=d["code"],
            name=d["name"],
            type=i.type,
            parent_code=d["parent_code"],
            data=d,
            search_text=search_text(d),
            sort_order=n,
        )
        for n, (i, d) in enumerate(zip(stays, datas, strict=True), start=1)
    )
    taken_in = moving.settle(version=version, staying={i.pk for i in stays})
    moved = moving.move(actor=actor, version=version, items=items, effective=effective)
    # reopen the working list for the next round
    ItemDecision.objects.filter(item__power_list=power_list).delete()
    PowerItem.objects.filter(pk__in=[i.pk for i in leaves if i.sub]).delete()
    PowerItem.objects.filter(pk__in=[i.pk for i in leaves if not i.sub]).delete()
    PowerList.objects.filter(pk=power_list.pk).update(
        status=ListStatus.DRAFT,
        drafter=None,
        submitted_at=None,
        first_reviewer=None,
        first_reviewed_at=None,
        second_reviewer=None,
        second_reviewed_at=None,
        return_reason="",
    )
    return Publication(
        version=version,
        removed=sorted(i.code for i in leaves),
        moved=moved,
        taken_in=taken_in,
    )
