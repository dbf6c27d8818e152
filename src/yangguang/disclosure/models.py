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
from django.utils.translation import gettext_lazy as _

from yangguang.core.sealed import SealedCharField
from yangguang.orgs.models import Organisation


class Category(models.TextChoices):
    BUDGET = "budget", _("预决算")
    SPECIAL_FUNDS = "special_funds", _("专项资金")
    PROJECTS = "projects", _("重大项目与招投标")
    LAND = "land", _("征地")
    SUBSIDIES = "subsidies", _("惠民补贴")
    DUTIES = "duties", _("职责")
    BASIS = "basis", _("依据")
    PROCEDURES = "procedures", _("程序")
    RESULTS = "results", _("结果")


FINANCE = frozenset(
    {Category.BUDGET, Category.SPECIAL_FUNDS, Category.PROJECTS, Category.LAND, Category.SUBSIDIES}
)


class Schedule(models.TextChoices):
    QUARTERLY = "quarterly", _("按季度")
    CUSTOM = "custom", _("自定期限")


class ItemStatus(models.TextChoices):
    PREPARING = "preparing", _("准备")
    IN_REVIEW = "in_review", _("审核")
    PUBLISHED = "published", _("公开")
    FEEDBACK = "feedback", _("反馈")


PUBLISHED_ITEM = Q(status__in=[ItemStatus.PUBLISHED, ItemStatus.FEEDBACK])


class DisclosureItem(models.Model):
    """One item to disclose, due by ``due_date``: 准备 → 审核 → 公开 → 反馈."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("类别"), max_length=24, choices=Category.choices)
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("内容"), max_length=20000)
    schedule = models.CharField(
        _("公开周期"), max_length=16, choices=Schedule.choices, default=Schedule.CUSTOM
    )
    period = models.CharField(_("所属期"), max_length=16, blank=True)  # "2026Q3"
    due_date = models.DateField(_("公开期限"))
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
    feedback = models.TextField(_("反馈"), max_length=5000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_date", "pk"]
        verbose_name = _("主动公开事项")

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

    class Meta:
        verbose_name = _("政务公开预警")
        verbose_name_plural = _("政务公开预警")

    def __str__(self) -> str:
        return f"{self.item} · {self.raised_on}"


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("已受理")
    CLARIFICATION = "clarification", _("待补正")
    ANSWERED_FULL = "answered_full", _("予以公开")
    ANSWERED_PART = "answered_part", _("部分公开")
    REFUSED = "refused", _("不予公开")
    NOT_HELD = "not_held", _("信息不存在")
    WITHDRAWN = "withdrawn", _("已撤回")


OPEN_REQUEST = (RequestStatus.RECEIVED, RequestStatus.CLARIFICATION)
ANSWERED = (
    RequestStatus.ANSWERED_FULL,
    RequestStatus.ANSWERED_PART,
    RequestStatus.REFUSED,
    RequestStatus.NOT_HELD,
)


class RefusalGround(models.TextChoices):
    # 政府信息公开条例 第十四、十五、十六条
    STATE_SECRET = "state_secret", _("国家秘密")
    SECURITY = "security", _("危及安全和社会稳定")
    PRIVACY = "privacy", _("商业秘密、个人隐私")
    INTERNAL = "internal", _("内部事务信息")
    PROCESS = "process", _("过程性信息")


class InfoRequest(models.Model):
    """依申请公开: 20 working days from receipt, extendable once by 20 with approval;
    the clock stops while the requester is asked to clarify."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(max_length=24, unique=True)
    # the requester's 查询码, kept only as a hash (``protect.hash_code``); empty for
    # requests received before codes were given
    code_hash = models.CharField(max_length=200, blank=True)
    subject = models.CharField(_("申请内容"), max_length=200)
    description = models.TextField(_("具体描述"), max_length=5000)
    # personal data, read only by those who handle it (``requester``), each column
    # holding the sealed token (``core.sealed``, purpose ``requester``)
    requester_name = SealedCharField(_("申请人"), max_length=100, purpose="requester")
    requester_contact = SealedCharField(_("联系方式"), max_length=200, purpose="requester")
    requester_address = SealedCharField(max_length=200, blank=True, purpose="requester")
    requester_id_number = SealedCharField(max_length=18, blank=True, purpose="requester")
    publish_consent = models.BooleanField(_("同意公开答复"), default=True)
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
    answer = models.TextField(_("答复"), max_length=20000, blank=True)
    refusal_ground = models.CharField(max_length=24, choices=RefusalGround.choices, blank=True)
    law_withholds = models.BooleanField(default=False)  # the law forbids publishing the answer
    answered_at = models.DateTimeField(null=True, blank=True)
    working_days_taken = models.IntegerField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("政府信息公开申请")

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def answer_published(self) -> bool:
        return self.status in ANSWERED and self.publish_consent and not self.law_withholds


