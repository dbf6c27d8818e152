from django.urls import path

from yangguang.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.org_list, name="list"),
    path("principal-rule/", views.principal_rule, name="principal_rule"),
    path("relatives/", views.relatives, name="relatives"),
    path("<str:code>/", views.org_detail, name="detail"),
]
