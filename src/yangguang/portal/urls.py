from django.urls import path

from yangguang.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("org/<str:code>/", views.organisation, name="organisation"),
]
