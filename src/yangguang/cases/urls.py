from django.urls import path

from yangguang.cases import dashboard, views
from yangguang.cases.scores import views as scores

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
    path("scores/", scores.score_page, name="scores"),
    path("scores/export.csv", scores.score_export, name="score_export"),
    path("scores/org/<str:code>/", scores.org_detail, name="score_org"),
    path("scores/person/<int:pk>/", scores.person_detail, name="score_person"),
    path("scores/sheets/<str:code>/", scores.sheet_edit, name="score_sheet"),
    path("scores/appeals/", scores.appeal_list, name="score_appeals"),
    path("scores/appeals/file/", scores.appeal_file, name="score_appeal_file"),
    path("scores/appeals/<int:pk>/decide/", scores.appeal_decide, name="score_appeal_decide"),
    path("rules/", views.rules, name="rules"),
    path("enquiries/", views.enquiries, name="enquiries"),
    path("alerts/<int:pk>/", views.alert_action, name="alert_action"),
]
