"""Proactive disclosure items, information requests, complaints and protected reports.

A complaint about a case keeps the case *number* as typed (``case_number``) and, when the
cases app is installed, the case's primary key (``case_ref``), resolved and checked by
``services.complaint_submit``; a plain integer rather than a foreign key, so this app's
migrations work before and after ``yangguang.cases`` exists (see ``cases_link.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from yangguang.orgs.models import Organisation


class Category(models.TextChoices):
    BUDGET = "budget", "预决算 (budgets and final accounts)"
    SPECIAL_FUNDS = "special_funds", "专项资金 (special funds)"
    PROJECTS = "projects", "重大项目与招投标 (major projects and tenders)"
    LAND = "land", "征地 (land requisition)"
    SUBSIDIES = "subsidies", "惠民补贴 (subsidies)"
    DUTIES = "duties", "职责 (duties)"
    BASIS = "basis", "依据 (basis)"
    PROCEDURES = "procedures", "程序 (procedures)"
    RESULTS = "results", "结果 (results)"


FINANCE = frozenset(
    {Category.BUDGET, Category.SPECIAL_FUNDS, Category.PROJECTS, Category.LAND, Category.SUBSIDIES}
)


class Schedule(models.TextChoices):
    QUARTERLY = "quarterly", "按季度 (quarterly)"
    CUSTOM = "custom", "自定期限 (configured date)"


class ItemStatus(models.TextChoices):
    PREPARING = "preparing", "准备 (preparing)"
    IN_REVIEW = "in_review", "审核 (in review)"
    PUBLISHED = "published", "公开 (published)"
    FEEDBACK = "feedback", "反馈 (feedback recorded)"


PUBLISHED_ITEM = Q(status__in=[ItemStatus.PUBLISHED, ItemStatus.FEEDBACK])


class DisclosureItem(models.Model):
    """One item to disclose, due by ``due_date``: 准备 → 审核 → 公开 → 反馈."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    category = models.CharField("类别 (category)", max_length=24, choices=Category.choices)
    title = models.CharField("标题 (title)", max_length=200)
    content = models.TextField("内容 (content)", max_length=20000)
    schedule = models.CharField(
        "公开周期 (schedule)", max_length=16, choices=Schedule.choices, default=Schedule.CUSTOM
    )
    period = models.CharField("所属期 (period)", max_length=16, blank=True)  # "2026Q3"
    due_date = models.DateField("公开期限 (due date)")
    status = models.CharField(max_length=16, choices=ItemStatus.choices, default="preparing")
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved = models.BooleanField(default=False)  # 审核 passed (by ``reviewed_by``)
    review_note = models.CharField(max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    feedback = models.TextField("反馈 (feedback)", max_length=5000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_date", "pk"]
        verbose_name = "主动公开事项 (disclosure item)"

    def __str__(self) -> str:
        return self.title

    @property
    def on_time(self) -> bool | None:
        if self.published_on is None:
            return None
        return self.published_on <= self.due_date


class DisclosureAlert(models.Model):
    """Raised once per item still unpublished after its due date (the daily job)."""

    item = models.OneToOneField(DisclosureItem, on_delete=models.PROTECT, related_name="alert")
    raised_on = models.DateField()

    def __str__(self) -> str:
        return f"{self.item} · {self.raised_on}"


class RequestStatus(models.TextChoices):
    RECEIVED = "received", "已受理 (received)"
    CLARIFICATION = "clarification", "待补正 (needs clarification)"
    ANSWERED_FULL = "answered_full", "予以公开 (answered in full)"
    ANSWERED_PART = "answered_part", "部分公开 (answered in part)"
    REFUSED = "refused", "不予公开 (refused)"
    NOT_HELD = "not_held", "信息不存在 (not held)"
    WITHDRAWN = "withdrawn", "已撤回 (withdrawn)"


OPEN_REQUEST = (RequestStatus.RECEIVED, RequestStatus.CLARIFICATION)
ANSWERED = (
    RequestStatus.ANSWERED_FULL,
    RequestStatus.ANSWERED_PART,
    RequestStatus.REFUSED,
    RequestStatus.NOT_HELD,
)


class RefusalGround(models.TextChoices):
    # 政府信息公开条例 第十四、十五、十六条
    STATE_SECRET = "state_secret", "国家秘密 (state secret, art. 14)"
    SECURITY = "security", "危及安全和社会稳定 (security and stability, art. 14)"
    PRIVACY = "privacy", "商业秘密、个人隐私 (trade secret or privacy, art. 15)"
    INTERNAL = "internal", "内部事务信息 (internal affairs, art. 16)"
    PROCESS = "process", "过程性信息 (deliberative information, art. 16)"


class InfoRequest(models.Model):
    """依申请公开: 20 working days from receipt, extendable once by 20 with approval;
    the clock stops while the requester is asked to clarify."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(max_length=24, unique=True)
    subject = models.CharField("申请内容 (subject)", max_length=200)
    description = models.TextField("具体描述 (description)", max_length=5000)
    requester_name = models.CharField("申请人 (requester)", max_length=100)
    requester_contact = models.CharField("联系方式 (contact)", max_length=200)
    publish_consent = models.BooleanField("同意公开答复 (answer may be published)", default=True)
    received_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=RequestStatus.choices, default="received")
    pauses = models.JSONField(default=list)  # [[begin iso, end iso or null], ...]
    clarification_question = models.TextField(max_length=2000, blank=True)
    extended = models.BooleanField(default=False)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    extension_reason = models.CharField(max_length=500, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)  # None: calendar not yet known
    answer = models.TextField("答复 (answer)", max_length=20000, blank=True)
    refusal_ground = models.CharField(max_length=24, choices=RefusalGround.choices, blank=True)
    law_withholds = models.BooleanField(default=False)  # the law forbids publishing the answer
    answered_at = models.DateTimeField(null=True, blank=True)
    working_days_taken = models.IntegerField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "政府信息公开申请 (information request)"

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def answer_published(self) -> bool:
        return self.status in ANSWERED and self.publish_consent and not self.law_withholds


# the public sees a request (never who made it) once answered, with the requester's
# consent and unless the law withholds it
PUBLIC_REQUEST = Q(status__in=ANSWERED, publish_consent=True, law_withholds=False)


class SubjectKind(models.TextChoices):
    CASE = "case", "办件 (a case)"
    DEPARTMENT = "department", "部门 (a department)"
    PERSON = "person", "工作人员 (a person)"
    DECISION = "decision", "决策 (a decision)"


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", "投诉 (complaint)"
    REPORT = "report", "举报 (report)"


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", "已受理 (received)"
    ASSIGNED = "assigned", "办理中 (assigned)"
    REPLIED = "replied", "已答复 (replied)"
    CLOSED = "closed", "已办结 (closed)"
    REJECTED = "rejected", "不予受理 (not accepted)"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意 (satisfied)"
    PARTLY = "partly", "基本满意 (partly satisfied)"
    UNSATISFIED = "unsatisfied", "不满意 (unsatisfied)"


class Finding(models.TextChoices):
    """What handling found (核查结论), recorded with the reply; a founded or partly founded
    complaint counts against the department (and the case's responsible person) in the
    performance scores (``cases.scores``)."""

    FOUNDED = "founded", "属实 (founded)"
    PARTLY = "partly", "部分属实 (partly founded)"
    UNFOUNDED = "unfounded", "不属实 (unfounded)"


# findings that count in the performance scores (投诉属实)
FOUNDED_FINDINGS = (Finding.FOUNDED, Finding.PARTLY)


class Complaint(models.Model):
    """投诉举报. Followed by the reporter with ``number`` and a secret code (only its hash
    is kept). A report's reporter identity lives in :class:`ReporterIdentity`, encrypted."""

    number = models.CharField(max_length=24, unique=True)
    code_hash = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=ComplaintKind.choices)
    subject_kind = models.CharField(max_length=16, choices=SubjectKind.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    case_number = models.CharField(max_length=40, blank=True)
    case_ref = models.BigIntegerField(null=True, blank=True)  # cases.Case pk, once it exists
    person_name = models.CharField(max_length=100, blank=True)  # the person complained about
    decision_ref = models.CharField(max_length=100, blank=True)
    title = models.CharField("标题 (title)", max_length=200)
    content = models.TextField("内容 (content)", max_length=10000)
    anonymous = models.BooleanField(default=True)
    received_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=ComplaintStatus.choices, default="received")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reply = models.TextField("答复 (reply)", max_length=10000, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    finding = models.CharField(
        "核查结论 (finding)", max_length=16, choices=Finding.choices, blank=True
    )
    satisfaction = models.CharField(max_length=16, choices=Satisfaction.choices, blank=True)
    # a report (举报) is handled by the discipline commission over the organisation
    # (``routing.handling_commission``), never by the organisation itself
    commission = models.ForeignKey(
        Organisation,
        verbose_name="办理机关 (handling commission)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "投诉举报 (complaint or report)"

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


# complaints still being handled (a handling deadline still runs for them)
OPEN_COMPLAINT = (ComplaintStatus.RECEIVED, ComplaintStatus.ASSIGNED)
# concluded: the finding (or the refusal) is known
CONCLUDED_COMPLAINT = (ComplaintStatus.REPLIED, ComplaintStatus.CLOSED, ComplaintStatus.REJECTED)


class ComplaintPerson(models.Model):
    """A member of staff named in a complaint or report (涉及人员): by the reporter (the
    name resolved to one account of the organisation concerned) or later by a handler.
    Whoever is named, their leaders up the organisation's chain and their declared
    relatives may not handle it (``disclosure.conflicts``)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="persons")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    named_at = models.DateTimeField()

    class Meta:
        ordering = ["named_at", "pk"]
        verbose_name = "涉及人员 (person named)"
        constraints = [
            models.UniqueConstraint(fields=["complaint", "user"], name="complaint_person_once")
        ]

    def __str__(self) -> str:
        return f"{self.complaint.number} · {self.user}"


class ComplaintAlert(models.Model):
    """Raised once per complaint still open after its handling deadline (the daily job),
    as :class:`DisclosureAlert` is for disclosure items; seen by the organisation's staff
    and the commission supervising it."""

    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="alert")
    raised_on = models.DateField()

    def __str__(self) -> str:
        return f"{self.complaint.number} · {self.raised_on}"


class ReporterIdentity(models.Model):
    """Who made a named complaint or report, encrypted at rest (Fernet, key outside the
    database: ``protect.py``); read only by inspectors, each reading audited."""

    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="identity")
    sealed = models.BinaryField()  # {"name", "contact"} encrypted

    def __str__(self) -> str:
        return f"reporter of {self.complaint.number}"


class ComplaintNote(models.Model):
    """Information the reporter added later (by number and code), or a staff note."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="notes")
    by_reporter = models.BooleanField(default=True)
    text = models.TextField(max_length=5000)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.complaint.number} · {self.created_at:%Y-%m-%d}"


class Attachment(models.Model):
    """A file sent with a complaint or a note; type sniffed from its content."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="complaints/%Y/%m/")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.name


class ProtectedReportReader(models.Model):
    """A designation: ``user`` (an inspector of ``commission``) may read the protected
    reporter identities in the commission's jurisdiction from ``valid_from`` to
    ``valid_to`` (inclusive; open-ended when empty), until revoked. Made and revoked only
    by a system administrator or a leader of the commission (``services.readers``)."""

    commission = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField("起始日期 (from)")
    valid_to = models.DateField("截止日期 (to)", null=True, blank=True)
    reason = models.CharField("指定理由 (reason)", max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoke_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "受保护举报查阅人 (designated reader of protected reports)"

    def __str__(self) -> str:
        return f"{self.user} @ {self.commission}"

    def active_on(self, day) -> bool:
        return (
            self.revoked_at is None
            and self.valid_from <= day
            and (self.valid_to is None or day <= self.valid_to)
        )
