"""三重一大: the catalogue of matters decided collectively, meetings and their topics,
attendance, recusal, the speaking order, votes, minutes, execution of decisions, the
commission's vetting of promotions, integrity records and accountability cases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

USER = settings.AUTH_USER_MODEL


class Category(models.TextChoices):
    """The four categories of 三重一大."""

    MAJOR_DECISION = "major_decision", "重大决策 (major decision)"
    PERSONNEL = "personnel", "重要干部任免 (important appointment or dismissal)"
    PROJECT = "project", "重大项目安排 (major project arrangement)"
    FUNDS = "funds", "大额资金使用 (use of a large sum)"


class Body(models.TextChoices):
    """The deciding body (the meeting's type)."""

    PARTY_COMMITTEE = "party_committee", "党委(党组)会议 (party committee meeting)"
    LEADERSHIP = "leadership", "领导班子会议 (leadership meeting)"
    JOINT = "joint", "党政联席会议 (party-government joint meeting)"


class Quorum(models.TextChoices):
    HALF = "half", "过半数 (more than half)"
    TWO_THIRDS = "two_thirds", "三分之二 (two thirds)"


class DecisionRules(models.Model):
    """An organisation's own rules of procedure (议事规则); defaults apply without a row."""

    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="decision_rules"
    )
    personnel_quorum = models.CharField(
        "人事事项到会人数 (quorum for personnel matters)",
        max_length=12,
        choices=Quorum.choices,
        default=Quorum.HALF,
    )
    notice_days = models.PositiveSmallIntegerField("议题提前告知天数 (notice days)", default=2)
    minutes_days = models.PositiveSmallIntegerField(
        "纪要形成期限(天) (minutes within days)", default=7
    )
    decision_window_days = models.PositiveSmallIntegerField(
        "决策在先期限(天) (decision window, days)", default=180
    )

    class Meta:
        verbose_name = "议事规则 (rules of procedure)"

    def __str__(self) -> str:
        return f"{self.organisation} · 议事规则"


class CatalogueMatter(models.Model):
    """One entry of an organisation's 三重一大 catalogue (事项目录)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="decision_matters"
    )
    category = models.CharField("类别 (category)", max_length=16, choices=Category.choices)
    name = models.CharField("事项 (matter)", max_length=200)
    description = models.TextField("说明 (description)", blank=True)
    threshold = models.DecimalField(
        "金额标准(元) (threshold, yuan)", max_digits=16, decimal_places=2, null=True, blank=True
    )
    body = models.CharField("决策机构 (deciding body)", max_length=16, choices=Body.choices)
    active = models.BooleanField("有效 (active)", default=True)

    class Meta:
        ordering = ["organisation", "category", "name"]
        verbose_name = "三重一大事项 (catalogue matter)"
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold__isnull=True) | Q(threshold__gt=0),
                name="matter_threshold_positive",
                violation_error_message="金额标准必须大于零 (the threshold must be positive)",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "拟召开 (planned)"
    HELD = "held", "已召开 (held)"
    CANCELLED = "cancelled", "已取消 (cancelled)"


class Meeting(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="meetings"
    )
    body = models.CharField("会议类型 (body)", max_length=16, choices=Body.choices)
    title = models.CharField("会议名称 (title)", max_length=200)
    convener = models.ForeignKey(
        USER, verbose_name="召集人 (convener)", on_delete=models.PROTECT, related_name="+"
    )
    principal = models.ForeignKey(
        USER,
        verbose_name="主要负责人 (principal)",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    starts_at = models.DateTimeField("会议时间 (starts at)")
    location = models.CharField("地点 (location)", max_length=100, blank=True)
    status = models.CharField(
        "状态 (status)", max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    held_at = models.DateTimeField("实际召开 (held at)", null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = "会议 (meeting)"
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
    MEMBER = "member", "成员 (member)"
    OBSERVER = "observer", "列席监督 (commission observer)"


class MeetingMember(models.Model):
    """A member of the meeting (entitled to vote) or the commission's observer (纪委书记 /
    派驻纪检组, who attends and keeps a record, without a vote)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(USER, verbose_name="人员 (person)", on_delete=models.PROTECT)
    role = models.CharField(max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    present = models.BooleanField("出席 (present)", null=True, blank=True)
    absence_reason = models.CharField("缺席原因 (reason for absence)", max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "role", "pk"]
        verbose_name = "参会人员 (meeting member)"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="member_once_per_meeting"),
        ]

    def __str__(self) -> str:
        return str(self.user)


class TopicStatus(models.TextChoices):
    PENDING = "pending", "待议 (pending)"
    OPEN = "open", "讨论中 (under discussion)"
    DECIDED = "decided", "已决定 (decided)"


class Outcome(models.TextChoices):
    PASSED = "passed", "通过 (passed)"
    REJECTED = "rejected", "未通过 (rejected)"
    DEFERRED = "deferred", "缓议 (deferred)"


