from django.urls import path

from yangguang.meetings import views

app_name = "decisions"
urlpatterns = [
    path("", views.public_list, name="list"),
    path("<int:pk>/", views.public_detail, name="detail"),
]
