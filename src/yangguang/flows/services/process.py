"""Process models: create, import BPMN, publish (freeze), new version, discard."""

from __future__ import annotations

import itertools

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from yangguang.audit.services import audit_record, diff, snapshot
from yangguang.core import bulk
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.core.validation import clean
from yangguang.flows import actions, rules
from yangguang.flows.bpmn import DEFAULT_MAX_BYTES, DEFAULT_MAX_ELEMENTS, BpmnError, parse_bpmn
from yangguang.flows.compiled import CompiledProcess, from_db
from yangguang.flows.models import (
    Evidence,
    Flow,
    Measure,
    Node,
    ProcessModel,
    ProcessStatus,
    RiskPoint,
    SodGroup,
)
from yangguang.flows.services._base import (
    _locked,
    _locked_draft,
    _org,
    _power_limits,
    _task,
)
from yangguang.flows.validation import validate
from yangguang.orgs.models import Post
from yangguang.powers.models import PowerItem

PROCESS_FIELDS = ("power", "version", "name", "status", "statutory_limit", "promised_limit")
#: validation problems that make an imported file unusable (the rest can be fixed in the
#: editor: missing posts or limits, conditions, risk measures, limits over the power's)
IMPORT_FATAL = frozenset(
    {
        "flow_dangling",
        "start_count",
        "no_end",
        "start_incoming",
        "start_outgoing",
        "end_outgoing",
        "task_split",
        "task_limit_not_positive",
        "gateway_mixed",
        "gateway_dangling",
        "cycle_without_exit",
        "unreachable",
        "no_way_to_end",
        "parallel_unbalanced",
        "exclusive_unbalanced",
        "parallel_join_unbalanced",
        "sod_too_small",
        "sod_unknown_task",
    }
)


def _new_model(actor: Actor, power: PowerItem, name: str) -> ProcessModel:
    rules.require_editor(actor, power.power_list.organisation)
    if ProcessModel.objects.filter(power=power, status=ProcessStatus.DRAFT).exists():
        raise DomainError(
            code="draft_exists",
            field="power",
            zh=f"“{power.name}”已有流程图草稿",
            en=f"{power.code} already has a draft process model",
        )
    version = (power.process_models.aggregate(n=Max("version"))["n"] or 0) + 1
    statutory, promised = _power_limits(power)
    process = ProcessModel(
        power=power,
        version=version,
        name=(name or power.name).strip()[:200],
        statutory_limit=statutory,
        promised_limit=promised,
        drafter=actor.user,
    )
    clean(process)
    process.save()
    return process


def process_create(
    *, actor: Actor, power: PowerItem, name: str = "", template: str = "empty"
) -> ProcessModel:
    """A new draft version for ``power``: an empty chart (start → end) or the basic
    three steps 受理 → 审查 → 决定 (``template="basic"``)."""
    if template not in ("empty", "basic"):
        raise DomainError(code="template", field="template", zh="模板无效", en="unknown template")
    with transaction.atomic():
        power = PowerItem.objects.select_related("power_list__organisation").get(pk=power.pk)
        process = _new_model(actor, power, name)
        start = Node.objects.create(process=process, key="StartEvent_1", kind="start", name="申请")
        end = Node.objects.create(
            process=process, key="EndEvent_1", kind="end", name="办结", sort_order=99
        )
        chain = [start]
        if template == "basic":
            post = power.responsible_post
            for n, (step, days) in enumerate((("受理", 1), ("审查", 2), ("决定", 1)), start=1):
                chain.append(_task(process, key=f"Task_{n}", name=step, post=post, limit_days=days))
        chain.append(end)
        for n, (a, b) in enumerate(itertools.pairwise(chain), start=1):
            Flow.objects.create(process=process, key=f"Flow_{n}", source=a, target=b)
        audit_record(
            actor=actor,
            action=actions.PROCESS_CREATE,
            obj=process,
            org_id=_org(process).pk,
            changes=diff(None, snapshot(process, PROCESS_FIELDS)),
            extra={"template": template},
        )
    return process


def process_update(
    *,
    actor: Actor,
    process: ProcessModel,
    name: str | None = None,
    statutory_limit: int | None = None,
    promised_limit: int | None = None,
) -> ProcessModel:
    """Rename a draft or set its case limits (working days; 0 clears one)."""
    with transaction.atomic():
        process = _locked_draft(process, actor)
        before = snapshot(process, PROCESS_FIELDS)
        if name is not None:
            process.name = name.strip()[:200] or process.name
        for field, value in (
            ("statutory_limit", statutory_limit),
            ("promised_limit", promised_limit),
        ):
            if value is not None:
                if value < 0:
                    raise DomainError(
                        code="limit_not_positive",
                        field=field,
                        zh="办结时限不能为负数",
                        en="a case limit cannot be negative",
                    )
                setattr(process, field, value or None)
        clean(process)
        process.save()
        audit_record(
            actor=actor,
            action=actions.PROCESS_UPDATE,
            obj=process,
            org_id=_org(process).pk,
            changes=diff(before, snapshot(process, PROCESS_FIELDS)),
        )
    return process


