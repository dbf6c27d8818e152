"""Cadre vetting (纪委意见表): which integrity records veto or delay a promotion.

Built-in kinds, from the commission's rules: under investigation (立案审查) and within a
disciplinary-sanction period (处分影响期) veto; within an organisational-handling period
(组织处理影响期) or while a report about the person is being verified (信访举报核查中)
delay. An open accountability case naming the person vetoes. Further kinds are
configured as ``VetoRule`` rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q

from yangguang.meetings import models as m


@dataclass(frozen=True)
class Kind:
    code: str
    zh: str
    en: str
    effect: str  # "veto" or "delay"


BUILTIN: dict[str, Kind] = {
    k.code: k
    for k in (
        Kind("investigation", "立案审查", "under investigation", m.RuleEffect.VETO),
        Kind("sanction", "处分影响期", "within a disciplinary-sanction period", m.RuleEffect.VETO),
        Kind(
            "organisational",
            "组织处理影响期",
            "within an organisational-handling period",
            m.RuleEffect.DELAY,
        ),
        Kind("petition", "信访举报核查中", "a report is being verified", m.RuleEffect.DELAY),
    )
}
ACCOUNTABILITY = Kind(
    "accountability", "问责案件办理中", "an accountability case is open", m.RuleEffect.VETO
)


def kinds() -> dict[str, Kind]:
    """Every kind of integrity record in force: built in and configured."""
    out = dict(BUILTIN)
    for rule in m.VetoRule.objects.filter(active=True):
        out.setdefault(rule.code, Kind(rule.code, rule.name, rule.name, rule.effect))
    return out


@dataclass(frozen=True)
class Ground:
    code: str
    zh: str
    en: str
    effect: str
    source: str

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "effect": self.effect, "source": self.source}


def screen(person, on: datetime.date) -> list[Ground]:
    """The grounds that veto or delay promoting ``person`` on ``on``."""
    known = kinds()
    grounds: list[Ground] = []
    records = m.IntegrityRecord.objects.filter(person=person, start__lte=on).filter(
        Q(end__isnull=True) | Q(end__gte=on)
    )
    for rec in records.order_by("start", "pk"):
        kind = known.get(rec.kind)
        if kind is not None:
            grounds.append(Ground(kind.code, kind.zh, kind.en, kind.effect, rec.source))
    for case in m.AccountabilityCase.objects.filter(
        persons=person, status=m.CaseStatus.OPEN, opened_on__lte=on
    ):
        grounds.append(
            Ground(
                ACCOUNTABILITY.code,
                ACCOUNTABILITY.zh,
                ACCOUNTABILITY.en,
                ACCOUNTABILITY.effect,
                f"问责案件 #{case.pk}",
            )
        )
    return grounds
