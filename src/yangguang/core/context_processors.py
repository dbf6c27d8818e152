from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yangguang.core import access

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
    (pgettext_lazy("list", "问责案件"), "accountability:list", ("accountability:",)),
    (_("工作日历"), "workdays:index", ("workdays:",)),
    (_("合规检查"), "conformance:index", ("conformance:",)),
    (_("办件监察"), "cases:list", ("cases:",)),
    (_("政务公开"), "disclosure_office:items", ("disclosure_office:",)),
    (_("投诉举报"), "complaints_office:list", ("complaints_office:",)),
    (_("留痕"), "audit:trail", ("audit:",)),
]


# the portal's sections: (section, view-name prefixes); the first that matches is the one
# the portal's menu marks current, so a page marks one section at most
PORTAL_SECTIONS = [
    ("home", ("portal:home",)),
    ("organisations", ("portal:organisation",)),
    ("powers", ("powers:", "flows:")),
    ("decisions", ("decisions:",)),
    ("disclosure", ("public_disclosure:item",)),
    ("requests", ("public_disclosure:request",)),
    ("complaints", ("public_disclosure:complaint",)),
    ("statistics", ("public_disclosure:statistics",)),
]


def platform(request):
    # a callable: the template works it out only where the sidebar is shown
    return {
        "YG_DEMO": settings.DEMO,
        "YG_OFFICE_NAV": lambda: _office_nav(request),
        "YG_SECTION": portal_section(request),
    }


def portal_section(request) -> str:
    """The portal section the page belongs to ('' for none): by the view's full name,
    namespace included, never by a bare url name that several apps use."""
    match = getattr(request, "resolver_match", None)
    name = match.view_name if match else ""
    for section, prefixes in PORTAL_SECTIONS:
        if name.startswith(prefixes):
            return section
    return ""


def _office_nav(request):
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    items = []
    user = getattr(request, "user", None)
    for label, name, prefixes in OFFICE_NAV:
        try:
            url = reverse(name)
        except NoReverseMatch:  # a part of the platform that is not installed (yet)
            continue
        if not _may_open(user, url):  # the page's own check (core.access.gate)
            continue
        items.append(
            {"label": label, "url": url, "current": any(current.startswith(p) for p in prefixes)}
        )
    return items


def _may_open(user, url: str) -> bool:
    """Only what the person may open: the view's own gate decides, not a list here."""
    if not access.is_staff_user(user):
        return False
    try:
        view = resolve(url).func
    except Resolver404:
        return False
    return access.may_open(user, view)
