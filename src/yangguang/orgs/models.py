"""Regions, organisations, posts, the people who hold them, and leadership."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from yangguang.accounts.roles import Role


class RegionLevel(models.TextChoices):
    PROVINCE = "province", "省级 (province)"
    CITY = "city", "市级 (city)"
    COUNTY = "county", "县级 (county)"
    TOWNSHIP = "township", "乡镇 (township)"
    VILLAGE = "village", "村 (village)"


class Region(models.Model):
    """An administrative division. Province to county carry GB/T 2260 six-digit codes;
    townships and villages, which GB/T 2260 does not reach, carry the statistical
    division code's extension (9 and 12 digits) whose first six digits are the county's."""

    code = models.CharField("区划代码 (region code)", max_length=12, unique=True)
    name = models.CharField("名称 (name)", max_length=64)
    level = models.CharField("层级 (level)", max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级区划 (parent)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "行政区划 (region)"
        verbose_name_plural = "行政区划 (regions)"
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="region_not_own_parent"),
            models.CheckConstraint(
                condition=(Q(level="province") & Q(parent__isnull=True))
                | (~Q(level="province") & Q(parent__isnull=False)),
                name="region_parent_matches_level",
                violation_error_message="省级区划没有上级, 其他区划必须有上级 "
                "(a province has no parent; every other region has one)",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class OrgKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", "党委 (party committee)"
    GOVERNMENT = "government", "政府 (government)"
    DEPARTMENT = "department", "部门 (department)"
    COMMISSION = "commission", "纪委监委 (discipline-inspection and supervision commission)"
    TOWNSHIP = "township", "乡镇 (township)"
    VILLAGE_COMMITTEE = "village_committee", "村委会 (village committee)"
    PUBLIC_INSTITUTION = "public_institution", "事业单位 (public institution)"
    STATE_ENTERPRISE = "state_enterprise", "国有企业 (state-owned enterprise)"


class Organisation(models.Model):
    """A unit (单位). ``path`` is the materialised path of ids from the root
    (``/1/4/9/``), kept by the services, so a subtree is one indexed prefix query."""

    code = models.CharField("单位代码 (code)", max_length=32, unique=True)
    name = models.CharField("名称 (name)", max_length=100)
    short_name = models.CharField("简称 (short name)", max_length=32, blank=True)
    kind = models.CharField("类型 (kind)", max_length=24, choices=OrgKind.choices)
    region = models.ForeignKey(Region, verbose_name="行政区划 (region)", on_delete=models.PROTECT)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位 (parent)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    credit_code = models.CharField(
        "统一社会信用代码 (unified social credit code)",
        max_length=18,
        unique=True,
        null=True,
        blank=True,
    )
    jurisdiction = models.ForeignKey(
        "self",
        verbose_name="监督范围 (jurisdiction)",
        help_text="纪委监委监督的单位树的根 (for a commission: the root of the subtree it supervises)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_by",
    )
    sort_order = models.PositiveIntegerField("排序 (order)", default=0)

    class Meta:
        ordering = ["path", "sort_order", "code"]
        verbose_name = "单位 (organisation)"
        verbose_name_plural = "单位 (organisations)"
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="org_not_own_parent"),
            models.CheckConstraint(
                condition=Q(jurisdiction__isnull=True) | Q(kind="commission"),
                name="org_jurisdiction_only_for_commission",
                violation_error_message="只有纪委监委可以设置监督范围 (only a commission has a jurisdiction)",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RiskGrade(models.TextChoices):
    HIGH = "high", "高 (high)"
    MEDIUM = "medium", "中 (medium)"
    LOW = "low", "低 (low)"


#: roles a post may ask of its holders (system administrators hold no posts)
HOLDER_ROLES = [(r.value, r.label) for r in Role if r != Role.SYSADMIN]


class Post(models.Model):
    """A post (岗位) within an organisation. High-risk posts carry a rotation period."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="单位 (organisation)",
        on_delete=models.PROTECT,
        related_name="posts",
    )
    code = models.CharField("岗位代码 (code)", max_length=32)
    name = models.CharField("岗位名称 (name)", max_length=64)
    risk_grade = models.CharField("风险等级 (risk grade)", max_length=8, choices=RiskGrade.choices)
    rotation_months = models.PositiveSmallIntegerField(
        "轮岗周期(月) (rotation period, months)", null=True, blank=True
    )
    duties = models.TextField("岗位职责 (duties)", blank=True)
    holder_role = models.CharField(
        "任职角色 (role of holders)",
        max_length=16,
        choices=HOLDER_ROLES,
        blank=True,
        help_text="任此岗位者须有的账号角色, 空: 不限 (the account role a holder needs; blank: any)",
    )

    class Meta:
        ordering = ["organisation", "code"]
        verbose_name = "岗位 (post)"
        verbose_name_plural = "岗位 (posts)"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="post_code_unique_in_org"
            ),
            models.CheckConstraint(
                condition=~Q(risk_grade="high") | Q(rotation_months__gte=1),
                name="post_high_risk_has_rotation",
                violation_error_message="高风险岗位必须设置轮岗周期 (a high-risk post needs a rotation period)",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.short_name or self.organisation.name} · {self.name}"


