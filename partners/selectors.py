"""Read-side functions compiling partners data: the partners part of a province's monthly
report (registered as `monthly=` in apps.py)."""
from django.db.models import Count
from django.utils.translation import gettext as _

from core import jalali
from core.registry import MonthlyFigure, MonthlySection, month_link

from .choices import InteractionKind
from .models import Contact, Interaction, Organization


def monthly_section(province, year: int, month: int) -> list[MonthlySection]:
    """Organisations and contacts added in the Jalali month, and interactions by kind."""
    first, last = jalali.month_bounds(year, month)
    start, end = jalali.query_date(first), jalali.query_date(last)
    base = {"province": province.pk}
    start_moment, end_moment = jalali.month_moments(year, month)
    added = {"created_at__gte": start_moment, "created_at__lt": end_moment}
    organizations = Organization.objects.filter(province=province, **added).count()
    contacts = Contact.objects.filter(organization__province=province, **added).count()
    interactions = dict(
        Interaction.objects.filter(organization__province=province, occurred_on__gte=first, occurred_on__lte=last)
        .values_list("kind").annotate(n=Count("pk")).order_by()
    )
    figures = [
        MonthlyFigure(_("Organisations added"), organizations, key="organizations_added", url=month_link(
            "partners:organization_list", added_after=start, added_before=end, **base)),
        MonthlyFigure(_("Contacts added"), contacts, key="contacts_added", url=month_link(
            "partners:contact_list", added_after=start, added_before=end, **base)),
        MonthlyFigure(_("Calls, letters and visits"), sum(interactions.values()), key="interactions", url=month_link(
            "partners:interaction_list", after=start, before=end, **base)),
    ]
    for kind in InteractionKind:
        if interactions.get(kind.value):
            figures.append(MonthlyFigure(
                _("… of which: %(kind)s") % {"kind": kind.label}, interactions[kind.value], key=f"interactions.{kind.value}",
                url=month_link("partners:interaction_list", kind=kind.value, after=start, before=end, **base)))
    return [MonthlySection(_("Organisations and contacts (D1, D4)"), figures, order=20, key="partners")]
