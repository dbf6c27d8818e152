import datetime

from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "yangguang.disclosure"
    label = "disclosure"
    verbose_name = "政务公开与投诉举报 (Disclosure, requests and complaints)"

    def ready(self) -> None:
        from yangguang.accounts.roles import Role
        from yangguang.core import access, schedule
        from yangguang.disclosure import actions  # noqa: F401  (declares the action codes)
        from yangguang.disclosure import models as m
        from yangguang.disclosure.tasks import complaint_alerts_task, disclosure_alerts_task

        org = "organisation__path"
        access.register(m.DisclosureItem, org_path=org, public=m.PUBLISHED_ITEM)
        access.register(m.DisclosureAlert, org_path="item__organisation__path")
        access.register(m.InfoRequest, org_path=org, public=m.PUBLIC_REQUEST)
        # complaints: staff of the organisation concerned and the commission's inspectors;
        # never public (the reporter follows one with its number and code)
        access.register(m.Complaint, org_path=org)
        for child in (m.ComplaintNote, m.Attachment, m.ComplaintAlert):
            access.register(child, org_path="complaint__organisation__path")
        # a reporter's identity: inspectors only (not even the system administrator)
        only_inspectors = {
            "view": {Role.INSPECTOR},
            "change": set(),
            "operate": set(),
            "supervise": {Role.INSPECTOR},
        }
        access.register(
            m.ReporterIdentity, org_path="complaint__organisation__path", only=only_inspectors
        )
        # designations of readers: seen within the commission (and by sysadmins)
        access.register(m.ProtectedReportReader, org_path="commission__path")
        # a relative declared: handlers now conflicted are replaced (回避)
        from yangguang.disclosure.services import complaints_recheck
        from yangguang.orgs import rechecks

        rechecks.register(complaints_recheck)
        from yangguang.core import worklist
        from yangguang.disclosure import todo

        worklist.register(todo.home_tasks)  # requests, complaints and items due
        schedule.recurring(disclosure_alerts_task, every=datetime.timedelta(days=1))
        schedule.recurring(complaint_alerts_task, every=datetime.timedelta(days=1))
        from yangguang.disclosure import recompute as disclosure_recompute
        from yangguang.workdays import recompute

        recompute.register("disclosure.requests", disclosure_recompute.recompute_open_requests)
        recompute.register("disclosure.complaints", disclosure_recompute.recompute_open_complaints)
