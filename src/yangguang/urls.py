from django.urls import include, path

from yangguang.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("audit/", include("yangguang.audit.urls")),
    path("accounts/", include("yangguang.accounts.urls")),
    path("office/", include("yangguang.core.urls")),
    path("office/orgs/", include("yangguang.orgs.urls")),
    path("", include("yangguang.portal.urls")),
]
