"""Audit action codes of conformance checking."""

from yangguang.audit.actions import action

RUN_START = action("conformance.run_start", "上传日志并发起合规检查", "Start conformance check")
RUN_FINISH = action("conformance.run_finish", "完成合规检查", "Finish conformance check")
