"""The office page of the performance scores (``/office/cases/scores/``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from yangguang.cases.models import Alert
from yangguang.cases.models_scores import AppealStatus, EventKind, ScoreAppeal, ScoreSheet
from yangguang.cases.scores.selectors import current_quarter, scores
from yangguang.core import access
from yangguang.core.errors import DomainError


@login_required
def score_page(request):
    user = request.user
    if not access.allows(user, "view"):
        raise PermissionDenied
    sheets = [
        s
        for s in ScoreSheet.objects.select_related("organisation").prefetch_related("items")
        if access.can_in_org(user, "view", s.organisation)
    ]
    chosen = request.GET.get("sheet", "")
    sheet = next((s for s in sheets if str(s.pk) == chosen), sheets[0] if sheets else None)
    quarter = (request.GET.get("quarter") or current_quarter(timezone.now())).strip().upper()
    result, problem = None, ""
    if sheet is not None:
        try:
            result = scores(user=user, sheet=sheet, quarter=quarter)
        except DomainError as exc:
            problem = f"{exc.zh} ({exc.en})"
    kinds = EventKind.choices
    for rows in (result or {}).values():
        for row in rows:
            row.cells = [row.counts.get(k, 0) for k, _ in kinds]
    visible = access.restrict(Alert.objects.all(), user, "view").values("pk")
    appeals = ScoreAppeal.objects.select_related("alert__case", "organisation").filter(
        alert__in=visible, status=AppealStatus.PENDING
    )[:50]
    return render(
        request,
        "cases/scores.html",
        {
            "sheets": sheets, "sheet": sheet, "quarter": quarter, "result": result,
            "problem": problem, "kinds": kinds, "appeals": appeals,
        },
    )  # fmt: skip
