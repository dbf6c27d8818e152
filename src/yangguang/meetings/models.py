"""三重一大: the catalogue of matters decided collectively, meetings and their topics,
attendance, recusal, the speaking order, votes, minutes, execution of decisions, the
commission's vetting of promotions, integrity records and accountability cases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class Category(models.TextChoices):
    """The four categories of 三重一大."""

    MAJOR_DECISION = "major_decision", _("重大决策")
    PERSONNEL = "personnel", _("重要干部任免")
    PROJECT = "project", _("重大项目安排")
    FUNDS = "funds", _("大额资金使用")


class Body(models.TextChoices):
    """The deciding body (the meeting's type)."""

    PARTY_COMMITTEE = "party_committee", _("党委(党组)会议")
    LEADERSHIP = "leadership", _("领导班子会议")
    JOINT = "joint", _("党政联席会议")


class Quorum(models.TextChoices):
    HALF = "half", _("过半数")
    TWO_THIRDS = "two_thirds", _("三分之二")


class DecisionRules(models.Model):
    """An organisation's own rules of procedure (议事规则); defaults apply without a row."""

    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="decision_rules"
    )
    personnel_quorum = models.CharField(
        _("人事事项到会人数"),
        max_length=12,
        choices=Quorum.choices,
        default=Quorum.HALF,
    )
    notice_days = models.PositiveSmallIntegerField(_("议题提前告知天数"), default=2)
    minutes_days = models.PositiveSmallIntegerField(_("纪要形成期限(天)"), default=7)
    decision_window_days = models.PositiveSmallIntegerField(_("决策在先期限(天)"), default=180)

    class Meta:
        verbose_name = _("议事规则")

    def __str__(self) -> str:
        return f"{self.organisation} · 议事规则"


class CatalogueMatter(models.Model):
    """One entry of an organisation's 三重一大 catalogue (事项目录)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="decision_matters"
    )
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices)
    name = models.CharField(_("事项"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    threshold = models.DecimalField(
        _("金额标准(元)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    body = models.CharField(_("决策机构"), max_length=16, choices=Body.choices)
    active = models.BooleanField(_("有效"), default=True)

    class Meta:
        ordering = ["organisation", "category", "name"]
        verbose_name = _("三重一大事项")
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold__isnull=True) | Q(threshold__gt=0),
                name="matter_threshold_positive",
                violation_error_message=_("金额标准必须大于零"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("拟召开")
    HELD = "held", _("已召开")
    CANCELLED = "cancelled", _("已取消")


class Meeting(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="meetings"
    )
    body = models.CharField(_("会议类型"), max_length=16, choices=Body.choices)
    title = models.CharField(_("会议名称"), max_length=200)
    convener = models.ForeignKey(
        USER, verbose_name=_("召集人"), on_delete=models.PROTECT, related_name="+"
    )
    principal = models.ForeignKey(
        USER,
        verbose_name=_("主要负责人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    starts_at = models.DateTimeField(_("会议时间"))
    location = models.CharField(_("地点"), max_length=100, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    held_at = models.DateTimeField(_("实际召开"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("会议")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="held") | Q(held_at__isnull=False),
                name="meeting_held_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    @property
    def when(self):
        return self.held_at or self.starts_at


class MemberRole(models.TextChoices):
    MEMBER = "member", _("成员")
    OBSERVER = "observer", _("列席监督")


class MeetingMember(models.Model):
    """A member of the meeting (entitled to vote) or the commission's observer (纪委书记 /
    派驻纪检组, who attends and keeps a record, without a vote)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(USER, verbose_name=_("人员"), on_delete=models.PROTECT)
    role = models.CharField(max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    present = models.BooleanField(_("出席"), null=True, blank=True)
    absence_reason = models.CharField(_("缺席原因"), max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "role", "pk"]
        verbose_name = _("参会人员")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="member_once_per_meeting"),
        ]

    def __str__(self) -> str:
        return str(self.user)


class TopicStatus(models.TextChoices):
    PENDING = "pending", _("待议")
    OPEN = "open", _("讨论中")
    DECIDED = "decided", _("已决定")


class Outcome(models.TextChoices):
    PASSED = "passed", _("通过")
    REJECTED = "rejected", _("未通过")
    DEFERRED = "deferred", _("缓议")


