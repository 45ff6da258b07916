from django.db import models
from django.utils.translation import gettext_lazy as _


class PledgeKind(models.TextChoices):
    CASH = "cash", _("Cash")
    IN_KIND = "in_kind", _("In kind")
    VENUE = "venue", _("Venue")
    AIRTIME = "airtime", _("Airtime")
    ENDORSEMENT = "endorsement", _("Endorsement")


class PledgeStatus(models.TextChoices):
    PLEDGED = "pledged", _("Pledged")
    PARTLY_RECEIVED = "partly_received", _("Partly received")
    RECEIVED = "received", _("Received")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")