class PostHolding(models.Model):
    """A person holding a post from ``start`` to ``end`` (open-ended when ``end`` is null)."""

    post = models.ForeignKey(
        Post, verbose_name="岗位 (post)", on_delete=models.PROTECT, related_name="holdings"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="人员 (person)",
        on_delete=models.PROTECT,
        related_name="holdings",
    )
    start = models.DateField("任职开始 (start)")
    end = models.DateField("任职结束 (end)", null=True, blank=True)

    class Meta:
        ordering = ["post", "start"]
        verbose_name = "岗位任职 (post holding)"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="holding_end_after_start",
                violation_error_message="结束日期不能早于开始日期 (end date before start date)",
            ),
            models.UniqueConstraint(
                fields=["post", "user"],
                condition=Q(end__isnull=True),
                name="holding_one_open_per_post_and_user",
                violation_error_message="此人已在该岗位任职 (this person already holds the post)",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.post}"


class LeadershipRole(models.TextChoices):
    PRINCIPAL = "principal", "主要负责人/一把手 (principal)"
    DEPUTY = "deputy", "副职 (deputy)"


class LeadershipTerm(models.Model):
    """A leader's term in an organisation: the principal (一把手) or a deputy."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="单位 (organisation)",
        on_delete=models.PROTECT,
        related_name="leadership",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="人员 (person)",
        on_delete=models.PROTECT,
        related_name="leadership_terms",
    )
    role = models.CharField("职务类别 (role)", max_length=10, choices=LeadershipRole.choices)
    title = models.CharField("职务 (title)", max_length=64)
    start = models.DateField("任期开始 (start)")
    end = models.DateField("任期结束 (end)", null=True, blank=True)

    class Meta:
        ordering = ["organisation", "role", "start"]
        verbose_name = "领导任期 (leadership term)"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="term_end_after_start",
                violation_error_message="结束日期不能早于开始日期 (end date before start date)",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(role="principal", end__isnull=True),
                name="term_one_open_principal_per_org",
                violation_error_message="一个单位只能有一位在任主要负责人 "
                "(an organisation has one serving principal)",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.title} · {self.user}"


class ChargeArea(models.TextChoices):
    """Areas a leader may be in charge of (分管). The first five are those that the
    principal may not directly take (一把手五个不直接分管)."""

    PERSONNEL = "personnel", "人事 (personnel)"
    FINANCE = "finance", "财务 (finance)"
    CONSTRUCTION = "construction", "工程项目 (construction projects)"
    PROCUREMENT = "procurement", "物资采购 (procurement)"
    PROPERTY_RIGHTS = "property_rights", "产权交易 (property-rights transactions)"
    OTHER = "other", "其他 (other)"


RESTRICTED_FOR_PRINCIPAL = frozenset(
    {
        ChargeArea.PERSONNEL,
        ChargeArea.FINANCE,
        ChargeArea.CONSTRUCTION,
        ChargeArea.PROCUREMENT,
        ChargeArea.PROPERTY_RIGHTS,
    }
)


class Charge(models.Model):
    """One area in a leader's charge (分管) since a given day. ``label`` names a free-form
    area."""

    term = models.ForeignKey(LeadershipTerm, on_delete=models.CASCADE, related_name="charges")
    area = models.CharField("分管领域 (area)", max_length=16, choices=ChargeArea.choices)
    label = models.CharField("说明 (label)", max_length=64, blank=True)
    since = models.DateField("分管起始 (in charge since)")

    class Meta:
        verbose_name = "分管 (area in charge)"
        constraints = [
            models.UniqueConstraint(
                fields=["term", "area", "label"], name="charge_unique_per_term"
            ),
            models.CheckConstraint(
                condition=~Q(area="other") | ~Q(label=""),
                name="charge_other_needs_label",
                violation_error_message="“其他”分管领域必须写明名称 (an 'other' area needs a label)",
            ),
        ]

    def __str__(self) -> str:
        return self.label or self.get_area_display()


class Exemption(models.Model):
    """A recorded exemption that lets a principal take a restricted area, with its reason,
    approver and validity."""

    term = models.ForeignKey(LeadershipTerm, on_delete=models.PROTECT, related_name="exemptions")
    area = models.CharField("分管领域 (area)", max_length=16, choices=ChargeArea.choices)
    reason = models.TextField("理由 (reason)")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准人 (approver)",
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_on = models.DateField("批准日期 (approved on)")
    valid_until = models.DateField("有效期至 (valid until)", null=True, blank=True)

    class Meta:
        verbose_name = "豁免 (exemption)"
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="exemption_reason_required"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("approved_on")),
                name="exemption_valid_after_approval",
                violation_error_message="有效期不能早于批准日期 (valid-until before approval date)",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term} · {self.get_area_display()}"


class Relation(models.TextChoices):
    """Close relatives in the sense of 公务员法 第七十四条 (回避)."""

    SPOUSE = "spouse", "夫妻关系 (spouse)"
    LINEAL = "lineal", "直系血亲 (parent, child, grandparent, grandchild)"
    COLLATERAL = "collateral", "三代以内旁系血亲 (sibling, cousin, uncle, aunt, nephew, niece)"
    IN_LAW = "in_law", "近姻亲关系 (close in-law)"


class RelativeDeclaration(models.Model):
    """A declared relationship between two members of staff (亲属关系申报), in force until
    ended. It works both ways: each may not handle a matter that names the other
    (``disclosure.conflicts``); declared by the person, an administrator of the person's
    organisation or a discipline inspector over it (``services.relatives``)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申报人 (declarant)",
        on_delete=models.PROTECT,
        related_name="relatives_declared",
    )
    relative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="亲属 (relative)",
        on_delete=models.PROTECT,
        related_name="relatives_declaring",
    )
    relation = models.CharField("关系 (relation)", max_length=12, choices=Relation.choices)
    note = models.CharField("说明 (note)", max_length=200, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    declared_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-declared_at", "-pk"]
        verbose_name = "亲属关系申报 (declared relative)"
        constraints = [
            models.CheckConstraint(condition=~Q(person=F("relative")), name="relative_not_self"),
            models.UniqueConstraint(
                fields=["person", "relative"],
                condition=Q(ended_at__isnull=True),
                name="relative_declared_once",
                violation_error_message="该亲属关系已申报 (this relationship is already declared)",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_relation_display()} · {self.relative}"
