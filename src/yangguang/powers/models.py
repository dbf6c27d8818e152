"""The power and responsibility lists (权力清单 / 责任清单).

* ``PowerType``: configurable per deployment (行政许可 XK, 行政处罚 CF …).
* ``PowerList``: the one working list of an organisation, with its review status;
  ``PowerItem`` its items (main items and sub-items, 主项/子项) and their children
  (legal bases, materials, fees, responsibility items, accountability circumstances,
  discretion benchmarks) and the review decision of the current round (``ItemDecision``).
* ``PowerListVersion``: each publication, numbered 1, 2, 3 … per list, with the canonical
  JSON snapshot of everything published and its SHA-256; ``PublishedItem``: one row per
  published item of a version, for the public catalogue. Both are immutable (database
  triggers, see ``triggers.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yangguang.orgs.models import RegionLevel


def _nonblank(field: str, name: str, message: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=~Q(**{field: ""}), name=name, violation_error_message=message
    )


class PowerType(models.Model):
    """A kind of power. Codes are two capital letters and are the first part of every
    power code of that type."""

    code = models.CharField(
        _("类型代码"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("应为两个大写字母"))],
    )
    name = models.CharField(_("类型名称"), max_length=32, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("职权类型")
        verbose_name_plural = _("职权类型")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


#: the penalty type: discretion benchmarks apply to its items only
PENALTY_TYPE = "CF"


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    FIRST_REVIEW = "first_review", _("初审中")
    SECOND_REVIEW = "second_review", _("复审中")
    APPROVED = "approved", _("复审通过待发布")


class PowerList(models.Model):
    """An organisation's working list. Publication copies it into a ``PowerListVersion``
    and the working list reopens as a draft for the next round."""

    organisation = models.OneToOneField(
        "orgs.Organisation",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="power_list",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ListStatus.choices, default=ListStatus.DRAFT
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    first_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("初审人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    first_reviewed_at = models.DateTimeField(_("初审时间"), null=True, blank=True)
    second_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复审人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    second_reviewed_at = models.DateTimeField(_("复审时间"), null=True, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    #: the organisation's own code scheme (``powers.codes``); blank: the deployment's
    code_format = models.CharField(
        _("职权编码规则"),
        max_length=64,
        blank=True,
        help_text=_("如 {type}-HW-{main:03d}[-{sub:02d}]; 留空则用全平台的编码规则"),
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("权责清单")
        verbose_name_plural = _("权责清单")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(drafter__isnull=False),
                name="powerlist_submitted_has_drafter",
                violation_error_message=_("提交后的清单必须有起草人"),
            ),
            models.CheckConstraint(
                condition=Q(first_reviewer__isnull=True) | ~Q(first_reviewer=F("drafter")),
                name="powerlist_first_reviewer_not_drafter",
                violation_error_message=_("起草人不能初审自己的清单"),
            ),
            models.CheckConstraint(
                condition=Q(second_reviewer__isnull=True)
                | (~Q(second_reviewer=F("drafter")) & ~Q(second_reviewer=F("first_reviewer"))),
                name="powerlist_second_reviewer_distinct",
                violation_error_message=_("复审人不能是起草人或初审人"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · 权责清单"


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("工作日")
    CALENDAR_DAYS = "calendar_days", _("自然日")
    MONTHS = "months", _("月")


class Disclosure(models.TextChoices):
    PUBLIC = "public", _("主动公开")
    ON_REQUEST = "on_request", _("依申请公开")
    NOT_PUBLIC = "not_public", _("不予公开")


class PowerItem(models.Model):
    """One item of a working list. ``main``/``sub`` are the numbers parsed from ``code``
    (``sub`` = 0 for a main item); a sub-item (``sub`` > 0) has a main item (``parent``)."""

    power_list = models.ForeignKey(
        PowerList, verbose_name=_("清单"), on_delete=models.CASCADE, related_name="items"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("主项"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_items",
    )
    code = models.CharField(_("职权编码"), max_length=32)
    implementation_code = models.CharField(_("实施编码"), max_length=36, blank=True)
    main = models.PositiveIntegerField(_("主项号"))
    sub = models.PositiveIntegerField(_("子项号"), default=0)
    name = models.CharField(_("职权名称"), max_length=200)
    type = models.ForeignKey(
        PowerType, verbose_name=_("职权类型"), on_delete=models.PROTECT, related_name="+"
    )
    implementing_body = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("实施主体"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.CharField(
        _("行使层级"), max_length=10, choices=RegionLevel.choices, default="county"
    )
    entrusted_body = models.CharField(_("受委托组织"), max_length=200, blank=True)
    statutory_limit = models.PositiveIntegerField(_("法定期限"), null=True, blank=True)
    statutory_unit = models.CharField(
        _("法定期限单位"), max_length=16, choices=TimeUnit.choices, blank=True
    )
    promised_limit = models.PositiveIntegerField(_("承诺期限"), null=True, blank=True)
    promised_unit = models.CharField(
        _("承诺期限单位"), max_length=16, choices=TimeUnit.choices, blank=True
    )
    time_limit_note = models.CharField(_("期限说明"), max_length=200, blank=True)
    acceptance_conditions = models.TextField(_("受理条件"), blank=True)
    counterpart = models.CharField(_("服务对象"), max_length=100, blank=True)
    complaint_channel = models.CharField(_("监督投诉渠道"), max_length=200, blank=True)
    disclosure = models.CharField(
        _("公开方式"), max_length=12, choices=Disclosure.choices, default="public"
    )
    responsible_post = models.ForeignKey(
        "orgs.Post",
        verbose_name=_("责任岗位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    remarks = models.TextField(_("备注"), blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["power_list", "code"]
        verbose_name = _("职权事项")
        verbose_name_plural = _("职权事项")
        constraints = [
            models.UniqueConstraint(
                fields=["power_list", "code"],
                name="poweritem_code_unique_in_list",
                violation_error_message=_("职权编码在清单内重复"),
            ),
            models.CheckConstraint(
                condition=(Q(sub=0) & Q(parent__isnull=True))
                | (Q(sub__gt=0) & Q(parent__isnull=False)),
                name="poweritem_sub_item_has_main",
                violation_error_message=_("子项必须有主项, 主项不能有上级"),
            ),
            models.CheckConstraint(condition=Q(main__gte=1), name="poweritem_main_positive"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="poweritem_not_own_parent"),
            _nonblank("name", "poweritem_name_required", _("职权名称必填")),
            models.CheckConstraint(
                condition=(Q(statutory_limit__isnull=True) & Q(statutory_unit=""))
                | (Q(statutory_limit__gt=0) & ~Q(statutory_unit="")),
                name="poweritem_statutory_limit_positive",
                violation_error_message=_("法定期限须为正数并注明单位"),
            ),
            models.CheckConstraint(
                condition=(Q(promised_limit__isnull=True) & Q(promised_unit=""))
                | (Q(promised_limit__gt=0) & ~Q(promised_unit="")),
                name="poweritem_promised_limit_positive",
                violation_error_message=_("承诺期限须为正数并注明单位"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_main(self) -> bool:
        return self.sub == 0


class LegalBasis(models.Model):
    """One citation of the item's legal basis (设定依据): law, article, text."""

    item = models.ForeignKey(PowerItem, on_delete=models.CASCADE, related_name="legal_bases")
    law = models.CharField(_("法律法规"), max_length=200)
    article = models.CharField(_("条款"), max_length=64, blank=True)
    text = models.TextField(_("条文"), blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["item", "sort_order", "pk"]
        verbose_name = _("设定依据")
        constraints = [_nonblank("law", "legalbasis_law_required", _("法律法规名称必填"))]

    def __str__(self) -> str:
        return f"{self.law}{self.article}"


class MaterialForm(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")
    BOTH = "both", _("纸质或电子")


class Material(models.Model):
    """A material the applicant hands in (申请材料)."""

    item = models.ForeignKey(PowerItem, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField(_("材料名称"), max_length=200)
    required = models.BooleanField(_("必要"), default=True)
    form = models.CharField(
        _("材料形式"), max_length=12, choices=MaterialForm.choices, default="both"
    )
    source = models.CharField(_("来源渠道"), max_length=100, blank=True)
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["item", "sort_order", "pk"]
        verbose_name = _("申请材料")
        constraints = [
            _nonblank("name", "material_name_required", _("材料名称必填")),
            models.CheckConstraint(
                condition=Q(copies__gte=1),
                name="material_copies_positive",
                violation_error_message=_("份数须为正数"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Fee(models.Model):
    """A fee charged for the item, with its standard and basis (收费依据)."""

    item = models.ForeignKey(PowerItem, on_delete=models.CASCADE, related_name="fees")
    name = models.CharField(_("收费项目"), max_length=200)
    standard = models.CharField(_("收费标准"), max_length=200)
    basis = models.TextField(_("收费依据"))
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["item", "sort_order", "pk"]
        verbose_name = _("收费")
        constraints = [
            _nonblank("name", "fee_name_required", _("收费项目必填")),
            _nonblank("basis", "fee_basis_required", _("收费依据必填")),
        ]

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    ACCEPTANCE = "acceptance", _("受理")
    FILING = "filing", _("立案")
    INVESTIGATION = "investigation", _("调查取证")
    EXAMINATION = "examination", _("审查/审理")
    NOTIFICATION = "notification", _("告知")
    DECISION = "decision", _("决定")
    SERVICE = "service", _("送达")
    ENFORCEMENT = "enforcement", _("执行")
    SUPERVISION = "supervision", _("事后监管")
    OTHER = "other", _("其他")


class ResponsibilityItem(models.Model):
    """A duty of the implementing body at one stage of the power (责任事项)."""

    item = models.ForeignKey(PowerItem, on_delete=models.CASCADE, related_name="responsibilities")
    stage = models.CharField(_("环节"), max_length=16, choices=Stage.choices)
    duty = models.TextField(_("责任内容"))
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["item", "sort_order", "pk"]
        verbose_name = _("责任事项")
        constraints = [_nonblank("duty", "responsibility_duty_required", _("责任内容必填"))]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.duty[:20]}"


class AccountabilityCircumstance(models.Model):
    """A circumstance in which the responsible persons are held to account (追责情形)."""

    item = models.ForeignKey(PowerItem, on_delete=models.CASCADE, related_name="accountabilities")
    description = models.TextField(_("追责情形"))
    basis = models.TextField(_("追责依据"), blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["item", "sort_order", "pk"]
        verbose_name = _("追责情形")
        constraints = [
            _nonblank("description", "accountability_description_required", _("追责情形必填"))
        ]

    def __str__(self) -> str:
        return self.description[:30]


class Grade(models.TextChoices):
    SLIGHT = "slight", _("轻微")
    ORDINARY = "ordinary", _("一般")
    SERIOUS = "serious", _("较重")
    GRAVE = "grave", _("严重")


class DiscretionBenchmark(models.Model):
    """A graded circumstance of a penalty power with its penalty range (自由裁量权基准).
    ``quantified`` false: the range is not broken down, and the lower bound applies."""

    power = models.ForeignKey(PowerItem, on_delete=models.CASCADE, related_name="benchmarks")
    grade = models.CharField(_("违法情节"), max_length=10, choices=Grade.choices)
    description = models.TextField(_("情形描述"))
    fine_min = models.DecimalField(
        _("罚款下限(元)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    fine_max = models.DecimalField(
        _("罚款上限(元)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    other_penalties = models.CharField(_("其他处罚种类"), max_length=200, blank=True)
    quantified = models.BooleanField(_("已量化"), default=True)

    class Meta:
        ordering = ["power", "pk"]
        verbose_name = _("裁量基准")
        constraints = [
            models.UniqueConstraint(
                fields=["power", "grade"],
                name="benchmark_one_per_grade",
                violation_error_message=_("同一情节等级只能有一条基准"),
            ),
            _nonblank("description", "benchmark_description_required", "情形描述必填"),
            models.CheckConstraint(
                condition=(Q(fine_min__isnull=True) & Q(fine_max__isnull=True))
                | (Q(fine_min__gte=0) & Q(fine_max__gte=F("fine_min"))),
                name="benchmark_fine_range_valid",
                violation_error_message=_("罚款幅度须 0 ≤ 下限 ≤ 上限"),
            ),
            models.CheckConstraint(
                condition=Q(fine_min__isnull=False) | ~Q(other_penalties=""),
                name="benchmark_has_penalty",
                violation_error_message=_("须有罚款幅度或其他处罚种类"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.power.code} · {self.get_grade_display()}"


class Decision(models.TextChoices):
    KEEP = "keep", _("保留")
    CANCEL = "cancel", _("取消")
    DELEGATE = "delegate", _("下放")
    MERGE = "merge", _("合并")
    TRANSFER = "transfer", _("转移")
    ADJUST = "adjust", _("调整")
    ENTRUST = "entrust", _("委托")


#: decisions that take the item out of this organisation's published list
LEAVING = frozenset({Decision.CANCEL, Decision.DELEGATE, Decision.MERGE, Decision.TRANSFER})


class ItemDecision(models.Model):
    """The review decision on one item in the current round; cleared at publication."""

    item = models.OneToOneField(PowerItem, on_delete=models.CASCADE, related_name="decision")
    decision = models.CharField(_("审核意见"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("理由"))
    basis = models.TextField(_("依据"))
    delegate_level = models.CharField(
        _("下放至层级"), max_length=10, choices=RegionLevel.choices, blank=True
    )
    delegate_body = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("承接单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    merge_into = models.ForeignKey(
        PowerItem,
        verbose_name=_("并入事项"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    transfer_to = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("转移至"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    entrust_to = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("受委托组织"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        verbose_name = _("审核意见")
        constraints = [
            _nonblank("reason", "decision_reason_required", _("理由必填")),
            _nonblank("basis", "decision_basis_required", _("依据必填")),
            models.CheckConstraint(
                condition=Q(decision="delegate", delegate_level__gt="")
                | (~Q(decision="delegate") & Q(delegate_level="") & Q(delegate_body__isnull=True)),
                name="decision_delegate_target",
                violation_error_message=_("下放须写明层级"),
            ),
            models.CheckConstraint(
                condition=Q(decision="merge", merge_into__isnull=False)
                | (~Q(decision="merge") & Q(merge_into__isnull=True)),
                name="decision_merge_target",
                violation_error_message=_("合并须写明并入事项"),
            ),
            models.CheckConstraint(
                condition=Q(decision="transfer", transfer_to__isnull=False)
                | (~Q(decision="transfer") & Q(transfer_to__isnull=True)),
                name="decision_transfer_target",
                violation_error_message=_("转移须写明承接单位"),
            ),
            models.CheckConstraint(
                condition=Q(decision="entrust", entrust_to__isnull=False)
                | (~Q(decision="entrust") & Q(entrust_to__isnull=True)),
                name="decision_entrust_target",
                violation_error_message=_("委托须写明受委托组织"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code} · {self.get_decision_display()}"


class PowerListVersion(models.Model):
    """A publication of a list. Immutable: ``snapshot`` is the canonical JSON of every
    published item with its children plus the round's review decisions, ``sha256`` its
    digest."""

    power_list = models.ForeignKey(PowerList, on_delete=models.PROTECT, related_name="versions")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="power_list_versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_by_name = models.CharField(_("发布人"), max_length=150)
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    first_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    second_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    item_count = models.PositiveIntegerField(_("事项数"))
    snapshot = models.TextField(_("快照"))
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        ordering = ["organisation", "number"]
        verbose_name = _("清单版本")
        constraints = [
            models.UniqueConstraint(
                fields=["power_list", "number"], name="powerlistversion_number_unique"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="powerlistversion_number_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · 第{self.number}版"


class PublishedItem(models.Model):
    """One item of a published version, for the public catalogue (filter by organisation,
    type, keyword: ``search_text`` holds name, code, type and basis for a substring
    search). ``data`` is the item with its children as in the snapshot."""

    version = models.ForeignKey(
        PowerListVersion, on_delete=models.PROTECT, related_name="published_items"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("职权编码"), max_length=32)
    name = models.CharField(_("职权名称"), max_length=200)
    type = models.ForeignKey(PowerType, on_delete=models.PROTECT, related_name="+")
    parent_code = models.CharField(_("主项编码"), max_length=32, blank=True)
    data = models.JSONField(_("事项数据"))
    search_text = models.TextField(_("检索文本"))
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "sort_order", "code"]
        verbose_name = _("已发布事项")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="publisheditem_code_unique")
        ]
        indexes = [models.Index(fields=["organisation", "type"], name="publisheditem_org_type")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PowerMove(models.Model):
    """A power that a published decision moved: 下放 (to a named body) or 转移 hand the
    item to the receiving body's working list (``item``, with ``code`` there) and the
    receiving body exercises it from the publication (``since``) until a version of its
    own settles it (``settled_version``: taken in, or decided away); 委托 leaves the power
    with its body and names the 受委托组织 (``receiver``; no item). ``data`` is the item
    as received (the published data format). Written only by ``power_list_publish``."""

    origin = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("原实施单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    origin_version = models.ForeignKey(
        PowerListVersion,
        verbose_name=_("决定发布的版本"),
        on_delete=models.PROTECT,
        related_name="moves_out",
    )
    origin_code = models.CharField(_("原职权编码"), max_length=32)
    name = models.CharField(_("职权名称"), max_length=200)
    type = models.ForeignKey(
        PowerType, verbose_name=_("职权类型"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("审核意见"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("理由"))
    basis = models.TextField(_("依据"))
    delegate_level = models.CharField(
        _("下放至层级"), max_length=10, choices=RegionLevel.choices, blank=True
    )
    receiver = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("承接单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    since = models.DateTimeField(_("起始时间"))
    item = models.OneToOneField(
        PowerItem,
        verbose_name=_("承接的事项"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="receipt",
    )
    code = models.CharField(_("承接后的职权编码"), max_length=32, blank=True)
    parent_code = models.CharField(_("承接后的主项编码"), max_length=32, blank=True)
    data = models.JSONField(_("事项数据"))
    search_text = models.TextField(_("检索文本"), blank=True)
    settled_version = models.ForeignKey(
        PowerListVersion,
        verbose_name=_("纳入的版本"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="moves_settled",
    )
    taken_in = models.BooleanField(_("已纳入"), default=False)

    class Meta:
        ordering = ["since", "pk"]
        verbose_name = _("职权移交记录")
        verbose_name_plural = _("职权移交记录")
        indexes = [
            models.Index(fields=["receiver", "settled_version"], name="powermove_receiver"),
            models.Index(fields=["origin"], name="powermove_origin"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=["delegate", "transfer", "entrust"]),
                name="powermove_decision_moves",
            ),
            models.CheckConstraint(
                condition=Q(decision="entrust") | ~Q(code=""),
                name="powermove_handed_over_has_code",
            ),
            models.CheckConstraint(condition=~Q(receiver=F("origin")), name="powermove_elsewhere"),
        ]

    def __str__(self) -> str:
        return f"{self.origin_code} {self.name} → {self.receiver_id}"
