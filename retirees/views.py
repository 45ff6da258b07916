
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic

from core import display
from core.audit import audit_export
from core.exports import xlsx_response
from core.privacy import mask
from core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    ScopedViewMixin,
)

from . import demographics, services, workflows
from .exports import roster_workbook_response
from .filters import (
    AgencyFilterSet,
    ChildFilterSet,
    RetireeFilterSet,
    RosterImportFilterSet,
)
from .forms import (
    AgencyForm,
    ChildForm,
    ExplorerForm,
    RosterSettingsForm,
    RosterUploadForm,
)
from .models import (
    Agency,
    Child,
    DemographicCell,
    Retiree,
    RosterImport,
    RosterSettings,
)
from .roster_files import RosterFileError
from .tables import AgencyTable, ChildTable, RetireeTable, RosterImportTable

PERSONAL = "retirees.view_personal_retiree"


# --- the roster ------------------------------------------------------------------------

class RetireeListView(ObjectListView):
    model = Retiree
    template_name = "retirees/retiree_list.html"
    table_class = RetireeTable
    filterset_class = RetireeFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("province", "county", "agency")

    def allowed(self, action):
        if action == "export":  # the roster's names and codes: national admins only
            return self.request.user.has_perm("retirees.export_personal_retiree")
        return super().allowed(action)

    def export(self):
        if not self.allowed("export"):
            raise PermissionDenied
        filterset = self.get_filterset(self.get_filterset_class())
        queryset = filterset.qs if filterset.is_valid() else self.get_queryset().none()
        return roster_workbook_response(queryset, self.request.user, self.request.GET.dict())


def personal_rows(obj, revealed: dict | None):
    """(label, text) rows for the personal fields: masked unless just revealed."""
    revealed = revealed or {}
    rows = []
    if isinstance(obj, Retiree):
        rows.append((_("national code"), display.digits(revealed.get("national_code") or mask(obj.national_code))))
    rows.append((_("mobile"), display.digits(revealed.get("mobile") or mask(obj.mobile))))
    return rows


class PersonalDetailMixin:
    """Detail pages of roster people: personal fields masked for everyone, revealed only by the audited action."""

    revealed = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["field_rows"] = personal_rows(self.object, self.revealed) + context["field_rows"]
        context["revealed"] = bool(self.revealed)
        if self.request.user.has_perm(PERSONAL) and not self.revealed:
            context["actions"] = [
                {"url": self.model_url("reveal", self.object.pk), "label": _("Show national code and mobile")
                 if isinstance(self.object, Retiree) else _("Show mobile"), "class": "btn-outline-secondary"}
            ] + context["actions"]
        return context


class RetireeDetailView(PersonalDetailMixin, ObjectDetailView):
    model = Retiree
    workflow = workflows.RETIREE
    fields = ("first_name", "last_name", "gender", "birth_date", "retirement_date", "province", "county", "education",
              "field_of_study", "specialty", "agency", "consent_contact", "consent_children", "source_import", "updated_at")

    def get_queryset(self):
        return super().get_queryset().select_related("province", "county", "agency", "source_import")

    def get_actions(self):
        actions = super().get_actions()
        if self.object.consent_children and self.request.user.has_perm("retirees.add_child"):
            actions.append({"url": reverse("retirees:child_create", args=[self.object.pk]), "label": _("Add a son or daughter")})
        return actions

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["update_url"] = None  # roster rows come from the fund's file; only consents are recorded here
        if self.request.user.has_perm("retirees.view_child"):
            context["children"] = self.object.children.all()
        return context


class RevealView(ScopedViewMixin, generic.DetailView):
    """Shows the clear values after a confirming POST; each reveal is an audit row (who, whom, when)."""

    template_name = "retirees/reveal_confirm.html"
    detail_view = None

    def get_permission_required(self):
        return (PERSONAL,)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        # The detail page, rendered with the clear values for this response only.
        page = self.detail_view(revealed=services.reveal_personal(self.object, request.user))
        page.setup(request, *args, **kwargs)
        page.object = self.object
        return page.render_to_response(page.get_context_data(object=self.object))


class RetireeRevealView(RevealView):
    model = Retiree


RetireeRevealView.detail_view = RetireeDetailView


# --- children ----------------------------------------------------------------------------

class ChildListView(ObjectListView):
    model = Child
    table_class = ChildTable
    filterset_class = ChildFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("retiree")


class ChildDetailView(PersonalDetailMixin, ObjectDetailView):
    model = Child
    fields = ("retiree", "first_name", "last_name", "relation", "birth_year", "education", "field_of_study",
              "consent_contact", "created_by", "created_at")


class ChildRevealView(RevealView):
    model = Child
    detail_view = ChildDetailView


