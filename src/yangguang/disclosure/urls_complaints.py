from django.urls import path, re_path

from yangguang.disclosure import views_office as v

app_name = "complaints_office"
urlpatterns = [
    path("", v.complaints, name="list"),
    path("<int:pk>/", v.complaint_detail, name="detail"),
    re_path(r"^all\.(?P<fmt>csv|json)$", v.complaints_download, name="download"),
    path("attachments/<int:pk>/", v.attachment_download, name="attachment"),
    path("readers/", v.readers, name="readers"),
]
