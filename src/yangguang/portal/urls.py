from django.urls import path, re_path

from yangguang.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("org/<str:code>/", views.organisation, name="organisation"),
    re_path(
        r"^organisations\.(?P<fmt>csv|json)$",
        views.organisations_download,
        name="organisations_download",
    ),
    re_path(r"^flows\.(?P<fmt>csv|json)$", views.flows_download, name="flows_download"),
    re_path(r"^decisions\.(?P<fmt>csv|json)$", views.decisions_download, name="decisions_download"),
]
