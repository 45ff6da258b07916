from django.urls import path

from . import views, workflows

app_name = "reports"
urlpatterns = [
    path("", views.MonthlyReportListView.as_view(), name="monthlyreport_list"),
    path("new/", views.MonthlyReportCreateView.as_view(), name="monthlyreport_create"),
    path("timeliness/", views.TimelinessView.as_view(), name="timeliness"),
    path("national/", views.NationalPictureView.as_view(), name="national"),
    path("<int:pk>/", views.MonthlyReportDetailView.as_view(), name="monthlyreport_detail"),
    path("<int:pk>/edit/", views.MonthlyReportUpdateView.as_view(), name="monthlyreport_update"),
    path("<int:pk>/report.pdf", views.MonthlyReportPdfView.as_view(), name="monthlyreport_pdf"),
    path("<int:pk>/report.xlsx", views.MonthlyReportXlsxView.as_view(), name="monthlyreport_xlsx"),
    *workflows.REPORT.urls(),
    path("suggestions/", views.SuggestionListView.as_view(), name="suggestion_list"),
    path("suggestions/new/", views.SuggestionCreateView.as_view(), name="suggestion_create"),
    path("suggestions/<int:pk>/", views.SuggestionDetailView.as_view(), name="suggestion_detail"),
    path("suggestions/<int:pk>/edit/", views.SuggestionUpdateView.as_view(), name="suggestion_update"),
    *workflows.SUGGESTION.urls("suggestions/"),
]
