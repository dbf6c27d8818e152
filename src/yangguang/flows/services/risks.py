"""Risk points, prevention measures and their evidence, the overall grade override, and
the 五步法 (找、亮、问、审、核) review of a risk map.

Review states and who moves them (``ReviewState``):
找 find → 亮 show → 问 ask → 审 review: the drafters (clerks, organisation administrators
of the organisation); 审 review → 核 check: a leader of the organisation (or above);
核 check → done: a discipline inspector whose jurisdiction covers the organisation. The
leader (at 审) and the inspector (at 核) may return the map to 找 with a reason. Each
move is kept as a ``RiskReviewStep``.
"""

from __future__ import annotations

import datetime
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from yangguang.accounts.models import User
from yangguang.audit.services import audit_record, diff, snapshot
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.core.validation import clean
from yangguang.flows import actions, rules
from yangguang.flows.compiled import from_db
from yangguang.flows.models import (
    Evidence,
    Grade,
    Measure,
    MeasureStatus,
    Node,
    ProcessModel,
    ReviewState,
    RiskPoint,
    RiskReviewStep,
)
from yangguang.flows.services._base import _locked, _locked_draft, _org, _post
from yangguang.orgs.models import Post

RISK_FIELDS = (
    "node",
    "description",
    "grade",
    "likelihood",
    "impact",
    "responsible_post",
    "responsible_user",
    "review_date",
)
MEASURE_FIELDS = ("risk_point", "description", "owner", "status")
ORDER = [s.value for s in ReviewState]
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = {
    ".pdf": b"%PDF",
    ".png": b"\x89PNG",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".ofd": b"PK",
    ".docx": b"PK",
    ".xlsx": b"PK",
}


def _record(actor, action, process, obj, changes, **extra):
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        org_id=_org(process).pk,
        changes=changes,
        extra={"process": process.pk, **extra},
    )


def _check_scores(likelihood: int, impact: int, grade: str) -> None:
    if grade not in Grade.values:
        raise DomainError(
            code="grade", field="grade", zh="风险等级应为 A、B 或 C", en="grade must be A, B or C"
        )
    for field, value, zh in (
        ("likelihood", likelihood, "发生概率"),
        ("impact", impact, "影响程度"),
    ):
        if not 1 <= int(value) <= 5:
            raise DomainError(
                code="score_range",
                field=field,
                zh=f"{zh}须在 1 到 5 之间",
                en=f"{field} must be 1 to 5",
            )


def risk_point_add(
    *,
    actor: Actor,
    node: Node,
    description: str,
    grade: str,
    likelihood: int = 3,
    impact: int = 3,
    responsible_post: Post | None = None,
    responsible_user: User | None = None,
    review_date: datetime.date | None = None,
) -> RiskPoint:
    """A risk point on a step of a draft."""
    _check_scores(likelihood, impact, grade)
    with transaction.atomic():
        process = _locked_draft(node.process, actor)
        node = Node.objects.get(pk=node.pk, process=process)
        if node.kind != "task":
            raise DomainError(
                code="not_a_task",
                field="node",
                zh="风险点只能标在环节上",
                en="risk points go on tasks",
            )
        risk = RiskPoint(
            node=node,
            description=(description or "").strip(),
            grade=grade,
            likelihood=likelihood,
            impact=impact,
            responsible_post=_post(process, responsible_post),
            responsible_user=responsible_user,
            review_date=review_date,
            sort_order=node.risk_points.count() + 1,
        )
        clean(risk)
        risk.save()
        _record(actor, actions.RISK_ADD, process, risk, diff(None, snapshot(risk, RISK_FIELDS)))
    return risk


def risk_point_update(*, actor: Actor, risk_point: RiskPoint, **changes) -> RiskPoint:
    allowed = set(RISK_FIELDS) - {"node"}
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(
            code="unknown_field",
            field=sorted(unknown)[0],
            zh="不能修改该字段",
            en="cannot change that field",
        )
    with transaction.atomic():
        process = _locked_draft(risk_point.node.process, actor)
        risk = RiskPoint.objects.get(pk=risk_point.pk, node__process=process)
        before = snapshot(risk, RISK_FIELDS)
        for field, value in changes.items():
            setattr(risk, field, value)
        if "responsible_post" in changes:
            _post(process, risk.responsible_post)
        _check_scores(risk.likelihood, risk.impact, risk.grade)
        clean(risk)
        risk.save()
        _record(
            actor, actions.RISK_UPDATE, process, risk, diff(before, snapshot(risk, RISK_FIELDS))
        )
    return risk