# the public sees a request (never who made it) once answered, with the requester's
# consent and unless the law withholds it
PUBLIC_REQUEST = Q(status__in=ANSWERED, publish_consent=True, law_withholds=False)


class SubjectKind(models.TextChoices):
    CASE = "case", _("办件")
    DEPARTMENT = "department", _("部门")
    PERSON = "person", _("工作人员")
    DECISION = "decision", _("决策")


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", _("投诉")
    REPORT = "report", _("举报")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("已受理")
    ASSIGNED = "assigned", _("办理中")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已办结")
    REJECTED = "rejected", _("不予受理")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    PARTLY = "partly", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Finding(models.TextChoices):
    """What handling found (核查结论), recorded with the reply; a founded or partly founded
    complaint counts against the department (and the case's responsible person) in the
    performance scores (``cases.scores``)."""

    FOUNDED = "founded", _("属实")
    PARTLY = "partly", _("部分属实")
    UNFOUNDED = "unfounded", _("不属实")


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
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("内容"), max_length=10000)
    anonymous = models.BooleanField(default=True)
    received_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=ComplaintStatus.choices, default="received")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reply = models.TextField(_("答复"), max_length=10000, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    finding = models.CharField(_("核查结论"), max_length=16, choices=Finding.choices, blank=True)
    satisfaction = models.CharField(max_length=16, choices=Satisfaction.choices, blank=True)
    # a report (举报) is handled by the discipline commission over the organisation
    # (``routing.handling_commission``), never by the organisation itself
    commission = models.ForeignKey(
        Organisation,
        verbose_name=_("办理机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("投诉举报")

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
        verbose_name = _("涉及人员")
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

    class Meta:
        verbose_name = _("投诉举报预警")
        verbose_name_plural = _("投诉举报预警")

    def __str__(self) -> str:
        return f"{self.complaint.number} · {self.raised_on}"


class ReporterIdentity(models.Model):
    """Who made a named complaint or report, encrypted at rest (Fernet, key outside the
    database: ``protect.py``); read only by inspectors, each reading audited."""

    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="identity")
    sealed = models.BinaryField()  # {"name", "contact"} encrypted

    class Meta:
        verbose_name = _("举报人身份")
        verbose_name_plural = _("举报人身份")

    def __str__(self) -> str:
        return f"reporter of {self.complaint.number}"


class ComplaintNote(models.Model):
    """Information the reporter added later (by number and code), or a staff note."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="notes")
    by_reporter = models.BooleanField(default=True)
    text = models.TextField(max_length=5000)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("投诉举报补充记录")
        verbose_name_plural = _("投诉举报补充记录")

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

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

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
    valid_from = models.DateField(_("起始日期"))
    valid_to = models.DateField(_("截止日期"), null=True, blank=True)
    reason = models.CharField(_("指定理由"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoke_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("受保护举报查阅人")

    def __str__(self) -> str:
        return f"{self.user} @ {self.commission}"

    def active_on(self, day) -> bool:
        return (
            self.revoked_at is None
            and self.valid_from <= day
            and (self.valid_to is None or day <= self.valid_to)
        )
