from django.urls import path

from . import views

app_name = "geo"
urlpatterns = [
    path("provinces/", views.ProvinceListView.as_view(), name="province_list"),
    path("provinces/<int:pk>/", views.ProvinceDetailView.as_view(), name="province_detail"),
    path("counties/", views.CountyListView.as_view(), name="county_list"),
    path("counties/<int:pk>/", views.CountyDetailView.as_view(), name="county_detail"),
    path("counties/options/", views.county_options, name="county_options"),
]
