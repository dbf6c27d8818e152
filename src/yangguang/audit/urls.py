from django.urls import path

from yangguang.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.checkpoints_page, name="checkpoints"),
    path("checkpoints.json", views.checkpoints_json, name="checkpoints_json"),
    path("checkpoints/<int:size>.json", views.checkpoint_json, name="checkpoint_json"),
    path("public-key", views.public_key, name="public_key"),
    path("trail/", views.trail_page, name="trail"),
]
