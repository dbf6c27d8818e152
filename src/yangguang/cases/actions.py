"""Audit action codes of cases and their supervision."""

from yangguang.audit.actions import action

CASE_REGISTER = action("cases.register", "登记办件", "Register a case")
STEP_COMPLETE = action("cases.step_complete", "办理环节", "Complete a step")
CASE_FINISH = action("cases.finish", "办结办件", "Finish a case")
CASE_HANDOVER = action("cases.handover", "移交首问责任", "Hand over first responsibility")
DOCUMENT_ATTACH = action("cases.document_attach", "上传办件材料", "Attach a document")
FEE_RECORD = action("cases.fee_record", "登记收费", "Record a fee")
ENQUIRY_RECEIVE = action("cases.enquiry_receive", "登记咨询", "Receive an enquiry")
RULE_SET = action("cases.rule_set", "设置监察规则", "Set a supervision rule")
SWEEP = action("cases.sweep", "期限监察扫描", "Deadline sweep")
ALERT_CONFIRM = action("cases.alert_confirm", "确认预警", "Confirm an alert")
ALERT_DISMISS = action("cases.alert_dismiss", "撤销预警", "Dismiss an alert")
ALERT_EXPLAIN = action("cases.alert_explain", "说明并纠错", "Explain and correct")
ALERT_CLOSE = action("cases.alert_close", "审核办结预警", "Close an alert")
ALERT_ESCALATE = action("cases.alert_escalate", "转入问责", "Escalate to accountability")
ALERT_RESOLVE = action(
    "cases.alert_resolve", "期限已可计算，预警自动办结", "Alert resolved: deadline now computed"
)
ALERT_WITHDRAW = action("cases.alert_withdraw", "撤回预警", "Withdraw an alert")
ALERT_ASSIGN = action("cases.alert_assign", "指派预警", "Assign an alert")
