from django.apps import AppConfig


class PowersConfig(AppConfig):
    name = "yangguang.powers"
    label = "powers"
    verbose_name = "权责清单 (Power and responsibility lists)"

    def ready(self) -> None:
        from django.core import checks
        from django.db.models import Q

        from yangguang.powers import codes

        checks.register(codes.check_configuration)

        from yangguang.core import access
        from yangguang.powers import models as m

        # configuration: public (the catalogue filters by type)
        access.register(m.PowerType, org_path="", public=Q())
        # the working copy and its review: internal, own organisation subtree
        access.register(m.PowerList, org_path="organisation__path")
        access.register(m.PowerItem, org_path="power_list__organisation__path")
        for child in (
            m.LegalBasis,
            m.Material,
            m.Fee,
            m.ResponsibilityItem,
            m.AccountabilityCircumstance,
            m.ItemDecision,
        ):
            access.register(child, org_path="item__power_list__organisation__path")
        access.register(m.DiscretionBenchmark, org_path="power__power_list__organisation__path")
        # publications: everything published is public
        access.register(m.PowerListVersion, org_path="organisation__path", public=Q())
        access.register(m.PublishedItem, org_path="organisation__path", public=Q())
        # powers moved by a published decision: public, like the publication itself
        access.register(m.PowerMove, org_path="receiver__path", public=Q())

        # the office home names the lists that wait for the person's review step
        from yangguang.core import worklist
        from yangguang.powers import rounds

        worklist.register(rounds.home_tasks)

        # the files of import jobs left alone are deleted (excel.jobs.purge)
        import datetime

        from yangguang.core import schedule
        from yangguang.powers.tasks import purge_import_files

        schedule.recurring(purge_import_files, every=datetime.timedelta(days=1))
