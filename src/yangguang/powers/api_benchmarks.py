"""API: the discretion benchmarks (自由裁量权基准) of a penalty item and the check of a
proposed fine against them (``/api/v1/powers/lists/{org}/items/{code}/…``).

Which item: the one in force, that is item ``code`` of the latest published version of
the organisation's list (``selectors.item_in_force``), the same benchmarks the public
item page shows; a draft's changes count only once published. An unknown organisation,
or an item not in the version in force, is 404; a non-penalty item, an unknown grade or
a bad amount 400, each with the bilingual error body. Both paths only read published
data: the benchmarks are public, the check needs a signed-in person or a token."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Router, Schema, Status

from yangguang.api import ANY_AUTH, STAFF_AUTH, ErrorOut
from yangguang.core.errors import DomainError
from yangguang.orgs.models import Organisation
from yangguang.powers import selectors

router = Router(tags=["powers"])

GradeCode = Literal["slight", "ordinary", "serious", "grave"]


class BenchmarkOut(Schema):
    grade: GradeCode
    description: str
    min: int | float | None
    max: int | float | None
    other_penalties: str
    quantified: bool


class PenaltyCheckIn(Schema):
    grade: Any = None
    amount: Any = None


class PenaltyCheckOut(Schema):
    within: bool
    min: int | float | None
    max: int | float | None
    message: str


def _not_found(zh: str, en: str, field: str) -> Status:
    return Status(404, DomainError(code="not_found", field=field, zh=zh, en=en).as_dict())


def _item(org: str, code: str) -> selectors.ItemInForce | Status:
    organisation = Organisation.objects.filter(code=org).first()
    if organisation is None:
        return _not_found(f"未找到单位 {org}", f"no organisation {org}", "org")
    item = selectors.item_in_force(organisation=organisation, code=code)
    if item is None:
        return _not_found(
            f"“{organisation.name}”现行发布的权力清单中没有事项 {code}",
            f"the list in force of {org} has no item {code}",
            "code",
        )
    return item


@router.get(
    "/lists/{org}/items/{code}/benchmarks",
    response={200: list[BenchmarkOut], 400: ErrorOut, 404: ErrorOut},
    auth=ANY_AUTH,
    summary="Discretion benchmarks of a penalty item",
)
def item_benchmarks(request, org: str, code: str):
    """The benchmarks of penalty item ``code`` in force (the organisation's latest
    published version): per grade (slight, ordinary, serious, grave) the circumstances,
    the fine range in yuan (``min``/``max``, null where no fine), other penalties, and
    whether the range is broken down (``quantified`` false: 未细化, the lower bound
    applies)."""
    item = _item(org, code)
    if isinstance(item, Status):
        return item
    try:
        selectors.require_penalty(item)
    except DomainError as exc:
        return Status(400, exc.as_dict())
    return [b.as_api() for b in item.benchmarks]


@router.post(
    "/lists/{org}/items/{code}/penalty-check",
    response={200: PenaltyCheckOut, 400: ErrorOut, 404: ErrorOut},
    auth=STAFF_AUTH,
    summary="Check a fine against the benchmark",
)
def item_penalty_check(request, org: str, code: str, body: PenaltyCheckIn):
    """Whether ``amount`` (yuan) is within the benchmark in force of ``grade`` for
    penalty item ``code``, the range that applies and why (``message``, Chinese and
    English), by the one rule of ``powers.selectors.penalty_check``."""
    item = _item(org, code)
    if isinstance(item, Status):
        return item
    try:
        selectors.require_penalty(item)
        if body.grade is None or body.amount is None:
            missing = "grade" if body.grade is None else "amount"
            raise DomainError(
                code="required",
                field=missing,
                zh="请填写违法情节等级(grade)和罚款金额(amount)",
                en=f"{missing} is required (grade and amount)",
            )
        check = selectors.penalty_check(power=item, circumstance=body.grade, amount=body.amount)
    except DomainError as exc:
        return Status(400, exc.as_dict())
    return check.as_api()
