"""factory-boy factories. Everything is created through the services (actor: the
system), so materialised paths, validation and the audit trail are as in real use.
Other apps append their factories here."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from yangguang.accounts import services as accounts
from yangguang.accounts.models import User
from yangguang.core.context import Actor
from yangguang.orgs import services as orgs
from yangguang.orgs.models import (
    Charge,
    Exemption,
    LeadershipTerm,
    Organisation,
    Post,
    PostHolding,
    Region,
)
from yangguang.orgs.validators import make_credit_code

SYSTEM = Actor.system("tests")
PASSWORD = "Yangguang-test-2024"


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


#: model -> the service that creates it (append yours)
SERVICES = {
    Region: orgs.region_create,
    Organisation: orgs.organisation_create,
    User: accounts.user_create,
    Post: orgs.post_create,
    PostHolding: orgs.post_assign,
    LeadershipTerm: orgs.leadership_appoint,
    Charge: orgs.charge_assign,
    Exemption: orgs.exemption_record,
}


class ServiceFactory(factory.Factory):
    """A factory whose ``create()`` calls the model's service with the declared fields."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return SERVICES[model_class](actor=SYSTEM, **kwargs)

    @classmethod
    def _build(cls, model_class, *args, **kwargs):  # pragma: no cover - use create
        raise NotImplementedError("build() is not supported: use create()")


def _province(n: int) -> Region:
    code = "330000"
    return Region.objects.filter(code=code).first() or orgs.region_create(
        actor=SYSTEM, code=code, name="浙江省", level="province"
    )


def _city(n: int) -> Region:
    code = "330100"
    return Region.objects.filter(code=code).first() or orgs.region_create(
        actor=SYSTEM, code=code, name="杭州市", level="city", parent=_province(n)
    )


class RegionFactory(ServiceFactory):
    """A county (with its province and city, created once) unless told otherwise."""

    class Meta:
        model = Region

    code = factory.Sequence(lambda n: f"3301{(n % 98) + 1:02d}")
    name = factory.Sequence(lambda n: f"测试县{n}")
    level = "county"
    parent = factory.LazyFunction(lambda: _city(0))


class OrganisationFactory(ServiceFactory):
    class Meta:
        model = Organisation

    code = factory.Sequence(lambda n: f"ORG-{n:04d}")
    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = "department"
    region = factory.SubFactory(RegionFactory)
    parent = None
    credit_code = factory.Sequence(
        lambda n: make_credit_code(
            authority="1", kind="1", division="330122", org_body=f"{n % 10**8:08d}"
        )
    )


class UserFactory(ServiceFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"职员{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    role = "clerk"
    password = PASSWORD


class PostFactory(ServiceFactory):
    class Meta:
        model = Post

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"P{n:03d}")
    name = factory.Sequence(lambda n: f"岗位{n}")
    risk_grade = "high"
    rotation_months = 36
    duties = ""


class PostHoldingFactory(ServiceFactory):
    class Meta:
        model = PostHolding

    post = factory.SubFactory(PostFactory)
    user = factory.LazyAttribute(lambda o: UserFactory(organisation=o.post.organisation))
    start = factory.LazyFunction(lambda: days_ago(365))
    end = None


class LeadershipTermFactory(ServiceFactory):
    class Meta:
        model = LeadershipTerm

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.LazyAttribute(lambda o: UserFactory(organisation=o.organisation, role="leader"))
    role = "deputy"
    title = "副局长"
    start = factory.LazyFunction(lambda: days_ago(365))
    end = None


class PrincipalTermFactory(LeadershipTermFactory):
    role = "principal"
    title = "局长"


class ChargeFactory(ServiceFactory):
    class Meta:
        model = Charge

    term = factory.SubFactory(LeadershipTermFactory)
    area = "other"
    label = factory.Sequence(lambda n: f"分管事项{n}")


class ExemptionFactory(ServiceFactory):
    """An exemption approved by a leader of the parent organisation (created for it)."""

    class Meta:
        model = Exemption

    term = factory.SubFactory(PrincipalTermFactory)
    area = "finance"
    reason = "副职空缺，经上级批准临时分管"
    approver = factory.LazyAttribute(
        lambda o: UserFactory(organisation=o.term.organisation.parent, role="leader")
    )
    approved_on = factory.LazyFunction(lambda: days_ago(30))
    valid_until = None


