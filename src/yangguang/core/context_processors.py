from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# back-office sidebar: (label, url name, view-name prefixes that mark it current)
OFFICE_NAV = [
    (_("首页"), "backoffice:home", ("backoffice:home",)),
    (_("单位"), "orgs:list", ("orgs:list", "orgs:detail")),
    (_("岗位"), "backoffice:posts", ("backoffice:post",)),
    (_("人员"), "backoffice:people", ("backoffice:people", "backoffice:person")),
    (_("领导分工"), "orgs:principal_rule", ("orgs:principal_rule",)),
    (_("亲属关系申报"), "orgs:relatives", ("orgs:relatives",)),
    (_("权力清单"), "powers_office:index", ("powers_office:",)),
    (_("流程图与风险"), "flows_office:list", ("flows_office:",)),
    (_("三重一大"), "meetings:list", ("meetings:",)),
    (_("工作日历"), "workdays:index", ("workdays:",)),
    (_("合规检查"), "conformance:index", ("conformance:",)),
    (_("办件监察"), "cases:list", ("cases:",)),
    (_("政务公开"), "disclosure_office:items", ("disclosure_office:",)),
    (_("投诉举报"), "complaints_office:list", ("complaints_office:",)),
    (_("留痕"), "audit:trail", ("audit:",)),
]


def platform(request):
    return {"YG_DEMO": settings.DEMO, "YG_OFFICE_NAV": _office_nav(request)}


def _office_nav(request):
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    items = []
    for label, name, prefixes in OFFICE_NAV:
        try:
            url = reverse(name)
        except NoReverseMatch:  # a part of the platform that is not installed (yet)
            continue
        items.append(
            {"label": label, "url": url, "current": any(current.startswith(p) for p in prefixes)}
        )
    return items
