from typing import NamedTuple
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from core.services import WorkflowError
from core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    ScopedViewMixin,
)

from . import services, workflows
from .choices import CandidateStatus
from .filters import CandidateFilterSet, TalentKeywordFilterSet
from .forms import IdentifyForm, TalentKeywordForm, TalentSearchForm
from .models import Candidate, TalentKeyword
from .tables import CandidateTable, TalentKeywordTable
from .talent import talent_search


class CandidateListView(ObjectListView):
    model = Candidate
    table_class = CandidateTable
    filterset_class = CandidateFilterSet
    template_name = "recruitment/candidate_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("area", "retiree", "child", "assigned_to")


class CandidateDetailView(ObjectDetailView):
    model = Candidate
    workflow = workflows.CANDIDATE
    fields = ("kind", "area", "status", "assigned_to", "reason", "score", "ambassador", "created_by", "created_at")

    def get_queryset(self):
        return super().get_queryset().select_related("area", "retiree", "child__retiree", "assigned_to", "ambassador")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["steps"] = self.object.steps.select_related("responsible", "recorded_by")
        person = self.object.person
        if self.request.user.has_perm("retirees.view_retiree"):
            context["person_url"] = person.get_absolute_url()
        return context


# Cards drawn per step on the board; the column says how many there are and links to the rest.
BOARD_CARDS = 20


class BoardColumn(NamedTuple):
    status: str
    label: str
    cards: list
    count: int
    more_url: str | None


class BoardView(ScopedViewMixin, generic.TemplateView):
    """One area's pipeline as columns, one per step."""

    model = Candidate
    template_name = "recruitment/board.html"

    def get_context_data(self, **kwargs):
        from areas.models import Area

        context = super().get_context_data(**kwargs)
        areas = Area.objects.filter(is_active=True)
        if self.request.user.is_area_restricted:
            areas = areas.filter(pk__in=self.request.user.scope_area_ids)
        area = areas.filter(pk=self.request.GET.get("area") or 0).first() or areas.first()
        in_area = Candidate.objects.visible_to(self.request.user).filter(area=area)
        counts = dict(in_area.order_by().values_list("status").annotate(count=Count("pk")))
        list_url = reverse("recruitment:candidate_list")
        columns = []
        for value, label in CandidateStatus.choices:
            count = counts.get(value, 0)
            # The newest cards of each step: a national admin's area holds every province's
            # candidates (thousands of cards, half a second to draw); the rest are a link away.
            cards = list(
                in_area.filter(status=value).select_related("retiree", "child", "assigned_to")
                .order_by("-updated_at", "-pk")[:BOARD_CARDS]
            ) if count else []
            more = f"{list_url}?{urlencode({'area': area.pk, 'status': value})}" if count > len(cards) else None
            columns.append(BoardColumn(value, label, cards, count, more))
        context.update(areas=areas, area=area, columns=columns)
        return context


# Talent results per page: the actions stay within reach (above the list and on every row).
TALENT_PAGE_SIZE = 25


class TalentSearchView(ScopedViewMixin, generic.TemplateView):
    model = Candidate
    permission_action = "add"
    template_name = "recruitment/talent_search.html"
    page_help = gettext_lazy(
        "Choose an area and press Search: retirees and their sons and daughters whose studies or specialty match "
        "the area's keywords are listed, best matches first, each with the reason. Tick people, or use a row's "
        "button, to add them to the pipeline; the board then follows them."
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = TalentSearchForm(self.request.GET or None, user=self.request.user)
        context["form"] = form
        if form.is_bound and form.is_valid():
            area = form.cleaned_data["area"]
            province = form.cleaned_data.get("province")
            matches = talent_search(self.request.user, area, province)
            page = Paginator(matches, TALENT_PAGE_SIZE).get_page(self.request.GET.get("page"))
            context["matches"] = matches
            context["page"] = page
            context["area"] = area
            context["keywords"] = keywords = list(TalentKeyword.objects.filter(area=area))
            context["keyword_count"] = len(keywords)
            context["identify_form"] = IdentifyForm(
                initial={"area": area.pk, "province": getattr(province, "pk", None)}, user=self.request.user
            )
        return context


class IdentifyView(ScopedViewMixin, generic.View):
    """Adds the people chosen in a talent search to the area's pipeline."""

    model = Candidate
    permission_action = "add"
    http_method_names = ["post"]

    def post(self, request):
        form = IdentifyForm(request.POST, user=request.user)
        # A row's own button adds that one person; the button above and below adds those ticked.
        only = request.POST.get("only")
        chosen = [only] if only else request.POST.getlist("person")
        if not form.is_valid() or not chosen:
            messages.error(request, _("Choose at least one person from the list."))
            return HttpResponseRedirect(request.META.get("HTTP_REFERER") or reverse("recruitment:talent_search"))
        area = form.cleaned_data["area"]
        province = form.cleaned_data.get("province")
        matches = {f"{m.kind}:{m.person.pk}": m for m in talent_search(request.user, area, province, limit=10_000)}
        added, refused = 0, []
        for key in chosen:
            match = matches.get(key)
            if match is None:
                continue
            try:
                services.candidate_identify(match.person, area, request.user, responsible=form.cleaned_data["responsible"],
                                            reason="؛ ".join(match.reasons), score=match.score)
                added += 1
            except WorkflowError as error:
                refused.append(f"{match.person}: {error}")
        if added:
            messages.success(request, _("%(count)s people were added to the pipeline of %(area)s.") % {
                "count": added, "area": area})
        for problem in refused:
            messages.error(request, problem)
        return HttpResponseRedirect(reverse("recruitment:candidate_board") + f"?area={area.pk}")


class TalentKeywordListView(ObjectListView):
    model = TalentKeyword
    table_class = TalentKeywordTable
    filterset_class = TalentKeywordFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("area")


class TalentKeywordDetailView(ObjectDetailView):
    model = TalentKeyword
    fields = ("area", "keyword", "target", "weight", "created_by", "created_at")


class TalentKeywordCreateView(ObjectCreateView):
    model = TalentKeyword
    form_class = TalentKeywordForm


class TalentKeywordUpdateView(ObjectUpdateView):
    model = TalentKeyword
    form_class = TalentKeywordForm


class TalentKeywordDeleteView(ObjectDeleteView):
    model = TalentKeyword