class Topic(models.Model):
    """An agenda topic (议题). ``category`` is the catalogue matter's (or blank for an
    ordinary topic); ``ad_hoc`` marks a topic added at the meeting (临时动议)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="topics")
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("议题"), max_length=200)
    matter = models.ForeignKey(
        CatalogueMatter, on_delete=models.PROTECT, null=True, blank=True, related_name="topics"
    )
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices, blank=True)
    proposer = models.ForeignKey(
        USER, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(
        _("金额(元)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    candidate = models.ForeignKey(
        USER,
        verbose_name=_("拟任人选"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ad_hoc = models.BooleanField(_("临时动议"), default=False)
    status = models.CharField(
        max_length=10, choices=TopicStatus.choices, default=TopicStatus.PENDING
    )
    outcome = models.CharField(_("结果"), max_length=10, choices=Outcome.choices, blank=True)
    # when discussion began, when known (a decision cannot come before it)
    opened_at = models.DateTimeField(_("开始讨论时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    public = models.BooleanField(_("公开"), default=False)
    public_summary = models.TextField(_("公开内容"), blank=True)

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("议题")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="topic_number_unique"),
            models.CheckConstraint(
                condition=Q(status="decided", outcome__in=["passed", "rejected", "deferred"])
                | (~Q(status="decided") & Q(outcome="")),
                name="topic_outcome_when_decided",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Material(models.Model):
    """A document for a topic, kept in the database with its SHA-256."""

    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="materials")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("议题材料")

    def __str__(self) -> str:
        return self.name


class Notice(models.Model):
    """When a member was told of a topic (议题告知)."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="notices")
    member = models.ForeignKey(MeetingMember, on_delete=models.CASCADE, related_name="notices")
    sent_at = models.DateTimeField(_("告知时间"))

    class Meta:
        verbose_name = _("议题告知")
        constraints = [
            models.UniqueConstraint(fields=["topic", "member"], name="notice_once_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.sent_at:%Y-%m-%d %H:%M}"


class Recusal(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="recusals")
    member = models.ForeignKey(MeetingMember, on_delete=models.PROTECT, related_name="recusals")
    reason = models.CharField(_("回避事由"), max_length=200)

    class Meta:
        verbose_name = _("回避")
        constraints = [
            models.UniqueConstraint(fields=["topic", "member"], name="recusal_once_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} 回避"


class Speech(models.Model):
    """One member's statement on a topic, in order (the principal speaks last: 末位表态)."""

    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="speeches")
    member = models.ForeignKey(MeetingMember, on_delete=models.PROTECT, related_name="speeches")
    order = models.PositiveSmallIntegerField(_("发言顺序"))
    summary = models.TextField(_("意见摘要"))
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["topic", "order"]
        verbose_name = _("发言")
        constraints = [
            models.UniqueConstraint(fields=["topic", "order"], name="speech_order_unique"),
            models.UniqueConstraint(fields=["topic", "member"], name="speech_once_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.member}"


class Choice(models.TextChoices):
    AGREE = "agree", _("同意")
    DISAGREE = "disagree", _("不同意")
    ABSTAIN = "abstain", _("弃权")
    RECUSED = "recused", _("回避")


class Vote(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="votes")
    member = models.ForeignKey(MeetingMember, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField(_("表决"), max_length=10, choices=Choice.choices)
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("表决")
        constraints = [
            models.UniqueConstraint(fields=["topic", "member"], name="vote_once_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.choice}"


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    APPROVED = "approved", _("已签发")


class Minutes(models.Model):
    """会议纪要, numbered by year in the organisation's own sequence (〔2026〕3号). Once
    approved it is never changed (services and a database trigger refuse it); an
    amendment is a new record pointing at it with ``amends`` and carrying its number."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="minutes")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("编号"))
    text = models.TextField(_("纪要内容"))
    status = models.CharField(
        max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    amends = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amendments"
    )
    reason = models.CharField(_("修订理由"), max_length=200, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["organisation", "year", "number", "pk"]
        verbose_name = _("会议纪要")
        verbose_name_plural = _("会议纪要")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "number"],
                condition=Q(amends__isnull=True),
                name="minutes_number_unique_per_year",
                violation_error_message=_("该年度纪要编号已被使用"),
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
                name="minutes_approved_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"〔{self.year}〕{self.number}号"


class RecordKind(models.TextChoices):
    VERBATIM = "verbatim", _("会议记录")
    COMMISSION = "commission", _("纪委书记(派驻纪检组)记录")


class MeetingRecord(models.Model):
    """The verbatim record (会议记录), separate from the minutes, and the commission
    secretary's own record of the meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="records")
    kind = models.CharField(max_length=12, choices=RecordKind.choices)
    recorder = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("内容"))
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("会议记录")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind"], name="record_once_per_kind"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Announcement(models.Model):
    """会后通报: how and when the decisions were made known after the meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="announcements")
    announced_at = models.DateTimeField(_("通报时间"))
    scope = models.CharField(_("通报范围"), max_length=200)
    text = models.TextField(_("通报内容"))

    class Meta:
        verbose_name = _("会后通报")

    def __str__(self) -> str:
        return self.scope


class TaskStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    DONE = "done", _("已办结")


class DecisionTask(models.Model):
    """决定事项办理: an owner and a due date for carrying out a passed topic."""

    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="tasks")
    owner = models.ForeignKey(USER, verbose_name=_("责任人"), on_delete=models.PROTECT)
    description = models.CharField(_("办理事项"), max_length=200)
    due = models.DateField(_("办结期限"))
    status = models.CharField(max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("决定事项办理")

    def __str__(self) -> str:
        return self.description


class ProgressUpdate(models.Model):
    task = models.ForeignKey(DecisionTask, on_delete=models.PROTECT, related_name="updates")
    on = models.DateField(_("日期"))
    note = models.TextField(_("进展"))
    by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["task", "on", "pk"]
        verbose_name = _("办理进展")

    def __str__(self) -> str:
        return f"{self.on} {self.note[:20]}"


class OverdueAlert(models.Model):
    """Raised once per overdue task by the daily job."""

    task = models.OneToOneField(DecisionTask, on_delete=models.PROTECT, related_name="alert")
    raised_on = models.DateField()

    class Meta:
        verbose_name = _("逾期预警")

    def __str__(self) -> str:
        return f"{self.task} · {self.raised_on}"


class ActionKind(models.TextChoices):
    PAYMENT = "payment", _("资金支付")
    APPOINTMENT = "appointment", _("干部任用")


class RecordedAction(models.Model):
    """A payment or an appointment recorded elsewhere in the platform (fed by a service,
    later by the 三资 payments and the appointments registers); the checks look for the
    collective decision behind each one above the catalogue's threshold."""

    kind = models.CharField(max_length=12, choices=ActionKind.choices)
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="recorded_actions"
    )
    amount = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    person = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    on = models.DateField(_("日期"))
    reference = models.CharField(_("凭证/文号"), max_length=100)
    description = models.CharField(_("摘要"), max_length=200, blank=True)
    decision = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="recorded_actions"
    )

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("资金支付/干部任用记录")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="payment") & Q(amount__gt=0))
                | (Q(kind="appointment") & Q(person__isnull=False)),
                name="recorded_action_amount_or_person",
                violation_error_message=_("支付须有金额, 任用须有人员"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"


class RuleEffect(models.TextChoices):
    VETO = "veto", _("否决")
    DELAY = "delay", _("暂缓")


class VetoRule(models.Model):
    """Further kinds of integrity record that veto or delay a promotion, configured by the
    commission (the built-in kinds are in ``meetings.vetting``)."""

    code = models.SlugField(max_length=32, unique=True)
    name = models.CharField(max_length=100)
    effect = models.CharField(max_length=8, choices=RuleEffect.choices)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("否决/暂缓规则")

    def __str__(self) -> str:
        return self.name


class IntegrityRecord(models.Model):
    """What the commission holds on a person: under investigation (立案审查), within a
    sanction period (处分影响期), and the configured kinds."""

    person = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="integrity_records")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类别"), max_length=32)
    start = models.DateField(_("开始"))
    end = models.DateField(_("结束"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=200)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["person", "start"]
        verbose_name = _("廉政档案记录")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="integrity_end_after_start",
                violation_error_message=_("结束日期不能早于开始日期"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.kind}"


class Opinion(models.TextChoices):
    PENDING = "pending", _("待回复")
    CLEAR = "clear", _("无不同意见")
    DELAY = "delay", _("暂缓")
    VETO = "veto", _("否决")


class Vetting(models.Model):
    """纪委意见表: the commission's opinion on a candidate before the promotion is decided."""

    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="vettings")
    candidate = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    opinion = models.CharField(max_length=8, choices=Opinion.choices, default=Opinion.PENDING)
    grounds = models.JSONField(_("依据"), default=list, blank=True)
    note = models.TextField(blank=True)
    inspector = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("纪委意见")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "candidate"], name="vetting_once_per_candidate"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.opinion}"


class CaseStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    CLOSED = "closed", _("已办结")


class AccountabilityCase(models.Model):
    """An accountability case (问责) opened by an inspector from a finding."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    finding = models.CharField(_("问题线索"), max_length=120)
    rule = models.CharField(max_length=40)
    summary = models.TextField(_("事由"))
    persons = models.ManyToManyField(USER, related_name="accountability_cases", blank=True)
    status = models.CharField(max_length=8, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    conclusion = models.TextField(blank=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("问责案件")

    def __str__(self) -> str:
        return f"#{self.pk} {self.finding}"
