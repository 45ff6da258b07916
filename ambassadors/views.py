from django.utils.translation import gettext_lazy

from core.views import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView

from . import workflows
from .filters import AmbassadorFilterSet
from .forms import AmbassadorForm
from .models import Ambassador
from .tables import AmbassadorTable


class AmbassadorListView(ObjectListView):
    model = Ambassador
    table_class = AmbassadorTable
    filterset_class = AmbassadorFilterSet
    export_filename = "ambassadors"

    def get_queryset(self):
        return super().get_queryset().select_related("province", "county").prefetch_related("areas")


class AmbassadorDetailView(ObjectDetailView):
    model = Ambassador
    workflow = workflows.AMBASSADOR
    fields = (
        "first_name", "last_name", "national_code", "mobile", "gender", "birth_date", "province", "county",
        "areas", "education", "expertise", "status", "joined_on", "user", "retiree", "notes", "created_at", "updated_at",
    )

    masked_fields = {
        "national_code": "ambassadors.view_personal_ambassador",
        "mobile": "ambassadors.view_personal_ambassador",
    }
    # Encrypted at rest: properties, not model fields, so named here.
    field_labels = {"national_code": gettext_lazy("national code"), "mobile": gettext_lazy("mobile")}


class AmbassadorCreateView(ObjectCreateView):
    model = Ambassador
    form_class = AmbassadorForm


class AmbassadorUpdateView(ObjectUpdateView):
    model = Ambassador
    form_class = AmbassadorForm
