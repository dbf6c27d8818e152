from django.urls import include, path

from yangguang.api import api
from yangguang.powers import urls as powers_urls

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("audit/", include("yangguang.audit.urls")),
    path("accounts/", include("yangguang.accounts.urls")),
    path("office/", include("yangguang.core.urls")),
    path("office/orgs/", include("yangguang.orgs.urls")),
    path("office/meetings/", include("yangguang.meetings.urls")),
    path("office/accountability/", include("yangguang.meetings.urls_accountability")),
    path("office/calendar/", include("yangguang.workdays.urls")),
    path("office/conformance/", include("yangguang.conformance.urls")),
    path("office/cases/", include("yangguang.cases.urls")),
    path("decisions/", include("yangguang.meetings.portal_urls")),
    path("office/flows/", include("yangguang.flows.urls_office")),
    path("flows/", include("yangguang.flows.urls")),
    path("office/powers/", include(powers_urls.office)),
    path("powers/", include(powers_urls.public)),
    path("office/disclosure/", include("yangguang.disclosure.urls_office")),
    path("office/complaints/", include("yangguang.disclosure.urls_complaints")),
    path("", include("yangguang.disclosure.urls_public")),
    path("", include("yangguang.portal.urls")),
]

handler400 = "yangguang.core.error_pages.bad_request"
handler403 = "yangguang.core.error_pages.permission_denied"
handler404 = "yangguang.core.error_pages.page_not_found"
handler500 = "yangguang.core.error_pages.server_error"
