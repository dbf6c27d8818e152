"""Process models (权力运行流程图) and integrity-risk maps (廉政风险防控图) of powers.

* ``ProcessModel``: one version of a power's flowchart (numbered 1, 2, 3 … per power).
  A draft is edited; a published version is frozen (the services refuse every change to
  its graph and risk points) and the next change starts a new draft version.
* ``Node`` (start/end events, tasks, exclusive and parallel gateways), ``Flow``
  (sequence flows with conditions) and ``SodGroup`` (separation of duties): the graph in
  normalised tables, compiled by ``compiled.from_db`` into a pure-Python structure.
* ``RiskPoint`` on a task with its ``Measure``s and their ``Evidence`` files;
  ``RiskReviewStep`` records each move of the 五步法 review of the version's risk map.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ProcessStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class ReviewState(models.TextChoices):
    """The 五步法 (找、亮、问、审、核) of a risk map."""

    FIND = "find", _("找: 查找风险点")
    SHOW = "show", _("亮: 亮出风险点征求意见")
    ASK = "ask", _("问: 问计于群众和同事")
    REVIEW = "review", _("审: 领导审定")
    CHECK = "check", _("核: 纪委监委核定")
    DONE = "done", _("已核定")


class Grade(models.TextChoices):
    A = "A", _("A级")
    B = "B", _("B级")
    C = "C", _("C级")


class ProcessModel(models.Model):
    power = models.ForeignKey(
        "powers.PowerItem",
        verbose_name=_("职权事项"),
        on_delete=models.CASCADE,
        related_name="process_models",
    )
    version = models.PositiveIntegerField(_("版本号"))
    name = models.CharField(_("流程名称"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=12, choices=ProcessStatus.choices, default="draft"
    )
    statutory_limit = models.PositiveIntegerField(_("法定办结时限(工作日)"), null=True, blank=True)
    promised_limit = models.PositiveIntegerField(_("承诺办结时限(工作日)"), null=True, blank=True)
    grade_override = models.CharField(
        _("人工认定等级"), max_length=1, choices=Grade.choices, blank=True
    )
    grade_override_reason = models.TextField(_("认定理由"), blank=True)
    review_state = models.CharField(
        _("五步法状态"), max_length=8, choices=ReviewState.choices, default="find"
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        ordering = ["power", "version"]
        verbose_name = _("流程图")
        constraints = [
            models.UniqueConstraint(fields=["power", "version"], name="process_version_unique"),
            models.UniqueConstraint(
                fields=["power"],
                condition=Q(status="draft"),
                name="process_one_draft_per_power",
                violation_error_message=_("每项职权只能有一个草稿流程"),
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="process_version_pos"),
            models.CheckConstraint(
                condition=Q(statutory_limit__isnull=True) | Q(statutory_limit__gt=0),
                name="process_statutory_positive",
            ),
            models.CheckConstraint(
                condition=Q(promised_limit__isnull=True) | Q(promised_limit__gt=0),
                name="process_promised_positive",
            ),
            models.CheckConstraint(
                condition=Q(grade_override="") | ~Q(grade_override_reason=""),
                name="process_override_has_reason",
                violation_error_message=_("人工认定等级须写明理由"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · " + gettext("第%(n)s版") % {"n": self.version}

    @property
    def is_published(self) -> bool:
        return self.status == ProcessStatus.PUBLISHED


class NodeKind(models.TextChoices):
    START = "start", _("开始")
    END = "end", _("结束")
    TASK = "task", _("环节")
    XOR = "xor", _("选择")
    AND = "and", _("并行")


class Visibility(models.TextChoices):
    EXTERNAL = "external", _("对外")
    INTERNAL = "internal", _("内部")


class LimitUnit(models.TextChoices):
    WORKING = "working", _("工作日")
    CALENDAR = "calendar", _("自然日")


class Node(models.Model):
    process = models.ForeignKey(ProcessModel, on_delete=models.CASCADE, related_name="nodes")
    key = models.CharField(_("元素标识"), max_length=64)
    kind = models.CharField(_("类型"), max_length=8, choices=NodeKind.choices)
    name = models.CharField(_("名称"), max_length=100, blank=True)
    post = models.ForeignKey(
        "orgs.Post", verbose_name=_("岗位"), on_delete=models.PROTECT, null=True, blank=True
    )
    lane = models.CharField(_("岗位名称/泳道"), max_length=64, blank=True)
    limit_days = models.IntegerField(_("时限"), null=True, blank=True)
    limit_unit = models.CharField(
        _("时限单位"), max_length=8, choices=LimitUnit.choices, default="working"
    )
    pauses_clock = models.BooleanField(_("中止计时"), default=False)
    visibility = models.CharField(
        _("公开范围"), max_length=8, choices=Visibility.choices, default="external"
    )
    materials = models.TextField(_("所需材料"), blank=True)
    outputs = models.TextField(_("产出文书"), blank=True)
    bpmn_type = models.CharField(_("BPMN 类型"), max_length=24, blank=True)
    bounds = models.JSONField(_("图形位置"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["process", "sort_order", "pk"]
        verbose_name = _("流程节点")
        constraints = [
            models.UniqueConstraint(fields=["process", "key"], name="node_key_unique"),
        ]

    def __str__(self) -> str:
        return self.name or self.key

    @property
    def is_task(self) -> bool:
        return self.kind == NodeKind.TASK


class Flow(models.Model):
    process = models.ForeignKey(ProcessModel, on_delete=models.CASCADE, related_name="flows")
    key = models.CharField(_("元素标识"), max_length=64)
    source = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="outgoing")
    target = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="incoming")
    name = models.CharField(_("名称"), max_length=100, blank=True)
    condition = models.CharField(_("条件"), max_length=200, blank=True)
    is_default = models.BooleanField(_("默认分支"), default=False)
    waypoints = models.JSONField(_("折点"), null=True, blank=True)

    class Meta:
        ordering = ["process", "pk"]
        verbose_name = _("顺序流")
        constraints = [
            models.UniqueConstraint(fields=["process", "key"], name="flow_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class SodGroup(models.Model):
    """Tasks that must be done by pairwise different people (不相容岗位分离)."""

    process = models.ForeignKey(ProcessModel, on_delete=models.CASCADE, related_name="sod_groups")
    name = models.CharField(_("名称"), max_length=100, blank=True)
    tasks = models.ManyToManyField(Node, related_name="sod_groups")

    class Meta:
        ordering = ["process", "pk"]
        verbose_name = _("职责分离组")

    def __str__(self) -> str:
        return self.name or f"SoD {self.pk}"


class RiskPoint(models.Model):
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="risk_points")
    description = models.TextField(_("风险点描述"))
    grade = models.CharField(_("风险等级"), max_length=1, choices=Grade.choices)
    likelihood = models.PositiveSmallIntegerField(
        _("发生概率"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impact = models.PositiveSmallIntegerField(
        _("影响程度"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    responsible_post = models.ForeignKey(
        "orgs.Post", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_date = models.DateField(_("复核日期"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["node", "sort_order", "pk"]
        verbose_name = _("廉政风险点")
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="riskpoint_scores_1_5",
            ),
            models.CheckConstraint(
                condition=~Q(description=""), name="riskpoint_description_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grade} · {self.description[:30]}"

    @property
    def responsible(self) -> str:
        if self.responsible_user_id:
            user = self.responsible_user
            return getattr(user, "full_name", "") or user.get_username()
        if self.responsible_post_id:
            return self.responsible_post.name
        return ""


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("拟实施")
    IN_FORCE = "in_force", _("实施中")
    DONE = "done", _("已落实")


class Measure(models.Model):
    risk_point = models.ForeignKey(RiskPoint, on_delete=models.CASCADE, related_name="measures")
    description = models.TextField(_("防范措施"))
    owner = models.CharField(_("责任人/岗位"), max_length=100)
    status = models.CharField(
        _("落实情况"), max_length=10, choices=MeasureStatus.choices, default="planned"
    )
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["risk_point", "sort_order", "pk"]
        verbose_name = _("防范措施")

    def __str__(self) -> str:
        return self.description[:30]


class Evidence(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("佐证材料"), upload_to="flows/evidence/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.CharField(max_length=150)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure", "pk"]
        verbose_name = _("佐证材料")

    def __str__(self) -> str:
        return self.name


class RiskReviewStep(models.Model):
    """One move of the 五步法 review (advance or return), by whom and when."""

    process = models.ForeignKey(ProcessModel, on_delete=models.CASCADE, related_name="review_steps")
    from_state = models.CharField(max_length=8, choices=ReviewState.choices)
    to_state = models.CharField(max_length=8, choices=ReviewState.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by_name = models.CharField(max_length=150)
    note = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["process", "at", "pk"]
        verbose_name = _("五步法记录")

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"
