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
