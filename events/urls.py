from django.urls import path

from . import views, workflows

app_name = "events"
urlpatterns = [
    path("spaces/", views.FacilityListView.as_view(), name="facility_list"),
    path("spaces/report/", views.FacilityCreateView.as_view(), name="facility_create"),
    path("spaces/<int:pk>/", views.FacilityDetailView.as_view(), name="facility_detail"),
    path("spaces/<int:pk>/edit/", views.FacilityUpdateView.as_view(), name="facility_update"),
    *workflows.FACILITY.urls("spaces/"),
]
