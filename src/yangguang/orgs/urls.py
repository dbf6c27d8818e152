from django.urls import path

from yangguang.orgs import office, views

app_name = "orgs"
urlpatterns = [
    path("", views.org_list, name="list"),
    path("principal-rule/", views.principal_rule, name="principal_rule"),
    path("relatives/", views.relatives, name="relatives"),
    path("<str:code>/", views.org_detail, name="detail"),
    path("<str:code>/leadership/", office.leadership, name="leadership"),
    path("<str:code>/leadership/appoint/", office.leadership_appoint, name="leadership_appoint"),
    path("terms/<int:pk>/end/", office.term_end, name="term_end"),
    path("terms/<int:pk>/charges/", office.charge_assign, name="charge_assign"),
    path("charges/<int:pk>/remove/", office.charge_remove, name="charge_remove"),
    path("terms/<int:pk>/exemptions/", office.exemption_record, name="exemption_record"),
]
