"""Everything a batch of case events refers to, loaded with a fixed number of queries
whatever the batch's size: the cases named (locked), their steps, pauses and alerts,
the powers and their published flowcharts, the people and their post holdings, the
supervision rules and the calendars. The simulation (``sim.py``) then runs on these
objects in memory."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Q

from yangguang.accounts.models import User
from yangguang.cases import rules
from yangguang.cases.common import engine_of
from yangguang.cases.models import Alert, Case, CaseNumberSequence, Pause, Step
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import PermissionDeniedError
from yangguang.flows.models import ProcessModel, ProcessStatus
from yangguang.orgs.models import Post, PostHolding
from yangguang.powers.models import PowerItem
from yangguang.workdays.core import SHANGHAI
from yangguang.workdays.selectors import current_calendar

#: sorts steps not yet stored after the stored ones, in the order they were opened
UNSAVED = 1 << 62


def _texts(events: Sequence[Any], *names: str) -> set[str]:
    out: set[str] = set()
    for ev in events:
        if isinstance(ev, Mapping):
            for name in names:
                value = ev.get(name)
                if isinstance(value, str) and value.strip():
                    out.add(value.strip())
    return out


def _years(events: Sequence[Any], world: World):
    """The (organisation, year) number rows the create events may draw from (read once
    the powers are loaded)."""

    def wanted() -> set[tuple[int, int]]:
        out: set[tuple[int, int]] = set()
        for ev in events:
            if not isinstance(ev, Mapping) or ev.get("type") != "create":
                continue
            try:
                year = datetime.datetime.fromisoformat(str(ev.get("at")).strip())
                year = year.astimezone(SHANGHAI).year
            except (ValueError, TypeError, OverflowError):
                continue
            for power in world.powers.get(str(ev.get("power", "")).strip(), ()):
                out.add((power.power_list.organisation_id, year))
        return out

    return wanted


def scoped(actor: Actor, qs):
    """``qs`` cut down to what the actor may operate on (the system: everything)."""
    if actor.kind == "system":
        return qs
    if actor.user is None:
        raise PermissionDeniedError()
    return access.restrict(qs, actor.user, "operate")


class World:
    """What a batch refers to. Built by ``for_events`` (a batch of pushed events) or, for
    the case services (a batch of one), by ``for_case`` and ``for_power``."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor

    @classmethod
    def for_events(cls, actor: Actor, events: Sequence[Any]) -> World:
        """Everything the events name: their cases (by external id), the powers of their
        create events (in the actor's scope), the people by login."""
        world = cls(actor)
        cases = Case.objects.filter(external_id__in=_texts(events, "case"))
        codes = _texts(events, "power")
        powers = (
            list(
                scoped(actor, PowerItem.objects.filter(code__in=codes)).select_related(
                    "power_list__organisation"
                )
            )
            if codes
            else []
        )
        logins = _texts(events, "by", "received_by")
        people = list(User.objects.filter(username__in=logins, is_active=True))
        world._load(cases, powers, people, _years(events, world))
        return world

    @classmethod
    def for_case(cls, actor: Actor, case_id: int, people: Sequence[User | None] = ()) -> World:
        """One stored case (locked) and the people an event on it names."""
        world = cls(actor)
        world._load(Case.objects.filter(pk=case_id), [], people, lambda: set())
        return world

    @classmethod
    def for_power(
        cls, actor: Actor, power: PowerItem, year: int, people: Sequence[User | None] = (),
        external_id: str = "",
    ) -> World:  # fmt: skip
        """A case about to be registered for ``power`` in ``year`` (Asia/Shanghai): the
        power, its flowchart, the number row of the year (locked), the people named and
        the cases already holding ``external_id``."""
        world = cls(actor)
        cases = Case.objects.filter(external_id=external_id) if external_id else Case.objects.none()
        org_id = power.power_list.organisation_id
        world._load(cases, [power], people, lambda: {(org_id, year)})
        return world

    def _load(self, cases, powers: list[PowerItem], people, wanted) -> None:
        actor = self.actor
        # the cases named, locked for the batch (ordered: no deadlock between batches)
        rows = list(
            cases.select_related("organisation", "process")
            .select_for_update(of=("self",))
            .order_by("pk")
        )
        self.in_scope: set[int] = (
            set(
                scoped(actor, Case.objects.filter(pk__in=[c.pk for c in rows])).values_list(
                    "pk", flat=True
                )
            )
            if rows
            else set()
        )
        self.by_external: dict[str, list[Case]] = defaultdict(list)
        self.by_pk: dict[int, Case] = {}
        for case in rows:
            self.by_external[case.external_id].append(case)
            self.by_pk[case.pk] = case
            case._b_steps, case._b_pauses, case._b_new = [], [], False
        ids = [c.pk for c in rows]
        by_pk = self.by_pk
        self.alert_keys: set[tuple] = set()
        if ids:
            steps = {}
            for step in Step.objects.filter(case_id__in=ids).order_by("activated_at", "pk"):
                step._b_order = step.pk
                step.case = by_pk[step.case_id]
                steps[step.pk] = step
                by_pk[step.case_id]._b_steps.append(step)
            for pause in Pause.objects.filter(case_id__in=ids).order_by("pk"):
                pause.step = steps.get(pause.step_id)  # the same object the events change
                by_pk[pause.case_id]._b_pauses.append(pause)
            self.alert_keys = {
                (case_id, scope, rule)
                for case_id, scope, rule in Alert.objects.filter(case_id__in=ids).values_list(
                    "case_id", "scope", "rule"
                )
            }
        # powers named by create events, in the actor's scope, and their flowcharts
        self.powers: dict[str, list[PowerItem]] = defaultdict(list)
        for power in powers:
            self.powers[power.code].append(power)
        power_ids = [p.pk for p in powers]
        self.published: dict[int, ProcessModel] = {}
        if power_ids:
            for process in ProcessModel.objects.filter(
                power_id__in=power_ids, status=ProcessStatus.PUBLISHED
            ).order_by("version"):
                self.published[process.power_id] = process  # the highest version wins
        # the people named, and what they held
        self.people: dict[str, User] = {u.username: u for u in people if u is not None}
        processes = [c.process for c in rows] + list(self.published.values())
        post_ids = {
            n.post_id
            for p in {p.pk: p for p in processes}.values()
            for n in engine_of(p)[0].nodes.values()
            if n.post_id
        }
        self.posts: dict[int, Post] = (
            {p.pk: p for p in Post.objects.filter(pk__in=post_ids)} if post_ids else {}
        )
        self.holdings: dict[tuple[int, int], list[tuple]] = defaultdict(list)
        if post_ids and self.people:
            for user_id, post_id, start, end in PostHolding.objects.filter(
                user_id__in=[u.pk for u in self.people.values()], post_id__in=post_ids
            ).values_list("user_id", "post_id", "start", "end"):
                self.holdings[(user_id, post_id)].append((start, end))
        self.sequences = self._lock_sequences(wanted())
        orgs = {c.organisation_id for c in rows} | {
            p.power_list.organisation_id for ps in self.powers.values() for p in ps
        }
        self.rules = rules.Resolver(orgs)
        self._calendars: dict[int, Any] = {}
        self._may_operate: dict[int, bool] = {}

    def _lock_sequences(
        self, wanted: set[tuple[int, int]]
    ) -> dict[tuple[int, int], CaseNumberSequence]:
        """The case-number rows (organisation, year) the batch may draw from, locked in a
        fixed order (so two batches never wait for each other crosswise)."""
        out = {}
        for org_id, year in sorted(wanted):
            CaseNumberSequence.objects.get_or_create(organisation_id=org_id, year=year)
        if wanted:
            q = Q()
            for org_id, year in wanted:
                q |= Q(organisation_id=org_id, year=year)
            for seq in CaseNumberSequence.objects.select_for_update().filter(q).order_by("pk"):
                out[(seq.organisation_id, seq.year)] = seq
        return out

    # --- questions the simulation asks ----------------------------------------------

    def calendar(self, case: Case):
        org = case.organisation
        cal = self._calendars.get(org.pk)
        if cal is None:
            cal = self._calendars[org.pk] = current_calendar(org)
        return cal

    def may_operate(self, org) -> bool:
        if self.actor.kind == "system":
            return True
        found = self._may_operate.get(org.pk)
        if found is None:
            user = self.actor.user
            found = user is not None and access.can_in_org(user, "operate", org)
            self._may_operate[org.pk] = found
        return found

    def require_operate(self, case: Case) -> None:
        if not self.may_operate(case.organisation):
            raise PermissionDeniedError()

    def holds_post(self, user: User, post_id: int, at: datetime.datetime) -> bool:
        day = at.astimezone(SHANGHAI).date()
        return any(
            start <= day and (end is None or end >= day)
            for start, end in self.holdings.get((user.pk, post_id), ())
        )
