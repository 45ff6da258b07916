from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import SafiranModel
from core.money import MoneyField

from .choices import PledgeKind, PledgeStatus


class Pledge(SafiranModel):
    """Support promised by a sponsor, usually a business (D9), and how much of it arrived.
    `status` and `received_rials` change only through sponsorship.services."""

    sponsor = models.ForeignKey(
        "partners.Organization", verbose_name=_("sponsor"), on_delete=models.PROTECT, related_name="pledges"
    )
    kind = models.CharField(_("kind of support"), max_length=12, choices=PledgeKind.choices)
    value_rials = MoneyField(_("value"), help_text=_("What the support is worth; an estimate for support in kind."))
    purpose = models.TextField(_("purpose"), help_text=_("What it is for."))
    areas = models.ManyToManyField("areas.Area", verbose_name=_("areas"), blank=True, related_name="+")
    pledged_on = models.DateField(_("pledged on"))
    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("related meeting"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="pledges",
    )
    status = models.CharField(_("status"), max_length=16, choices=PledgeStatus.choices, default=PledgeStatus.PLEDGED)
    received_rials = MoneyField(_("received so far"), default=0, editable=False)
    closing_note = models.TextField(_("note on closing"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    scope_province_field = "sponsor__province"
    scope_area_field = "areas"
    search_fields = ("purpose", "sponsor__name")

    class Meta:
        ordering = ["-pledged_on", "-pk"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        permissions = [
            ("receive_pledge", _("Can record what a sponsor gave")),
            ("close_pledge", _("Can close or cancel pledges")),
            ("acknowledge_pledge", _("Can print acknowledgement letters")),
            ("export_pledge", _("Can export pledges")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(value_rials__gte=0) & Q(received_rials__gte=0),
                name="pledge_amounts_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=PledgeKind.CASH) | Q(value_rials__gt=0),
                name="pledge_cash_has_value",
                violation_error_message=_("A cash pledge needs its amount."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[PledgeStatus.PLEDGED, PledgeStatus.CANCELLED]) | Q(received_rials=0),
                name="pledge_nothing_received_yet",
                violation_error_message=_("A pledge that is still only pledged, or cancelled, has nothing received."),
            ),
            models.CheckConstraint(
                condition=~Q(status=PledgeStatus.PARTLY_RECEIVED) | Q(received_rials__lt=F("value_rials")),
                name="pledge_partly_received_below_value",
                violation_error_message=_("A partly received pledge has received less than its value."),
            ),
            models.CheckConstraint(
                condition=~Q(status=PledgeStatus.RECEIVED) | Q(received_rials__gte=F("value_rials")),
                name="pledge_received_in_full",
                violation_error_message=_("A received pledge has received at least its value."),
            ),
            models.CheckConstraint(
                condition=~Q(status=PledgeStatus.CANCELLED) | ~Q(cancel_reason=""),
                name="pledge_cancel_has_reason",
                violation_error_message=_("A cancelled pledge needs the reason."),
            ),
        ]
        indexes = [models.Index(fields=["status", "pledged_on"])]

    def __str__(self):
        return f"{self.sponsor} — {self.get_kind_display()}"

    @property
    def outstanding_rials(self) -> int:
        return max(self.value_rials - self.received_rials, 0)

    def clean(self):
        if self.meeting_id and self.sponsor_id and self.meeting.organization.province_id != self.sponsor.province_id:
            raise ValidationError({"meeting": _("Choose a meeting in the sponsor's province.")})


class Receipt(SafiranModel):
    """Something a sponsor actually gave against a pledge; written by sponsorship.services.pledge_receive."""

    pledge = models.ForeignKey(Pledge, verbose_name=_("pledge"), on_delete=models.PROTECT, related_name="receipts")
    received_on = models.DateField(_("received on"))
    value_rials = MoneyField(_("value"))
    description = models.CharField(_("what was received"), max_length=300)

    scope_province_field = "pledge__sponsor__province"
    scope_area_field = "pledge__areas"
    search_fields = ("description", "pledge__sponsor__name")

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        permissions = [("export_receipt", _("Can export receipts"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(value_rials__gte=0), name="receipt_value_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.description
