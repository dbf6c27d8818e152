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


class ProcessStatus(models.TextChoices):
    DRAFT = "draft", "草稿 (draft)"
    PUBLISHED = "published", "已发布 (published)"


class ReviewState(models.TextChoices):
    """The 五步法 (找、亮、问、审、核) of a risk map."""

    FIND = "find", "找: 查找风险点 (find the risks)"
    SHOW = "show", "亮: 亮出风险点征求意见 (show them for comment)"
    ASK = "ask", "问: 问计于群众和同事 (ask for opinions)"
    REVIEW = "review", "审: 领导审定 (leader review)"
    CHECK = "check", "核: 纪委监委核定 (commission check)"
    DONE = "done", "已核定 (confirmed)"


class Grade(models.TextChoices):
    A = "A", "A级 (grade A)"
    B = "B", "B级 (grade B)"
    C = "C", "C级 (grade C)"


class ProcessModel(models.Model):
    power = models.ForeignKey(
        "powers.PowerItem",
        verbose_name="职权事项 (power)",
        on_delete=models.CASCADE,
        related_name="process_models",
    )
    version = models.PositiveIntegerField("版本号 (version)")
    name = models.CharField("流程名称 (name)", max_length=200)
    status = models.CharField(
        "状态 (status)", max_length=12, choices=ProcessStatus.choices, default="draft"
    )
    statutory_limit = models.PositiveIntegerField(
        "法定办结时限(工作日) (statutory limit, working days)", null=True, blank=True
    )
    promised_limit = models.PositiveIntegerField(
        "承诺办结时限(工作日) (promised limit, working days)", null=True, blank=True
    )
    grade_override = models.CharField(
        "人工认定等级 (grade override)", max_length=1, choices=Grade.choices, blank=True
    )
    grade_override_reason = models.TextField("认定理由 (reason for the override)", blank=True)
    review_state = models.CharField(
        "五步法状态 (review state)", max_length=8, choices=ReviewState.choices, default="find"
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField("发布时间 (published at)", null=True, blank=True)

    class Meta:
        ordering = ["power", "version"]
        verbose_name = "流程图 (process model)"
        constraints = [
            models.UniqueConstraint(fields=["power", "version"], name="process_version_unique"),
            models.UniqueConstraint(
                fields=["power"],
                condition=Q(status="draft"),
                name="process_one_draft_per_power",
                violation_error_message="每项职权只能有一个草稿流程 (one draft per power)",
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
                violation_error_message="人工认定等级须写明理由 (an override needs a reason)",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def is_published(self) -> bool:
        return self.status == ProcessStatus.PUBLISHED


class NodeKind(models.TextChoices):
    START = "start", "开始 (start event)"
    END = "end", "结束 (end event)"
    TASK = "task", "环节 (task)"
    XOR = "xor", "选择 (exclusive gateway)"
    AND = "and", "并行 (parallel gateway)"


class Visibility(models.TextChoices):
    EXTERNAL = "external", "对外 (external)"
    INTERNAL = "internal", "内部 (internal)"


class LimitUnit(models.TextChoices):
    WORKING = "working", "工作日 (working days)"
    CALENDAR = "calendar", "自然日 (calendar days)"


class Node(models.Model):
    process = models.ForeignKey(ProcessModel, on_delete=models.CASCADE, related_name="nodes")
    key = models.CharField("元素标识 (element id)", max_length=64)
    kind = models.CharField("类型 (kind)", max_length=8, choices=NodeKind.choices)
    name = models.CharField("名称 (name)", max_length=100, blank=True)
    post = models.ForeignKey(
        "orgs.Post", verbose_name="岗位 (post)", on_delete=models.PROTECT, null=True, blank=True
    )
    lane = models.CharField("岗位名称/泳道 (post name, lane)", max_length=64, blank=True)
    limit_days = models.IntegerField("时限 (time limit)", null=True, blank=True)
    limit_unit = models.CharField(
        "时限单位 (unit)", max_length=8, choices=LimitUnit.choices, default="working"
    )
    pauses_clock = models.BooleanField("中止计时 (pauses the clock)", default=False)
    visibility = models.CharField(
        "公开范围 (visibility)", max_length=8, choices=Visibility.choices, default="external"
    )
    materials = models.TextField("所需材料 (materials)", blank=True)
    outputs = models.TextField("产出文书 (outputs)", blank=True)
    bpmn_type = models.CharField("BPMN 类型 (BPMN element)", max_length=24, blank=True)
    bounds = models.JSONField("图形位置 (diagram bounds)", null=True, blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["process", "sort_order", "pk"]
        verbose_name = "流程节点 (node)"
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
    key = models.CharField("元素标识 (element id)", max_length=64)
    source = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="outgoing")
    target = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="incoming")
    name = models.CharField("名称 (name)", max_length=100, blank=True)
    condition = models.CharField("条件 (condition)", max_length=200, blank=True)
    is_default = models.BooleanField("默认分支 (default branch)", default=False)
    waypoints = models.JSONField("折点 (waypoints)", null=True, blank=True)

    class Meta:
        ordering = ["process", "pk"]
        verbose_name = "顺序流 (sequence flow)"
        constraints = [
            models.UniqueConstraint(fields=["process", "key"], name="flow_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class SodGroup(models.Model):
    """Tasks that must be done by pairwise different people (不相容岗位分离)."""

    process = models.ForeignKey(ProcessModel, on_delete=models.CASCADE, related_name="sod_groups")
    name = models.CharField("名称 (name)", max_length=100, blank=True)
    tasks = models.ManyToManyField(Node, related_name="sod_groups")

    class Meta:
        ordering = ["process", "pk"]
        verbose_name = "职责分离组 (separation-of-duty group)"

    def __str__(self) -> str:
        return self.name or f"SoD {self.pk}"


class RiskPoint(models.Model):
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="risk_points")
    description = models.TextField("风险点描述 (description)")
    grade = models.CharField("风险等级 (grade)", max_length=1, choices=Grade.choices)
    likelihood = models.PositiveSmallIntegerField(
        "发生概率 (likelihood, 1-5)", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impact = models.PositiveSmallIntegerField(
        "影响程度 (impact, 1-5)", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    responsible_post = models.ForeignKey(
        "orgs.Post", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_date = models.DateField("复核日期 (review date)", null=True, blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["node", "sort_order", "pk"]
        verbose_name = "廉政风险点 (risk point)"
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
    PLANNED = "planned", "拟实施 (planned)"
    IN_FORCE = "in_force", "实施中 (in force)"
    DONE = "done", "已落实 (implemented)"


class Measure(models.Model):
    risk_point = models.ForeignKey(RiskPoint, on_delete=models.CASCADE, related_name="measures")
    description = models.TextField("防范措施 (measure)")
    owner = models.CharField("责任人/岗位 (owner)", max_length=100)
    status = models.CharField(
        "落实情况 (status)", max_length=10, choices=MeasureStatus.choices, default="planned"
    )
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["risk_point", "sort_order", "pk"]
        verbose_name = "防范措施 (prevention measure)"

    def __str__(self) -> str:
        return self.description[:30]


class Evidence(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("佐证材料 (evidence file)", upload_to="flows/evidence/%Y/%m/")
    name = models.CharField("文件名 (name)", max_length=200)
    size = models.PositiveIntegerField("大小 (bytes)")
    uploaded_by = models.CharField(max_length=150)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure", "pk"]
        verbose_name = "佐证材料 (evidence)"

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
        verbose_name = "五步法记录 (review step)"

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"
