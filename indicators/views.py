from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from core import display, jalali
from core.exports import XLSX_CONTENT_TYPE
from core.forms import SafiranForm
from core.services import WorkflowError
from core.views import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    RemoteChoicesMixin,
    ScopedViewMixin,
)
from geo.models import Province

from . import importer, periods, selectors, services, workflows
from .choices import SourceKind
from .filters import (
    EntryExtensionFilterSet,
    IndicatorFilterSet,
    IndicatorValueFilterSet,
    PeriodVerificationFilterSet,
    WebsiteFilterSet,
)
from .forms import (
    CopyHeaderForm,
    EntryExtensionForm,
    FigureField,
    ImportForm,
    IndicatorForm,
    IndicatorSettingsForm,
    IndicatorValueForm,
    LetterScanForm,
    PeriodVerificationForm,
    WebsiteForm,
    period_from,
)
from .models import (
    EntryExtension,
    Indicator,
    IndicatorSettings,
    IndicatorValue,
    PeriodVerification,
    ValueImport,
    Website,
    scan_path,
)
from .tables import (
    EntryExtensionTable,
    IndicatorTable,
    IndicatorValueTable,
    PeriodVerificationTable,
    ValueImportTable,
    WebsiteTable,
)

# --- indicators ------------------------------------------------------------------------------


class IndicatorListView(ObjectListView):
    model = Indicator
    table_class = IndicatorTable
    filterset_class = IndicatorFilterSet
    export_filename = "indicators"
    search_placeholder = gettext_lazy("Name, unit…")
    related_lists = (
        ("indicators:indicatorvalue_list", "indicators.view_indicatorvalue", gettext_lazy("Values")),
        ("indicators:website_list", "indicators.view_website", gettext_lazy("Websites")),
        ("indicators:indicator_settings", "indicators.change_indicatorsettings", gettext_lazy("Statistics settings")),
    )

    def get_queryset(self):
        return super().get_queryset().select_related("area", "province")


class IndicatorDetailView(ObjectDetailView):
    model = Indicator
    fields = ("name", "area", "unit", "period_type", "scope", "province", "min_value", "max_value", "description",
              "active")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, indicator = self.request.user, self.object
        if indicator.province_id is None and not user.has_national_scope:
            context["update_url"] = None  # national indicators are the national admins'
        provinces = Province.objects.visible_to(user)
        chosen = self.request.GET.get("province", "")
        province = provinces.filter(pk=chosen).first() if chosen.isdigit() and len(chosen) < 10 else None
        if province is None:
            province = (provinces.filter(pk=user.province_id).first() if user.province_id else None) or provinces.filter(
                pk__in=selectors.values_for(indicator, user).values("province")).first()
        context.update(
            chart_province=province, provinces=provinces if user.has_national_scope else [],
            series_chart=selectors.series_chart(indicator, user, province) if province else None,
            series_states=selectors.series_states(indicator, user, province) if province else [],
            provinces_chart=selectors.provinces_chart(indicator, user),
            provinces_states=selectors.provinces_states(indicator, user),
            values_url=reverse("indicators:indicatorvalue_list") + f"?indicator={indicator.pk}",
            add_value_url=(reverse("indicators:indicatorvalue_create") + f"?indicator={indicator.pk}"
                           if user.has_perm("indicators.add_indicatorvalue") and indicator.active else None),
        )
        return context


class IndicatorCreateView(ObjectCreateView):
    model = Indicator
    form_class = IndicatorForm


class IndicatorUpdateView(ObjectUpdateView):
    model = Indicator
    form_class = IndicatorForm


# --- values ----------------------------------------------------------------------------------


class IndicatorValueListView(ObjectListView):
    model = IndicatorValue
    table_class = IndicatorValueTable
    filterset_class = IndicatorValueFilterSet
    export_filename = "indicator-values"
    search_placeholder = gettext_lazy("Indicator, letter number, address…")
    related_lists = (
        ("indicators:value_copy", "indicators.add_indicatorvalue", gettext_lazy("Enter a letter's figures")),
        ("indicators:value_import", "indicators.import_indicatorvalue", gettext_lazy("Import from Excel")),
        ("indicators:periodverification_list", "indicators.view_periodverification", gettext_lazy("Verifications")),
        ("indicators:entryextension_list", "indicators.view_entryextension", gettext_lazy("Reopened entries")),
        ("indicators:indicator_list", "indicators.view_indicator", gettext_lazy("Indicators")),
    )

    def get_queryset(self):
        return super().get_queryset().select_related("indicator", "province", "county", "organization", "website")


