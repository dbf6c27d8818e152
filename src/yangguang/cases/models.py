"""Cases (办件) run through published process models, and their electronic supervision.

* ``Case``: one application for a published power, run on the power's process model
  version current when it was registered. Its ``marking`` holds the tokens of the
  running process (flow key -> count); the open ``Step`` rows are the tasks that may be
  done now. Deadlines are stored as timestamps on the open rows (``Case`` and ``Step``),
  so the sweep compares them with the clock set-wise in the database.
* ``Step``: one occurrence of a task in a case (a loop gives occurrences 1, 2 …), open
  until a person holding the task's post completes it.
* ``Pause``: the clock stopped while a pause task (补正, 听证, 检验, 鉴定, 专家评审) is open.
* ``Document``, ``Fee``, ``Handover`` (首问负责), ``Enquiry``: on-record facts of a case.
* ``SupervisionRule``: per-organisation / per-power settings of the rules (on/off,
  automatic or confirmed by an inspector, threshold).
* ``Alert``: one finding of a rule, unique per (case, step or case scope, rule); its
  correction workflow (纠错): explained and corrected by the department, reviewed by an
  inspector, closed or escalated to accountability (``meetings.AccountabilityCase``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yangguang.core.sealed import SealedCharField

USER = settings.AUTH_USER_MODEL


class CaseStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    APPROVED = "approved", _("准予")
    REFUSED = "refused", _("不予")
    WITHDRAWN = "withdrawn", _("撤回")


class Channel(models.TextChoices):
    WINDOW = "window", _("窗口")
    ONLINE = "online", _("网上")
    API = "api", _("接口")


class CaseNumberSequence(models.Model):
    """The last case number given per organisation and year (gap-free, row-locked)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("办件编号序列")
        verbose_name_plural = _("办件编号序列")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="case_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.year}: {self.last}"


