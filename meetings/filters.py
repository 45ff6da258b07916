import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from core.filters import IdFilter, JalaliDateFilter, SafiranFilterSet, visible
from geo.models import Province
from partners.models import Organization

from .choices import FollowUpStatus, MeetingOutcome, MeetingStatus
from .models import FollowUp, Meeting


class MeetingFilterSet(SafiranFilterSet):
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices, label=_("status"))
    organization = django_filters.ModelChoiceFilter(queryset=visible(Organization), label=_("organisation"))
    outcome = django_filters.ChoiceFilter(choices=MeetingOutcome.choices, label=_("outcome"))
    area = django_filters.ModelChoiceFilter(field_name="areas", queryset=visible(Area), label=_("area"))
    manager_accompanies = django_filters.BooleanFilter(label=_("manager accompanies"))
    after = JalaliDateFilter(field_name="proposed_date", lookup_expr="gte", label=_("from date"))
    before = JalaliDateFilter(field_name="proposed_date", lookup_expr="lte", label=_("to date"))
    # The monthly report's links: requests made, and meetings held, in a Jalali month.
    requested_after = JalaliDateFilter(field_name="created_at", lookup_expr="date__gte", label=_("requested from"))
    requested_before = JalaliDateFilter(field_name="created_at", lookup_expr="date__lte", label=_("requested until"))
    held_after = JalaliDateFilter(field_name="held_on", lookup_expr="gte", label=_("held from"))
    held_before = JalaliDateFilter(field_name="held_on", lookup_expr="lte", label=_("held until"))
    province = django_filters.ModelChoiceFilter(
        field_name="organization__province", queryset=visible(Province), label=_("province")
    )

    search_fields = Meeting.search_fields

    class Meta:
        model = Meeting
        fields = ["q", "status", "organization", "outcome", "area", "manager_accompanies", "after", "before",
                  "requested_after", "requested_before", "held_after", "held_before", "province"]


class FollowUpFilterSet(SafiranFilterSet):
    status = django_filters.ChoiceFilter(choices=FollowUpStatus.choices, label=_("status"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("mine"))
    # Set by the link on a meeting's page; a select of every meeting would be too long.
    meeting = IdFilter(widget=forms.HiddenInput, label=_("meeting"))
    organization = django_filters.ModelChoiceFilter(
        field_name="meeting__organization", queryset=visible(Organization), label=_("organisation")
    )
    province = django_filters.ModelChoiceFilter(
        field_name="meeting__organization__province", queryset=visible(Province), label=_("province")
    )
    due_before = JalaliDateFilter(field_name="due_date", lookup_expr="lte", label=_("due by"))
    done_after = JalaliDateFilter(field_name="completed_on", lookup_expr="gte", label=_("done from"))
    done_before = JalaliDateFilter(field_name="completed_on", lookup_expr="lte", label=_("done until"))

    search_fields = FollowUp.search_fields

    class Meta:
        model = FollowUp
        fields = ["q", "status", "overdue", "mine", "meeting", "organization", "province", "due_before", "done_after",
                  "done_before"]

    def filter_overdue(self, queryset, name, value):
        overdue = queryset.overdue(timezone.localdate())
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        return queryset.filter(owner=user) if value else queryset.exclude(owner=user)
