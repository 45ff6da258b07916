from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views import generic

from core import jalali
from core.calendar import month_grid, parse_month
from core.views import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView, ScopedViewMixin

from . import selectors, workflows
from .choices import FollowUpStatus, MeetingStatus
from .filters import FollowUpFilterSet, MeetingFilterSet
from .forms import FollowUpForm, MeetingRequestForm
from .models import FollowUp, Meeting
from .tables import FollowUpTable, MeetingTable


class MeetingListView(ObjectListView):
    model = Meeting
    table_class = MeetingTable
    filterset_class = MeetingFilterSet
    export_filename = "meetings"
    search_placeholder = gettext_lazy("Organisation, purpose, minutes…")

    related_lists = (
        ("meetings:calendar", "meetings.view_meeting", gettext_lazy("Calendar")),
        ("meetings:followup_list", "meetings.view_followup", gettext_lazy("Follow-ups")),
    )

    def get_queryset(self):
        return super().get_queryset().select_related("organization").prefetch_related("areas")


class MeetingCalendarView(ScopedViewMixin, generic.TemplateView):
    """A Jalali month of the meetings in the reader's scope, on the day each is proposed for or
    was held: the same month as the events calendar (core.calendar), meetings only, for anyone
    who may see meetings."""

    model = Meeting
    template_name = "meetings/meeting_calendar.html"
    page_help = gettext_lazy(
        "The meetings you may see, on the day each is planned for or was held. Move between months "
        "with the buttons; open a meeting to see or record it."
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, number = parse_month(self.request.GET.get("month"))
        first, last = jalali.month_bounds(year, number)
        meetings = selectors.calendar_meetings(self.request.user, first, last)
        context.update(month_grid(year, number, selectors.calendar_items(meetings)))
        return context


class MeetingDetailView(ObjectDetailView):
    model = Meeting
    workflow = workflows.MEETING

    def get_fields(self):
        fields = ["organization", "status", "purpose", "proposed_date", "our_attendees", "areas", "created_by"]
        if self.object.decided_at:
            fields += ["decided_by", "decided_at", "manager_accompanies", "decision_comment"]
        if self.object.status == MeetingStatus.HELD:
            fields += ["held_on", "their_attendees", "other_attendees", "minutes", "outcome", "commitments"]
        if self.object.status == MeetingStatus.CANCELLED:
            fields += ["cancel_reason"]
        return fields

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        followups = FollowUp.objects.visible_to(self.request.user).filter(meeting=self.object).select_related("owner")
        context["followups"] = FollowUpTable(followups, request=self.request, exclude=("organization",), orderable=False)
        context["followup_count"] = followups.count()
        if self.object.status == MeetingStatus.HELD and self.request.user.has_perm("meetings.add_followup"):
            context["add_followup_url"] = f"{reverse('meetings:followup_create')}?meeting={self.object.pk}"
        return context


class MeetingCreateView(ObjectCreateView):
    """A meeting request: saved through the workflow's creation service (meetings.services.meeting_request)."""

    model = Meeting
    form_class = MeetingRequestForm
    workflow = workflows.MEETING
    prefill_from_query = ("organization",)
    success_message = gettext_lazy("Your request was sent to the provincial manager for approval.")


class MeetingUpdateView(ObjectUpdateView):
    model = Meeting
    form_class = MeetingRequestForm
    workflow = workflows.MEETING


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
    workflow = workflows.FOLLOWUP

    def get_fields(self):
        fields = ["description", "meeting", "owner", "due_date", "status"]
        if self.object.status == FollowUpStatus.DONE:
            fields += ["completed_on", "completed_by", "completion_note"]
        return fields + ["created_by", "created_at"]


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
