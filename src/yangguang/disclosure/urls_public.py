from django.urls import path, re_path

from yangguang.disclosure import challenge
from yangguang.disclosure import views_public as v

app_name = "public_disclosure"
urlpatterns = [
    path("disclosure/", v.item_list, name="items"),
    path("disclosure/<int:pk>/", v.item_detail, name="item"),
    re_path(r"^disclosure/items\.(?P<fmt>csv|json)$", v.item_download, name="items_download"),
    path("requests/", v.request_list, name="requests"),
    path("requests/new/", v.request_new, name="request_new"),
    path("requests/follow/", v.request_follow, name="request_follow"),
    re_path(r"^requests/all\.(?P<fmt>csv|json)$", v.request_download, name="requests_download"),
    path("requests/<str:number>/", v.request_detail, name="request"),
    path("complaints/", v.complaint_new, name="complaint_new"),
    path("complaints/follow/", v.complaint_follow, name="complaint_follow"),
    path("complaints/status/", v.complaint_status, name="complaint_status"),
    path("complaints/status/add/", v.complaint_add, name="complaint_add"),
    path("complaints/status/rate/", v.complaint_rate, name="complaint_rate"),
    path("cases/lookup/", v.case_lookup, name="case_lookup"),
    path("challenge/new.json", challenge.fresh, name="challenge_new"),
    re_path(
        r"^challenge/(?P<token>[A-Za-z0-9_-]{1,200})\.png$", challenge.image, name="challenge_image"
    ),
    path("statistics/", v.statistics, name="statistics"),
    re_path(
        r"^statistics/all\.(?P<fmt>csv|json)$", v.statistics_download, name="statistics_download"
    ),
]
