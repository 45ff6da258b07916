from django.utils.translation import gettext_lazy as _

from core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)

from .filters import ContactFilterSet, InteractionFilterSet, OrganizationFilterSet
from .forms import ContactForm, InteractionForm, OrganizationForm
from .models import Contact, Interaction, Organization
from .tables import ContactTable, InteractionTable, OrganizationTable

PERSONAL = "partners.view_personal_contact"


class OrganizationListView(ObjectListView):
    model = Organization
    table_class = OrganizationTable
    filterset_class = OrganizationFilterSet
    export_filename = "organisations"
    search_placeholder = _("Name, address, phone…")

    related_lists = (
        ("partners:contact_list", "partners.view_contact", _("Contacts")),
        ("partners:interaction_list", "partners.view_interaction", _("Calls and letters")),
    )

    def get_queryset(self):
        return super().get_queryset().select_related("province", "county").prefetch_related("areas")


class OrganizationDetailView(ObjectDetailView):
    model = Organization
    fields = ("name", "kind", "media_kind", "province", "county", "areas", "address", "phone", "website", "notes",
              "created_by", "created_at", "updated_at")

    def get_fields(self):
        return [name for name in self.fields if name != "media_kind" or self.object.media_kind]


class OrganizationFormViewMixin:
    model = Organization
    form_class = OrganizationForm
    template_name = "partners/organization_form.html"


class OrganizationCreateView(OrganizationFormViewMixin, ObjectCreateView):
    prefill_from_query = ("kind",)


class OrganizationUpdateView(OrganizationFormViewMixin, ObjectUpdateView):
    pass


class OrganizationDeleteView(ObjectDeleteView):
    model = Organization


class ContactListView(ObjectListView):
    model = Contact
    table_class = ContactTable
    filterset_class = ContactFilterSet
    export_filename = "contacts"
    search_placeholder = _("Name, position, organisation…")

    def get_queryset(self):
        return super().get_queryset().select_related("organization")


class ContactDetailView(ObjectDetailView):
    model = Contact
    fields = ("first_name", "last_name", "organization", "role", "position", "term_start", "term_end",
              "mobile", "phone", "email", "notes", "created_at", "updated_at")
    masked_fields = {"mobile": PERSONAL, "phone": PERSONAL, "email": PERSONAL}


class ContactCreateView(ObjectCreateView):
    model = Contact
    form_class = ContactForm
    prefill_from_query = ("organization",)


class ContactUpdateView(ObjectUpdateView):
    model = Contact
    form_class = ContactForm


class ContactDeleteView(ObjectDeleteView):
    model = Contact

    def get_success_url(self):
        return self.object.organization.get_absolute_url()


class InteractionListView(ObjectListView):
    model = Interaction
    table_class = InteractionTable
    filterset_class = InteractionFilterSet
    export_filename = "interactions"
    search_placeholder = _("Subject, organisation…")

    def get_queryset(self):
        return super().get_queryset().select_related("organization").prefetch_related("areas")


class InteractionDetailView(ObjectDetailView):
    model = Interaction
    fields = ("organization", "kind", "occurred_on", "subject", "summary", "contacts", "areas", "created_by", "created_at")


class InteractionCreateView(ObjectCreateView):
    model = Interaction
    form_class = InteractionForm
    prefill_from_query = ("organization",)


class InteractionUpdateView(ObjectUpdateView):
    model = Interaction
    form_class = InteractionForm
