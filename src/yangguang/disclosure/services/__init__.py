"""Services of proactive disclosure, information requests and complaints (every write)."""

from yangguang.disclosure.services.complaints import (
    complaint_add_info,
    complaint_alerts_raise,
    complaint_assign,
    complaint_rate,
    complaint_reject,
    complaint_reply,
    complaint_submit,
    reporter_identity_read,
)
from yangguang.disclosure.services.items import (
    disclosure_alerts_raise,
    disclosure_item_create,
    disclosure_item_feedback,
    disclosure_item_publish,
    disclosure_item_review,
    disclosure_item_submit,
    quarterly_due,
)
from yangguang.disclosure.services.readers import (
    protected_reader_designate,
    protected_reader_revoke,
)
from yangguang.disclosure.services.recusal import (
    complaint_name_person,
    complaint_route,
    complaints_recheck,
)
from yangguang.disclosure.services.requests import (
    info_request_answer,
    info_request_clarify,
    info_request_extend,
    info_request_resume,
    info_request_submit,
    info_request_withdraw,
    request_deadline,
    requester_read,
)

__all__ = [
    "complaint_add_info",
    "complaint_alerts_raise",
    "complaint_assign",
    "complaint_name_person",
    "complaint_rate",
    "complaint_reject",
    "complaint_reply",
    "complaint_route",
    "complaint_submit",
    "complaints_recheck",
    "disclosure_alerts_raise",
    "disclosure_item_create",
    "disclosure_item_feedback",
    "disclosure_item_publish",
    "disclosure_item_review",
    "disclosure_item_submit",
    "info_request_answer",
    "info_request_clarify",
    "info_request_extend",
    "info_request_resume",
    "info_request_submit",
    "info_request_withdraw",
    "protected_reader_designate",
    "protected_reader_revoke",
    "quarterly_due",
    "reporter_identity_read",
    "request_deadline",
    "requester_read",
]
