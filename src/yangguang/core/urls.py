from django.urls import path

from yangguang.core import views

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("posts/", views.post_list, name="posts"),
    path("posts/<int:pk>/", views.post_detail, name="post_detail"),
    path("people/", views.people_list, name="people"),
]
