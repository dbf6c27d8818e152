"""The link from a complaint to a case (办件), before and after the cases app exists.

``yangguang.cases`` is being built alongside this app. A complaint keeps the case number
as the reporter typed it, and ``case_ref`` (a plain integer, not a foreign key, so these
migrations never depend on the cases app): the case's primary key, set by
``complaint_submit`` only when the cases app is installed and a case with that number
exists in the organisation concerned. Before then, ``case_ref`` stays empty and the
number is kept as given.
"""

from __future__ import annotations

from django.apps import apps


def cases_installed() -> bool:
    return apps.is_installed("yangguang.cases")


def case_model():
    if not cases_installed():
        return None
    try:
        return apps.get_model("cases", "Case")
    except LookupError:
        return None


def resolve_case(number: str, organisation) -> int | None:
    """The pk of the case ``number`` of ``organisation`` (or its subtree), if any."""
    model = case_model()
    if model is None or not number:
        return None
    fields = {f.name for f in model._meta.get_fields()}
    if "number" not in fields:
        return None
    qs = model._default_manager.filter(number=number)
    if "organisation" in fields:
        qs = qs.filter(organisation__path__startswith=organisation.path)
    return qs.values_list("pk", flat=True).first()


def case_figures() -> dict[int, dict[str, int]] | None:
    """Per organisation id: cases, finished, finished on time (by the statutory deadline,
    or the promised one when shorter) and alerts in force (neither pending nor dismissed);
    None while the cases app (or the fields these figures need) is not there, so the
    statistics page can say so honestly."""
    from django.core.exceptions import FieldError
    from django.db.models import Count, F, Q
    from django.db.models.functions import Coalesce

    model = case_model()
    if model is None:
        return None
    try:
        due = Coalesce(F("promised_deadline"), F("statutory_deadline"))
        rows = model._default_manager.values("organisation_id").annotate(
            total=Count("pk"),
            finished=Count("pk", filter=Q(finished_at__isnull=False)),
            on_time=Count("pk", filter=Q(finished_at__isnull=False, finished_at__lte=due)),
        )
        out = {
            r["organisation_id"]: {
                "total": r["total"],
                "finished": r["finished"],
                "on_time": r["on_time"],
                "alerts": 0,
            }
            for r in rows.order_by()
        }
        alert = apps.get_model("cases", "Alert")
        from yangguang.cases.models import AlertStatus

        # alerts in force only: not those awaiting an inspector's confirmation, nor dismissed
        # ones (as the performance scores count them, ``cases.scores.selectors``)
        in_force = alert._default_manager.exclude(
            status__in=(AlertStatus.PENDING, AlertStatus.DISMISSED)
        )
        for r in in_force.values("organisation_id").annotate(n=Count("pk")).order_by():
            out.setdefault(
                r["organisation_id"], {"total": 0, "finished": 0, "on_time": 0, "alerts": 0}
            )["alerts"] = r["n"]
    except (FieldError, LookupError):
        return None
    return out
