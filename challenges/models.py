from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core import jalali
from core.models import SafiranModel

from .choices import ActionStatus, ChallengeStatus, Rating, Severity

# The score shown on screen (selectors.score): weights of each part.
WEIGHTS = {"impact": 3, "urgency": 3, "feasibility": 2, "supports": 1}


class Challenge(SafiranModel):
    """A challenge, issue or problem of the programme in a province (D13), filed by anyone who
    works in it, triaged by the coordinator (accepted, merged into another, rejected with a
    reason) and supported in the quarter's priority round. `status` changes only through
    challenges.services."""

    province = models.ForeignKey("geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey("areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), help_text=_("What the problem is, where, and whom it hurts."))
    evidence = models.TextField(
        _("evidence"), blank=True,
        help_text=_("Links to a statistic, a monthly report or a meeting that show it, one per line."),
    )
    people_affected = models.PositiveIntegerField(_("people affected"), default=0)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices, default=Severity.MEDIUM)
    impact = models.PositiveSmallIntegerField(_("impact"), choices=Rating.choices, default=Rating.MEDIUM)
    urgency = models.PositiveSmallIntegerField(_("urgency"), choices=Rating.choices, default=Rating.MEDIUM)
    feasibility = models.PositiveSmallIntegerField(
        _("feasibility"), choices=Rating.choices, default=Rating.MEDIUM,
        help_text=_("How much the programme itself can do about it."),
    )
    status = models.CharField(_("status"), max_length=10, choices=ChallengeStatus.choices,
                              default=ChallengeStatus.REPORTED, editable=False)
    merged_into = models.ForeignKey("self", verbose_name=_("merged into"), on_delete=models.PROTECT, null=True,
                                    blank=True, editable=False, related_name="merged")
    triage_note = models.TextField(_("triage note"), blank=True, editable=False)
    triaged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("triaged by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, editable=False, related_name="+")
    triaged_at = models.DateTimeField(_("triaged at"), null=True, blank=True, editable=False)

    scope_province_field = "province"
    scope_area_field = "area"
    search_fields = ("title", "description")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        permissions = [
            ("triage_challenge", _("Can accept, merge or reject challenges")),
            ("support_challenge", _("Can support challenges in priority rounds")),
            ("export_challenge", _("Can export challenges")),
            ("view_national_rollup", _("Can see challenges grouped across provinces")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ChallengeStatus.MERGED, merged_into__isnull=False)
                | (~Q(status=ChallengeStatus.MERGED) & Q(merged_into__isnull=True)),
                name="challenge_merged_has_target",
                violation_error_message=_("A merged challenge names the challenge it was merged into, and only then."),
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=F("pk")), name="challenge_not_merged_into_itself",
                violation_error_message=_("A challenge cannot be merged into itself."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ChallengeStatus.REJECTED) | ~Q(triage_note=""),
                name="challenge_rejected_has_reason",
                violation_error_message=_("A rejected challenge says why."),
            ),
        ]

    def __str__(self):
        return self.title


class PriorityRound(SafiranModel):
    """A province's round of supports for one Jalali quarter: each person has a number of
    supports to give to open challenges until the round closes; closing freezes the ranking."""

    province = models.ForeignKey("geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    jalali_year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=[(q, q) for q in range(1, 5)])
    supports_per_person = models.PositiveSmallIntegerField(_("supports per person"), default=3)
    closes_at = models.DateTimeField(_("closes at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    ranking = models.JSONField(_("frozen ranking"), null=True, blank=True, editable=False)

    scope_province_field = "province"
    search_fields = ("province__name",)

    class Meta:
        ordering = ["-jalali_year", "-quarter", "province__name"]
        verbose_name = _("priority round")
        verbose_name_plural = _("priority rounds")
        permissions = [("close_priorityround", _("Can close priority rounds"))]
        constraints = [
            models.UniqueConstraint(fields=["province", "jalali_year", "quarter"], name="priorityround_one_per_quarter",
                                    violation_error_message=_("This province already has a round for that quarter.")),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="priorityround_quarter_1_4",
                                   violation_error_message=_("A quarter is 1, 2, 3 or 4.")),
            models.CheckConstraint(condition=Q(supports_per_person__gte=1), name="priorityround_some_supports",
                                   violation_error_message=_("Give each person at least one support.")),
            models.CheckConstraint(condition=Q(closed_at__isnull=True) | Q(ranking__isnull=False),
                                   name="priorityround_closed_has_ranking",
                                   violation_error_message=_("A closed round keeps its frozen ranking.")),
        ]

    def __str__(self):
        return _("Priority round of %(province)s, quarter %(quarter)s of %(year)s") % {
            "province": self.province, "quarter": jalali.to_persian_digits(str(self.quarter)),
            "year": jalali.to_persian_digits(str(self.jalali_year))}


class Support(models.Model):
    """One person's support for one challenge in one round (never moved by a merge)."""

    round = models.ForeignKey(PriorityRound, verbose_name=_("priority round"), on_delete=models.CASCADE,
                              related_name="supports")
    challenge = models.ForeignKey(Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE,
                                  related_name="supports")
    supporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("supporter"), on_delete=models.CASCADE,
                                  related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["round", "challenge", "supporter"], name="support_once_per_round",
                                    violation_error_message=_("You already support this challenge in this round.")),
        ]

    def __str__(self):
        return f"{self.supporter} → {self.challenge}"


