from django.urls import path

from yangguang.workdays import views

app_name = "workdays"
urlpatterns = [
    path("", views.index, name="index"),
    path("days/add/", views.day_add, name="day_add"),
    path("days/<int:pk>/remove/", views.day_remove, name="day_remove"),
    path("years/<int:year>/complete/", views.year_complete, name="year_complete"),
    path("years/<int:year>/prefill/", views.year_prefill, name="year_prefill"),
    path("recompute/", views.recompute, name="recompute"),
    path("recompute/<int:pk>/", views.run_detail, name="run"),
]
