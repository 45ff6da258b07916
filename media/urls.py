from django.urls import path

from . import views

app_name = "media"
urlpatterns = [
    path("", views.MediaCoverageListView.as_view(), name="mediacoverage_list"),
    path("totals/", views.MediaCoverageTotalsView.as_view(), name="mediacoverage_totals"),
    path("new/", views.MediaCoverageCreateView.as_view(), name="mediacoverage_create"),
    path("<int:pk>/", views.MediaCoverageDetailView.as_view(), name="mediacoverage_detail"),
    path("<int:pk>/edit/", views.MediaCoverageUpdateView.as_view(), name="mediacoverage_update"),
]
