from django.urls import path

from yangguang.disclosure import views_office as v

app_name = "complaints_office"
urlpatterns = [
    path("", v.complaints, name="list"),
    path("<int:pk>/", v.complaint_detail, name="detail"),
    path("attachments/<int:pk>/", v.attachment_download, name="attachment"),
    path("readers/", v.readers, name="readers"),
]
