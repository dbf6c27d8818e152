import datetime

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "yangguang.cases"
    label = "cases"
    verbose_name = "办件与电子监察 (Cases and electronic supervision)"

    def ready(self) -> None:
        from yangguang.cases import actions  # noqa: F401  (declares the action codes)
        from yangguang.cases import models as m
        from yangguang.cases.tasks import sweep_task
        from yangguang.core import access, schedule

        # staff see and operate their subtree's cases; inspectors view their jurisdiction
        # and take the supervision actions there (the role table in core.access)
        for model in (m.Case, m.Enquiry, m.Alert, m.SupervisionRule):
            access.register(model, org_path="organisation__path")
        access.register(m.PenaltyDecision, org_path="case__organisation__path")
        from yangguang.cases import todo
        from yangguang.core import worklist as home_worklist

        home_worklist.register(todo.home_tasks)  # steps, alerts to correct, confirm, review
        schedule.recurring(sweep_task, every=datetime.timedelta(minutes=5))
        from yangguang.cases.recompute import recompute_open_cases
        from yangguang.workdays import recompute

        recompute.register("cases", recompute_open_cases)
        from yangguang.cases import inspection
        from yangguang.core import worklist

        worklist.register(inspection.home_tasks)  # the alerts assigned to the person
