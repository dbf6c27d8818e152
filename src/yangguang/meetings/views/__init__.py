"""Back-office pages (``/office/meetings/``) and the public decisions (``/decisions/``):
the read-only pages and supervision actions in ``read``, the recording forms in
``record``."""

from yangguang.meetings.views.config import decision_rules, integrity_records
from yangguang.meetings.views.read import (
    case_open,
    checks_page,
    decisions_tracking,
    meeting_detail,
    meeting_list,
    public_detail,
    public_list,
    report_pdf,
    vetting_opinion,
)
from yangguang.meetings.views.record import meeting_new, record_hub, record_op

__all__ = [
    "case_open",
    "checks_page",
    "decision_rules",
    "decisions_tracking",
    "integrity_records",
    "meeting_detail",
    "meeting_list",
    "meeting_new",
    "public_detail",
    "public_list",
    "record_hub",
    "record_op",
    "report_pdf",
    "vetting_opinion",
]
