"""On-record facts of a case: enquiries and handovers (首问负责), documents, fees."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from yangguang.accounts.models import User
from yangguang.accounts.roles import Role
from yangguang.audit.services import audit_record
from yangguang.cases import actions, alerts
from yangguang.cases.common import error, locked_case, moment, require, require_open, text
from yangguang.cases.models import Case, Document, Enquiry, Fee, Handover, Rule, Step
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import PermissionDeniedError
from yangguang.orgs.models import Organisation
from yangguang.powers.models import Fee as PowerFee
from yangguang.powers.models import PowerItem

#: documents: size limit (setting ``CASES_DOCUMENT_MAX_BYTES``) and allowed types
DEFAULT_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".ofd": "application/ofd",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAGIC = {".pdf": b"%PDF", ".png": b"\x89PNG", ".jpg": b"\xff\xd8", ".jpeg": b"\xff\xd8"}


def enquiry_receive(
    *,
    actor: Actor,
    organisation: Organisation,
    person: str,
    subject: str,
    power: PowerItem | None = None,
    at: datetime.datetime | None = None,
) -> Enquiry:
    """Record an enquiry; the person receiving it is responsible for it (首问负责) until it
    is handed over on record."""
    at = moment(at, "at")
    require(actor, "operate", organisation)
    if actor.user is None:
        raise error(
            "person_required", None, "须由工作人员受理", "an enquiry is received by a person"
        )
    with transaction.atomic():
        enquiry = Enquiry.objects.create(
            organisation=organisation, power=power, received_at=at, received_by=actor.user,
            responsible=actor.user, person=text(person, "person", "咨询人", limit=200),
            subject=text(subject, "subject", "咨询内容", limit=4000),
        )  # fmt: skip
        audit_record(
            actor=actor,
            action=actions.ENQUIRY_RECEIVE,
            obj=enquiry,
            org_id=organisation.pk,
            extra={"responsible": actor.user.pk, "power": power.pk if power else None},
        )
    return enquiry


def responsibility_handover(
    *,
    actor: Actor,
    to: User,
    reason: str,
    case: Case | None = None,
    enquiry: Enquiry | None = None,
    at: datetime.datetime | None = None,
) -> Handover:
    """Hand the first responsibility for a case or an enquiry to another person, on record.
    Done by the person now responsible, a leader or an administrator."""
    at = moment(at, "at")
    reason = text(reason, "reason", "移交原因", limit=2000)
    if (case is None) == (enquiry is None):
        raise error("subject", None, "须指定办件或咨询之一", "give a case or an enquiry")
    with transaction.atomic():
        if case is not None:
            subject = locked_case(case)
            require_open(subject)
        else:
            subject = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        org = subject.organisation
        require(actor, "operate", org)
        user = actor.user
        leads = (Role.LEADER, Role.ORG_ADMIN, Role.SYSADMIN)
        if (
            actor.kind != "system"
            and subject.responsible_id != getattr(user, "pk", None)
            and (user is None or user.role not in leads)
        ):
            raise PermissionDeniedError(
                zh="只有当前责任人或领导可以移交", en="only the person responsible or a leader"
            )
        if not to.is_active or not access.can_in_org(to, "operate", org):
            raise error(
                "handover_to",
                "to",
                "接收人须为本单位在岗工作人员",
                "the receiver must be staff here",
            )
        if to.pk == subject.responsible_id:
            raise error("handover_same", "to", "接收人已是责任人", "already responsible")
        before = subject.responsible_id
        row = Handover.objects.create(
            case=case and subject, enquiry=enquiry and subject, from_user_id=before, to_user=to,
            at=at, reason=reason,
        )  # fmt: skip
        subject.responsible = to
        subject.save(update_fields=["responsible"])
        audit_record(
            actor=actor,
            action=actions.CASE_HANDOVER,
            obj=subject,
            org_id=org.pk,
            changes={"responsible": [before, to.pk]},
            extra={"reason": reason, "at": at.isoformat(), "handover": row.pk},
        )
    return row


def document_attach(
    *, actor: Actor, step: Step, file: UploadedFile, at: datetime.datetime | None = None
) -> Document:
    """Attach a document to a step (PDF, OFD, images, Office files; size limit)."""
    at = moment(at, "at")
    limit = int(getattr(settings, "CASES_DOCUMENT_MAX_BYTES", DEFAULT_DOCUMENT_MAX_BYTES))
    name = PurePath(file.name or "").name[:200]
    ext = PurePath(name).suffix.lower()
    if ext not in DOCUMENT_TYPES:
        raise error(
            "document_type", "file", f"不支持的文件类型: {ext or '—'}",
            f"file type not allowed: {ext or '—'} (allowed: {', '.join(DOCUMENT_TYPES)})",
        )  # fmt: skip
    if not file.size or file.size > limit:
        raise error(
            "document_size", "file", f"文件为空或超过 {limit // 1048576} MB",
            f"the file is empty or larger than {limit // 1048576} MB",
        )  # fmt: skip
    head = file.read(8)
    file.seek(0)
    if ext in MAGIC and not head.startswith(MAGIC[ext]):
        raise error("document_content", "file", "文件内容与类型不符", "content does not match type")
    with transaction.atomic():
        case = locked_case(step.case_id)
        require(actor, "operate", case.organisation)
        require_open(case)
        doc = Document(
            case=case, step_id=step.pk, name=name, size=file.size,
            content_type=DOCUMENT_TYPES[ext], uploaded_by=actor.user, uploaded_at=at,
        )  # fmt: skip
        doc.file.save(name, file, save=False)
        doc.save()
        audit_record(
            actor=actor,
            action=actions.DOCUMENT_ATTACH,
            obj=doc,
            org_id=case.organisation_id,
            extra={"case": case.number, "step": step.pk, "name": name, "size": file.size},
        )
    return doc


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
#: the amounts a fee's column holds (12 digits, two of them decimals)
FEE_LIMIT = Decimal("1e10")


def _standard_amount(fee: PowerFee) -> Decimal | None:
    """The amount in a fee standard such as "每件 50 元" (None: not a plain amount)."""
    found = _NUMBER.findall(fee.standard or "")
    if len(found) != 1:
        return None
    try:
        return Decimal(found[0])
    except InvalidOperation:  # pragma: no cover - the pattern is a number
        return None


def fee_record(
    *,
    actor: Actor,
    case: Case,
    item: str,
    amount: Decimal | str | int,
    at: datetime.datetime | None = None,
) -> Fee:
    """Record a fee charged on a case; a power without fees, or an amount above the
    item's standard, raises an alert at once."""
    at = moment(at, "at")
    item = text(item, "item", "收费项目", limit=200)
    try:
        amount = Decimal(str(amount).strip())
        if not amount.is_finite():  # NaN, Infinity: not an amount
            raise InvalidOperation
        amount = amount.quantize(Decimal("0.01"))
    except InvalidOperation:
        raise error("amount", "amount", "金额无效", "not an amount") from None
    if amount <= 0:
        raise error("amount", "amount", "金额须大于零", "the amount must be positive")
    if amount >= FEE_LIMIT:
        raise error("amount", "amount", "金额过大", "the amount is too large")
    with transaction.atomic():
        case = locked_case(case)
        require(actor, "operate", case.organisation)
        fees = list(PowerFee.objects.filter(item_id=case.power_id))
        match = [f for f in fees if f.name == item] or (fees if len(fees) == 1 else [])
        standard = _standard_amount(match[0]) if match else None
        row = Fee.objects.create(
            case=case, item=item, amount=amount, standard=standard, charged_at=at,
            recorded_by=actor.user,
        )  # fmt: skip
        raised = None
        if not fees:
            raised = alerts.raise_alert(
                case, Rule.FEE_NO_STANDARD, now=at, scope=f"fee:{row.pk}", amount=amount
            )
        elif standard is not None and amount > standard:
            raised = alerts.raise_alert(
                case, Rule.FEE_ABOVE_STANDARD, now=at, scope=f"fee:{row.pk}", amount=amount,
                standard=standard,
            )  # fmt: skip
        audit_record(
            actor=actor,
            action=actions.FEE_RECORD,
            obj=row,
            org_id=case.organisation_id,
            extra={
                "case": case.number, "item": item, "amount": str(amount),
                "standard": None if standard is None else str(standard),
                "alert": raised.rule if raised else None,
            },
        )  # fmt: skip
    return row
