from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingOutcome(models.TextChoices):
    COOPERATION_AGREED = "cooperation_agreed", _("Cooperation agreed")
    SUPPORT_PLEDGED = "support_pledged", _("Support pledged")
    FOLLOW_UP_NEEDED = "follow_up_needed", _("Follow-up needed")
    NO_RESULT = "no_result", _("No result")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
