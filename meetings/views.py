from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import ReasonForm
from core.views import (
    ObjectActionView,
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
)

from . import services
from .choices import FollowUpStatus, MeetingStatus
from .filters import FollowUpFilterSet, MeetingFilterSet
from .forms import (
    FollowUpCompleteForm,
    FollowUpForm,
    MeetingApproveForm,
    MeetingDeclineForm,
    MeetingHoldForm,
    MeetingRequestForm,
)
from .models import FollowUp, Meeting
from .tables import FollowUpTable, MeetingTable


class MeetingListView(ObjectListView):
    model = Meeting
    table_class = MeetingTable
    filterset_class = MeetingFilterSet
    export_filename = "meetings"
    search_placeholder = gettext_lazy("Organisation, purpose, minutes…")

    related_lists = (("meetings:followup_list", "meetings.view_followup", gettext_lazy("Follow-ups")),)

    def get_queryset(self):
        return super().get_queryset().select_related("organization").prefetch_related("areas")


class MeetingDetailView(ObjectDetailView):
    model = Meeting

    def get_fields(self):
        fields = ["organization", "status", "purpose", "proposed_date", "our_attendees", "areas", "created_by"]
        if self.object.decided_at:
            fields += ["decided_by", "decided_at", "manager_accompanies", "decision_comment"]
        if self.object.status == MeetingStatus.HELD:
            fields += ["held_on", "their_attendees", "other_attendees", "minutes", "outcome", "commitments"]
        if self.object.status == MeetingStatus.CANCELLED:
            fields += ["cancel_reason"]
        return fields

    def get_actions(self):
        status, actions = self.object.status, []
        if status == MeetingStatus.REQUESTED and self.allowed("approve"):
            actions += [
                {"url": self.model_url("approve", self.object.pk), "label": _("Approve"), "class": "btn-success"},
                {"url": self.model_url("decline", self.object.pk), "label": _("Decline"), "class": "btn-outline-danger"},
            ]
        if status == MeetingStatus.APPROVED and self.allowed("hold"):
            actions.append({"url": self.model_url("hold", self.object.pk), "label": _("Record as held"), "class": "btn-success"})
        if status in (MeetingStatus.REQUESTED, MeetingStatus.APPROVED) and self.allowed("cancel"):
            url = self.model_url("cancel", self.object.pk)
            actions.append({"url": url, "label": _("Cancel meeting"), "class": "btn-outline-danger"})
        return actions

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.status != MeetingStatus.REQUESTED:
            context["update_url"] = None  # only a request awaiting approval is edited
        followups = FollowUp.objects.visible_to(self.request.user).filter(meeting=self.object).select_related("owner")
        context["followups"] = FollowUpTable(followups, request=self.request, exclude=("organization",), orderable=False)
        context["followup_count"] = followups.count()
        if self.object.status == MeetingStatus.HELD and self.request.user.has_perm("meetings.add_followup"):
            context["add_followup_url"] = f"{reverse('meetings:followup_create')}?meeting={self.object.pk}"
        return context


