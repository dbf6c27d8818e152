from django.urls import path

from yangguang.disclosure import views_office as v

app_name = "disclosure_office"
urlpatterns = [
    path("", v.items, name="items"),
    path("items/new/", v.item_create, name="item_create"),
    path("items/<int:pk>/<str:step>/", v.item_step, name="item_step"),
    path("requests/", v.requests, name="requests"),
    path("requests/<int:pk>/", v.request_detail, name="request"),
]
