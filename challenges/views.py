from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from core import display, jalali
from core.views import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView, ScopedViewMixin
from reports.models import Suggestion

from . import selectors, workflows
from .choices import ActionStatus
from .filters import ActionFilterSet, ChallengeFilterSet, PriorityRoundFilterSet
from .forms import ActionForm, ChallengeForm, PriorityRoundForm
from .models import WEIGHTS, Action, Challenge, PriorityRound, Support
from .tables import ActionTable, ChallengeTable, PriorityRoundTable


def formula_text() -> str:
    return _("score = %(i)s × impact + %(u)s × urgency + %(f)s × feasibility + %(s)s × supports") % {
        "i": display.number(WEIGHTS["impact"]), "u": display.number(WEIGHTS["urgency"]),
        "f": display.number(WEIGHTS["feasibility"]), "s": display.number(WEIGHTS["supports"])}


def counter_text(round_, user) -> str:
    """«۲ از ۳ حمایت باقی مانده»"""
    left = round_.supports_per_person - selectors.supports_used(round_, user)
    return _("%(left)s of %(total)s supports left") % {
        "left": display.number(left), "total": display.number(round_.supports_per_person)}


class ChallengeListView(ObjectListView):
    model = Challenge
    table_class = ChallengeTable
    filterset_class = ChallengeFilterSet
    export_filename = "challenges"
    search_placeholder = gettext_lazy("Title, description…")
    related_lists = (("challenges:priorityround_list", "challenges.view_priorityround", gettext_lazy("Priority rounds")),
                     ("challenges:action_list", "challenges.view_action", gettext_lazy("Actions")),
                     ("challenges:rollup", "challenges.view_national_rollup", gettext_lazy("National roll-up")))

    def get_queryset(self):
        return super().get_queryset().select_related("area")


class ChallengeDetailView(ObjectDetailView):
    model = Challenge
    workflow = workflows.CHALLENGE

    def get_fields(self):
        fields = ["province", "area", "status", "description", "evidence", "people_affected", "severity", "impact",
                  "urgency", "feasibility", "created_by", "created_at"]
        if self.object.triaged_at:
            fields += ["triaged_by", "triaged_at", "triage_note"]
        if self.object.merged_into_id:
            fields += ["merged_into"]
        return fields

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        challenge, user = self.object, self.request.user
        round_ = selectors.open_round(challenge.province)
        context["evidence_links"] = challenge.evidence.splitlines()
        context["merged"] = Challenge.objects.visible_to(user).filter(merged_into=challenge)
        context["formula"] = formula_text()
        if round_ is not None:
            supports = Support.objects.filter(round=round_, challenge=challenge)
            context.update(
                round=round_, round_supports=supports.count(),
                mine=supports.filter(supporter=user).exists(),
                score=selectors.score(challenge, supports.count()),
                closes=jalali.format_datetime(round_.closes_at),
                counter=counter_text(round_, user) if user.has_perm("challenges.support_challenge") else "",
            )
        context["similar"] = [c for c, _score in selectors.similar_challenges(
            challenge.province, challenge.title, challenge.description, exclude=challenge.pk)
            if Challenge.objects.visible_to(user).filter(pk=c.pk).exists()]
        return context


class ChallengeCreateView(ObjectCreateView):
    model = Challenge
    template_name = "challenges/challenge_form.html"
    form_class = ChallengeForm
    workflow = workflows.CHALLENGE
    success_message = gettext_lazy("The challenge is filed; the coordinator will triage it.")


class ChallengeUpdateView(ObjectUpdateView):
    model = Challenge
    form_class = ChallengeForm
    workflow = workflows.CHALLENGE


class PriorityRoundListView(ObjectListView):
    model = PriorityRound
    table_class = PriorityRoundTable
    filterset_class = PriorityRoundFilterSet
    export_filename = "priority-rounds"

    def get_queryset(self):
        return super().get_queryset().select_related("province")


