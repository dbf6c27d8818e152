from django.conf.urls.i18n import i18n_patterns  # noqa: F401  (kept for later use)
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("yangguang.portal.urls")),
]