def _bpmn_error(exc: BpmnError) -> DomainError:
    where = f"[{exc.element}] " if exc.element else ""
    return DomainError(code=f"bpmn_{exc.code}", field="xml", zh=where + exc.zh, en=exc.en)


def _bpmn_limits() -> tuple[int, int]:
    """The largest BPMN file (bytes) and the most flow elements accepted."""
    return (
        int(getattr(settings, "YANGGUANG_BPMN_MAX_BYTES", DEFAULT_MAX_BYTES)),
        int(getattr(settings, "YANGGUANG_BPMN_MAX_ELEMENTS", DEFAULT_MAX_ELEMENTS)),
    )


def import_bpmn(*, actor: Actor, power: PowerItem, xml_bytes, name: str = "") -> ProcessModel:
    """Save a BPMN 2.0 file (bytes, or an uploaded file read in chunks) as a new draft
    version of ``power`` (replacing the current draft, if any). Lanes name the posts
    (matched by post name or code in the power's organisation). Refused, with nothing
    saved, when the file is too large (by its size, before it is read), has more flow
    elements than ``YANGGUANG_BPMN_MAX_ELEMENTS`` (counted while it is read), is hostile
    or malformed, or has a broken graph (unreachable steps, cycles without exit,
    unbalanced gateways …)."""
    max_bytes, max_elements = _bpmn_limits()
    size = len(xml_bytes) if isinstance(xml_bytes, (bytes, str)) else getattr(xml_bytes, "size", 0)
    try:
        if size and size > max_bytes:
            raise BpmnError(
                "too_large",
                f"文件过大({size} 字节), 上限 {max_bytes} 字节",
                f"the file is too large ({size} bytes; the limit is {max_bytes})",
            )
        compiled = parse_bpmn(xml_bytes, max_bytes=max_bytes, max_elements=max_elements)
    except BpmnError as exc:
        raise _bpmn_error(exc) from None
    fatal = [p for p in validate(compiled, check_risks=False) if p.code in IMPORT_FATAL]
    if fatal:
        first = fatal[0]
        where = f"[{first.element}] " if first.element else ""
        more = f"(另有 {len(fatal) - 1} 处问题)" if len(fatal) > 1 else ""
        raise DomainError(
            code=f"bpmn_{first.code}",
            field="xml",
            zh=where + first.zh + more,
            en=first.en + (f" (and {len(fatal) - 1} more)" if len(fatal) > 1 else ""),
        )
    with transaction.atomic():
        power = PowerItem.objects.select_related("power_list__organisation").get(pk=power.pk)
        rules.require_editor(actor, power.power_list.organisation)
        replaced = None
        draft = ProcessModel.objects.filter(power=power, status=ProcessStatus.DRAFT).first()
        if draft is not None:
            replaced = draft.version
            draft.delete()
        process = _new_model(actor, power, name or compiled.name)
        if compiled.case_limits.get("statutory"):
            process.statutory_limit = compiled.case_limits["statutory"]
        if compiled.case_limits.get("promised"):
            process.promised_limit = compiled.case_limits["promised"]
        process.save()
        _save_compiled(process, compiled)
        audit_record(
            actor=actor,
            action=actions.PROCESS_IMPORT,
            obj=process,
            org_id=_org(process).pk,
            changes=diff(None, snapshot(process, PROCESS_FIELDS)),
            extra={
                "nodes": len(compiled.nodes),
                "flows": len(compiled.flows),
                "replaced_draft": replaced,
                "bytes": size,
            },
        )
    return process


