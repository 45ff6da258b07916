from django.urls import path

from . import remote_choices, views

app_name = "core"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SiteSearchView.as_view(), name="search"),
    path("choices/<str:token>/", remote_choices.choices, name="choices"),
]
