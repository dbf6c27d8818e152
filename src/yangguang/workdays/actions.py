"""Audit action codes of the working-day calendar."""

from yangguang.audit.actions import action

DAY_ADD = action("workdays.day_add", "录入日历日", "Add calendar day")
DAY_REMOVE = action("workdays.day_remove", "删除日历日", "Remove calendar day")
YEAR_COMPLETE = action("workdays.year_complete", "确认年度日历完整", "Mark calendar year complete")
YEAR_REOPEN = action("workdays.year_reopen", "撤销年度日历完整", "Reopen calendar year")
DEADLINES_RECOMPUTE = action(
    "workdays.deadlines_recompute", "重算未结期限", "Recompute open deadlines"
)
YEAR_REMINDER = action(
    "workdays.year_reminder", "提醒录入下一年度日历", "Remind to enter next year's calendar"
)
YEAR_PREFILL = action(
    "workdays.year_prefill",
    "按法定节假日预填年度日历",
    "Prefill a year with its statutory holidays",
)
