from django.urls import path

from . import views

app_name = "geo"
urlpatterns = [
    path("provinces/", views.ProvinceListView.as_view(), name="province_list"),
    path("provinces/<int:pk>/", views.ProvinceDetailView.as_view(), name="province_detail"),
    path("provinces/<int:pk>/edit/", views.ProvinceUpdateView.as_view(), name="province_update"),
    path("counties/", views.CountyListView.as_view(), name="county_list"),
    path("counties/new/", views.CountyCreateView.as_view(), name="county_create"),
    path("counties/<int:pk>/edit/", views.CountyUpdateView.as_view(), name="county_update"),
    path("counties/<int:pk>/", views.CountyDetailView.as_view(), name="county_detail"),
    path("counties/options/", views.county_options, name="county_options"),
]
