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

from yangguang.orgs.models import RegionLevel


def _nonblank(field: str, name: str, message: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=~Q(**{field: ""}), name=name, violation_error_message=message
    )


class PowerType(models.Model):
    """A kind of power. Codes are two capital letters and are the first part of every
    power code of that type."""

    code = models.CharField(
        "类型代码 (code)",
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", "应为两个大写字母 (two capital letters)")],
    )
    name = models.CharField("类型名称 (name)", max_length=32, unique=True)
    sort_order = models.PositiveSmallIntegerField("排序 (order)", default=0)
    active = models.BooleanField("启用 (active)", default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = "职权类型 (power type)"
        verbose_name_plural = "职权类型 (power types)"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


#: the penalty type: discretion benchmarks apply to its items only
PENALTY_TYPE = "CF"


class ListStatus(models.TextChoices):
    DRAFT = "draft", "草稿 (draft)"
    FIRST_REVIEW = "first_review", "初审中 (in first review)"
    SECOND_REVIEW = "second_review", "复审中 (in second review)"
    APPROVED = "approved", "复审通过待发布 (approved, to be published)"


class PowerList(models.Model):
    """An organisation's working list. Publication copies it into a ``PowerListVersion``
    and the working list reopens as a draft for the next round."""

    organisation = models.OneToOneField(
        "orgs.Organisation",
        verbose_name="单位 (organisation)",
        on_delete=models.PROTECT,
        related_name="power_list",
    )
    status = models.CharField(
        "状态 (status)", max_length=16, choices=ListStatus.choices, default=ListStatus.DRAFT
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人 (drafter)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField("提交时间 (submitted at)", null=True, blank=True)
    first_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="初审人 (first reviewer)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    first_reviewed_at = models.DateTimeField("初审时间 (first review at)", null=True, blank=True)
    second_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="复审人 (second reviewer)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    second_reviewed_at = models.DateTimeField("复审时间 (second review at)", null=True, blank=True)
    return_reason = models.TextField("退回理由 (reason for return)", blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "权责清单 (power list)"
        verbose_name_plural = "权责清单 (power lists)"
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(drafter__isnull=False),
                name="powerlist_submitted_has_drafter",
                violation_error_message="提交后的清单必须有起草人 (a submitted list has a drafter)",
            ),
            models.CheckConstraint(
                condition=Q(first_reviewer__isnull=True) | ~Q(first_reviewer=F("drafter")),
                name="powerlist_first_reviewer_not_drafter",
                violation_error_message="起草人不能初审自己的清单 "
                "(the drafter may not review his or her own list)",
            ),
            models.CheckConstraint(
                condition=Q(second_reviewer__isnull=True)
                | (~Q(second_reviewer=F("drafter")) & ~Q(second_reviewer=F("first_reviewer"))),
                name="powerlist_second_reviewer_distinct",
                violation_error_message="复审人不能是起草人或初审人 "
                "(the second reviewer is neither the drafter nor the first reviewer)",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · 权责清单"


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", "工作日 (working days)"
    CALENDAR_DAYS = "calendar_days", "自然日 (calendar days)"
    MONTHS = "months", "月 (months)"


class Disclosure(models.TextChoices):
    PUBLIC = "public", "主动公开 (public)"
    ON_REQUEST = "on_request", "依申请公开 (on request)"
    NOT_PUBLIC = "not_public", "不予公开 (not public)"


class PowerItem(models.Model):
    """One item of a working list. ``main``/``sub`` are the numbers parsed from ``code``
    (``sub`` = 0 for a main item); a sub-item (``sub`` > 0) has a main item (``parent``)."""

    power_list = models.ForeignKey(
        PowerList, verbose_name="清单 (list)", on_delete=models.CASCADE, related_name="items"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="主项 (main item)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_items",
    )
    code = models.CharField("职权编码 (basic code)", max_length=32)
    implementation_code = models.CharField(
        "实施编码 (implementation code)", max_length=36, blank=True
    )
    main = models.PositiveIntegerField("主项号 (main-item number)")
    sub = models.PositiveIntegerField("子项号 (sub-item number)", default=0)
    name = models.CharField("职权名称 (name)", max_length=200)
    type = models.ForeignKey(
        PowerType, verbose_name="职权类型 (type)", on_delete=models.PROTECT, related_name="+"
    )
    implementing_body = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="实施主体 (implementing body)",
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.CharField(
        "行使层级 (level)", max_length=10, choices=RegionLevel.choices, default="county"
    )
    entrusted_body = models.CharField("受委托组织 (entrusted body)", max_length=200, blank=True)
    statutory_limit = models.PositiveIntegerField(
        "法定期限 (statutory limit)", null=True, blank=True
    )
    statutory_unit = models.CharField(
        "法定期限单位 (unit)", max_length=16, choices=TimeUnit.choices, blank=True
    )
    promised_limit = models.PositiveIntegerField("承诺期限 (promised limit)", null=True, blank=True)
    promised_unit = models.CharField(
        "承诺期限单位 (unit)", max_length=16, choices=TimeUnit.choices, blank=True
    )
    time_limit_note = models.CharField("期限说明 (note)", max_length=200, blank=True)
    acceptance_conditions = models.TextField("受理条件 (acceptance conditions)", blank=True)
    counterpart = models.CharField("服务对象 (service object)", max_length=100, blank=True)
    complaint_channel = models.CharField("监督投诉渠道 (complaints)", max_length=200, blank=True)
    disclosure = models.CharField(
        "公开方式 (disclosure)", max_length=12, choices=Disclosure.choices, default="public"
    )
    responsible_post = models.ForeignKey(
        "orgs.Post",
        verbose_name="责任岗位 (responsible post)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    remarks = models.TextField("备注 (remarks)", blank=True)
    sort_order = models.PositiveIntegerField("排序 (order)", default=0)

    class Meta:
        ordering = ["power_list", "code"]
        verbose_name = "职权事项 (power item)"
        verbose_name_plural = "职权事项 (power items)"
        constraints = [
            models.UniqueConstraint(
                fields=["power_list", "code"],
                name="poweritem_code_unique_in_list",
                violation_error_message="职权编码在清单内重复 (duplicate code in the list)",
            ),
            models.CheckConstraint(
                condition=(Q(sub=0) & Q(parent__isnull=True))
                | (Q(sub__gt=0) & Q(parent__isnull=False)),
                name="poweritem_sub_item_has_main",
                violation_error_message="子项必须有主项, 主项不能有上级 "
                "(a sub-item needs a main item; a main item has none)",
            ),
            models.CheckConstraint(condition=Q(main__gte=1), name="poweritem_main_positive"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="poweritem_not_own_parent"),
            _nonblank("name", "poweritem_name_required", "职权名称必填 (name required)"),
            models.CheckConstraint(
                condition=(Q(statutory_limit__isnull=True) & Q(statutory_unit=""))
                | (Q(statutory_limit__gt=0) & ~Q(statutory_unit="")),
                name="poweritem_statutory_limit_positive",
                violation_error_message="法定期限须为正数并注明单位 "
                "(a statutory time limit is positive and has a unit)",
            ),
            models.CheckConstraint(
                condition=(Q(promised_limit__isnull=True) & Q(promised_unit=""))
                | (Q(promised_limit__gt=0) & ~Q(promised_unit="")),
                name="poweritem_promised_limit_positive",
                violation_error_message="承诺期限须为正数并注明单位 "
                "(a promised time limit is positive and has a unit)",
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
    law = models.CharField("法律法规 (law)", max_length=200)
    article = models.CharField("条款 (article)", max_length=64, blank=True)
    text = models.TextField("条文 (text)", blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["item", "sort_order", "pk"]
        verbose_name = "设定依据 (legal basis)"
        constraints = [
            _nonblank("law", "legalbasis_law_required", "法律法规名称必填 (law required)")
        ]

    def __str__(self) -> str:
        return f"{self.law}{self.article}"


class MaterialForm(models.TextChoices):
    PAPER = "paper", "纸质 (paper)"
    ELECTRONIC = "electronic", "电子 (electronic)"
    BOTH = "both", "纸质或电子 (paper or electronic)"


class Material(models.Model):
    """A material the applicant hands in (申请材料)."""

    item = models.ForeignKey(PowerItem, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField("材料名称 (name)", max_length=200)
    required = models.BooleanField("必要 (required)", default=True)
    form = models.CharField(
        "材料形式 (form)", max_length=12, choices=MaterialForm.choices, default="both"
    )
    source = models.CharField("来源渠道 (source)", max_length=100, blank=True)
    copies = models.PositiveSmallIntegerField("份数 (copies)", default=1)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["item", "sort_order", "pk"]
        verbose_name = "申请材料 (material)"
        constraints = [
            _nonblank("name", "material_name_required", "材料名称必填 (name required)"),
            models.CheckConstraint(
                condition=Q(copies__gte=1),
                name="material_copies_positive",
                violation_error_message="份数须为正数 (copies must be positive)",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Fee(models.Model):
    """A fee charged for the item, with its standard and basis (收费依据)."""

    item = models.ForeignKey(PowerItem, on_delete=models.CASCADE, related_name="fees")
    name = models.CharField("收费项目 (name)", max_length=200)
    standard = models.CharField("收费标准 (standard)", max_length=200)
    basis = models.TextField("收费依据 (basis)")
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["item", "sort_order", "pk"]
        verbose_name = "收费 (fee)"
        constraints = [
            _nonblank("name", "fee_name_required", "收费项目必填 (name required)"),
            _nonblank("basis", "fee_basis_required", "收费依据必填 (basis required)"),
        ]

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    ACCEPTANCE = "acceptance", "受理 (acceptance)"
    FILING = "filing", "立案 (filing)"
    INVESTIGATION = "investigation", "调查取证 (investigation)"
    EXAMINATION = "examination", "审查/审理 (examination)"
    NOTIFICATION = "notification", "告知 (notification)"
    DECISION = "decision", "决定 (decision)"
    SERVICE = "service", "送达 (service)"
    ENFORCEMENT = "enforcement", "执行 (enforcement)"
    SUPERVISION = "supervision", "事后监管 (supervision)"
    OTHER = "other", "其他 (other)"


class ResponsibilityItem(models.Model):
    """A duty of the implementing body at one stage of the power (责任事项)."""

    item = models.ForeignKey(PowerItem, on_delete=models.CASCADE, related_name="responsibilities")
    stage = models.CharField("环节 (stage)", max_length=16, choices=Stage.choices)
    duty = models.TextField("责任内容 (duty)")
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["item", "sort_order", "pk"]
        verbose_name = "责任事项 (responsibility item)"
        constraints = [
            _nonblank("duty", "responsibility_duty_required", "责任内容必填 (duty required)")
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.duty[:20]}"


class AccountabilityCircumstance(models.Model):
    """A circumstance in which the responsible persons are held to account (追责情形)."""

    item = models.ForeignKey(PowerItem, on_delete=models.CASCADE, related_name="accountabilities")
    description = models.TextField("追责情形 (circumstance)")
    basis = models.TextField("追责依据 (basis)", blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["item", "sort_order", "pk"]
        verbose_name = "追责情形 (accountability circumstance)"
        constraints = [
            _nonblank(
                "description", "accountability_description_required", "追责情形必填 (required)"
            )
        ]

    def __str__(self) -> str:
        return self.description[:30]


class Grade(models.TextChoices):
    SLIGHT = "slight", "轻微 (slight)"
    ORDINARY = "ordinary", "一般 (ordinary)"
    SERIOUS = "serious", "较重 (serious)"
    GRAVE = "grave", "严重 (grave)"


class DiscretionBenchmark(models.Model):
    """A graded circumstance of a penalty power with its penalty range (自由裁量权基准).
    ``quantified`` false: the range is not broken down, and the lower bound applies."""

    power = models.ForeignKey(PowerItem, on_delete=models.CASCADE, related_name="benchmarks")
    grade = models.CharField("违法情节 (circumstance grade)", max_length=10, choices=Grade.choices)
    description = models.TextField("情形描述 (description)")
    fine_min = models.DecimalField(
        "罚款下限(元) (minimum fine, yuan)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    fine_max = models.DecimalField(
        "罚款上限(元) (maximum fine, yuan)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    other_penalties = models.CharField("其他处罚种类 (other penalties)", max_length=200, blank=True)
    quantified = models.BooleanField("已量化 (quantified)", default=True)

    class Meta:
        ordering = ["power", "pk"]
        verbose_name = "裁量基准 (discretion benchmark)"
        constraints = [
            models.UniqueConstraint(
                fields=["power", "grade"],
                name="benchmark_one_per_grade",
                violation_error_message="同一情节等级只能有一条基准 (one benchmark per grade)",
            ),
            _nonblank("description", "benchmark_description_required", "情形描述必填"),
            models.CheckConstraint(
                condition=(Q(fine_min__isnull=True) & Q(fine_max__isnull=True))
                | (Q(fine_min__gte=0) & Q(fine_max__gte=F("fine_min"))),
                name="benchmark_fine_range_valid",
                violation_error_message="罚款幅度须 0 ≤ 下限 ≤ 上限 (0 ≤ min ≤ max)",
            ),
            models.CheckConstraint(
                condition=Q(fine_min__isnull=False) | ~Q(other_penalties=""),
                name="benchmark_has_penalty",
                violation_error_message="须有罚款幅度或其他处罚种类 "
                "(a fine range or another penalty kind is required)",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.power.code} · {self.get_grade_display()}"


class Decision(models.TextChoices):
    KEEP = "keep", "保留 (keep)"
    CANCEL = "cancel", "取消 (cancel)"
    DELEGATE = "delegate", "下放 (delegate to a lower level)"
    MERGE = "merge", "合并 (merge into another item)"
    TRANSFER = "transfer", "转移 (transfer to another body)"
    ADJUST = "adjust", "调整 (adjust)"


#: decisions that take the item out of this organisation's published list
LEAVING = frozenset({Decision.CANCEL, Decision.DELEGATE, Decision.MERGE, Decision.TRANSFER})


class ItemDecision(models.Model):
    """The review decision on one item in the current round; cleared at publication."""

    item = models.OneToOneField(PowerItem, on_delete=models.CASCADE, related_name="decision")
    decision = models.CharField("审核意见 (decision)", max_length=10, choices=Decision.choices)
    reason = models.TextField("理由 (reason)")
    basis = models.TextField("依据 (basis)")
    delegate_level = models.CharField(
        "下放至层级 (delegated to level)", max_length=10, choices=RegionLevel.choices, blank=True
    )
    delegate_body = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="承接单位 (receiving body)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    merge_into = models.ForeignKey(
        PowerItem,
        verbose_name="并入事项 (merged into)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    transfer_to = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="转移至 (transferred to)",
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
        verbose_name = "审核意见 (review decision)"
        constraints = [
            _nonblank("reason", "decision_reason_required", "理由必填 (reason required)"),
            _nonblank("basis", "decision_basis_required", "依据必填 (basis required)"),
            models.CheckConstraint(
                condition=Q(decision="delegate", delegate_level__gt="")
                | (~Q(decision="delegate") & Q(delegate_level="") & Q(delegate_body__isnull=True)),
                name="decision_delegate_target",
                violation_error_message="下放须写明层级 (delegation names the level)",
            ),
            models.CheckConstraint(
                condition=Q(decision="merge", merge_into__isnull=False)
                | (~Q(decision="merge") & Q(merge_into__isnull=True)),
                name="decision_merge_target",
                violation_error_message="合并须写明并入事项 (a merge names the item)",
            ),
            models.CheckConstraint(
                condition=Q(decision="transfer", transfer_to__isnull=False)
                | (~Q(decision="transfer") & Q(transfer_to__isnull=True)),
                name="decision_transfer_target",
                violation_error_message="转移须写明承接单位 (a transfer names the body)",
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
    number = models.PositiveIntegerField("版本号 (version)")
    published_at = models.DateTimeField("发布时间 (published at)")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_by_name = models.CharField("发布人 (published by)", max_length=150)
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    first_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    second_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    item_count = models.PositiveIntegerField("事项数 (items)")
    snapshot = models.TextField("快照 (canonical JSON snapshot)")
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        ordering = ["organisation", "number"]
        verbose_name = "清单版本 (list version)"
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
    code = models.CharField("职权编码 (code)", max_length=32)
    name = models.CharField("职权名称 (name)", max_length=200)
    type = models.ForeignKey(PowerType, on_delete=models.PROTECT, related_name="+")
    parent_code = models.CharField("主项编码 (main-item code)", max_length=32, blank=True)
    data = models.JSONField("事项数据 (data)")
    search_text = models.TextField("检索文本 (search text)")
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "sort_order", "code"]
        verbose_name = "已发布事项 (published item)"
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="publisheditem_code_unique")
        ]
        indexes = [models.Index(fields=["organisation", "type"], name="publisheditem_org_type")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
