from django.contrib import messages
from django.db.models import Count, Sum
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from core import display, jalali
from core.money import unit_for
from core.pdf import pdf_response, render_pdf
from core.services import WorkflowError
from core.totals import Measure, ObjectTotalsView, totals_by
from core.views import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    ScopedViewMixin,
)
from notifications.services import site_language

from . import services, workflows
from .choices import PledgeStatus
from .filters import PledgeFilterSet, ReceiptFilterSet
from .forms import PledgeForm
from .models import Pledge, Receipt
from .tables import PledgeTable, ReceiptTable


class PledgeListView(ObjectListView):
    model = Pledge
    table_class = PledgeTable
    filterset_class = PledgeFilterSet
    export_filename = "pledges"
    search_placeholder = gettext_lazy("Sponsor, purpose…")

    related_lists = (("sponsorship:receipt_list", "sponsorship.view_receipt", gettext_lazy("Receipts")),)

    def get_queryset(self):
        return super().get_queryset().select_related("sponsor").prefetch_related("areas")


class PledgeDetailView(ObjectDetailView):
    model = Pledge
    workflow = workflows.PLEDGE

    def get_fields(self):
        fields = ["sponsor", "kind", "value_rials", "received_rials", "status", "purpose", "areas", "pledged_on", "meeting"]
        if self.object.closing_note:
            fields.append("closing_note")
        if self.object.status == PledgeStatus.CANCELLED:
            fields.append("cancel_reason")
        return fields + ["created_by", "created_at"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        receipts = Receipt.objects.visible_to(self.request.user).filter(pledge=self.object)
        context["receipts"] = ReceiptTable(receipts, request=self.request, exclude=("sponsor", "pledge"), orderable=False)
        context["receipt_count"] = receipts.count()
        return context


class PledgeCreateView(ObjectCreateView):
    model = Pledge
    form_class = PledgeForm
    prefill_from_query = ("sponsor", "meeting")


class PledgeUpdateView(ObjectUpdateView):
    model = Pledge
    form_class = PledgeForm
    workflow = workflows.PLEDGE


class PledgeLetterView(ScopedViewMixin, generic.detail.SingleObjectMixin, generic.View):
    """The acknowledgement letter to the sponsor: a Persian, right-to-left PDF with a Jalali date."""

    model = Pledge
    permission_action = "acknowledge"

    def get(self, request, *args, **kwargs):
        pledge = self.get_object()
        try:
            services.pledge_acknowledge(pledge, request.user)
        except WorkflowError as error:
            messages.warning(request, str(error))
            return HttpResponseRedirect(pledge.get_absolute_url())
        return pdf_response(acknowledgement_pdf(pledge, request.user), f"acknowledgement-{pledge.pk}.pdf")


def acknowledgement_pdf(pledge: Pledge, signer) -> bytes:
    # The letter goes to the sponsor, so it is Persian whatever the signer's screen language,
    # and its amounts are in rials as official letters are.
    with site_language():
        receipts = list(pledge.receipts.order_by("received_on"))
        context = {
            "pledge": pledge,
            "sponsor": pledge.sponsor,
            "province": pledge.sponsor.province,
            "date": jalali.format_date_long(timezone.localdate()),
            "value": display.money(pledge.value_rials, "rial") if pledge.value_rials else "",
            "received": display.money(pledge.received_rials, "rial") if pledge.received_rials else "",
            "receipts": [(jalali.format_date_long(r.received_on), r.description) for r in receipts],
            "signer": signer,
            "signer_role": signer.get_role_display(),
        }
        return render_pdf("sponsorship/acknowledgement_letter.html", context)


class PledgeTotalsView(ObjectTotalsView):
    model = Pledge
    filterset_class = PledgeFilterSet
    title = gettext_lazy("Pledge totals")
    search_placeholder = PledgeListView.search_placeholder

    def get_groups(self, queryset):
        return pledge_totals(queryset, unit_for(self.request.user))


def pledge_totals(queryset, unit: str) -> list:
    """Pledged and received value by province, area and sponsor; cancelled pledges do not count."""
    def money(value):
        return display.money(value, unit)

    measures = [
        Measure(_("pledges"), Count("pk", distinct=True)),
        Measure(_("value pledged"), Sum("value_rials"), money),
        Measure(_("value received"), Sum("received_rials"), money),
    ]
    queryset = queryset.exclude(status=PledgeStatus.CANCELLED)
    list_url = reverse("sponsorship:pledge_list")
    return [
        totals_by(queryset, "sponsor__province", "sponsor__province__name", measures, title=_("By province"),
                  label_header=_("province"), url=lambda pk: f"{list_url}?province={pk}"),
        totals_by(queryset, "areas", "areas__name", measures, title=_("By area"), label_header=_("area"),
                  empty_label=_("No area given"), url=lambda pk: f"{list_url}?area={pk}"),
        totals_by(queryset, "sponsor", "sponsor__name", measures, title=_("By sponsor"), label_header=_("sponsor"),
                  url=lambda pk: f"{list_url}?sponsor={pk}"),
    ]


class ReceiptListView(ObjectListView):
    model = Receipt
    table_class = ReceiptTable
    filterset_class = ReceiptFilterSet
    export_filename = "receipts"
    search_placeholder = gettext_lazy("What was received, sponsor…")

    def get_queryset(self):
        return super().get_queryset().select_related("pledge__sponsor")


class ReceiptDetailView(ObjectDetailView):
    model = Receipt
    fields = ("description", "pledge", "received_on", "value_rials", "created_by", "created_at")
