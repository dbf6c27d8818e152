"""Conformance checks of event logs."""

from __future__ import annotations

from collections.abc import Callable

from yangguang.core.context import Actor

from ._common import F

CALLS: dict[str, Callable[[F], list[str]]] = {}


def _conformance(name: str) -> Callable[[F], list[str]]:
    """A published basic chart of a department's power; an inspector uploads a CSV log."""

    def call(f: F) -> list[str]:
        from yangguang.conformance import services as cs
        from yangguang.flows import services as s
        from yangguang.powers import services as ps

        sys_, tree = f["system"], f["tree"]
        plist = ps.power_list_create(actor=sys_, organisation=tree["dept"])
        power = ps.power_item_create(
            actor=sys_, power_list=plist, code="XK00009000", name="许可", type="XK"
        )
        p = s.process_create(actor=sys_, power=power, template="basic")
        out = ["power.list_create", "power.item_create", "flow.process_create"]
        for n in p.nodes.filter(kind="task"):
            s.step_update(actor=sys_, node=n, lane="窗口")
            out.append("flow.step_update")
        s.risk_point_add(
            actor=sys_, node=p.nodes.filter(kind="task").first(), description="风险", grade="B"
        )
        s.measure_add(
            actor=sys_, risk_point=p.nodes.filter(kind="task").first().risk_points.get(),
            description="措施", owner="科长",
        )  # fmt: skip
        p = s.process_publish(actor=sys_, process=p)
        out += ["flow.risk_add", "flow.measure_add", "flow.process_publish"]
        inspector = Actor.person(f["users"]["inspector"])
        csv = "case_id,activity,timestamp,resource\nC1,受理,2026-01-05T09:00,张三\n".encode()
        run = cs.conformance_run_start(actor=inspector, process=p, log_name="a.csv", data=csv)
        out.append("conformance.run_start")
        if name == "conformance_run_execute":
            cs.conformance_run_execute(actor=inspector, run=run)
            out.append("conformance.run_finish")
        if name == "conformance_run_fail":
            cs.conformance_run_fail(actor=inspector, run=run, zh="中止", en="stopped")
            out.append("conformance.run_finish")
        return out

    return call


CALLS.update(
    {
        f"yangguang.conformance.services.{n}": _conformance(n)
        for n in ("conformance_run_start", "conformance_run_execute", "conformance_run_fail")
    }
)
