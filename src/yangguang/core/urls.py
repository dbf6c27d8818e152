from django.urls import path

from yangguang.accounts import office as people
from yangguang.core import views
from yangguang.orgs import office as posts

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("posts/", posts.post_list, name="posts"),
    path("posts/new/", posts.post_create, name="post_create"),
    path("posts/<int:pk>/", posts.post_detail, name="post_detail"),
    path("posts/<int:pk>/edit/", posts.post_update, name="post_update"),
    path("posts/<int:pk>/assign/", posts.post_assign, name="post_assign"),
    path("posts/holdings/<int:pk>/release/", posts.holding_release, name="holding_release"),
    path("people/", people.people_list, name="people"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/edit/", people.person_update, name="person_update"),
    path("people/<int:pk>/password/", people.person_password_reset, name="person_password_reset"),
    path("people/<int:pk>/deactivate/", people.person_deactivate, name="person_deactivate"),
]
