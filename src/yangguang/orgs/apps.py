from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "yangguang.orgs"
    label = "orgs"
    verbose_name = "单位与岗位 (Organisations and posts)"

    def ready(self) -> None:
        from django.db.models import Q

        from yangguang.core import access
        from yangguang.orgs import models as m

        # organisations are public information (name, code, kind, place in the tree)
        access.register(m.Organisation, org_path="path", public=Q())
        access.register(m.Post, org_path="organisation__path")
        access.register(m.PostHolding, org_path="post__organisation__path")
        access.register(m.LeadershipTerm, org_path="organisation__path")
        access.register(m.Charge, org_path="term__organisation__path")
        access.register(m.Exemption, org_path="term__organisation__path")
        access.register(m.Region, org_path="", public=Q())
        access.register(m.RelativeDeclaration, org_path="person__organisation__path")
