import datetime

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "yangguang.meetings"
    label = "meetings"
    verbose_name = "三重一大集体决策 (Collective decisions)"

    def ready(self) -> None:
        from django.db.models import Q

        from yangguang.accounts.roles import Role
        from yangguang.core import access, schedule
        from yangguang.meetings import models as m

        org = "organisation__path"
        # the catalogue, the rules and the meetings: staff of the organisation subtree;
        # inspectors of the jurisdiction read them (and supervise)
        access.register(m.DecisionRules, org_path=org)
        access.register(m.CatalogueMatter, org_path=org)
        access.register(m.Meeting, org_path=org)
        meeting = "meeting__organisation__path"
        for child in (m.MeetingMember, m.Minutes, m.MeetingRecord, m.Announcement):
            access.register(child, org_path=meeting)
        topic = "topic__meeting__organisation__path"
        for child in (m.Material, m.Notice, m.Recusal, m.Speech, m.Vote, m.DecisionTask):
            access.register(child, org_path=topic)
        task = "task__topic__meeting__organisation__path"
        access.register(m.ProgressUpdate, org_path=task)
        access.register(m.OverdueAlert, org_path=task)
        # only decisions marked public, once decided, are public (the portal's /decisions/)
        access.register(
            m.Topic, org_path=meeting, public=Q(public=True, status=m.TopicStatus.DECIDED)
        )
        access.register(m.RecordedAction, org_path=org)
        # the commission's side: integrity records, vetting opinions and accountability
        # cases are read by inspectors and administrators only, written by inspectors
        supervisors = {Role.SYSADMIN, Role.INSPECTOR}
        sensitive = {"view": supervisors, "change": set(), "operate": set()}
        access.register(m.IntegrityRecord, org_path=org, only=sensitive)
        access.register(m.AccountabilityCase, org_path=org, only=sensitive)
        access.register(m.Vetting, org_path="topic__meeting__organisation__path")
        # extra veto rules configured by the commission: not owned by an organisation
        access.register(m.VetoRule, org_path="")

        from yangguang.meetings import actions  # noqa: F401  (declares the action codes)
        from yangguang.meetings.tasks import overdue_alerts_task

        # record alerts for overdue decisions once a day
        schedule.recurring(overdue_alerts_task, every=datetime.timedelta(days=1))
        from yangguang.core import worklist
        from yangguang.meetings import accountability

        worklist.register(accountability.home_tasks)  # open cases, on an inspector's home
