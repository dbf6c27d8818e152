"""Audit action codes of the working-day calendar."""

from yangguang.audit.actions import action

DAY_ADD = action("workdays.day_add", "录入日历日", "Add calendar day")
DAY_REMOVE = action("workdays.day_remove", "删除日历日", "Remove calendar day")
YEAR_COMPLETE = action("workdays.year_complete", "确认年度日历完整", "Mark calendar year complete")
YEAR_REOPEN = action("workdays.year_reopen", "撤销年度日历完整", "Reopen calendar year")
