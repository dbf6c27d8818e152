from django.urls import path

from yangguang.cases import dashboard, views
from yangguang.cases.scores.views import score_page

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_register, name="register"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/step/", views.step_complete, name="step_complete"),
    path("<int:pk>/document/", views.document_attach, name="document"),
    path("<int:pk>/fee/", views.fee_record, name="fee"),
    path("<int:pk>/handover/", views.handover, name="handover"),
    path("<int:pk>/finish/", views.finish, name="finish"),
    path("alerts/", views.alert_list, name="alerts"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("scores/", score_page, name="scores"),
    path("rules/", views.rules, name="rules"),
    path("enquiries/", views.enquiries, name="enquiries"),
    path("alerts/<int:pk>/", views.alert_action, name="alert_action"),
]
