from django.db import models
from django.utils.translation import gettext_lazy as _


class FacilityStatus(models.TextChoices):
    REPORTED = "reported", _("Reported, not yet visited")
    VERIFIED = "verified", _("Verified after a visit")
    AVAILABLE = "available", _("Available for events")
    UNSUITABLE = "unsuitable", _("Unsuitable")
    RETIRED = "retired", _("No longer available")


class EventKind(models.TextChoices):
    COURSE = "course", _("Course")
    WORKSHOP = "workshop", _("Workshop")
    CLASS = "class", _("Class")
    BRIEFING = "briefing", _("Briefing")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting approval")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Held")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    OFFERED = "offered", _("Place offered")
    EXPIRED = "expired", _("Offer expired")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    LEFT_EARLY = "left_early", _("Left early")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class RegistrationSource(models.TextChoices):
    STAFF = "staff", _("By staff")
    PUBLIC = "public", _("On the public page")


class ReminderChannel(models.TextChoices):
    INBOX = "inbox", _("Notification in Safiran")
    SMS = "sms", _("SMS")


class MessageKind(models.TextChoices):
    """What a message to a registered person (SessionReminder) is about."""

    REMINDER = "reminder", _("Reminder the day before")
    CANCELLED = "cancelled", _("Event cancelled")


class ReminderStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent")


class RequiredOf(models.TextChoices):
    """Whose attendance a briefing requires, among the active ambassadors of its area (D12)."""

    AMBASSADORS = "ambassadors", _("Every ambassador of the area")
    COORDINATORS = "coordinators", _("Ambassadors who coordinate in the area")
