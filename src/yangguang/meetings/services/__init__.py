"""Services of the meetings app (三重一大). Every write goes through one of these."""

from yangguang.meetings.services.catalogue import decision_rules_set, matter_create, matter_retire
from yangguang.meetings.services.execution import (
    overdue_alerts_raise,
    progress_record,
    recorded_action_create,
    task_assign,
)
from yangguang.meetings.services.meeting import (
    material_attach,
    meeting_cancel,
    meeting_create,
    meeting_hold,
    notice_send,
    recusal_record,
    speech_record,
    topic_add,
    topic_decide,
    topic_open,
    vote_record,
)
from yangguang.meetings.services.records import (
    announcement_record,
    minutes_amend,
    minutes_approve,
    minutes_create,
    minutes_update,
    record_write,
)
from yangguang.meetings.services.supervision import (
    case_close,
    case_open,
    integrity_record_create,
    integrity_record_end,
    veto_rule_create,
    vetting_opinion_record,
    vetting_request,
)

__all__ = [
    "announcement_record",
    "case_close",
    "case_open",
    "decision_rules_set",
    "integrity_record_create",
    "integrity_record_end",
    "material_attach",
    "matter_create",
    "matter_retire",
    "meeting_cancel",
    "meeting_create",
    "meeting_hold",
    "minutes_amend",
    "minutes_approve",
    "minutes_create",
    "minutes_update",
    "notice_send",
    "overdue_alerts_raise",
    "progress_record",
    "record_write",
    "recorded_action_create",
    "recusal_record",
    "speech_record",
    "task_assign",
    "topic_add",
    "topic_decide",
    "topic_open",
    "veto_rule_create",
    "vetting_opinion_record",
    "vetting_request",
    "vote_record",
]
