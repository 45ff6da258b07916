from django.urls import path

from . import views, workflows

app_name = "indicators"
urlpatterns = [
    path("", views.IndicatorListView.as_view(), name="indicator_list"),
    path("new/", views.IndicatorCreateView.as_view(), name="indicator_create"),
    path("<int:pk>/", views.IndicatorDetailView.as_view(), name="indicator_detail"),
    path("<int:pk>/edit/", views.IndicatorUpdateView.as_view(), name="indicator_update"),
    path("values/", views.IndicatorValueListView.as_view(), name="indicatorvalue_list"),
    path("values/new/", views.IndicatorValueCreateView.as_view(), name="indicatorvalue_create"),
    path("values/letter/", views.CopyLastPeriodView.as_view(), name="value_copy"),
    path("values/import/", views.ImportView.as_view(), name="value_import"),
    path("values/import/template.xlsx", views.ImportTemplateView.as_view(), name="value_import_template"),
    path("values/import/<int:pk>/", views.ValueImportDetailView.as_view(), name="valueimport_detail"),
    path("values/import/<int:pk>/rejected.xlsx", views.ValueImportRejectsView.as_view(), name="valueimport_rejects"),
    *workflows.VALUE_IMPORT.urls("values/import/"),
    path("values/<int:pk>/", views.IndicatorValueDetailView.as_view(), name="indicatorvalue_detail"),
    path("values/<int:pk>/edit/", views.IndicatorValueUpdateView.as_view(), name="indicatorvalue_update"),
    path("values/<int:pk>/scan/", views.IndicatorValueScanView.as_view(), name="indicatorvalue_scan"),
    path("verifications/", views.PeriodVerificationListView.as_view(), name="periodverification_list"),
    path("verifications/new/", views.PeriodVerificationCreateView.as_view(), name="periodverification_create"),
    path("verifications/<int:pk>/", views.PeriodVerificationDetailView.as_view(), name="periodverification_detail"),
    *workflows.VERIFICATION.urls("verifications/"),
    path("settings/", views.IndicatorSettingsView.as_view(), name="indicator_settings"),
    path("entry-extensions/", views.EntryExtensionListView.as_view(), name="entryextension_list"),
    path("entry-extensions/new/", views.EntryExtensionCreateView.as_view(), name="entryextension_create"),
    path("entry-extensions/<int:pk>/", views.EntryExtensionDetailView.as_view(), name="entryextension_detail"),
    *workflows.EXTENSION.urls("entry-extensions/"),
    path("websites/", views.WebsiteListView.as_view(), name="website_list"),
    path("websites/new/", views.WebsiteCreateView.as_view(), name="website_create"),
    path("websites/<int:pk>/", views.WebsiteDetailView.as_view(), name="website_detail"),
    path("websites/<int:pk>/edit/", views.WebsiteUpdateView.as_view(), name="website_update"),
    *workflows.WEBSITE.urls("websites/"),
]
