"""Declarative generic views. An app's view is a few lines naming the model, its table,
filter set and form; permission, scope (404 outside it), messages, htmx partials and
XLSX export come from here."""
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views import generic
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from . import display, jalali
from .audit import audit_export
from .dashboard import collect
from .exports import table_rows, xlsx_response
from .forms import MAX_ID
from .money import unit_for
from .privacy import shown
from .services import WorkflowError, refusal


def perm_name(model, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


class ScopedViewMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Signed-in users with `<app>.<action>_<model>`; objects read through `visible_to`."""

    model: type[models.Model]
    permission_action = "view"

    def get_permission_required(self):
        return (perm_name(self.model, self.permission_action),)

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def model_url(self, action: str, *args):
        try:
            return reverse(self.model.url_name(action), args=args or None)
        except NoReverseMatch:
            return None

    def allowed(self, action: str) -> bool:
        return self.request.user.has_perm(perm_name(self.model, action))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        opts = self.model._meta
        context.update(
            opts=opts,
            verbose_name=opts.verbose_name,
            verbose_name_plural=opts.verbose_name_plural,
            list_url=self.model_url("list"),
            create_url=self.model_url("create") if self.allowed("add") else None,
        )
        return context


class ObjectListView(ScopedViewMixin, SingleTableMixin, FilterView):
    template_name = "core/object_list.html"
    partial_template_name = "core/object_list_results.html"
    export_filename = None
    search_placeholder = ""  # what the search box finds, e.g. "Name, phone…"
    paginate_by = 25

    def is_partial(self) -> bool:
        """Filtering swaps only the results; a history restore needs the whole page."""
        htmx = getattr(self.request, "htmx", None)
        return bool(htmx and not htmx.boosted and not htmx.history_restore_request)

    def get_template_names(self):
        return [self.partial_template_name] if self.is_partial() else [self.template_name]

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def render_to_response(self, context, **kwargs):
        # A filter the form refuses (a search too long, an unknown choice) is the client's
        # error: 400, with the form's message shown above the (empty) results.
        filterset = getattr(self, "filterset", None)
        if filterset is not None and filterset.is_bound and not filterset.is_valid():
            kwargs.setdefault("status", 400)
        return super().render_to_response(context, **kwargs)

    def export(self):
        if not self.allowed("export"):
            raise PermissionDenied
        filterset = self.get_filterset(self.get_filterset_class())
        queryset = filterset.qs if filterset.is_valid() else self.get_queryset().none()
        table = self.get_table_class()(queryset, request=self.request)
        header, rows = table_rows(table)
        rows = list(rows)
        audit_export(self.model, self.request.user, len(rows), self.request.GET.dict())
        opts = self.model._meta
        return xlsx_response(self.export_filename or opts.model_name, str(opts.verbose_name_plural), header, rows)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query["export"] = "xlsx"
        context["export_url"] = "?" + query.urlencode() if self.allowed("export") else None
        context["result_count"] = context["paginator"].count if context.get("paginator") else None
        context["list_links"] = self.totals_links() + self.get_list_links()
        context["search_placeholder"] = self.search_placeholder
        # The partial also refreshes the totals and export buttons for the new filters.
        context["refresh_list_links"] = self.is_partial()
        return context

    # Related lists linked beside "New …": (url name, permission needed, label).
    related_lists: tuple[tuple[str, str, str], ...] = ()

    def get_list_links(self) -> list[dict]:
        """Extra buttons beside "New …": the related lists this user may open."""
        user = self.request.user
        return [
            {"url": reverse(url_name), "label": label}
            for url_name, permission, label in self.related_lists
            if user.has_perm(permission)
        ]

    def totals_links(self) -> list[dict]:
        """The model's `<model>_totals` page, if it has one, over the same filters."""
        url = self.model_url("totals")
        if url is None:
            return []
        query = self.request.GET.copy()
        for name in ("page", "export", "sort"):
            query.pop(name, None)
        return [{"url": f"{url}?{query.urlencode()}" if query else url, "label": _("Totals")}]


class ObjectDetailView(ScopedViewMixin, generic.DetailView):
    template_name = "core/object_detail.html"
    # Field names shown in order; an app template can add sections below.
    fields: tuple[str, ...] = ()
    # Personal fields shown masked unless the user holds the named permission.
    masked_fields: dict[str, str] = {}
    # Labels instead of a field's verbose name (for a third-party model's untranslated ones).
    field_labels: dict[str, str] = {}

    def get_template_names(self):
        opts = self.model._meta
        return [f"{opts.app_label}/{opts.model_name}_detail.html", self.template_name]

    def get_fields(self):
        return self.fields

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        rows = []
        for name in self.get_fields():
            if name in self.masked_fields:  # may be a property over encrypted columns: labelled in field_labels
                text = display.digits(shown(self.request.user, getattr(obj, name), self.masked_fields[name]))
                label = self.field_labels.get(name) or self.model._meta.get_field(name).verbose_name
                rows.append((label, text))
                continue
            field = self.model._meta.get_field(name)
            text = display.value_text(obj, field, money_unit=unit_for(self.request.user))
            url = self.related_url(getattr(obj, name)) if field.many_to_one else None
            if url:
                text = format_html('<a href="{}">{}</a>', url, text)
            rows.append((self.field_labels.get(name, field.verbose_name), text))
        context["field_rows"] = rows
        context["update_url"] = self.model_url("update", obj.pk) if self.allowed("change") else None
        context["delete_url"] = self.model_url("delete", obj.pk) if self.allowed("delete") else None
        context["actions"] = self.get_actions()
        return context

    def get_actions(self) -> list[dict]:
        """Extra buttons: [{"url", "label", "class"}]."""
        return []

    def related_url(self, target) -> str | None:
        """The page of a related object (a contact's organisation, a pledge's sponsor), when this
        user may open it: they hold its view permission and it is in their scope."""
        if target is None:
            return None
        model, user = type(target), self.request.user
        manager = model._default_manager
        if not hasattr(manager, "visible_to") or not user.has_perm(perm_name(model, "view")):
            return None
        try:
            url = target.get_absolute_url()
        except (AttributeError, NoReverseMatch):
            return None
        return url if manager.visible_to(user).filter(pk=target.pk).exists() else None


class ObjectFormMixin(ScopedViewMixin):
    template_name = "core/object_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "money_unit": unit_for(self.request.user)}

    def get_success_url(self):
        return self.object.get_absolute_url()

    def form_valid(self, form):
        with transaction.atomic():
            if form.instance.pk is None and hasattr(form.instance, "created_by"):
                form.instance.created_by = self.request.user
            response = super().form_valid(form)
        messages.success(self.request, self.success_message % {"object": self.object})
        return response

    def form_invalid(self, form):
        messages.error(self.request, _("Please correct the fields marked below; nothing was saved yet."))
        return super().form_invalid(form)


class ObjectCreateView(ObjectFormMixin, generic.CreateView):
    permission_action = "add"
    # Fields a link may fill in, e.g. ?organization=12 from the organisation's page.
    prefill_from_query: tuple[str, ...] = ()

    def get_initial(self):
        initial = super().get_initial()
        for name in self.prefill_from_query:
            value = self.request.GET.get(name, "")
            if value and len(value) <= 20 and not (value.isdigit() and int(value) > MAX_ID):  # ids, bounded
                initial[name] = value
        return initial

    @property
    def success_message(self):
        return _("“%(object)s” was created.")


class ObjectUpdateView(ObjectFormMixin, generic.UpdateView):
    permission_action = "change"
    # The service's check that the object may still be edited (raises WorkflowError);
    # when it refuses, the person is sent back to the object's page with the reason.
    guard = None

    def get(self, request, *args, **kwargs):
        return self.refused() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refused() or super().post(request, *args, **kwargs)

    def refused(self):
        if self.guard is None:
            return None
        obj = self.get_object()
        message = refusal(type(self).guard, obj)  # a plain function kept on the class
        if message is None:
            return None
        messages.warning(self.request, message)
        return HttpResponseRedirect(obj.get_absolute_url())

    @property
    def success_message(self):
        return _("Changes to “%(object)s” were saved.")


class ObjectDeleteView(ScopedViewMixin, generic.DeleteView):
    permission_action = "delete"
    template_name = "core/object_confirm_delete.html"

    def get_success_url(self):
        return self.model_url("list")

    def form_valid(self, form):
        label = str(self.object)
        try:
            response = super().form_valid(form)
        except ProtectedError:
            messages.error(self.request, _("“%(object)s” is in use by other records and cannot be deleted.") % {"object": label})
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, _("“%(object)s” was deleted.") % {"object": label})
        return response


