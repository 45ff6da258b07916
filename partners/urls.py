from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("organizations/", views.OrganizationListView.as_view(), name="organization_list"),
    path("organizations/new/", views.OrganizationCreateView.as_view(), name="organization_create"),
    path("organizations/<int:pk>/", views.OrganizationDetailView.as_view(), name="organization_detail"),
    path("organizations/<int:pk>/edit/", views.OrganizationUpdateView.as_view(), name="organization_update"),
    path("organizations/<int:pk>/delete/", views.OrganizationDeleteView.as_view(), name="organization_delete"),
    path("contacts/", views.ContactListView.as_view(), name="contact_list"),
    path("contacts/new/", views.ContactCreateView.as_view(), name="contact_create"),
    path("contacts/<int:pk>/", views.ContactDetailView.as_view(), name="contact_detail"),
    path("contacts/<int:pk>/edit/", views.ContactUpdateView.as_view(), name="contact_update"),
    path("contacts/<int:pk>/delete/", views.ContactDeleteView.as_view(), name="contact_delete"),
    path("interactions/", views.InteractionListView.as_view(), name="interaction_list"),
    path("interactions/new/", views.InteractionCreateView.as_view(), name="interaction_create"),
    path("interactions/<int:pk>/", views.InteractionDetailView.as_view(), name="interaction_detail"),
    path("interactions/<int:pk>/edit/", views.InteractionUpdateView.as_view(), name="interaction_update"),
]
