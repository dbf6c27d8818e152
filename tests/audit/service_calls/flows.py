"""Flowcharts and risk maps (两张图)."""

from __future__ import annotations

from collections.abc import Callable

from ._common import F

CALLS: dict[str, Callable[[F], list[str]]] = {}


def _flows(name: str) -> Callable[[F], list[str]]:
    """Flowcharts: a department's power with a basic draft chart (setup writes
    ``power.list_create``, ``power.item_create`` and ``flow.process_create``)."""

    def call(f: F) -> list[str]:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from yangguang.accounts.models import User
        from yangguang.flows import services as s
        from yangguang.flows.bpmn import export_bpmn
        from yangguang.flows.compiled import from_db
        from yangguang.powers import services as ps

        sys_, tree = f["system"], f["tree"]
        plist = ps.power_list_create(actor=sys_, organisation=tree["dept"])
        power = ps.power_item_create(
            actor=sys_, power_list=plist, code="XK00001000", name="许可", type="XK"
        )
        setup = ["power.list_create", "power.item_create"]
        if name == "import_bpmn":
            p = s.process_create(actor=sys_, power=power, template="basic")
            for n in p.nodes.filter(kind="task"):
                n.lane = "岗"
                n.save()
            s.import_bpmn(actor=sys_, power=power, xml_bytes=export_bpmn(from_db(p)))
            return [*setup, "flow.process_create", "flow.process_import"]
        p = s.process_create(actor=sys_, power=power, template="basic")
        out = [*setup, "flow.process_create"]
        if name == "process_create":
            return out
        task = p.nodes.filter(kind="task").first()
        flow = task.outgoing.get()

        def risk():
            out.append("flow.risk_add")
            return s.risk_point_add(actor=sys_, node=task, description="风险", grade="B")

        def measure():
            r = risk()
            out.append("flow.measure_add")
            return s.measure_add(actor=sys_, risk_point=r, description="措施", owner="科长")

        def ready():
            for n in p.nodes.filter(kind="task"):
                s.step_update(actor=sys_, node=n, lane="窗口")
                out.append("flow.step_update")
            measure()

        if name == "process_update":
            s.process_update(actor=sys_, process=p, name="改名")
        elif name == "process_discard":
            s.process_discard(actor=sys_, process=p)
        elif name in ("process_publish", "process_new_version"):
            ready()
            s.process_publish(actor=sys_, process=p)
            out.append("flow.process_publish")
            if name == "process_new_version":
                s.process_new_version(actor=sys_, process=p)
        elif name == "step_insert":
            s.step_insert(actor=sys_, flow=flow, name="新环节", limit_days=1)
        elif name == "step_update":
            s.step_update(actor=sys_, node=task, limit_days=2)
        elif name == "step_delete":
            s.step_delete(actor=sys_, node=task)
        elif name == "step_move":
            s.step_move(actor=sys_, node=task, direction="down")
        elif name in ("branch_insert", "branch_add"):
            split, _ = s.branch_insert(
                actor=sys_, flow=flow, kind="parallel", branches=[{"name": "甲"}, {"name": "乙"}]
            )
            if name == "branch_add":
                out.append("flow.branch_insert")
                s.branch_add(actor=sys_, gateway=split, name="丙")
        elif name == "loop_insert":
            s.loop_insert(
                actor=sys_,
                flow=flow,
                back_to=task,
                name="补正",
                condition="缺",
                exit_condition="齐",
            )
        elif name == "flow_update":
            s.flow_update(actor=sys_, flow=flow, condition="x")
        elif name in ("sod_set", "sod_delete"):
            tasks = list(p.nodes.filter(kind="task"))[:2]
            g = s.sod_set(actor=sys_, process=p, tasks=tasks)
            if name == "sod_delete":
                out.append("flow.sod_set")
                s.sod_delete(actor=sys_, group=g)
        elif name == "risk_point_add":
            risk()
            return out
        elif name in ("risk_point_update", "risk_point_delete"):
            r = risk()
            if name == "risk_point_update":
                s.risk_point_update(actor=sys_, risk_point=r, grade="A")
            else:
                s.risk_point_delete(actor=sys_, risk_point=r)
        elif name == "measure_add":
            measure()
            return out
        elif name in ("measure_update", "measure_delete", "evidence_attach"):
            m = measure()
            if name == "measure_update":
                s.measure_update(actor=sys_, measure=m, status="done")
            elif name == "measure_delete":
                s.measure_delete(actor=sys_, measure=m)
            else:
                s.evidence_attach(
                    actor=sys_, measure=m, file=SimpleUploadedFile("e.pdf", b"%PDF-1.4")
                )
        elif name == "grade_override":
            s.grade_override(actor=sys_, process=p, grade="A", reason="重点领域")
        elif name in ("risk_review_advance", "risk_review_return"):
            measure()
            clerk = User.objects.create_user(
                "fl_clerk", password=None, full_name="c", role="clerk", organisation=tree["dept"]
            )
            lead = User.objects.create_user(
                "fl_lead", password=None, full_name="l", role="leader", organisation=tree["dept"]
            )
            for _ in range(3):
                s.risk_review_advance(actor=sys_, process=p, by=clerk)
            if name == "risk_review_advance":
                return [*out, *["flow.review_advance"] * 3]
            s.risk_review_return(actor=sys_, process=p, reason="不全", by=lead)
            return [*out, *["flow.review_advance"] * 3, "flow.review_return"]
        else:
            raise AssertionError(name)
        code = {
            "process_update": "process_update",
            "process_discard": "process_discard",
            "process_new_version": "process_new_version",
            "step_insert": "step_insert",
            "step_update": "step_update",
            "step_delete": "step_delete",
            "step_move": "step_move",
            "branch_insert": "branch_insert",
            "branch_add": "branch_add",
            "loop_insert": "loop_insert",
            "flow_update": "flow_update",
            "sod_set": "sod_set",
            "sod_delete": "sod_delete",
            "risk_point_update": "risk_update",
            "risk_point_delete": "risk_delete",
            "measure_update": "measure_update",
            "measure_delete": "measure_delete",
            "evidence_attach": "evidence_attach",
            "grade_override": "grade_override",
        }.get(name)
        return out + ([f"flow.{code}"] if code else [])

    return call


CALLS.update(
    {
        f"yangguang.flows.services.{n}": _flows(n)
        for n in __import__("yangguang.flows.services", fromlist=["__all__"]).__all__
    }
)
