"""Audit action codes of proactive disclosure, information requests and complaints."""

from yangguang.audit.actions import action

ITEM_CREATE = action("disclosure.item_create", "准备公开事项", "Prepare disclosure item")
ITEM_SUBMIT = action("disclosure.item_submit", "提交审核", "Submit item for review")
ITEM_REVIEW = action("disclosure.item_review", "审核公开事项", "Review disclosure item")
ITEM_PUBLISH = action("disclosure.item_publish", "公开事项", "Publish disclosure item")
ITEM_FEEDBACK = action("disclosure.item_feedback", "记录公开反馈", "Record disclosure feedback")
ALERTS_RAISE = action("disclosure.alerts_raise", "逾期公开预警", "Raise overdue disclosure alerts")
REQUEST_RECEIVE = action(
    "disclosure.request_receive", "受理公开申请", "Receive information request"
)
REQUEST_CLARIFY = action("disclosure.request_clarify", "要求补正", "Ask for clarification")
REQUEST_RESUME = action("disclosure.request_resume", "补正后恢复计时", "Resume after clarification")
REQUEST_EXTEND = action("disclosure.request_extend", "延期答复", "Extend the deadline")
REQUEST_ANSWER = action("disclosure.request_answer", "答复公开申请", "Answer information request")
REQUEST_WITHDRAW = action("disclosure.request_withdraw", "撤回公开申请", "Withdraw request")
COMPLAINT_SUBMIT = action("complaints.submit", "受理投诉举报", "Receive complaint or report")
COMPLAINT_ADD_INFO = action("complaints.add_info", "补充投诉举报材料", "Add information")
COMPLAINT_ASSIGN = action("complaints.assign", "交办投诉举报", "Assign complaint")
COMPLAINT_REPLY = action("complaints.reply", "答复投诉举报", "Reply to complaint")
COMPLAINT_REJECT = action("complaints.reject", "不予受理", "Refuse complaint")
COMPLAINT_RATE = action("complaints.rate", "评价办理结果", "Rate the handling")
COMPLAINT_ALERTS_RAISE = action(
    "complaints.alerts_raise", "逾期投诉举报预警", "Raise overdue complaint alerts"
)
READER_DESIGNATE = action(
    "complaints.reader_designate", "指定举报人身份查阅人", "Designate a reader of protected reports"
)
READER_REVOKE = action(
    "complaints.reader_revoke", "撤销举报人身份查阅人", "Revoke a reader of protected reports"
)
COMPLAINT_NAME_PERSON = action(
    "complaints.name_person", "登记涉及人员", "Record a person named in a complaint"
)
COMPLAINT_ROUTE = action("complaints.route", "移送举报", "Refer a report to another commission")
COMPLAINT_HANDLER_REPLACED = action(
    "complaints.handler_replaced", "承办人回避更换", "Replace a conflicted handler"
)
