from django.urls import path

from . import views

app_name = "areas"
urlpatterns = [
    path("", views.AreaListView.as_view(), name="area_list"),
    path("new/", views.AreaCreateView.as_view(), name="area_create"),
    path("<int:pk>/", views.AreaDetailView.as_view(), name="area_detail"),
    path("<int:pk>/edit/", views.AreaUpdateView.as_view(), name="area_update"),
]
