"""Services of cases and their supervision (every write goes through one of these)."""

from yangguang.cases.services.lifecycle import case_finish, case_register, step_complete
from yangguang.cases.services.records import (
    document_attach,
    enquiry_receive,
    fee_record,
    responsibility_handover,
)
from yangguang.cases.services.supervision import (
    alert_close,
    alert_confirm,
    alert_dismiss,
    alert_escalate,
    alert_explain,
    supervision_rule_set,
    supervision_sweep,
)

__all__ = [
    "alert_close",
    "alert_confirm",
    "alert_dismiss",
    "alert_escalate",
    "alert_explain",
    "case_finish",
    "case_register",
    "document_attach",
    "enquiry_receive",
    "fee_record",
    "responsibility_handover",
    "step_complete",
    "supervision_rule_set",
    "supervision_sweep",
]