class IndicatorValueDetailView(ObjectDetailView):
    model = IndicatorValue
    workflow = workflows.VALUE  # no "Edit" while its province's period is verified

    def get_fields(self):
        fields = ["indicator", "province", "county", "value", "not_available", "not_available_reason", "comment",
                  "source_kind"]
        if self.object.source_kind == SourceKind.ORGANIZATION:
            fields += ["organization", "letter_number", "letter_date"]
        else:
            fields += ["website", "url", "retrieved_on"]
        return [name for name in fields if name != "not_available_reason" or self.object.not_available] + [
            "created_by", "created_at", "updated_at"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        value = self.object
        rows = context["field_rows"]
        label = IndicatorValue._meta.get_field("value").verbose_name
        rows[:] = [(name, value.value_text if name == label else text) for name, text in rows]
        rows.insert(3, (_("period"), value.period.label))
        verification = services.verification_of(value.province_id, value.period_key)
        if verification is None:
            state = _("not verified")
        elif self.request.user.has_perm("indicators.view_periodverification"):
            state = format_html('<a href="{}">{}</a>', verification.get_absolute_url(),
                                verification.get_status_display())
        else:
            state = verification.get_status_display()
        rows.insert(4, (_("verification"), state))
        if value.letter_scan:
            rows.append((_("scan of the letter"), format_html(
                '<a href="{}">{}</a>', reverse("indicators:indicatorvalue_scan", args=[value.pk]), _("Open the scan"))))
        return context


class IndicatorValueCreateView(ObjectCreateView):
    model = IndicatorValue
    form_class = IndicatorValueForm
    workflow = workflows.VALUE
    prefill_from_query = ("indicator", "organization", "website")
    success_message = gettext_lazy("The value is saved with its source: %(object)s.")
    template_name = "indicators/indicatorvalue_form.html"

    def get_context_data(self, **kwargs):
        # Above the form: until when the latest month, season and year are open for entry.
        return {**super().get_context_data(**kwargs), "entry_lines": services.open_periods_text()}

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except WorkflowError as error:  # the series changed between the check and the save, or the period is locked
            form.add_error(None if isinstance(error, services.PeriodLocked) else "comment", str(error))
            return self.form_invalid(form)


class IndicatorValueUpdateView(ObjectUpdateView):
    model = IndicatorValue
    form_class = IndicatorValueForm
    workflow = workflows.VALUE  # refused while its province's period is verified


# --- verification of a province's values of a period -------------------------------------------


class PeriodVerificationListView(ObjectListView):
    model = PeriodVerification
    table_class = PeriodVerificationTable
    filterset_class = PeriodVerificationFilterSet
    search_placeholder = gettext_lazy("Period (1404-07), note…")

    def get_queryset(self):
        return super().get_queryset().select_related("province", "verified_by")


class PeriodVerificationDetailView(ObjectDetailView):
    model = PeriodVerification
    workflow = workflows.VERIFICATION
    fields = ("province", "status", "verified_by", "verified_at", "note", "reopened_by", "reopened_at", "reopen_reason")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.object
        context["field_rows"].insert(0, (_("period"), record.period.label))
        values = IndicatorValue.objects.visible_to(self.request.user).filter(province=record.province,
                                                                            period_key=record.period_key)
        context["field_rows"].append((_("values"), format_html(
            '<a href="{}?province={}&period={}">{}</a>', reverse("indicators:indicatorvalue_list"), record.province_id,
            record.period_key, _("%(count)s values") % {"count": display.number(values.count())})))
        return context


class PeriodVerificationCreateView(ObjectCreateView):
    model = PeriodVerification
    form_class = PeriodVerificationForm
    workflow = workflows.VERIFICATION
    prefill_from_query = ("province",)

    @property
    def success_message(self):
        return _("The values of “%(object)s” are verified and locked.")

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except WorkflowError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)


# --- entry closing N days after the period, and its reopening for a province ------------------


