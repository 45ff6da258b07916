from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import jalali
from core.models import SafiranModel, ScopedQuerySet

from .choices import FollowUpStatus, MeetingOutcome, MeetingStatus

DECIDED = [MeetingStatus.APPROVED, MeetingStatus.DECLINED, MeetingStatus.HELD]


class Meeting(SafiranModel):
    """A meeting with an organisation's managers (D5): requested by ambassadors, approved or
    declined by the provincial manager (who may accompany it), then held and recorded.
    `status` changes only through meetings.services."""

    organization = models.ForeignKey(
        "partners.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="meetings"
    )
    purpose = models.TextField(_("purpose"), help_text=_("What we want to present or ask for."))
    proposed_date = models.DateField(_("proposed date"))
    our_attendees = models.ManyToManyField(
        "ambassadors.Ambassador", verbose_name=_("our attendees"), blank=True, related_name="meetings"
    )
    areas = models.ManyToManyField("areas.Area", verbose_name=_("areas"), blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.REQUESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("manager's comment"), blank=True)
    manager_accompanies = models.BooleanField(_("provincial manager accompanies"), default=False)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    their_attendees = models.ManyToManyField(
        "partners.Contact", verbose_name=_("their attendees"), blank=True, related_name="meetings"
    )
    other_attendees = models.TextField(
        _("other attendees"), blank=True, help_text=_("Anyone else who took part, one per line.")
    )
    minutes = models.TextField(_("minutes"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=MeetingOutcome.choices, blank=True)
    commitments = models.TextField(_("commitments"), blank=True, help_text=_("What each side promised."))
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    scope_province_field = "organization__province"
    scope_area_field = "areas"
    search_fields = ("purpose", "organization__name", "minutes", "commitments")

    class Meta:
        ordering = ["-proposed_date", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        permissions = [
            ("approve_meeting", _("Can approve or decline meeting requests")),
            ("hold_meeting", _("Can record meetings as held")),
            ("cancel_meeting", _("Can cancel meetings")),
            ("export_meeting", _("Can export meetings")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=DECIDED) | Q(decided_at__isnull=False),
                name="meeting_decision_has_time",
                violation_error_message=_("An approved, declined or held meeting needs the time it was decided."),
            ),
            models.CheckConstraint(
                condition=~Q(status=MeetingStatus.DECLINED) | ~Q(decision_comment=""),
                name="meeting_decline_has_comment",
                violation_error_message=_("A declined request needs the manager's comment."),
            ),
            models.CheckConstraint(
                condition=(Q(status=MeetingStatus.HELD) & Q(held_on__isnull=False) & ~Q(outcome=""))
                | (~Q(status=MeetingStatus.HELD) & Q(held_on__isnull=True) & Q(outcome="")),
                name="meeting_held_has_date_and_outcome",
                violation_error_message=_("Only a held meeting has a date held and an outcome, and it needs both."),
            ),
            models.CheckConstraint(
                condition=~Q(status=MeetingStatus.CANCELLED) | ~Q(cancel_reason=""),
                name="meeting_cancel_has_reason",
                violation_error_message=_("A cancelled meeting needs the reason."),
            ),
            models.CheckConstraint(
                condition=Q(manager_accompanies=False) | ~Q(status__in=[MeetingStatus.REQUESTED, MeetingStatus.DECLINED]),
                name="meeting_accompaniment_when_approved",
                violation_error_message=_("The manager can accompany only an approved meeting."),
            ),
        ]
        indexes = [models.Index(fields=["status", "proposed_date"]), models.Index(fields=["status", "held_on"])]

    def __str__(self):
        return _("Meeting with %(organization)s, %(date)s") % {
            "organization": self.organization, "date": jalali.format_date(self.held_on or self.proposed_date),
        }


class FollowUpQuerySet(ScopedQuerySet):
    def overdue(self, today=None):
        return self.filter(status=FollowUpStatus.OPEN, due_date__lt=today or timezone.localdate())


class FollowUp(SafiranModel):
    """Something to do after a meeting, with an owner and a due date; reminded when overdue."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="followups")
    description = models.CharField(_("what to do"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who does it"), on_delete=models.PROTECT, related_name="followups"
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=8, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    completed_on = models.DateField(_("done on"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("done by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    completion_note = models.TextField(_("what was done"), blank=True)

    objects = models.Manager.from_queryset(FollowUpQuerySet)()

    scope_province_field = "meeting__organization__province"
    scope_area_field = "meeting__areas"
    search_fields = ("description", "meeting__organization__name", "completion_note")

    class Meta:
        ordering = ["status", "due_date", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        permissions = [
            ("complete_followup", _("Can mark follow-ups done")),
            ("export_followup", _("Can export follow-ups")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=FollowUpStatus.DONE, completed_on__isnull=False)
                | Q(status=FollowUpStatus.OPEN, completed_on__isnull=True),
                name="followup_done_has_date",
                violation_error_message=_("A follow-up that is done needs the date it was done, and only then."),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return self.description

    @property
    def is_overdue(self) -> bool:
        return self.status == FollowUpStatus.OPEN and self.due_date < timezone.localdate()

    def clean(self):
        errors = {}
        meeting = self.meeting if self.meeting_id else None
        if meeting is not None and meeting.status != MeetingStatus.HELD:
            errors["meeting"] = _("Follow-ups belong to a meeting that was held. Record the meeting as held first.")
        if meeting is not None and meeting.held_on and self.due_date and self.due_date < meeting.held_on:
            errors["due_date"] = _("The due date cannot be before the meeting was held.")
        if meeting is not None and self.owner_id and self.owner.province_id not in (None, meeting.organization.province_id):
            errors["owner"] = _("Choose someone from the meeting's province.")
        if errors:
            raise ValidationError(errors)
