from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import ConfirmForm, ReasonForm
from core.views import ObjectActionView, ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView

from . import services
from .choices import AmbassadorStatus
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

    def get_actions(self):
        if not self.allowed("deactivate"):
            return []
        status, actions = self.object.status, []
        if status != AmbassadorStatus.ACTIVE:
            label = _("Reactivate") if status == AmbassadorStatus.INACTIVE else _("Activate")
            actions.append({"url": self.model_url("activate", self.object.pk), "label": label, "class": "btn-outline-success"})
        if status != AmbassadorStatus.INACTIVE:
            actions.append({"url": self.model_url("deactivate", self.object.pk), "label": _("Deactivate"), "class": "btn-outline-danger"})
        return actions


class AmbassadorCreateView(ObjectCreateView):
    model = Ambassador
    form_class = AmbassadorForm


class AmbassadorUpdateView(ObjectUpdateView):
    model = Ambassador
    form_class = AmbassadorForm


class AmbassadorDeactivateView(ObjectActionView):
    model = Ambassador
    permission_action = "deactivate"
    form_class = ReasonForm
    title = gettext_lazy("Deactivate ambassador")
    button_class = "btn-danger"

    def perform(self, obj, form):
        services.ambassador_deactivate(obj, self.request.user, reason=form.cleaned_data["reason"])
        return _("“%(object)s” is now inactive. You can reactivate them from this page.") % {"object": obj}


class AmbassadorActivateView(ObjectActionView):
    model = Ambassador
    permission_action = "deactivate"
    form_class = ConfirmForm
    title = gettext_lazy("Activate ambassador")

    def perform(self, obj, form):
        services.ambassador_activate(obj, self.request.user)
        return _("“%(object)s” is now active.") % {"object": obj}