class ChildCreateView(ObjectCreateView):
    model = Child
    form_class = ChildForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.retiree = get_object_or_404(Retiree.objects.visible_to(request.user), pk=kwargs["retiree_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"retiree": self.retiree.pk, "last_name": self.retiree.last_name}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "data" in kwargs:  # the retiree comes from the address, whatever was posted
            kwargs["data"] = kwargs["data"].copy()
            kwargs["data"]["retiree"] = self.retiree.pk
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["list_url"] = self.retiree.get_absolute_url()
        context["verbose_name_plural"] = str(self.retiree)
        return context


class ChildUpdateView(ObjectUpdateView):
    model = Child
    form_class = ChildForm


class ChildDeleteView(ObjectDeleteView):
    model = Child

    def get_success_url(self):
        return self.object.retiree.get_absolute_url()


# --- imports -----------------------------------------------------------------------------

class RosterImportListView(ObjectListView):
    model = RosterImport
    table_class = RosterImportTable
    filterset_class = RosterImportFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("province", "created_by")


class RosterImportCreateView(ScopedViewMixin, generic.FormView):
    """Upload; the file is read for its column names and the mapping screen follows."""

    model = RosterImport
    permission_action = "add"
    form_class = RosterUploadForm
    template_name = "retirees/rosterimport_upload.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            roster_import = services.rosterimport_upload(form.cleaned_data["file"], form.cleaned_data["province"],
                                                         self.request.user)
        except RosterFileError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        return HttpResponseRedirect(reverse("retirees:rosterimport_start", args=[roster_import.pk]))


class RosterImportDetailView(ObjectDetailView):
    model = RosterImport
    workflow = workflows.ROSTER_IMPORT
    # Status, times and buttons are drawn in the progress part, which is redrawn while the
    # import runs, so none of them can be left behind by the others (services' state machine).
    fields = ("original_name", "province", "created_by", "created_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["import_actions"], context["actions"] = context["actions"], []
        return context

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and self.request.GET.get("part") == "progress":
            return ["retirees/rosterimport_progress.html"]
        return super().get_template_names()


class RosterImportRejectsView(ScopedViewMixin, generic.View):
    model = RosterImport

    def get(self, request, pk):
        roster_import = get_object_or_404(self.get_queryset(), pk=pk)
        if not roster_import.rejects_file:
            raise Http404
        if not request.user.has_perm(PERSONAL):  # the rows hold codes and mobiles in clear
            raise PermissionDenied
        return FileResponse(services.rosterimport_rejects_open(roster_import, request.user), as_attachment=True,
                            filename=f"rejected-rows-{roster_import.pk}.xlsx")


# --- demographics ------------------------------------------------------------------------

class DemographicsView(ScopedViewMixin, generic.TemplateView):
    """The D2 explorer: up to three dimensions, filters, a suppressed table and a chart."""

    model = Retiree
    template_name = "retirees/demographics.html"

    def get_permission_required(self):
        return ("retirees.view_demographics_retiree",)

    def get_form(self):
        data = self.request.GET if "first" in self.request.GET else None
        initial = {"first": "province" if self.request.user.has_national_scope else "county", "third": "gender"}
        return ExplorerForm(data, initial=initial, user=self.request.user)

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        tab = None
        if form.is_bound and form.is_valid():
            tab = demographics.cross_tab(request.user, demographics.Question(form.cleaned_data["dimensions"],
                                                                              form.cleaned_data["filters"]))
        elif not form.is_bound:
            default_dims = [form.initial["first"], form.initial["third"]]
            tab = demographics.cross_tab(request.user, demographics.Question(default_dims))
        if tab is not None and request.GET.get("export") == "xlsx":
            header, rows = demographics.export_rows(tab)
            audit_export(DemographicCell, request.user, len(tab.rows), request.GET.dict())
            return xlsx_response("demographics", _("Retirees"), header, rows)
        query = request.GET.copy()
        query["export"] = "xlsx"
        context = self.get_context_data(form=form, tab=tab, export_query=query.urlencode(),
                                        settings_row=RosterSettings.current())
        if tab is not None:
            context["row_dimension_labels"] = [demographics.dimension_label(d) for d in tab.row_dimensions]
            context["chart"] = chart_data(tab)
        return self.render_to_response(context)


def chart_data(tab) -> dict:
    """Chart.js data (retirees/static/retirees/demographics.js): one bar per row, one series per
    column, the same perturbed figures as the table; hidden cells are null and drawn as *."""
    return {
        "labels": [" · ".join(row["labels"]) for row in tab.rows],
        "datasets": [{"label": str(column), "data": [row["cells"][index] for row in tab.rows]}
                     for index, column in enumerate(tab.columns)],
        "hidden_label": _("hidden"),
        "mark": demographics.HIDDEN_MARK,
    }


class RosterSettingsView(ScopedViewMixin, generic.FormView):
    model = RosterSettings
    permission_action = "change"
    form_class = RosterSettingsForm
    template_name = "core/object_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": RosterSettings.current()}

    def form_valid(self, form):
        services.rostersettings_update(RosterSettings.current(), self.request.user, **{
            name: form.cleaned_data[name] for name in form.Meta.fields})
        messages.success(self.request, _("The demographics settings were saved; new groups are counted in the background."))
        return HttpResponseRedirect(reverse("retirees:demographics"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The one settings row is edited, never created: the page says so.
        context.update(object=None, verbose_name=_("demographics settings"), list_url=reverse("retirees:demographics"),
                       verbose_name_plural=_("Demographics"), form_title=_("Demographics settings"))
        return context


# --- agencies ----------------------------------------------------------------------------

class AgencyListView(ObjectListView):
    model = Agency
    table_class = AgencyTable
    filterset_class = AgencyFilterSet


class AgencyDetailView(ObjectDetailView):
    model = Agency
    fields = ("name", "is_active", "created_at", "updated_at")


class AgencyCreateView(ObjectCreateView):
    model = Agency
    form_class = AgencyForm


class AgencyUpdateView(ObjectUpdateView):
    model = Agency
    form_class = AgencyForm