class Case(models.Model):
    number = models.CharField(_("办件编号"), max_length=64, unique=True)
    query_hash = models.CharField(_("查询码摘要"), max_length=64)
    external_id = models.CharField(_("外部编号"), max_length=100, blank=True)
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("单位"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    power = models.ForeignKey(
        "powers.PowerItem", verbose_name=_("事项"), on_delete=models.PROTECT, related_name="+"
    )
    process = models.ForeignKey(
        "flows.ProcessModel", verbose_name=_("流程"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    applicant = models.CharField(_("申请人"), max_length=200)
    # sealed (``core.sealed``, purpose ``applicant``): the column holds the token
    applicant_contact = SealedCharField(
        _("联系方式"), max_length=100, blank=True, purpose="applicant"
    )
    subject = models.CharField(_("申请事项"), max_length=300, blank=True)
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    registered_at = models.DateTimeField(_("登记时间"))
    registered_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responsible = models.ForeignKey(
        USER, verbose_name=_("首问责任人"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    marking = models.JSONField(_("令牌"), default=dict)
    paused_since = models.DateTimeField(_("暂停自"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    acceptance_deadline = models.DateTimeField(null=True, blank=True)
    promised_limit = models.PositiveIntegerField(null=True, blank=True)
    statutory_limit = models.PositiveIntegerField(null=True, blank=True)
    promised_deadline = models.DateTimeField(_("承诺期限"), null=True, blank=True)
    statutory_deadline = models.DateTimeField(_("法定期限"), null=True, blank=True)
    warn_at = models.DateTimeField(_("预警时间"), null=True, blank=True)
    deadline_unknown = models.BooleanField(_("期限未知"), default=False)
    deadline_note = models.CharField(max_length=300, blank=True)
    deadline_provisional = models.BooleanField(
        _("期限暂定"), default=False
    )  # counted over a year whose arrangement is not entered yet (workdays.provisional)
    finished_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    finished_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reasons = models.TextField(_("理由"), blank=True)

    class Meta:
        ordering = ["-registered_at", "-pk"]
        verbose_name = _("办件")
        indexes = [
            models.Index(fields=["status", "promised_deadline"], name="case_open_promised"),
            models.Index(fields=["status", "statutory_deadline"], name="case_open_statutory"),
            models.Index(fields=["status", "warn_at"], name="case_open_warn"),
            models.Index(fields=["organisation", "status"], name="case_org_status"),
            # the sweep's rarer rules: only the few open rows they can match
            models.Index(
                fields=["acceptance_deadline"],
                condition=Q(status=CaseStatus.OPEN, accepted_at__isnull=True)
                & Q(acceptance_deadline__isnull=False),
                name="case_open_acceptance",
            ),
            models.Index(
                fields=["id"],
                condition=Q(status=CaseStatus.OPEN, deadline_unknown=True),
                name="case_open_unknown",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~Q(external_id=""),
                name="case_external_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN


class StepStatus(models.TextChoices):
    OPEN = "open", _("待办")
    DONE = "done", _("已办")
    CANCELLED = "cancelled", _("终止")


class Step(models.Model):
    """One occurrence of a task in a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    node_key = models.CharField(_("环节标识"), max_length=64)
    name = models.CharField(_("环节"), max_length=100)
    occurrence = models.PositiveIntegerField(_("第几次"), default=1)
    post = models.ForeignKey(
        "orgs.Post", verbose_name=_("岗位"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    pauses_clock = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=StepStatus.choices, default=StepStatus.OPEN)
    activated_at = models.DateTimeField(_("开始时间"))
    limit_days = models.PositiveIntegerField(null=True, blank=True)
    limit_unit = models.CharField(max_length=8, default="working")
    deadline = models.DateTimeField(_("环节期限"), null=True, blank=True)
    warn_at = models.DateTimeField(_("预警时间"), null=True, blank=True)
    deadline_note = models.CharField(_("期限未知原因"), max_length=300, blank=True)
    deadline_provisional = models.BooleanField(_("期限暂定"), default=False)
    completed_at = models.DateTimeField(_("办理时间"), null=True, blank=True)
    completed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    choice = models.CharField(_("选择"), max_length=300, blank=True)
    note = models.TextField(_("意见"), blank=True)

    class Meta:
        ordering = ["case", "activated_at", "pk"]
        verbose_name = _("办理环节")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "node_key", "occurrence"], name="step_occurrence_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="step_open_deadline"),
            models.Index(fields=["status", "warn_at"], name="step_open_warn"),
            models.Index(
                fields=["case"],
                condition=Q(status=StepStatus.OPEN) & ~Q(deadline_note=""),
                name="step_open_unknown",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.name} #{self.occurrence}"


class Pause(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pauses")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("暂停事由"), max_length=100)
    begin = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("暂停计时")
        verbose_name_plural = _("暂停计时")
        ordering = ["case", "begin", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.begin:%Y-%m-%d}"


class Document(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="cases/%Y/%m/")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("办件材料")
        verbose_name_plural = _("办件材料")
        ordering = ["case", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class Fee(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="fees")
    item = models.CharField(_("收费项目"), max_length=200)
    amount = models.DecimalField(_("金额(元)"), max_digits=12, decimal_places=2)
    standard = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    charged_at = models.DateTimeField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("收费")
        verbose_name_plural = _("收费")
        ordering = ["case", "charged_at", "pk"]

    def __str__(self) -> str:
        return f"{self.item} {self.amount}"


class Enquiry(models.Model):
    """An enquiry (咨询) received by a person, who stays responsible (首问负责)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    power = models.ForeignKey(
        "powers.PowerItem", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.CharField(_("咨询人"), max_length=200)
    subject = models.TextField(_("咨询内容"))
    received_at = models.DateTimeField()
    received_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    responsible = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = _("咨询")
        verbose_name_plural = _("咨询")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person}: {self.subject[:30]}"


class Handover(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="handovers"
    )
    enquiry = models.ForeignKey(
        Enquiry, on_delete=models.CASCADE, null=True, blank=True, related_name="handovers"
    )
    from_user = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    to_user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reason = models.TextField()

    class Meta:
        verbose_name = _("移交")
        verbose_name_plural = _("移交")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False) | Q(enquiry__isnull=False),
                name="handover_has_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_user_id} → {self.to_user_id}"


class Rule(models.TextChoices):
    STEP_WARNING = "step_warning", _("环节临期预警")
    CASE_WARNING = "case_warning", _("办件临期预警")
    YELLOW_CARD = "yellow_card", _("黄牌: 超承诺时限")
    RED_CARD = "red_card", _("红牌: 超法定时限")
    STEP_LATE = "step_late", _("环节超时")
    NO_REASONS = "no_reasons", _("不予许可未说明理由")
    ACCEPTANCE_LATE = "acceptance_late", _("受理超时")
    FEE_NO_STANDARD = "fee_no_standard", _("无收费依据收费")
    FEE_ABOVE_STANDARD = "fee_above_standard", _("超标准收费")
    DEADLINE_UNKNOWN = "deadline_unknown", _("期限无法计算")
    BENCHMARK_DEVIATION = "benchmark_deviation", _("处罚偏离裁量基准")


class Grade(models.TextChoices):
    WARNING = "warning", _("预警")
    YELLOW = "yellow", _("黄牌")
    RED = "red", _("红牌")


class SupervisionRule(models.Model):
    """A rule's setting for an organisation (all its powers) or one power; the most
    specific row wins (power, then organisation, then the defaults in ``rules.py``)."""

    rule = models.CharField(_("规则"), max_length=24, choices=Rule.choices)
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    power = models.ForeignKey(
        "powers.PowerItem", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    enabled = models.BooleanField(_("启用"), default=True)
    automatic = models.BooleanField(_("自动生效"), default=True)
    threshold = models.PositiveIntegerField(_("阈值"), null=True, blank=True)

    class Meta:
        verbose_name = _("监督规则")
        verbose_name_plural = _("监督规则")
        ordering = ["organisation", "rule", "power"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "organisation"],
                condition=Q(power__isnull=True),
                name="rule_org_unique",
            ),
            models.UniqueConstraint(
                fields=["rule", "organisation", "power"],
                condition=Q(power__isnull=False),
                name="rule_power_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} @ {self.organisation_id}/{self.power_id or '*'}"


class AlertStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    OPEN = "open", _("待纠错")
    EXPLAINED = "explained", _("已说明待审核")
    CLOSED = "closed", _("已办结")
    ESCALATED = "escalated", _("已转问责")
    DISMISSED = "dismissed", _("已撤销")


class Alert(models.Model):
    # the sweep inserts alerts set-wise: indexes only where something looks up by them
    # (``alert_once`` leads with the case, ``alert_org_status`` with the organisation; the
    # other keys are looked up only by deletion checks, over their non-null values)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="alerts", db_index=False)
    step = models.ForeignKey(Step, on_delete=models.CASCADE, null=True, blank=True, db_index=False)
    scope = models.CharField(max_length=32)  # "case" or "step:<id>" or "fee:<id>"
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    rule = models.CharField(_("规则"), max_length=24, choices=Rule.choices)
    grade = models.CharField(_("等级"), max_length=8, choices=Grade.choices)
    status = models.CharField(max_length=10, choices=AlertStatus.choices)
    responsible = models.ForeignKey(
        USER, verbose_name=_("责任人"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+", db_index=False,
    )  # fmt: skip
    deadline = models.DateTimeField(_("期限"), null=True, blank=True)
    limit_days = models.PositiveIntegerField(null=True, blank=True)
    threshold = models.PositiveIntegerField(null=True, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    standard = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    detected_at = models.DateTimeField(_("发现时间"))
    explanation = models.TextField(_("情况说明"), blank=True)
    correction = models.TextField(_("纠正措施"), blank=True)
    explained_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    explained_at = models.DateTimeField(null=True, blank=True)
    review = models.TextField(_("审核意见"), blank=True)
    reviewed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    accountability = models.ForeignKey(
        "meetings.AccountabilityCase", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", db_index=False,
    )  # fmt: skip
    # the inspector following the alert up (assigned by a colleague of the commission)
    assignee = models.ForeignKey(
        USER, verbose_name=_("承办人"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", db_index=False,
    )  # fmt: skip
    assigned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-detected_at", "-pk"]
        verbose_name = _("监察预警")
        constraints = [
            models.UniqueConstraint(fields=["case", "scope", "rule"], name="alert_once"),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"], name="alert_org_status"),
            *(
                models.Index(fields=[key], condition=Q(**{f"{key}__isnull": False}), name=name)
                for key, name in (
                    ("step", "alert_step"),
                    ("responsible", "alert_responsible"),
                    ("explained_by", "alert_explained_by"),
                    ("reviewed_by", "alert_reviewed_by"),
                    ("accountability", "alert_accountability"),
                    ("assignee", "alert_assignee"),
                )
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} · {self.case_id}"


from yangguang.cases.models_ingest import IngestedEvent  # noqa: E402, F401
from yangguang.cases.models_penalty import PenaltyDecision  # noqa: E402, F401
from yangguang.cases.models_scores import ScoreAppeal, ScoreItem, ScoreSheet  # noqa: E402, F401