class Topic(models.Model):
    """An agenda topic (议题). ``category`` is the catalogue matter's (or blank for an
    ordinary topic); ``ad_hoc`` marks a topic added at the meeting (临时动议)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="topics")
    number = models.PositiveSmallIntegerField("序号 (number)")
    title = models.CharField("议题 (title)", max_length=200)
    matter = models.ForeignKey(
        CatalogueMatter, on_delete=models.PROTECT, null=True, blank=True, related_name="topics"
    )
    category = models.CharField(
        "类别 (category)", max_length=16, choices=Category.choices, blank=True
    )
    proposer = models.ForeignKey(
        USER, verbose_name="提出人 (proposer)", on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(
        "金额(元) (amount, yuan)", max_digits=16, decimal_places=2, null=True, blank=True
    )
    candidate = models.ForeignKey(
        USER,
        verbose_name="拟任人选 (candidate)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ad_hoc = models.BooleanField("临时动议 (ad-hoc motion)", default=False)
    status = models.CharField(
        max_length=10, choices=TopicStatus.choices, default=TopicStatus.PENDING
    )
    outcome = models.CharField("结果 (outcome)", max_length=10, choices=Outcome.choices, blank=True)
    decided_at = models.DateTimeField("决定时间 (decided at)", null=True, blank=True)
    public = models.BooleanField("公开 (public)", default=False)
    public_summary = models.TextField("公开内容 (public summary)", blank=True)

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = "议题 (topic)"
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
    name = models.CharField("文件名 (file name)", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = "议题材料 (material)"

    def __str__(self) -> str:
        return self.name


class Notice(models.Model):
    """When a member was told of a topic (议题告知)."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="notices")
    member = models.ForeignKey(MeetingMember, on_delete=models.CASCADE, related_name="notices")
    sent_at = models.DateTimeField("告知时间 (notified at)")

    class Meta:
        verbose_name = "议题告知 (notice)"
        constraints = [
            models.UniqueConstraint(fields=["topic", "member"], name="notice_once_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.sent_at:%Y-%m-%d %H:%M}"


class Recusal(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="recusals")
    member = models.ForeignKey(MeetingMember, on_delete=models.PROTECT, related_name="recusals")
    reason = models.CharField("回避事由 (reason)", max_length=200)

    class Meta:
        verbose_name = "回避 (recusal)"
        constraints = [
            models.UniqueConstraint(fields=["topic", "member"], name="recusal_once_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} 回避"


class Speech(models.Model):
    """One member's statement on a topic, in order (the principal speaks last: 末位表态)."""

    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="speeches")
    member = models.ForeignKey(MeetingMember, on_delete=models.PROTECT, related_name="speeches")
    order = models.PositiveSmallIntegerField("发言顺序 (order)")
    summary = models.TextField("意见摘要 (opinion summary)")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["topic", "order"]
        verbose_name = "发言 (speech)"
        constraints = [
            models.UniqueConstraint(fields=["topic", "order"], name="speech_order_unique"),
            models.UniqueConstraint(fields=["topic", "member"], name="speech_once_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.member}"


class Choice(models.TextChoices):
    AGREE = "agree", "同意 (agree)"
    DISAGREE = "disagree", "不同意 (disagree)"
    ABSTAIN = "abstain", "弃权 (abstain)"
    RECUSED = "recused", "回避 (recused)"


class Vote(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="votes")
    member = models.ForeignKey(MeetingMember, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField("表决 (vote)", max_length=10, choices=Choice.choices)
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "表决 (vote)"
        constraints = [
            models.UniqueConstraint(fields=["topic", "member"], name="vote_once_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.choice}"


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", "草稿 (draft)"
    APPROVED = "approved", "已签发 (approved)"


class Minutes(models.Model):
    """会议纪要, numbered by year in the organisation's own sequence (〔2026〕3号). Once
    approved it is never changed (services and a database trigger refuse it); an
    amendment is a new record pointing at it with ``amends`` and carrying its number."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="minutes")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度 (year)")
    number = models.PositiveIntegerField("编号 (number)")
    text = models.TextField("纪要内容 (text)")
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
    reason = models.CharField("修订理由 (reason for amendment)", max_length=200, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["organisation", "year", "number", "pk"]
        verbose_name = "会议纪要 (minutes)"
        verbose_name_plural = "会议纪要 (minutes)"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "number"],
                condition=Q(amends__isnull=True),
                name="minutes_number_unique_per_year",
                violation_error_message="该年度纪要编号已被使用 (minutes number already used this year)",
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
    VERBATIM = "verbatim", "会议记录 (verbatim record)"
    COMMISSION = "commission", "纪委书记(派驻纪检组)记录 (commission secretary's record)"


class MeetingRecord(models.Model):
    """The verbatim record (会议记录), separate from the minutes, and the commission
    secretary's own record of the meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="records")
    kind = models.CharField(max_length=12, choices=RecordKind.choices)
    recorder = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("内容 (text)")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "会议记录 (meeting record)"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind"], name="record_once_per_kind"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Announcement(models.Model):
    """会后通报: how and when the decisions were made known after the meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="announcements")
    announced_at = models.DateTimeField("通报时间 (announced at)")
    scope = models.CharField("通报范围 (scope)", max_length=200)
    text = models.TextField("通报内容 (text)")

    class Meta:
        verbose_name = "会后通报 (announcement)"

    def __str__(self) -> str:
        return self.scope


class TaskStatus(models.TextChoices):
    OPEN = "open", "办理中 (in progress)"
    DONE = "done", "已办结 (done)"


class DecisionTask(models.Model):
    """决定事项办理: an owner and a due date for carrying out a passed topic."""

    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="tasks")
    owner = models.ForeignKey(USER, verbose_name="责任人 (owner)", on_delete=models.PROTECT)
    description = models.CharField("办理事项 (what)", max_length=200)
    due = models.DateField("办结期限 (due)")
    status = models.CharField(max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = "决定事项办理 (decision task)"

    def __str__(self) -> str:
        return self.description


class ProgressUpdate(models.Model):
    task = models.ForeignKey(DecisionTask, on_delete=models.PROTECT, related_name="updates")
    on = models.DateField("日期 (date)")
    note = models.TextField("进展 (progress)")
    by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["task", "on", "pk"]
        verbose_name = "办理进展 (progress update)"

    def __str__(self) -> str:
        return f"{self.on} {self.note[:20]}"


class OverdueAlert(models.Model):
    """Raised once per overdue task by the daily job."""

    task = models.OneToOneField(DecisionTask, on_delete=models.PROTECT, related_name="alert")
    raised_on = models.DateField()

    class Meta:
        verbose_name = "逾期预警 (overdue alert)"

    def __str__(self) -> str:
        return f"{self.task} · {self.raised_on}"


class ActionKind(models.TextChoices):
    PAYMENT = "payment", "资金支付 (payment)"
    APPOINTMENT = "appointment", "干部任用 (appointment)"


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
    on = models.DateField("日期 (date)")
    reference = models.CharField("凭证/文号 (reference)", max_length=100)
    description = models.CharField("摘要 (description)", max_length=200, blank=True)
    decision = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="recorded_actions"
    )

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = "资金支付/干部任用记录 (recorded action)"
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="payment") & Q(amount__gt=0))
                | (Q(kind="appointment") & Q(person__isnull=False)),
                name="recorded_action_amount_or_person",
                violation_error_message="支付须有金额, 任用须有人员 "
                "(a payment needs an amount, an appointment a person)",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"


class RuleEffect(models.TextChoices):
    VETO = "veto", "否决 (veto)"
    DELAY = "delay", "暂缓 (delay)"


class VetoRule(models.Model):
    """Further kinds of integrity record that veto or delay a promotion, configured by the
    commission (the built-in kinds are in ``meetings.vetting``)."""

    code = models.SlugField(max_length=32, unique=True)
    name = models.CharField(max_length=100)
    effect = models.CharField(max_length=8, choices=RuleEffect.choices)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "否决/暂缓规则 (veto rule)"

    def __str__(self) -> str:
        return self.name


class IntegrityRecord(models.Model):
    """What the commission holds on a person: under investigation (立案审查), within a
    sanction period (处分影响期), and the configured kinds."""

    person = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="integrity_records")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类别 (kind)", max_length=32)
    start = models.DateField("开始 (start)")
    end = models.DateField("结束 (end)", null=True, blank=True)
    source = models.CharField("来源 (source)", max_length=200)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["person", "start"]
        verbose_name = "廉政档案记录 (integrity record)"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="integrity_end_after_start",
                violation_error_message="结束日期不能早于开始日期 (end date before start date)",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.kind}"


class Opinion(models.TextChoices):
    PENDING = "pending", "待回复 (pending)"
    CLEAR = "clear", "无不同意见 (no objection)"
    DELAY = "delay", "暂缓 (delay)"
    VETO = "veto", "否决 (veto)"


class Vetting(models.Model):
    """纪委意见表: the commission's opinion on a candidate before the promotion is decided."""

    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="vettings")
    candidate = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    opinion = models.CharField(max_length=8, choices=Opinion.choices, default=Opinion.PENDING)
    grounds = models.JSONField("依据 (grounds)", default=list, blank=True)
    note = models.TextField(blank=True)
    inspector = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = "纪委意见 (commission opinion)"
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "candidate"], name="vetting_once_per_candidate"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.opinion}"


class CaseStatus(models.TextChoices):
    OPEN = "open", "办理中 (open)"
    CLOSED = "closed", "已办结 (closed)"


class AccountabilityCase(models.Model):
    """An accountability case (问责) opened by an inspector from a finding."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    finding = models.CharField("问题线索 (finding reference)", max_length=120)
    rule = models.CharField(max_length=40)
    summary = models.TextField("事由 (summary)")
    persons = models.ManyToManyField(USER, related_name="accountability_cases", blank=True)
    status = models.CharField(max_length=8, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    conclusion = models.TextField(blank=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = "问责案件 (accountability case)"

    def __str__(self) -> str:
        return f"#{self.pk} {self.finding}"
