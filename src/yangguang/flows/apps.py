from django.apps import AppConfig


class FlowsConfig(AppConfig):
    name = "yangguang.flows"
    label = "flows"
    verbose_name = "流程图与风险 (Flowcharts and risk maps)"

    def ready(self) -> None:
        from django.db.models import Q

        from yangguang.core import access
        from yangguang.flows import actions  # noqa: F401 (declares the action codes)
        from yangguang.flows import models as m

        org = "power__power_list__organisation__path"
        published = Q(status="published")
        access.register(m.ProcessModel, org_path=org, public=published)
        # the public sees published charts, external steps only
        access.register(
            m.Node,
            org_path=f"process__{org}",
            public=Q(process__status="published", visibility="external"),
        )
        access.register(m.Flow, org_path=f"process__{org}", public=Q(process__status="published"))
        access.register(m.SodGroup, org_path=f"process__{org}")
        access.register(
            m.RiskPoint,
            org_path=f"node__process__{org}",
            public=Q(node__process__status="published", node__visibility="external"),
        )
        access.register(
            m.Measure,
            org_path=f"risk_point__node__process__{org}",
            public=Q(
                risk_point__node__process__status="published",
                risk_point__node__visibility="external",
            ),
        )
        access.register(m.Evidence, org_path=f"measure__risk_point__node__process__{org}")
        access.register(m.RiskReviewStep, org_path=f"process__{org}")
