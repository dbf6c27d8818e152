from django.urls import path

from yangguang.conformance import views

app_name = "conformance"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/export.xlsx", views.export, name="export"),
]