def risk_point_delete(*, actor: Actor, risk_point: RiskPoint) -> None:
    with transaction.atomic():
        process = _locked_draft(risk_point.node.process, actor)
        risk = RiskPoint.objects.get(pk=risk_point.pk, node__process=process)
        before, pk = snapshot(risk, RISK_FIELDS), risk.pk
        risk.delete()
        audit_record(
            actor=actor,
            action=actions.RISK_DELETE,
            object_type="flows.riskpoint",
            object_id=pk,
            org_id=_org(process).pk,
            changes=diff(before, None),
        )


def measure_add(
    *, actor: Actor, risk_point: RiskPoint, description: str, owner: str, status: str = "planned"
) -> Measure:
    """A prevention measure of a risk point (on a draft)."""
    with transaction.atomic():
        process = _locked_draft(risk_point.node.process, actor)
        risk = RiskPoint.objects.get(pk=risk_point.pk, node__process=process)
        measure = Measure(
            risk_point=risk,
            description=(description or "").strip(),
            owner=(owner or "").strip(),
            status=status,
            sort_order=risk.measures.count() + 1,
        )
        clean(measure)
        measure.save()
        _record(
            actor,
            actions.MEASURE_ADD,
            process,
            measure,
            diff(None, snapshot(measure, MEASURE_FIELDS)),
        )
    return measure


def measure_update(
    *,
    actor: Actor,
    measure: Measure,
    status: str | None = None,
    description: str | None = None,
    owner: str | None = None,
) -> Measure:
    """Change a measure. On a published map only its status may change (measures are put
    into force over time)."""
    with transaction.atomic():
        process = _locked(measure.risk_point.node.process)
        rules.require_editor(actor, _org(process))
        measure = Measure.objects.get(pk=measure.pk, risk_point__node__process=process)
        if process.is_published and (description is not None or owner is not None):
            raise DomainError(
                code="process_published",
                field="description",
                zh="已发布版本的防范措施只能更新落实情况",
                en="on a published version only a measure's status can change",
            )
        before = snapshot(measure, MEASURE_FIELDS)
        if status is not None:
            if status not in MeasureStatus.values:
                raise DomainError(code="status", field="status", zh="落实情况无效", en="bad status")
            measure.status = status
        if description is not None:
            measure.description = description.strip()
        if owner is not None:
            measure.owner = owner.strip()
        clean(measure)
        measure.save()
        _record(
            actor,
            actions.MEASURE_UPDATE,
            process,
            measure,
            diff(before, snapshot(measure, MEASURE_FIELDS)),
        )
    return measure


def measure_delete(*, actor: Actor, measure: Measure) -> None:
    with transaction.atomic():
        process = _locked_draft(measure.risk_point.node.process, actor)
        measure = Measure.objects.get(pk=measure.pk, risk_point__node__process=process)
        before, pk = snapshot(measure, MEASURE_FIELDS), measure.pk
        measure.delete()
        audit_record(
            actor=actor,
            action=actions.MEASURE_DELETE,
            object_type="flows.measure",
            object_id=pk,
            org_id=_org(process).pk,
            changes=diff(before, None),
        )