class Action(SafiranModel):
    """Something done about a challenge or a monthly report's corrective suggestion (D13): an
    owner, a due date and a dated timeline of progress. An action may be split into parts
    (children); a parent's progress is then the weighted mean of its parts' (each part's
    `weight`, 1 unless said otherwise; dropped parts left out). Progress and status change only
    through challenges.services."""

    province = models.ForeignKey("geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey("areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", help_text=_("Leave empty if it concerns every area."))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    challenge = models.ForeignKey(Challenge, verbose_name=_("challenge"), on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="actions")
    suggestion = models.ForeignKey("reports.Suggestion", verbose_name=_("corrective suggestion"),
                                   on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   help_text=_("The monthly report's corrective suggestion this action carries out."))
    parent = models.ForeignKey("self", verbose_name=_("part of"), on_delete=models.PROTECT, null=True, blank=True,
                               related_name="children")
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1,
        help_text=_("How much this part counts in the progress of the action it belongs to (1 = as much as any other)."))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT,
                              related_name="+")
    due_date = models.DateField(_("due date"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN,
                              editable=False)
    drop_reason = models.TextField(_("why it was dropped"), blank=True, editable=False)

    scope_province_field = "province"
    scope_area_field = "area"
    search_fields = ("title", "description")

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        permissions = [
            ("progress_action", _("Can record progress on actions")),
            ("export_action", _("Can export actions")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="action_progress_at_most_100",
                                   violation_error_message=_("Progress is a percentage, from 0 to 100.")),
            models.CheckConstraint(condition=Q(weight__gte=1), name="action_weight_positive",
                                   violation_error_message=_("A weight is at least 1.")),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="action_not_its_own_part",
                                   violation_error_message=_("An action cannot be a part of itself.")),
            models.CheckConstraint(condition=~Q(status=ActionStatus.DROPPED) | ~Q(drop_reason=""),
                                   name="action_dropped_has_reason",
                                   violation_error_message=_("A dropped action says why.")),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        province_id = self.province_id
        if self.challenge_id and province_id and self.challenge.province_id != province_id:
            errors["challenge"] = _("Choose a challenge of the action's province.")
        if self.suggestion_id and province_id and self.suggestion.report.province_id != province_id:
            errors["suggestion"] = _("Choose a corrective suggestion of the action's province.")
        if self.parent_id and province_id:
            if self.parent.province_id != province_id:
                errors["parent"] = _("Choose an action of the same province.")
            elif self.pk and self.parent_id in self.descendant_ids() | {self.pk}:
                errors["parent"] = _("An action cannot be a part of itself or of one of its own parts.")
        if errors:
            raise ValidationError(errors)

    def descendant_ids(self) -> set[int]:
        found, frontier = set(), {self.pk}
        while frontier:
            frontier = set(Action.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
            found |= frontier
        return found


class ProgressUpdate(models.Model):
    """One dated entry of an action's timeline: how far it had got that day, and what was done."""

    action = models.ForeignKey(Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(_("date"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    note = models.TextField(_("what was done"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="progressupdate_at_most_100",
                                   violation_error_message=_("Progress is a percentage, from 0 to 100.")),
        ]

    def __str__(self):
        return f"{self.action} — {self.progress}%"
