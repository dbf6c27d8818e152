"""Which bodies receive information requests (依申请公开).

The 政府信息公开条例 binds administrative organs (行政机关: people's governments, their
departments, township governments; 第二、十条) and the organisations a law or
regulation authorises to manage public affairs (第五十四条), which the platform keeps
as public institutions (事业单位). It does not bind the party committee (党务公开),
the discipline commission (党务公开 and 监察), village committees (村务公开) or
state-owned enterprises (公共企事业单位 follow their own rules, 第五十五条).

``receiving_q`` is the one rule; the portal's list, the API's list and the service's
refusal all use it.
"""

from __future__ import annotations

from django.db.models import Q

from yangguang.core.errors import DomainError
from yangguang.orgs.models import Organisation, OrgKind

RECEIVING_KINDS = frozenset(
    {OrgKind.GOVERNMENT, OrgKind.DEPARTMENT, OrgKind.TOWNSHIP, OrgKind.PUBLIC_INSTITUTION}
)

# where the openness of the bodies outside the regulation goes instead
ELSEWHERE = {
    OrgKind.PARTY_COMMITTEE: ("党务公开", "party affairs openness"),
    OrgKind.COMMISSION: ("党务公开", "party affairs openness"),
    OrgKind.VILLAGE_COMMITTEE: ("村务公开", "village affairs openness"),
    OrgKind.STATE_ENTERPRISE: (
        "公共企事业单位信息公开",
        "the disclosure rules for public enterprises",
    ),
}


def receiving_q() -> Q:
    """A filter on ``Organisation``: the bodies that receive information requests."""
    return Q(kind__in=sorted(RECEIVING_KINDS))


def receiving_bodies(qs=None):
    qs = Organisation.objects.all() if qs is None else qs
    return qs.filter(receiving_q()).order_by("path")


def require_receiving(org: Organisation) -> None:
    """Refuse (``not_subject_to_regulation``) a body the regulation does not bind."""
    if org.kind in RECEIVING_KINDS:
        return
    where_zh, where_en = ELSEWHERE.get(org.kind, ("其他渠道", "another channel"))
    raise DomainError(
        code="not_subject_to_regulation",
        field="organisation",
        zh=f"{org.name}不适用《中华人民共和国政府信息公开条例》, 不受理政府信息公开申请"
        f"（其信息公开通过{where_zh}）",
        en=f"{org.name} is not bound by the Regulations on the Disclosure of Government "
        f"Information and receives no information requests (its openness goes through "
        f"{where_en})",
    )