class ObjectActionView(ScopedViewMixin, generic.detail.SingleObjectMixin, generic.FormView):
    """A confirmed workflow step on one object (deactivate, approve, …).

    Subclasses set `permission_action`, `title`, `form_class` (may be a plain form for
    a reason, or a model form over the object) and implement `perform(obj, form)` by calling
    a services function. `guard(obj)`, if set, is the service's own state check: when it
    refuses, the page says why instead of offering a form that cannot succeed.
    """

    template_name = "core/object_action.html"
    title = ""
    confirm_label = ""
    button_class = "btn-primary"
    guard = None

    def get_object_for_action(self):
        if not hasattr(self, "object"):
            self.object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return self.object

    def get(self, request, *args, **kwargs):
        self.get_object_for_action()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_object_for_action()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "user": self.request.user, "money_unit": unit_for(self.request.user)}
        if issubclass(self.get_form_class(), forms.ModelForm):
            kwargs["instance"] = self.object
        return kwargs

    def refusal(self) -> str | None:
        return refusal(type(self).guard, self.object) if self.guard is not None else None

    def get_context_data(self, **kwargs):
        kwargs.setdefault("object", self.object)
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            confirm_label=self.confirm_label or self.title,
            button_class=self.button_class,
            # Also after a refused post: a step that became impossible meanwhile (another tab,
            # another person) says why and offers the way back, not the same form again.
            refusal=self.refusal(),
        )
        return context

    def form_valid(self, form):
        try:
            message = self.perform(self.object, form)
        except WorkflowError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, message)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return self.object.get_absolute_url()

    def perform(self, obj, form) -> str:
        raise NotImplementedError


class HomeView(LoginRequiredMixin, generic.TemplateView):
    """The dashboard: cards, panels and quick actions fitting the user's role."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(collect(self.request.user))
        context["today"] = jalali.format_date_long(timezone.localdate())
        return context
