from django.urls import path

from . import views

app_name = "retirees"
urlpatterns = [
    path("", views.RetireeListView.as_view(), name="retiree_list"),
    path("<int:pk>/", views.RetireeDetailView.as_view(), name="retiree_detail"),
    path("<int:pk>/reveal/", views.RetireeRevealView.as_view(), name="retiree_reveal"),
    path("<int:pk>/consent/", views.RetireeConsentView.as_view(), name="retiree_consent"),
    path("<int:retiree_pk>/children/new/", views.ChildCreateView.as_view(), name="child_create"),
    path("children/", views.ChildListView.as_view(), name="child_list"),
    path("children/<int:pk>/", views.ChildDetailView.as_view(), name="child_detail"),
    path("children/<int:pk>/edit/", views.ChildUpdateView.as_view(), name="child_update"),
    path("children/<int:pk>/delete/", views.ChildDeleteView.as_view(), name="child_delete"),
    path("children/<int:pk>/reveal/", views.ChildRevealView.as_view(), name="child_reveal"),
    path("imports/", views.RosterImportListView.as_view(), name="rosterimport_list"),
    path("imports/new/", views.RosterImportCreateView.as_view(), name="rosterimport_create"),
    path("imports/<int:pk>/", views.RosterImportDetailView.as_view(), name="rosterimport_detail"),
    path("imports/<int:pk>/mapping/", views.RosterImportMappingView.as_view(), name="rosterimport_mapping"),
    path("imports/<int:pk>/cancel/", views.RosterImportCancelView.as_view(), name="rosterimport_cancel"),
    path("imports/<int:pk>/retry/", views.RosterImportRetryView.as_view(), name="rosterimport_retry"),
    path("imports/<int:pk>/values/", views.RosterImportValuesView.as_view(), name="rosterimport_values"),
    path("imports/<int:pk>/rejected.xlsx", views.RosterImportRejectsView.as_view(), name="rosterimport_rejects"),
    path("demographics/", views.DemographicsView.as_view(), name="demographics"),
    path("demographics/settings/", views.RosterSettingsView.as_view(), name="rostersettings_update"),
    path("agencies/", views.AgencyListView.as_view(), name="agency_list"),
    path("agencies/new/", views.AgencyCreateView.as_view(), name="agency_create"),
    path("agencies/<int:pk>/", views.AgencyDetailView.as_view(), name="agency_detail"),
    path("agencies/<int:pk>/edit/", views.AgencyUpdateView.as_view(), name="agency_update"),
]
