from django.utils.translation import gettext_lazy

from core.views import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView

from . import workflows
from .choices import FacilityStatus
from .filters import FacilityFilterSet
from .forms import FacilityForm
from .models import Facility
from .tables import FacilityTable


class FacilityListView(ObjectListView):
    model = Facility
    table_class = FacilityTable
    filterset_class = FacilityFilterSet
    export_filename = "spaces"
    search_placeholder = gettext_lazy("Name, address, owner…")

    def get_queryset(self):
        return super().get_queryset().select_related("county", "owner")


class FacilityDetailView(ObjectDetailView):
    model = Facility
    workflow = workflows.FACILITY

    def get_fields(self):
        fields = ["name", "status", "province", "county", "owner", "address", "seats", "step_free", "accessibility",
                  "free_times", "contact_name", "contact_phone"]
        if self.object.visited_on:
            fields += ["visited_on", "verified_by", "visit_notes"]
        if self.object.status in (FacilityStatus.UNSUITABLE, FacilityStatus.RETIRED):
            fields += ["status_reason"]
        return fields + ["created_by", "created_at"]


class FacilityCreateView(ObjectCreateView):
    model = Facility
    form_class = FacilityForm
    template_name = "events/facility_form.html"
    prefill_from_query = ("owner",)
    success_message = gettext_lazy("“%(object)s” is reported. Someone will visit it before it can be booked.")


class FacilityUpdateView(ObjectUpdateView):
    model = Facility
    form_class = FacilityForm
    template_name = "events/facility_form.html"
    workflow = workflows.FACILITY