def evidence_attach(*, actor: Actor, measure: Measure, file: UploadedFile) -> Evidence:
    """An evidence file for a measure (PDF, PNG, JPEG, OFD, DOCX or XLSX, at most
    ``FLOWS_EVIDENCE_MAX_BYTES``, 10 MB by default); kept under MEDIA_ROOT."""
    limit = int(getattr(settings, "FLOWS_EVIDENCE_MAX_BYTES", EVIDENCE_MAX_BYTES))
    name = PurePath(file.name or "").name
    ext = PurePath(name).suffix.lower()
    if ext not in EVIDENCE_TYPES:
        raise DomainError(
            code="evidence_type",
            field="file",
            zh=f"不接受的文件类型 {ext or '(无扩展名)'}; 可上传 PDF、PNG、JPG、OFD、DOCX、XLSX",
            en=f"file type {ext or '(none)'} not accepted: PDF, PNG, JPG, OFD, DOCX or XLSX",
        )
    if file.size > limit:
        raise DomainError(
            code="evidence_too_large",
            field="file",
            zh=f"文件过大({file.size} 字节), 上限 {limit} 字节",
            en=f"file too large ({file.size} bytes; limit {limit})",
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if not head.startswith(EVIDENCE_TYPES[ext]):
        raise DomainError(
            code="evidence_content",
            field="file",
            zh=f"文件内容与扩展名 {ext} 不符",
            en=f"the file's content does not match its extension {ext}",
        )
    with transaction.atomic():
        process = _locked(measure.risk_point.node.process)
        rules.require_editor(actor, _org(process))
        measure = Measure.objects.get(pk=measure.pk, risk_point__node__process=process)
        evidence = Evidence(
            measure=measure, name=name[:200], size=file.size, uploaded_by=actor.name
        )
        evidence.file.save(name, file, save=False)
        evidence.save()
        _record(
            actor,
            actions.EVIDENCE_ATTACH,
            process,
            evidence,
            {
                "name": [None, evidence.name],
                "size": [None, evidence.size],
                "file": [None, evidence.file.name],
            },
        )
    return evidence


def grade_override(*, actor: Actor, process: ProcessModel, grade: str, reason: str) -> ProcessModel:
    """Set (or, with ``grade=""``, clear) the power's overall grade by hand; the reason is
    kept on the version and in the trail. Editors and leaders of the organisation."""
    reason = (reason or "").strip()
    if grade not in ("", *Grade.values):
        raise DomainError(
            code="grade", field="grade", zh="风险等级应为 A、B 或 C", en="grade must be A, B or C"
        )
    if not reason:
        raise DomainError(
            code="reason_required", field="reason", zh="请写明理由", en="a reason is required"
        )
    with transaction.atomic():
        process = _locked(process)
        org = _org(process)
        if actor.kind != "system" and not (
            rules.is_editor(actor.user, org) or rules.is_leader_of(actor.user, org)
        ):
            raise PermissionDeniedError()
        before = snapshot(process, ("grade_override", "grade_override_reason"))
        process.grade_override = grade
        process.grade_override_reason = reason if grade else ""
        process.save(update_fields=["grade_override", "grade_override_reason"])
        _record(
            actor,
            actions.GRADE_OVERRIDE,
            process,
            process,
            diff(before, snapshot(process, ("grade_override", "grade_override_reason"))),
            reason=reason,
        )
    return process


def _may_move(person: User | None, actor: Actor, state: str, org) -> bool:
    if state in ("find", "show", "ask"):
        return actor.kind == "system" if person is None else rules.is_editor(person, org)
    if state == "review":
        return rules.is_leader_of(person, org)
    if state == "check":
        return rules.is_inspector_of(person, org)
    return False


def _step(
    actor: Actor, process: ProcessModel, by: User | None, to: str, note: str, action
) -> ProcessModel:
    process = _locked(process)
    org = _org(process)
    person = rules.person_of(actor, by)
    state = process.review_state
    if not _may_move(person, actor, state, org):
        raise PermissionDeniedError(
            zh=f"无权在“{ReviewState(state).label.split(':')[0]}”这一步推进或退回风险图",
            en=f"not allowed to move the risk map at step {state}",
        )
    if person is not None and state == "review" and person.pk == process.drafter_id:
        raise PermissionDeniedError(
            zh="起草人不能审定自己的风险图", en="the drafter cannot review it"
        )
    if to == "review":
        missing = [r for r in from_db(process).risks if not r.measures]
        if missing:
            raise DomainError(
                code="risk_no_measure",
                field="risk_points",
                zh=f"风险点“{missing[0].description[:20]}”没有防范措施(环节 {missing[0].task})",
                en=f"a risk point of task {missing[0].task} has no prevention measure",
            )
        if not process.nodes.filter(risk_points__isnull=False).exists():
            raise DomainError(
                code="no_risks", field="risk_points", zh="还没有查找风险点", en="no risk points yet"
            )
    RiskReviewStep.objects.create(
        process=process,
        from_state=state,
        to_state=to,
        by=person,
        by_name=str(person) if person else actor.name,
        note=note,
        at=timezone.now(),
    )
    if state == "find" and person is not None and process.drafter_id is None:
        process.drafter = person
    process.review_state = to
    process.save(update_fields=["review_state", "drafter"])
    _record(
        actor,
        action,
        process,
        process,
        {"review_state": [state, to]},
        note=note,
        by=person.pk if person else None,
    )
    return process


def risk_review_advance(
    *, actor: Actor, process: ProcessModel, note: str = "", by: User | None = None
) -> ProcessModel:
    """Move the risk map to the next of 找、亮、问、审、核 (see the module notes)."""
    with transaction.atomic():
        state = ProcessModel.objects.get(pk=process.pk).review_state
        if state == ReviewState.DONE:
            raise DomainError(
                code="review_done", field="review_state", zh="风险图已核定", en="already confirmed"
            )
        return _step(
            actor, process, by, ORDER[ORDER.index(state) + 1], note, actions.REVIEW_ADVANCE
        )


def risk_review_return(
    *, actor: Actor, process: ProcessModel, reason: str, by: User | None = None
) -> ProcessModel:
    """Send the risk map back to 找 (by the leader at 审 or the inspector at 核)."""
    if not (reason or "").strip():
        raise DomainError(
            code="reason_required", field="reason", zh="请写明退回理由", en="a reason is required"
        )
    with transaction.atomic():
        state = ProcessModel.objects.get(pk=process.pk).review_state
        if state not in ("review", "check"):
            raise DomainError(
                code="cannot_return",
                field="review_state",
                zh="只有在审、核两步可以退回",
                en="only at review or check",
            )
        return _step(actor, process, by, "find", reason.strip(), actions.REVIEW_RETURN)
