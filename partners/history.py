"""An organisation's whole history on its page (contacts, interactions, meetings, coverage,
pledges). Each app that records something about organisations may define
`<app>/history.py` with `sections(organization, request) -> list[HistorySection]`; the
organisation page collects them, so partners does not import the apps built on it."""
from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Rows shown per section; the rest are one click away on the filtered list.
SHOWN = 10


@dataclass
class HistorySection:
    title: str
    table: object
    count: int
    list_url: str | None = None
    add_url: str | None = None
    add_label: str = ""
    order: int = 100


def section(
    title, queryset, table_class, request, *, list_name: str, filter_field: str, organization, add_permission=None,
    add_label="", order=100,
):
    """A section listing `queryset` (already scoped) with the app's own table, minus the organisation column."""
    exclude = [name for name in ("organization", "sponsor", "outlet") if name in table_class.base_columns]
    table = table_class(queryset[:SHOWN], request=request, exclude=exclude, orderable=False)
    list_url = f"{reverse(list_name)}?{filter_field}={organization.pk}"
    add_url = None
    if add_permission and request.user.has_perm(add_permission):
        app_label, codename = add_permission.split(".")
        create_name = f"{app_label}:{codename.removeprefix('add_')}_create"
        add_url = f"{reverse(create_name)}?{filter_field}={organization.pk}"
    return HistorySection(
        title=title, table=table, count=queryset.count(), list_url=list_url, add_url=add_url,
        add_label=add_label or _("Add"), order=order,
    )


@cache
def _modules() -> tuple:
    modules = []
    for config in apps.get_app_configs():
        try:
            modules.append(import_module(f"{config.name}.history"))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.history":
                raise
    return tuple(modules)


def collect(organization, request) -> list[HistorySection]:
    sections = [part for module in _modules() for part in module.sections(organization, request)]
    return sorted(sections, key=lambda part: part.order)


def sections(organization, request):
    from .models import Contact, Interaction
    from .tables import ContactTable, InteractionTable

    user, result = request.user, []
    if user.has_perm("partners.view_contact"):
        contacts = Contact.objects.visible_to(user).filter(organization=organization).order_by(
            F("term_end").desc(nulls_first=True), "last_name"
        )
        result.append(
            section(_("People"), contacts, ContactTable, request, list_name="partners:contact_list",
                    filter_field="organization", organization=organization, add_permission="partners.add_contact",
                    add_label=_("Add a person"), order=10)
        )
    if user.has_perm("partners.view_interaction"):
        interactions = Interaction.objects.visible_to(user).filter(organization=organization)
        result.append(
            section(_("Calls, letters and visits"), interactions, InteractionTable, request,
                    list_name="partners:interaction_list", filter_field="organization", organization=organization,
                    add_permission="partners.add_interaction", add_label=_("Log a call or letter"), order=20)
        )
    return result