class MeetingCreateView(ObjectCreateView):
    """A meeting request: saved through meetings.services.meeting_request."""

    model = Meeting
    form_class = MeetingRequestForm
    prefill_from_query = ("organization",)

    def form_valid(self, form):
        self.object = services.meeting_request(self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Your request was sent to the provincial manager for approval."))
        return HttpResponseRedirect(self.get_success_url())


class MeetingUpdateView(ObjectUpdateView):
    model = Meeting
    form_class = MeetingRequestForm
    guard = services.check_can_change


class MeetingApproveView(ObjectActionView):
    model = Meeting
    permission_action = "approve"
    form_class = MeetingApproveForm
    title = gettext_lazy("Approve meeting request")
    button_class = "btn-success"
    guard = services.check_can_decide

    def perform(self, obj, form):
        services.meeting_approve(obj, self.request.user, **form.cleaned_data)
        return _("The meeting is approved; the requester has been told.")


class MeetingDeclineView(ObjectActionView):
    model = Meeting
    permission_action = "approve"
    form_class = MeetingDeclineForm
    title = gettext_lazy("Decline meeting request")
    button_class = "btn-danger"
    guard = services.check_can_decide

    def perform(self, obj, form):
        services.meeting_decline(obj, self.request.user, comment=form.cleaned_data["comment"])
        return _("The request is declined; the requester has been told why.")


class MeetingHoldView(ObjectActionView):
    model = Meeting
    permission_action = "hold"
    form_class = MeetingHoldForm
    title = gettext_lazy("Record the meeting as held")
    confirm_label = gettext_lazy("Save")
    guard = services.check_can_hold

    def perform(self, obj, form):
        data = form.cleaned_data
        services.meeting_hold(
            obj, self.request.user, held_on=data["held_on"], outcome=data["outcome"], minutes=data["minutes"],
            commitments=data["commitments"], our_attendees=data["our_attendees"],
            their_attendees=data["their_attendees"], other_attendees=data["other_attendees"],
            followups=form.followups(),
        )
        return _("The meeting is recorded as held.")


class MeetingCancelView(ObjectActionView):
    model = Meeting
    permission_action = "cancel"
    form_class = ReasonForm
    title = gettext_lazy("Cancel meeting")
    confirm_label = gettext_lazy("Cancel the meeting")
    button_class = "btn-danger"
    guard = services.check_can_cancel

    def perform(self, obj, form):
        services.meeting_cancel(obj, self.request.user, reason=form.cleaned_data["reason"])
        return _("The meeting is cancelled.")


class FollowUpListView(ObjectListView):
    model = FollowUp
    table_class = FollowUpTable
    filterset_class = FollowUpFilterSet
    export_filename = "follow-ups"
    search_placeholder = gettext_lazy("Task, organisation…")

    def get_queryset(self):
        return super().get_queryset().select_related("meeting__organization", "owner")


class FollowUpDetailView(ObjectDetailView):
    model = FollowUp

    def get_fields(self):
        fields = ["description", "meeting", "owner", "due_date", "status"]
        if self.object.status == FollowUpStatus.DONE:
            fields += ["completed_on", "completed_by", "completion_note"]
        return fields + ["created_by", "created_at"]

    def get_actions(self):
        if not self.allowed("complete"):
            return []
        if self.object.status == FollowUpStatus.OPEN:
            return [{"url": self.model_url("complete", self.object.pk), "label": _("Mark done"), "class": "btn-success"}]
        return [{"url": self.model_url("reopen", self.object.pk), "label": _("Reopen"), "class": "btn-outline-secondary"}]


class FollowUpCreateView(ObjectCreateView):
    model = FollowUp
    form_class = FollowUpForm
    prefill_from_query = ("meeting",)

    def get_initial(self):
        initial = super().get_initial()
        initial.setdefault("owner", self.request.user.pk)
        return initial


class FollowUpUpdateView(ObjectUpdateView):
    model = FollowUp
    form_class = FollowUpForm


class FollowUpCompleteView(ObjectActionView):
    model = FollowUp
    permission_action = "complete"
    form_class = FollowUpCompleteForm
    title = gettext_lazy("Mark follow-up done")
    button_class = "btn-success"
    guard = services.check_can_complete

    def perform(self, obj, form):
        services.followup_complete(obj, self.request.user, note=form.cleaned_data["note"])
        return _("Marked done. If that was a mistake, reopen it from this page.")


class FollowUpReopenView(ObjectActionView):
    model = FollowUp
    permission_action = "complete"
    form_class = ReasonForm
    title = gettext_lazy("Reopen follow-up")
    guard = services.check_can_reopen

    def perform(self, obj, form):
        services.followup_reopen(obj, self.request.user, reason=form.cleaned_data["reason"])
        return _("The follow-up is open again.")