# --- powers (权责清单) ---------------------------------------------------------------------

from yangguang.powers import services as powers  # noqa: E402
from yangguang.powers.models import PowerItem, PowerList  # noqa: E402

SERVICES[PowerList] = powers.power_list_create
SERVICES[PowerItem] = powers.power_item_create


class PowerListFactory(ServiceFactory):
    class Meta:
        model = PowerList

    organisation = factory.SubFactory(OrganisationFactory)


class PowerItemFactory(ServiceFactory):
    """A main item of type 行政许可 (XK) with a fresh main-item number."""

    class Meta:
        model = PowerItem

    power_list = factory.SubFactory(PowerListFactory)
    code = factory.Sequence(lambda n: f"XK{n + 1:05d}000")
    name = factory.Sequence(lambda n: f"测试许可事项{n}")
    type = "XK"
    statutory_limit = 20
    statutory_unit = "working_days"


from yangguang.powers.models import DiscretionBenchmark  # noqa: E402

SERVICES[DiscretionBenchmark] = powers.benchmark_add


class BenchmarkFactory(ServiceFactory):
    """A discretion benchmark (自由裁量权基准) of the "ordinary" grade, 1000–5000 yuan,
    on a new penalty item (行政处罚, CF)."""

    class Meta:
        model = DiscretionBenchmark

    power = factory.SubFactory(
        PowerItemFactory,
        type="CF",
        code=factory.Sequence(lambda n: f"CF{n + 1:05d}000"),
        name=factory.Sequence(lambda n: f"测试处罚事项{n}"),
        statutory_limit=90,
        statutory_unit="calendar_days",
    )
    grade = "ordinary"
    description = "违法情节一般的"
    fine_min = 1000
    fine_max = 5000


# --- flows, cases, meetings, workdays, audit -------------------------------------------

from yangguang.audit import services as audit  # noqa: E402
from yangguang.audit.models import AuditEntry  # noqa: E402
from yangguang.cases import services as cases  # noqa: E402
from yangguang.cases.models import Case  # noqa: E402
from yangguang.flows import services as flows  # noqa: E402
from yangguang.flows.models import ProcessModel  # noqa: E402
from yangguang.meetings import services as meetings  # noqa: E402
from yangguang.meetings.models import Meeting, Topic  # noqa: E402
from yangguang.workdays import services as workdays  # noqa: E402
from yangguang.workdays.models import CalendarDay  # noqa: E402


def _published_process(*, actor: Actor, **kwargs) -> ProcessModel:
    """The flowchart with every task on one post of the power's organisation, held by a
    clerk (so a case can be received and handled), then published."""
    process = flows.process_create(actor=actor, **kwargs)
    org = process.power.power_list.organisation
    post = PostFactory(organisation=org, name="综合窗口岗", risk_grade="low")
    PostHoldingFactory(post=post, user=UserFactory(organisation=org, role="clerk"))
    for node in process.nodes.filter(kind="task"):
        flows.step_update(actor=actor, node=node, post=post)
    return flows.process_publish(actor=actor, process=process)


def _audit_entry(*, actor: Actor, action: str, **kwargs) -> AuditEntry:
    from django.db import transaction

    from yangguang.audit import actions

    with transaction.atomic():
        return audit.audit_record(actor=actor, action=actions.get(action), **kwargs)


SERVICES[ProcessModel] = flows.process_create
SERVICES[Case] = cases.case_register
SERVICES[Meeting] = meetings.meeting_create
SERVICES[Topic] = meetings.topic_add
SERVICES[CalendarDay] = workdays.calendar_day_add
SERVICES[AuditEntry] = _audit_entry


class ProcessFactory(ServiceFactory):
    """A draft flowchart from the basic template (受理 → 审查 → 决定) for a new item."""

    class Meta:
        model = ProcessModel

    power = factory.SubFactory(PowerItemFactory)
    template = "basic"


class PublishedProcessFactory(ProcessFactory):
    """The basic flowchart, published: cases can be registered on its power."""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return _published_process(actor=SYSTEM, **kwargs)