class IndicatorSettingsView(ScopedViewMixin, generic.FormView):
    """The statistics settings (national admins): after how many days a period's entry closes."""

    model = IndicatorSettings
    permission_action = "change"
    form_class = IndicatorSettingsForm
    template_name = "core/object_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": IndicatorSettings.current()}

    def form_valid(self, form):
        services.indicatorsettings_update(IndicatorSettings.current(), self.request.user, **{
            name: form.cleaned_data[name] for name in form.Meta.fields})
        messages.success(self.request, _("The statistics settings were saved."))
        return HttpResponseRedirect(reverse("indicators:entryextension_list"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The one settings row is edited, never created: the page says so.
        context.update(object=None, verbose_name=_("statistics settings"),
                       list_url=reverse("indicators:entryextension_list"), verbose_name_plural=_("Reopened entries"),
                       form_title=_("Statistics settings"))
        return context


class EntryExtensionListView(ObjectListView):
    model = EntryExtension
    table_class = EntryExtensionTable
    filterset_class = EntryExtensionFilterSet
    search_placeholder = gettext_lazy("Period (1404-07), reason…")
    related_lists = (
        ("indicators:indicator_settings", "indicators.change_indicatorsettings", gettext_lazy("Statistics settings")),
        ("indicators:indicatorvalue_list", "indicators.view_indicatorvalue", gettext_lazy("Values")),
    )

    def get_queryset(self):
        return super().get_queryset().select_related("province", "granted_by")


class EntryExtensionDetailView(ObjectDetailView):
    model = EntryExtension
    workflow = workflows.EXTENSION
    fields = ("province", "open_until", "reason", "granted_by", "granted_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.object
        context["field_rows"].insert(0, (_("period"), record.period.label))
        context["field_rows"].insert(1, (_("entry"), services.entry_state(record.province, record.period)))
        return context


class EntryExtensionCreateView(ObjectCreateView):
    model = EntryExtension
    form_class = EntryExtensionForm
    workflow = workflows.EXTENSION
    prefill_from_query = ("province", "period_year", "period_part")

    @property
    def success_message(self):
        # Formatted with the object by the generic view: the day is filled in here.
        return _("Entry of “%(object)s” is reopened until the end of %(day)s.") % {
            "object": "%(object)s", "day": jalali.format_date_long(self.object.open_until)}

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except WorkflowError as error:
            form.add_error("open_until", str(error))
            return self.form_invalid(form)


class IndicatorValueScanView(LoginRequiredMixin, PermissionRequiredMixin, generic.View):
    """The letter's scan, to those who may see the value (404 outside scope)."""

    permission_required = "indicators.view_indicatorvalue"

    def get(self, request, pk):
        value = get_object_or_404(IndicatorValue.objects.visible_to(request.user), pk=pk)
        if not value.letter_scan:
            raise Http404
        return FileResponse(value.letter_scan.open("rb"), as_attachment=False,
                            filename=f"letter-{value.pk}{value.letter_scan.name[value.letter_scan.name.rfind('.'):]}")


# --- Excel import (run by the task worker) ------------------------------------------------------


class ImportView(LoginRequiredMixin, PermissionRequiredMixin, generic.FormView):
    """Upload: the file is checked with the roster's guards here, read by the task worker; the
    import's page follows its progress. Below the form, the latest imports this user may see."""

    permission_required = ("indicators.import_indicatorvalue", "indicators.add_indicatorvalue",
                           "indicators.add_valueimport")
    template_name = "indicators/import.html"
    form_class = ImportForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        latest = ValueImport.objects.visible_to(self.request.user).select_related("created_by")[:10]
        context["imports"] = ValueImportTable(latest, orderable=False) if latest else None
        return context

    def form_valid(self, form):
        try:
            record = services.valueimport_upload(form.cleaned_data["file"], self.request.user)
        except importer.ImportRefused as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The file is queued for import; this page shows how it goes."))
        return HttpResponseRedirect(record.get_absolute_url())


class ImportTemplateView(ImportView):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(importer.template_workbook(), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = 'attachment; filename="indicator-values-template.xlsx"'
        return response


class ValueImportDetailView(ObjectDetailView):
    """An import's state: queued, running, done with its counts and rejected rows (each with its
    line and reason), or failed with the reason. Redrawn every two seconds until it ends."""

    model = ValueImport
    workflow = workflows.VALUE_IMPORT
    fields = ("original_name", "created_by", "created_at")

    def get_context_data(self, **kwargs):
        # The cancel button is drawn in the progress part, redrawn with the status (the roster's way).
        context = super().get_context_data(**kwargs)
        context["import_actions"], context["actions"] = context.get("actions", []), []
        return context

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and self.request.GET.get("part") == "progress":
            return ["indicators/valueimport_progress.html"]
        return super().get_template_names()


class ValueImportRejectsView(LoginRequiredMixin, PermissionRequiredMixin, generic.View):
    permission_required = "indicators.view_valueimport"

    def get(self, request, pk):
        record = get_object_or_404(ValueImport.objects.visible_to(request.user), pk=pk)
        if not record.rejects:
            raise Http404
        response = HttpResponse(services.valueimport_rejects_open(record, request.user), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="rejected-indicator-values-{record.pk}.xlsx"'
        return response


# --- "copy last period": a source's letter, figure by figure ----------------------------------


class CopyRowForm(SafiranForm):
    indicator = forms.IntegerField(widget=forms.HiddenInput)
    value = FigureField(label=_("figure"), required=False)
    not_available = forms.BooleanField(label=_("not available"), required=False)
    not_available_reason = forms.CharField(label=_("why it is not available"), required=False, max_length=500,
                                           widget=forms.TextInput(attrs={"placeholder": _("why it is not available")}))
    comment = forms.CharField(label=_("comment"), required=False, max_length=1000)


CopyRowFormSet = forms.formset_factory(CopyRowForm, extra=0, max_num=200, absolute_max=200)


class CopyLastPeriodView(RemoteChoicesMixin, LoginRequiredMixin, PermissionRequiredMixin, generic.TemplateView):
    """One source and one period: every indicator of that period type with the source's figure
    of the period before beside an empty box, laid out like the letter (its number and date on
    top). Rows left empty are skipped; all the others are saved together or not at all."""

    permission_required = "indicators.add_indicatorvalue"
    remote_forms = ("header",)  # its source organisation: a national admin may choose any of the country
    template_name = "indicators/copy_last_period.html"

    def header_form(self):
        data = self.request.GET if "organization" in self.request.GET else None
        return CopyHeaderForm(data, user=self.request.user)

    def rows(self, header):
        cleaned = header.cleaned_data
        user, organization, province = self.request.user, cleaned["organization"], cleaned["province"]
        part = cleaned.get("period_part") or ""
        kind = "quarter" if part.startswith("Q") else "month" if part else "year"
        period = period_from(cleaned, kind)
        indicators = Indicator.objects.visible_to(user).filter(active=True, period_type=kind)
        indicators = indicators.filter(Q(province__isnull=True) | Q(province=province))
        earlier = (IndicatorValue.objects.visible_to(user)
                   .filter(province=province, county__isnull=True, organization=organization,
                           period_key=period.previous().key))
        earlier = {value.indicator_id: value for value in earlier}
        given = set(IndicatorValue.objects.filter(province=province, organization=organization)
                    .values_list("indicator", flat=True))
        chosen = [indicator for indicator in indicators.order_by("name") if indicator.pk in given] or list(
            indicators.order_by("name"))
        return period, [(indicator, earlier.get(indicator.pk)) for indicator in chosen]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        header = kwargs.get("header") or self.header_form()
        context["header"] = header
        context["entry_lines"] = services.open_periods_text()
        if header.is_bound and header.is_valid():
            try:
                period, rows = self.rows(header)
            except periods.PeriodError as error:
                header.add_error("period_part", str(error))
                return context
            province = header.cleaned_data["province"]
            try:
                services.check_period_open(province, period.key)
            except WorkflowError as error:
                header.add_error(None, str(error))
                if isinstance(error, services.EntryClosed) and self.request.user.has_perm("indicators.add_entryextension"):
                    context["reopen_url"] = reverse("indicators:entryextension_create") + "?" + urlencode({
                        "province": province.pk, "period_year": period.year,
                        "period_part": {"month": str(period.part), "quarter": f"Q{period.part}"}.get(period.kind, "")})
                return context
            context["entry"] = services.entry_window(province, period)
            formset = kwargs.get("formset") or CopyRowFormSet(
                initial=[{"indicator": indicator.pk} for indicator, _last in rows], form_kwargs={"user": self.request.user})
            context.update(period=period, previous=period.previous(), formset=formset,
                           scan_form=kwargs.get("scan_form") or LetterScanForm(user=self.request.user),
                           lines=list(zip(rows, formset.forms, strict=False)))
        return context

    def post(self, request, *args, **kwargs):
        header = CopyHeaderForm(request.GET, user=request.user)
        if not header.is_valid():
            return self.render_to_response(self.get_context_data(header=header))
        period, rows = self.rows(header)
        allowed = {indicator.pk: indicator for indicator, _last in rows}
        formset = CopyRowFormSet(request.POST, form_kwargs={"user": request.user})
        scan_form = LetterScanForm(request.POST, request.FILES, user=request.user)
        if not (formset.is_valid() & scan_form.is_valid()):
            return self.render_to_response(self.get_context_data(header=header, formset=formset, scan_form=scan_form))
        cleaned = header.cleaned_data
        saved, failed = 0, False
        # The scan is stored once (private media, unguessable name) and shared by the letter's figures;
        # removed again if the letter is not saved.
        scan = scan_form.cleaned_data.get("letter_scan")
        scan_name = default_storage.save(scan_path(None, scan.name), scan) if scan else None
        try:
            with transaction.atomic():
                for form in formset.forms:
                    data = form.cleaned_data
                    indicator = allowed.get(data.get("indicator"))
                    if indicator is None:
                        continue
                    if data.get("value") is None and not data.get("not_available"):
                        continue  # left empty: not entered
                    if data.get("not_available") and not data.get("not_available_reason"):
                        form.add_error("not_available_reason", _("Say why the figure is not available."))
                        failed = True
                        continue
                    if data.get("not_available") and data.get("value") is not None:
                        form.add_error("value", _("Leave the value empty when it is not available."))
                        failed = True
                        continue
                    try:
                        services.value_record(
                            request.user, indicator=indicator, province=cleaned["province"], period=period,
                            source_kind=SourceKind.ORGANIZATION, organization=cleaned["organization"],
                            letter_number=cleaned["letter_number"], letter_date=cleaned["letter_date"],
                            value=data.get("value"), not_available=data.get("not_available", False),
                            not_available_reason=data.get("not_available_reason", ""), comment=data.get("comment", ""),
                            letter_scan=scan_name)
                        saved += 1
                    except WorkflowError as error:
                        form.add_error("comment", str(error))
                        failed = True
                if failed:
                    raise _RollBack
        except _RollBack:
            _forget(scan_name)
            messages.error(request, _("Please correct the rows marked below; nothing was saved yet."))
            if scan_name:
                scan_form.add_error("letter_scan", _("Attach the scan again when you save."))
            return self.render_to_response(self.get_context_data(header=header, formset=formset, scan_form=scan_form))
        except BaseException:
            _forget(scan_name)
            raise
        if not saved:
            _forget(scan_name)
            messages.warning(request, _("Every row was empty: nothing was saved."))
            return self.render_to_response(self.get_context_data(header=header, formset=formset, scan_form=scan_form))
        messages.success(request, _("%(count)s figures of the letter are saved.") % {"count": display.number(saved)})
        return HttpResponseRedirect(reverse("indicators:indicatorvalue_list") + f"?organization={cleaned['organization'].pk}"
                                    f"&period={period.key}")


class _RollBack(Exception):
    pass


def _forget(name) -> None:
    if name:
        default_storage.delete(name)


# --- websites ---------------------------------------------------------------------------------


class WebsiteListView(ObjectListView):
    model = Website
    table_class = WebsiteTable
    filterset_class = WebsiteFilterSet
    export_filename = "websites"
    search_placeholder = gettext_lazy("Name, address, what it publishes…")

    def get_queryset(self):
        return super().get_queryset().select_related("province")


class WebsiteDetailView(ObjectDetailView):
    model = Website
    workflow = workflows.WEBSITE
    fields = ("name", "url", "kind", "province", "areas", "owner", "publishes", "last_checked_on", "checked_by", "notes")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.is_stale:
            context["field_rows"].insert(0, (_("check"), _("Not checked in the last 90 days: open it and mark it checked.")))
        return context


class WebsiteCreateView(ObjectCreateView):
    model = Website
    form_class = WebsiteForm
    prefill_from_query = ("owner",)


class WebsiteUpdateView(ObjectUpdateView):
    model = Website
    form_class = WebsiteForm

