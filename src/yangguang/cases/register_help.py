"""Why the registering form offers no power, and what to do (the README's ``czj.clerk``:
no power of 财政局 has a published flowchart, so nothing can be registered).

A case runs on its power's published flowchart; a power is offered only when it has one
and the person operates in its organisation. When none is offered, the page says which
powers of the person's organisations lack a published flowchart (and whether a draft is
on its way), or that the organisation has no power list yet, with links to the pages
where that is put right and to who may do it."""

from __future__ import annotations

from dataclasses import dataclass, field

from yangguang.core import access
from yangguang.flows import rules
from yangguang.flows.models import ProcessModel, ProcessStatus
from yangguang.orgs.models import Organisation
from yangguang.powers.models import PowerItem

SHOWN = 10


@dataclass
class Missing:
    """Powers of the person's organisations without a published flowchart."""

    organisations: list[Organisation]
    powers: list[tuple[PowerItem, ProcessModel | None]] = field(default_factory=list)
    count: int = 0  # all of them (``powers`` lists the first ``SHOWN``)
    may_edit: bool = False  # may the person draw and publish flowcharts there?

    @property
    def more(self) -> int:
        return max(self.count - len(self.powers), 0)


def why_empty(user) -> Missing:
    orgs = [
        o
        for o in access.restrict(Organisation.objects.order_by("path"), user, "operate")
        if access.can_in_org(user, "operate", o)
    ]
    root = access.scope_root(user)
    if root is not None:
        orgs = [o for o in orgs if o.path.startswith(root.path)]
    published = ProcessModel.objects.filter(status=ProcessStatus.PUBLISHED).values("power_id")
    powers = (
        PowerItem.objects.filter(power_list__organisation__in=orgs)
        .exclude(pk__in=published)
        .select_related("power_list__organisation")
        .order_by("power_list__organisation__path", "code")
    )
    drafts = {
        p.power_id: p
        for p in ProcessModel.objects.filter(power__in=powers, status=ProcessStatus.DRAFT).order_by(
            "version"
        )
    }
    shown = list(powers[:SHOWN])
    return Missing(
        organisations=orgs[:SHOWN],
        powers=[(p, drafts.get(p.pk)) for p in shown],
        count=powers.count(),
        may_edit=any(rules.is_editor(user, o) for o in orgs),
    )
