"""Recruitment (D3): talent keywords per area, and the pipeline of candidates — retirees and
their children — from identified to onboarded or declined."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import SafiranModel, ScopedQuerySet
from core.normalize import search_key
from core.roles import Role

from .choices import CandidateKind, CandidateStatus, KeywordTarget


class TalentKeyword(SafiranModel):
    """A word that marks a retiree as a fit for an area, kept by national admins."""

    area = models.ForeignKey("areas.Area", verbose_name=_("area"), on_delete=models.CASCADE, related_name="talent_keywords")
    keyword = models.CharField(_("keyword"), max_length=80)
    # core.normalize.search_key(keyword): ی/ي, ک/ك, spaces and half-spaces folded, as in the roster's keys.
    key = models.CharField(max_length=80, editable=False)
    target = models.CharField(_("look in"), max_length=16, choices=KeywordTarget.choices, default=KeywordTarget.ANY)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, help_text=_("How strongly a match counts in the ranking (1 to 5).")
    )

    scope_province_field = None  # national reference data
    search_fields = ("keyword",)

    class Meta:
        ordering = ["area", "-weight", "keyword"]
        verbose_name = _("talent keyword")
        verbose_name_plural = _("talent keywords")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "key", "target"],
                name="talentkeyword_unique_in_area",
                violation_error_message=_("This area already has this keyword."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=5),
                name="talentkeyword_weight_range",
                violation_error_message=_("The weight must be between 1 and 5."),
            ),
            models.CheckConstraint(
                condition=~Q(key=""), name="talentkeyword_key_not_empty", violation_error_message=_("Enter a keyword.")
            ),
        ]

    def __str__(self):
        return self.keyword

    def clean(self):
        # Talent search matches on the folded key, so two spellings of one word are one keyword.
        self.key = search_key(self.keyword)
        duplicate = TalentKeyword.objects.filter(area_id=self.area_id, key=self.key, target=self.target)
        if self.key and self.area_id and duplicate.exclude(pk=self.pk).exists():
            raise ValidationError({"keyword": _("This area already has this keyword.")})


class CandidateQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        queryset = super().visible_to(user)
        # Ambassadors see only the candidates assigned to them (never the rest of the roster).
        if getattr(user, "role", None) == Role.AMBASSADOR:
            queryset = queryset.filter(assigned_to=user)
        return queryset


class Candidate(SafiranModel):
    """A retiree or a retiree's child being recruited for one area."""

    area = models.ForeignKey("areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="candidates")
    province = models.ForeignKey("geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("candidate type"), max_length=8, choices=CandidateKind.choices)
    retiree = models.ForeignKey(
        "retirees.Retiree", verbose_name=_("retiree"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="candidacies",
    )
    child = models.ForeignKey(
        "retirees.Child", verbose_name=_("son or daughter"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="candidacies",
    )
    status = models.CharField(_("status"), max_length=12, choices=CandidateStatus.choices, default=CandidateStatus.IDENTIFIED)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="assigned_candidates", help_text=_("The ambassador or coordinator following this candidate up."),
    )
    reason = models.TextField(_("why identified"), blank=True)
    score = models.PositiveSmallIntegerField(_("match score"), default=0)
    ambassador = models.OneToOneField(
        "ambassadors.Ambassador", verbose_name=_("ambassador"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="candidacy", editable=False,
    )

    objects = models.Manager.from_queryset(CandidateQuerySet)()

    scope_province_field = "province"
    scope_area_field = "area"
    search_fields = ("retiree__first_name", "retiree__last_name", "child__first_name", "child__last_name")

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        permissions = [
            ("advance_candidate", _("Can record contact, interest or refusal of candidates")),
            ("onboard_candidate", _("Can onboard candidates as ambassadors")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=CandidateKind.RETIREE) & Q(retiree__isnull=False) & Q(child__isnull=True))
                | (Q(kind=CandidateKind.CHILD) & Q(child__isnull=False) & Q(retiree__isnull=True)),
                name="candidate_one_person_of_its_kind",
                violation_error_message=_("A candidate is either a retiree or a retiree's child."),
            ),
            models.UniqueConstraint(
                fields=["retiree", "area"], condition=Q(retiree__isnull=False), name="candidate_retiree_once_per_area",
                violation_error_message=_("This retiree is already in the pipeline of this area."),
            ),
            models.UniqueConstraint(
                fields=["child", "area"], condition=Q(child__isnull=False), name="candidate_child_once_per_area",
                violation_error_message=_("This person is already in the pipeline of this area."),
            ),
            models.CheckConstraint(
                condition=~Q(status=CandidateStatus.ONBOARDED) | Q(ambassador__isnull=False),
                name="candidate_onboarded_has_ambassador",
                violation_error_message=_("An onboarded candidate is linked to their ambassador record."),
            ),
        ]
        indexes = [models.Index(fields=["province", "area", "status"])]

    def __str__(self):
        return str(self.person)

    @property
    def person(self):
        return self.retiree if self.kind == CandidateKind.RETIREE else self.child


class CandidateStep(models.Model):
    """One dated step of a candidate's path, with notes and who was responsible."""

    candidate = models.ForeignKey(Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(_("status"), max_length=12, choices=CandidateStatus.choices)
    happened_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["happened_on", "recorded_at"]
        verbose_name = _("pipeline step")
        verbose_name_plural = _("pipeline steps")

    def __str__(self):
        return f"{self.get_status_display()} {self.happened_on}"
