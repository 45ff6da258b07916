from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.totals import Measure, ObjectTotalsView, totals_by, totals_by_jalali_month
from core.views import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)

from .filters import MediaCoverageFilterSet
from .forms import MediaCoverageForm
from .models import MediaCoverage
from .tables import MediaCoverageTable


class MediaCoverageListView(ObjectListView):
    model = MediaCoverage
    table_class = MediaCoverageTable
    filterset_class = MediaCoverageFilterSet
    export_filename = "media-coverage"
    search_placeholder = _("Title, outlet, event…")

    def get_queryset(self):
        return super().get_queryset().select_related("outlet").prefetch_related("areas")


class MediaCoverageDetailView(ObjectDetailView):
    model = MediaCoverage
    fields = ("title", "outlet", "published_on", "kind", "link", "areas", "estimated_reach", "meeting", "related_event",
              "notes", "created_by", "created_at")


class MediaCoverageCreateView(ObjectCreateView):
    model = MediaCoverage
    form_class = MediaCoverageForm
    prefill_from_query = ("outlet", "meeting")


class MediaCoverageUpdateView(ObjectUpdateView):
    model = MediaCoverage
    form_class = MediaCoverageForm


def coverage_measures():
    return [Measure(_("items"), Count("pk", distinct=True)), Measure(_("estimated reach"), Sum("estimated_reach"))]


def coverage_totals(queryset) -> list:
    """Coverage by outlet, by area and by Jalali month (page and API)."""
    list_url = reverse("media:mediacoverage_list")
    measures = coverage_measures()
    return [
        totals_by(queryset, "outlet", "outlet__name", measures, title=_("By media outlet"), label_header=_("media outlet"),
                  url=lambda pk: f"{list_url}?outlet={pk}"),
        totals_by(queryset, "areas", "areas__name", measures, title=_("By area"), label_header=_("area"),
                  empty_label=_("No area given"), url=lambda pk: f"{list_url}?area={pk}"),
        totals_by_jalali_month(queryset, "published_on", measures, title=_("By month"), label_header=_("month")),
    ]


class MediaCoverageTotalsView(ObjectTotalsView):
    model = MediaCoverage
    filterset_class = MediaCoverageFilterSet
    title = _("Media coverage totals")
    search_placeholder = MediaCoverageListView.search_placeholder

    def get_groups(self, queryset):
        return coverage_totals(queryset)
