"""Demo power lists (权责清单): every department's list, built through the services from
the templates in ``data/powers.py``, reviewed and published as version 1; the market
regulator's list then goes through a second round with real decisions (cancel, delegate,
merge, transfer, adjust) and is published as version 2, so the review report has figures
(its delegation to 清水镇 and its transfer to the administrative approval bureau put those
powers in the receiving bodies' lists); the administrative approval bureau's second round
is left waiting in second review."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING

from yangguang.core.context import Actor
from yangguang.demo.data import county
from yangguang.demo.data import powers as data
from yangguang.powers import services as s
from yangguang.powers.codes import DEFAULT_TYPES, format_code
from yangguang.powers.models import PowerItem, PowerList, PowerType

if TYPE_CHECKING:
    from yangguang.demo.loader import Loaded

ACTOR = Actor.system("demo")
SECOND_REVIEWER = "zf.changwu"  # a leader of the county government (a higher body)
LEGAL_OFFICE = "orgadmin"  # the county government's organisation administrator
COUNTERPART = "自然人、法人、其他组织"
COMPLAINTS = "12345政务服务热线; 阳光县司法局行政执法监督科; 阳光县纪委监委"


def _limits(type_: str) -> dict:
    if type_ == "XK":
        return {
            "statutory_limit": 20,
            "statutory_unit": "working_days",
            "promised_limit": 5,
            "promised_unit": "working_days",
        }
    if type_ == "CF":
        return {"statutory_limit": 90, "statutory_unit": "calendar_days"}
    if type_ in ("QR", "JF", "CJ"):
        return {"statutory_limit": 30, "statutory_unit": "working_days"}
    return {}


def _benchmarks(item: PowerItem, low: int, high: int) -> None:
    span = Decimal(high - low)
    first = Decimal(low) + (span * Decimal("0.3")).quantize(Decimal("1"))
    second = Decimal(low) + (span * Decimal("0.7")).quantize(Decimal("1"))
    s.benchmark_add(
        actor=ACTOR,
        power=item,
        grade="slight",
        description="初次违法且危害后果轻微并及时改正的",
        other_penalties="不予行政处罚, 责令改正",
    )
    s.benchmark_add(
        actor=ACTOR,
        power=item,
        grade="ordinary",
        description="违法情节一般, 主动消除或减轻危害后果的",
        fine_min=low,
        fine_max=first,
    )
    s.benchmark_add(
        actor=ACTOR,
        power=item,
        grade="serious",
        description="违法情节较重, 或经责令改正拒不改正的",
        fine_min=first,
        fine_max=second,
    )
    s.benchmark_add(
        actor=ACTOR,
        power=item,
        grade="grave",
        description="违法情节严重, 造成严重后果或恶劣社会影响的(未细化)",
        fine_min=second,
        fine_max=high,
        other_penalties="并处没收违法所得",
        quantified=False,
    )


def _build_list(out: Loaded, code: str) -> PowerList:
    org = out.orgs[code]
    power_list = s.power_list_create(actor=ACTOR, organisation=org)
    posts = [p for p in out.posts if p.organisation_id == org.pk]
    numbers: Counter[str] = Counter()
    for n, (type_, name, law, article, subs, fine) in enumerate(data.POWERS[code]):
        numbers[type_] += 1
        main = numbers[type_]
        item = s.power_item_create(
            actor=ACTOR,
            power_list=power_list,
            code=format_code(type=type_, main=main),
            name=name,
            type=type_,
            responsible_post=posts[n % len(posts)] if posts else None,
            counterpart=COUNTERPART,
            complaint_channel=COMPLAINTS,
            acceptance_conditions="申请材料齐全、符合法定形式" if type_ == "XK" else "",
            **_limits(type_),
        )
        s.legal_basis_add(
            actor=ACTOR, item=item, law=law, article=article, text=f"依据{law}{article}的规定。"
        )
        for stage, duty in data.STAGES.get(type_, data.STAGES_OTHER):
            s.responsibility_add(actor=ACTOR, item=item, stage=stage, duty=duty)
        for description in data.ACCOUNTABILITY.get(type_, data.ACCOUNTABILITY_OTHER)[:3]:
            s.accountability_add(
                actor=ACTOR, item=item, description=description, basis=data.ACCOUNTABILITY_BASIS
            )
        if type_ == "XK":
            s.material_add(actor=ACTOR, item=item, name=f"{name}申请书", source="申请人自备")
            s.material_add(
                actor=ACTOR,
                item=item,
                name="营业执照或身份证明",
                form="electronic",
                source="政府部门核发",
            )
        if fine is not None:
            _benchmarks(item, *fine)
        for sub, phase in enumerate(subs, start=1):
            s.power_item_create(
                actor=ACTOR,
                power_list=power_list,
                parent=item,
                code=format_code(type=type_, main=main, sub=sub),
                name=f"{name}({phase})",
                type=type_,
                counterpart=COUNTERPART,
                complaint_channel=COMPLAINTS,
                **_limits(type_),
            )
    return power_list


def _review(out: Loaded, dept: dict, power_list: PowerList, second: str, publish: bool = True):
    s.power_list_submit(actor=ACTOR, power_list=power_list, by=out.users[dept["clerk"][0]])
    s.power_list_first_approve(
        actor=ACTOR, power_list=power_list, by=out.users[dept["principal"][0]]
    )
    s.power_list_second_approve(actor=ACTOR, power_list=power_list, by=out.users[second])
    if publish:
        s.power_list_publish(actor=ACTOR, power_list=power_list, by=out.users[SECOND_REVIEWER])


def _decide(out: Loaded, dept: dict, power_list: PowerList) -> None:
    by_name = {i.name: i for i in power_list.items.filter(sub=0)}
    clerk = out.users[dept["clerk"][0]]
    for name, decision, target, reason, basis in data.REVIEW_DECISIONS:
        extra: dict = {}
        if decision == "delegate":
            extra = {"delegate_level": target["level"], "delegate_body": out.orgs[target["body"]]}
        elif decision == "merge":
            extra = {"merge_into": by_name[target["item"]]}
        elif decision == "transfer":
            extra = {"transfer_to": out.orgs[target["body"]]}
        s.decision_record(
            actor=ACTOR,
            item=by_name[name],
            decision=decision,
            reason=reason,
            basis=basis,
            by=clerk,
            **extra,
        )
    # the first round kept the rest; say so for the record on a few of them
    for item in power_list.items.filter(sub=0, decision__isnull=True)[:5]:
        s.decision_record(
            actor=ACTOR,
            item=item,
            decision="keep",
            reason="有法定依据, 予以保留",
            basis=item.name,
            by=clerk,
        )


def _ensure_types() -> None:
    """The seeded types, again after a flush (``demo --reset`` empties them too)."""
    for order, (code, name) in enumerate(DEFAULT_TYPES, start=1):
        if not PowerType.objects.filter(code=code).exists():
            s.power_type_create(actor=ACTOR, code=code, name=name, sort_order=order * 10)


def load(out: Loaded) -> list[PowerList]:
    """Every department's list published as version 1; then the market regulator's
    second round (its 下放 to 清水镇 and 转移 to the approval bureau hand those powers to
    their lists at its publication), then the approval bureau's second round, which
    takes in the power it received, submitted and left waiting in second review."""
    _ensure_types()
    lists = []
    depts = {}
    for dept in county.DEPARTMENTS:
        if dept["code"] not in data.POWERS:
            continue
        power_list = _build_list(out, dept["code"])
        _review(out, dept, power_list, SECOND_REVIEWER)
        lists.append(power_list)
        depts[dept["code"]] = (dept, power_list)
    dept, power_list = depts[data.REVIEWED]
    _decide(out, dept, power_list)
    power_list.refresh_from_db()
    _review(out, dept, power_list, LEGAL_OFFICE)
    dept, power_list = depts["YGX-XZSPJ"]
    power_list.refresh_from_db()
    s.power_list_submit(actor=ACTOR, power_list=power_list, by=out.users[dept["clerk"][0]])
    s.power_list_first_approve(
        actor=ACTOR, power_list=power_list, by=out.users[dept["principal"][0]]
    )
    return lists
