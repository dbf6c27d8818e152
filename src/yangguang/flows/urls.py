from django.urls import path, re_path

from yangguang.flows import public_views as v

app_name = "flows"
urlpatterns = [
    path("", v.public_list, name="list"),
    re_path(r"^catalogue\.(?P<fmt>xlsx|pdf)$", v.public_catalogue, name="catalogue"),
    path("<int:pk>/", v.public_detail, name="detail"),
    path("<int:pk>/chart.svg", v.public_svg, name="svg"),
    path("<int:pk>/poster.pdf", v.public_poster, name="poster"),
]
