"""Regions, organisations, posts, the people who hold them, and leadership."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yangguang.accounts.roles import Role


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇")
    VILLAGE = "village", _("村")


class Region(models.Model):
    """An administrative division. Province to county carry GB/T 2260 six-digit codes;
    townships and villages, which GB/T 2260 does not reach, carry the statistical
    division code's extension (9 and 12 digits) whose first six digits are the county's."""

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("层级"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="region_not_own_parent"),
            models.CheckConstraint(
                condition=(Q(level="province") & Q(parent__isnull=True))
                | (~Q(level="province") & Q(parent__isnull=False)),
                name="region_parent_matches_level",
                violation_error_message=_("省级区划没有上级, 其他区划必须有上级"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class OrgKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("党委")
    GOVERNMENT = "government", _("政府")
    DEPARTMENT = "department", _("部门")
    COMMISSION = "commission", _("纪委监委")
    TOWNSHIP = "township", _("乡镇")
    VILLAGE_COMMITTEE = "village_committee", _("村委会")
    PUBLIC_INSTITUTION = "public_institution", _("事业单位")
    STATE_ENTERPRISE = "state_enterprise", _("国有企业")


class Organisation(models.Model):
    """A unit (单位). ``path`` is the materialised path of ids from the root
    (``/1/4/9/``), kept by the services, so a subtree is one indexed prefix query."""

    code = models.CharField(_("单位代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=32, blank=True)
    kind = models.CharField(_("类型"), max_length=24, choices=OrgKind.choices)
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
    )
    jurisdiction = models.ForeignKey(
        "self",
        verbose_name=_("监督范围"),
        help_text=_("纪委监委监督的单位树的根"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_by",
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["path", "sort_order", "code"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="org_not_own_parent"),
            models.CheckConstraint(
                condition=Q(jurisdiction__isnull=True) | Q(kind="commission"),
                name="org_jurisdiction_only_for_commission",
                violation_error_message=_("只有纪委监委可以设置监督范围"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RiskGrade(models.TextChoices):
    HIGH = "high", _("高")
    MEDIUM = "medium", _("中")
    LOW = "low", _("低")


#: roles a post may ask of its holders (system administrators hold no posts)
HOLDER_ROLES = [(r.value, r.label) for r in Role if r != Role.SYSADMIN]


class Post(models.Model):
    """A post (岗位) within an organisation. High-risk posts carry a rotation period."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="posts",
    )
    code = models.CharField(_("岗位代码"), max_length=32)
    name = models.CharField(_("岗位名称"), max_length=64)
    risk_grade = models.CharField(_("风险等级"), max_length=8, choices=RiskGrade.choices)
    rotation_months = models.PositiveSmallIntegerField(_("轮岗周期(月)"), null=True, blank=True)
    duties = models.TextField(_("岗位职责"), blank=True)
    holder_role = models.CharField(
        _("任职角色"),
        max_length=16,
        choices=HOLDER_ROLES,
        blank=True,
        help_text=_("任此岗位者须有的账号角色, 空: 不限"),
    )

    class Meta:
        ordering = ["organisation", "code"]
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="post_code_unique_in_org"
            ),
            models.CheckConstraint(
                condition=~Q(risk_grade="high") | Q(rotation_months__gte=1),
                name="post_high_risk_has_rotation",
                violation_error_message=_("高风险岗位必须设置轮岗周期"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.short_name or self.organisation.name} · {self.name}"


class PostHolding(models.Model):
    """A person holding a post from ``start`` to ``end`` (open-ended when ``end`` is null)."""

    post = models.ForeignKey(
        Post, verbose_name=_("岗位"), on_delete=models.PROTECT, related_name="holdings"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("人员"),
        on_delete=models.PROTECT,
        related_name="holdings",
    )
    start = models.DateField(_("任职开始"))
    end = models.DateField(_("任职结束"), null=True, blank=True)

    class Meta:
        ordering = ["post", "start"]
        verbose_name = _("岗位任职")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="holding_end_after_start",
                violation_error_message=_("结束日期不能早于开始日期"),
            ),
            models.UniqueConstraint(
                fields=["post", "user"],
                condition=Q(end__isnull=True),
                name="holding_one_open_per_post_and_user",
                violation_error_message=_("此人已在该岗位任职"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.post}"


class LeadershipRole(models.TextChoices):
    PRINCIPAL = "principal", _("主要负责人/一把手")
    DEPUTY = "deputy", _("副职")


class LeadershipTerm(models.Model):
    """A leader's term in an organisation: the principal (一把手) or a deputy."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="leadership",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("人员"),
        on_delete=models.PROTECT,
        related_name="leadership_terms",
    )
    role = models.CharField(_("职务类别"), max_length=10, choices=LeadershipRole.choices)
    title = models.CharField(_("职务"), max_length=64)
    start = models.DateField(_("任期开始"))
    end = models.DateField(_("任期结束"), null=True, blank=True)

    class Meta:
        ordering = ["organisation", "role", "start"]
        verbose_name = _("领导任期")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="term_end_after_start",
                violation_error_message=_("结束日期不能早于开始日期"),
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(role="principal", end__isnull=True),
                name="term_one_open_principal_per_org",
                violation_error_message=_("一个单位只能有一位在任主要负责人"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.title} · {self.user}"


class ChargeArea(models.TextChoices):
    """Areas a leader may be in charge of (分管). The first five are those that the
    principal may not directly take (一把手五个不直接分管)."""

    PERSONNEL = "personnel", _("人事")
    FINANCE = "finance", _("财务")
    CONSTRUCTION = "construction", _("工程项目")
    PROCUREMENT = "procurement", _("物资采购")
    PROPERTY_RIGHTS = "property_rights", _("产权交易")
    OTHER = "other", _("其他")


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
    area = models.CharField(_("分管领域"), max_length=16, choices=ChargeArea.choices)
    label = models.CharField(_("说明"), max_length=64, blank=True)
    since = models.DateField(_("分管起始"))

    class Meta:
        verbose_name = _("分管")
        constraints = [
            models.UniqueConstraint(
                fields=["term", "area", "label"], name="charge_unique_per_term"
            ),
            models.CheckConstraint(
                condition=~Q(area="other") | ~Q(label=""),
                name="charge_other_needs_label",
                violation_error_message=_("“其他”分管领域必须写明名称"),
            ),
        ]

    def __str__(self) -> str:
        return self.label or self.get_area_display()


class Exemption(models.Model):
    """A recorded exemption that lets a principal take a restricted area, with its reason,
    approver and validity."""

    term = models.ForeignKey(LeadershipTerm, on_delete=models.PROTECT, related_name="exemptions")
    area = models.CharField(_("分管领域"), max_length=16, choices=ChargeArea.choices)
    reason = models.TextField(_("理由"))
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_on = models.DateField(_("批准日期"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)

    class Meta:
        verbose_name = _("豁免")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="exemption_reason_required"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("approved_on")),
                name="exemption_valid_after_approval",
                violation_error_message=_("有效期不能早于批准日期"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term} · {self.get_area_display()}"


class Relation(models.TextChoices):
    """Close relatives in the sense of 公务员法 第七十四条 (回避)."""

    SPOUSE = "spouse", _("夫妻关系")
    LINEAL = "lineal", _("直系血亲")
    COLLATERAL = "collateral", _("三代以内旁系血亲")
    IN_LAW = "in_law", _("近姻亲关系")


class RelativeDeclaration(models.Model):
    """A declared relationship between two members of staff (亲属关系申报), in force until
    ended. It works both ways: each may not handle a matter that names the other
    (``disclosure.conflicts``); declared by the person, an administrator of the person's
    organisation or a discipline inspector over it (``services.relatives``)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申报人"),
        on_delete=models.PROTECT,
        related_name="relatives_declared",
    )
    relative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("亲属"),
        on_delete=models.PROTECT,
        related_name="relatives_declaring",
    )
    relation = models.CharField(_("关系"), max_length=12, choices=Relation.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    declared_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-declared_at", "-pk"]
        verbose_name = _("亲属关系申报")
        constraints = [
            models.CheckConstraint(condition=~Q(person=F("relative")), name="relative_not_self"),
            models.UniqueConstraint(
                fields=["person", "relative"],
                condition=Q(ended_at__isnull=True),
                name="relative_declared_once",
                violation_error_message=_("该亲属关系已申报"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_relation_display()} · {self.relative}"
