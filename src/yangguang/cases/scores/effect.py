"""An appeal decided, with what it did to the scores: the department's and the
responsible person's score in the quarter of the alert, before and after (an upheld
appeal takes the alert out of the count, so a capped item may restore less than the
alert's points, or nothing). Pages and the API both decide through here."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from yangguang.cases.models_scores import ScoreAppeal
from yangguang.cases.scores.selectors import quarter_of, scores
from yangguang.cases.services import score_appeal_decide
from yangguang.core.context import Actor


@dataclass(frozen=True)
class Effect:
    quarter: str
    department_before: Decimal | None
    department_after: Decimal | None
    person_before: Decimal | None
    person_after: Decimal | None

    @property
    def department_change(self) -> Decimal | None:
        if self.department_before is None or self.department_after is None:
            return None
        return self.department_after - self.department_before

    @property
    def person_change(self) -> Decimal | None:
        if self.person_before is None or self.person_after is None:
            return None
        return self.person_after - self.person_before


def _now(user, appeal: ScoreAppeal, quarter: str) -> tuple[Decimal | None, Decimal | None]:
    alert = appeal.alert
    result = scores(user=user, quarter=quarter, organisation=alert.organisation)
    dept = next((r for r in result["departments"] if r.org_id == alert.organisation_id), None)
    person = next((r for r in result["people"] if r.key == alert.responsible_id), None)
    return (dept.score if dept else None), (person.score if person else None)


def appeal_decide_with_effect(
    *, actor: Actor, user, appeal: ScoreAppeal, upheld: bool, decision: str
) -> tuple[ScoreAppeal, Effect]:
    """``score_appeal_decide``, and the scores of the alert's quarter (as ``user`` sees
    them) before and after."""
    quarter = quarter_of(appeal.alert.detected_at)
    dept_before, person_before = _now(user, appeal, quarter)
    appeal = score_appeal_decide(actor=actor, appeal=appeal, upheld=upheld, decision=decision)
    dept_after, person_after = _now(user, appeal, quarter)
    return appeal, Effect(quarter, dept_before, dept_after, person_before, person_after)