class PriorityRoundDetailView(ObjectDetailView):
    model = PriorityRound
    workflow = workflows.ROUND
    fields = ("province", "jalali_year", "quarter", "supports_per_person", "closes_at", "closed_at", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round_, user = self.object, self.request.user
        visible = set(Challenge.objects.visible_to(user).values_list("pk", flat=True))
        context["ranking"] = [row for row in selectors.ranking(round_) if row["id"] in visible]
        context["formula"] = formula_text()
        context["frozen"] = round_.ranking is not None
        is_open = round_.closed_at is None and round_.closes_at > timezone.now()
        context["counter"] = counter_text(round_, user) if is_open and user.has_perm("challenges.support_challenge") else ""
        return context


class PriorityRoundCreateView(ObjectCreateView):
    model = PriorityRound
    form_class = PriorityRoundForm

    def get_initial(self):
        initial = super().get_initial()
        year, quarter = selectors.quarter_of(timezone.localdate())
        initial.setdefault("jalali_year", year)
        initial.setdefault("quarter", quarter)
        return initial


class ActionListView(ObjectListView):
    model = Action
    table_class = ActionTable
    filterset_class = ActionFilterSet
    export_filename = "actions"
    search_placeholder = gettext_lazy("Title, description…")

    def get_queryset(self):
        return super().get_queryset().select_related("owner", "parent")


class ActionDetailView(ObjectDetailView):
    model = Action
    workflow = workflows.ACTION
    template_name = "challenges/action_detail.html"

    def get_fields(self):
        fields = ["province", "area", "status", "progress", "owner", "due_date", "description", "challenge",
                  "suggestion", "parent"]
        if self.object.parent_id:
            fields.append("weight")
        if self.object.drop_reason:
            fields.append("drop_reason")
        return fields + ["created_by", "created_at"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        action, user = self.object, self.request.user
        parts = list(Action.objects.visible_to(user).filter(parent=action).select_related("owner"))
        context["parts"] = parts
        context["parts_total_weight"] = sum(part.weight for part in parts if part.status != ActionStatus.DROPPED)
        context["updates"] = list(action.updates.select_related("recorded_by"))
        context["add_part_url"] = (f"{reverse('challenges:action_create')}?parent={action.pk}"
                                   if user.has_perm("challenges.add_action") and action.status != ActionStatus.DROPPED
                                   else None)
        return context


class ActionCreateView(ObjectCreateView):
    model = Action
    form_class = ActionForm
    workflow = workflows.ACTION
    prefill_from_query = ("challenge", "suggestion", "parent")
    success_message = gettext_lazy("The action is recorded; its owner has been told.")

    def get_initial(self):
        """From a challenge, a corrective suggestion or a parent action: its province, area,
        and (from a suggestion) what and by when."""
        initial = super().get_initial()
        user = self.request.user
        for name, model in (("challenge", Challenge), ("parent", Action), ("suggestion", Suggestion)):
            if name not in initial:
                continue
            source = model.objects.visible_to(user).filter(pk=initial[name]).first()
            if source is None:
                del initial[name]
                continue
            if name == "suggestion":
                initial.setdefault("province", source.report.province_id)
                initial.setdefault("title", str(source))
                initial.setdefault("description", source.what)
                initial.setdefault("due_date", source.due_date)
            else:
                initial.setdefault("province", source.province_id)
                if source.area_id:
                    initial.setdefault("area", source.area_id)
                if name == "parent":
                    initial.setdefault("challenge", source.challenge_id)
                    initial.setdefault("due_date", source.due_date)
        return initial


class ActionUpdateView(ObjectUpdateView):
    model = Action
    form_class = ActionForm
    workflow = workflows.ACTION


class RollupView(ScopedViewMixin, generic.TemplateView):
    """National admins: challenges grouped across provinces by similarity, with total
    supports and people affected."""

    model = Challenge
    template_name = "challenges/rollup.html"

    def get_permission_required(self):
        return ("challenges.view_national_rollup",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = selectors.national_rollup(self.request.user)
        context.update(groups=groups, title=_("Challenges across provinces"))
        return context
