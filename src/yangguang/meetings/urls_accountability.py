from django.urls import path

from yangguang.meetings.views import accountability as views

app_name = "accountability"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("<int:pk>/", views.case_detail, name="detail"),
]