class CaseFactory(ServiceFactory):
    """A case registered now on a power whose basic flowchart is published."""

    class Meta:
        model = Case

    power = factory.LazyFunction(lambda: PublishedProcessFactory().power)
    applicant = factory.Sequence(lambda n: f"申请人{n}")
    received_by = factory.LazyAttribute(
        lambda o: User.objects.filter(
            holdings__post__organisation=o.power.power_list.organisation
        ).first()
    )


class MeetingFactory(ServiceFactory):
    """A 党委(党组)会议 of a new government a week from now, five members."""

    class Meta:
        model = Meeting

    organisation = factory.SubFactory(OrganisationFactory, kind="government")
    body = "party_committee"
    title = factory.Sequence(lambda n: f"第{n + 1}次党组会议")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    members = factory.LazyAttribute(
        lambda o: [UserFactory(organisation=o.organisation, role="leader") for _ in range(5)]
    )
    convener = factory.LazyAttribute(lambda o: o.members[0])


class TopicFactory(ServiceFactory):
    class Meta:
        model = Topic

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"议题{n + 1}")
    proposer = factory.LazyAttribute(lambda o: o.meeting.members.first().user)
    category = "major_decision"


class CalendarDayFactory(ServiceFactory):
    """A national holiday in 2026 (the years the calendar package does not know are
    refused by the service)."""

    class Meta:
        model = CalendarDay

    date = factory.Sequence(lambda n: datetime.date(2026, 3, 1) + datetime.timedelta(days=n))
    kind = "holiday"
    name = "测试假日"


class AuditEntryFactory(ServiceFactory):
    class Meta:
        model = AuditEntry

    action = "org.update"  # a declared action code
    object_type = "test"
    object_id = factory.Sequence(str)


# --- disclosure, conformance and scores -------------------------------------------------

from yangguang.cases.models_scores import ScoreSheet  # noqa: E402
from yangguang.cases.services import score_sheet_set  # noqa: E402
from yangguang.conformance import services as conformance  # noqa: E402
from yangguang.conformance.models import CheckRun  # noqa: E402
from yangguang.disclosure import models as disclosure_models  # noqa: E402
from yangguang.disclosure import services as disclosure  # noqa: E402


def _complaint(**kwargs) -> disclosure_models.Complaint:
    complaint, _code = disclosure.complaint_submit(**kwargs)  # the code is the citizen's
    return complaint


SERVICES[disclosure_models.DisclosureItem] = disclosure.disclosure_item_create
SERVICES[disclosure_models.Complaint] = _complaint
SERVICES[CheckRun] = conformance.conformance_run_start
SERVICES[ScoreSheet] = score_sheet_set


class DisclosureItemFactory(ServiceFactory):
    """A quarterly 预决算 item of a new department, in preparation."""

    class Meta:
        model = disclosure_models.DisclosureItem

    organisation = factory.SubFactory(OrganisationFactory)
    category = "budget"
    title = factory.Sequence(lambda n: f"2026年第三季度预算执行情况{n}")
    content = "收入、支出和结余。"
    schedule = "quarterly"
    period = "2026Q3"


class ComplaintFactory(ServiceFactory):
    """An anonymous complaint about a new department, as a citizen submits it."""

    class Meta:
        model = disclosure_models.Complaint

    kind = "complaint"
    subject_kind = "department"
    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"办事拖延{n}")
    content = "窗口工作人员让我跑了三趟。"
    anonymous = True


class CheckRunFactory(ServiceFactory):
    """A conformance check of a one-case CSV log against a published flowchart, queued."""

    class Meta:
        model = CheckRun

    process = factory.SubFactory(PublishedProcessFactory)
    log_name = "log.csv"
    data = "case_id,activity,timestamp,resource\nC1,受理,2026-01-05T09:00,张三\n".encode()


class ScoreSheetFactory(ServiceFactory):
    """A sheet on a new organisation: 100 points, 2 off a yellow card, at most 10 a quarter."""

    class Meta:
        model = ScoreSheet

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"考核评分表{n}")
    items = factory.LazyFunction(
        lambda: [{"category": "办件", "weight": 1, "kind": "alert_yellow", "points": -2, "cap": 10}]
    )
