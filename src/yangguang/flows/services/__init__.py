"""Writes of the flows app. Every function is keyword-only, checks permission (unless
the actor is the system), validates, runs in one transaction and writes exactly one
audit entry. Graph changes apply to drafts only; a published version is frozen."""

from yangguang.flows.services.process import (
    import_bpmn,
    process_create,
    process_discard,
    process_new_version,
    process_publish,
    process_update,
)
from yangguang.flows.services.risks import (
    evidence_attach,
    grade_override,
    measure_add,
    measure_delete,
    measure_update,
    risk_point_add,
    risk_point_delete,
    risk_point_update,
    risk_review_advance,
    risk_review_return,
)
from yangguang.flows.services.steps import (
    branch_add,
    branch_insert,
    flow_update,
    loop_insert,
    sod_delete,
    sod_set,
    step_delete,
    step_insert,
    step_move,
    step_update,
)

__all__ = [
    "branch_add",
    "branch_insert",
    "evidence_attach",
    "flow_update",
    "grade_override",
    "import_bpmn",
    "loop_insert",
    "measure_add",
    "measure_delete",
    "measure_update",
    "process_create",
    "process_discard",
    "process_new_version",
    "process_publish",
    "process_update",
    "risk_point_add",
    "risk_point_delete",
    "risk_point_update",
    "risk_review_advance",
    "risk_review_return",
    "sod_delete",
    "sod_set",
    "step_delete",
    "step_insert",
    "step_move",
    "step_update",
]