def _save_compiled(process: ProcessModel, compiled: CompiledProcess) -> None:
    """The compiled model's rows, a few statements per table whatever its size."""
    posts = list(Post.objects.filter(organisation=_org(process)))
    by_name = {p.name: p for p in posts} | {p.code: p for p in posts}
    stored: dict[str, Node] = {}
    for order, n in enumerate(compiled.nodes.values(), start=1):
        post = by_name.get(n.lane) if n.is_task else None
        b = n.bounds
        stored[n.id] = Node(
            process=process,
            key=n.id[:64],
            kind=n.kind,
            name=n.name[:100],
            post=post,
            lane=(post.name if post else n.lane)[:64] if n.is_task else "",
            limit_days=n.limit,
            limit_unit=n.limit_unit,
            pauses_clock=n.pauses_clock,
            visibility=n.visibility,
            materials="\n".join(n.materials),
            outputs="\n".join(n.outputs),
            bpmn_type=n.bpmn_type,
            bounds={"x": b.x, "y": b.y, "w": b.w, "h": b.h} if b else None,
            sort_order=order,
        )
    bulk.insert(Node, list(stored.values()))
    flows = []
    for f in compiled.flows:
        flows.append(
            Flow(
                process=process,
                key=f.id[:64],
                source=stored[f.source],
                target=stored[f.target],
                name=f.name[:100],
                condition=f.condition[:200],
                is_default=f.default,
                waypoints=[list(p) for p in f.waypoints] or None,
            )
        )
    bulk.insert(Flow, flows)
    for g in compiled.sod_groups:
        group = SodGroup.objects.create(process=process, name=g.name[:100])
        group.tasks.set([stored[t] for t in g.tasks])


def process_publish(*, actor: Actor, process: ProcessModel) -> ProcessModel:
    """Freeze a draft as the published version, once it passes every check."""
    with transaction.atomic():
        process = _locked_draft(process, actor)
        statutory, promised = _power_limits(process.power)
        problems = validate(from_db(process), statutory=statutory, promised=promised)
        if problems:
            first = problems[0]
            where = f"[{first.element}] " if first.element else ""
            raise DomainError(
                code=first.code,
                field="process",
                zh=f"{where}{first.zh}(共 {len(problems)} 处问题)",
                en=f"{first.en} ({len(problems)} problems in all)",
            )
        before = snapshot(process, PROCESS_FIELDS)
        process.status = ProcessStatus.PUBLISHED
        process.published_at = timezone.now()
        process.save(update_fields=["status", "published_at"])
        audit_record(
            actor=actor,
            action=actions.PROCESS_PUBLISH,
            obj=process,
            org_id=_org(process).pk,
            changes=diff(before, snapshot(process, PROCESS_FIELDS)),
        )
    return process


def process_new_version(*, actor: Actor, process: ProcessModel) -> ProcessModel:
    """A new draft version copied from ``process`` (its steps, flows, separation of
    duties, risk points and measures; the 五步法 review starts again)."""
    with transaction.atomic():
        source = _locked(process)
        power = source.power
        new = _new_model(actor, power, source.name)
        new.statutory_limit, new.promised_limit = source.statutory_limit, source.promised_limit
        new.grade_override = source.grade_override
        new.grade_override_reason = source.grade_override_reason
        new.save()
        nodes: dict[int, Node] = {}
        for n in source.nodes.all():
            old_pk = n.pk
            n.pk = None
            n.process = new
            n.save()
            nodes[old_pk] = n
        for f in source.flows.all():
            Flow.objects.create(
                process=new,
                key=f.key,
                source=nodes[f.source_id],
                target=nodes[f.target_id],
                name=f.name,
                condition=f.condition,
                is_default=f.is_default,
                waypoints=f.waypoints,
            )
        for g in source.sod_groups.prefetch_related("tasks"):
            copy = SodGroup.objects.create(process=new, name=g.name)
            copy.tasks.set([nodes[t.pk] for t in g.tasks.all()])
        for r in RiskPoint.objects.filter(node__process=source).prefetch_related("measures"):
            measures = list(r.measures.all())
            r.pk = None
            r.node = nodes[r.node_id]
            r.save()
            for m in measures:
                evidence = list(m.evidence.all())
                m.pk = None
                m.risk_point = r
                m.save()
                for e in evidence:
                    Evidence.objects.create(
                        measure=m, file=e.file.name, name=e.name, size=e.size,
                        uploaded_by=e.uploaded_by,
                    )  # fmt: skip
        audit_record(
            actor=actor,
            action=actions.PROCESS_NEW_VERSION,
            obj=new,
            org_id=_org(new).pk,
            changes=diff(None, snapshot(new, PROCESS_FIELDS)),
            extra={"from_version": source.version},
        )
    return new


def process_discard(*, actor: Actor, process: ProcessModel) -> None:
    """Delete a draft version (published versions stay for ever)."""
    with transaction.atomic():
        process = _locked_draft(process, actor)
        org_id, pk = _org(process).pk, process.pk
        before = snapshot(process, PROCESS_FIELDS)
        Measure.objects.filter(risk_point__node__process=process).delete()
        process.delete()
        audit_record(
            actor=actor,
            action=actions.PROCESS_DISCARD,
            object_type="flows.processmodel",
            object_id=pk,
            org_id=org_id,
            changes=diff(before, None),
        )
