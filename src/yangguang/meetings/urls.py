from django.urls import path

from yangguang.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_new, name="new"),
    path("checks/", views.checks_page, name="checks"),
    path("checks/cases/", views.case_open, name="case_open"),
    path("report/", views.report_pdf, name="report"),
    path("decisions/", views.decisions_tracking, name="tracking"),
    path("rules/", views.decision_rules, name="rules"),
    path("integrity/", views.integrity_records, name="integrity"),
    path("vettings/<int:pk>/opinion/", views.vetting_opinion, name="vetting_opinion"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/record/", views.record_hub, name="record"),
    path("<int:pk>/record/<slug:op>/", views.record_op, name="record_op"),
]
