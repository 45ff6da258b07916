"""Declarative generic views. An app's view is a few lines naming the model, its table,
filter set and form; permission, scope (404 outside it), messages, htmx partials and
XLSX export come from here."""
import hashlib
import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import EmptyResultSet, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import ProtectedError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from . import display, jalali, remote_choices
from .audit import audit_export
from .cache import cached
from .dashboard import collect
from .db import read_replica
from .exports import table_rows, xlsx_response
from .forms import MAX_ID, SafiranFormMixin
from .money import unit_for
from .privacy import served, shown
from .registry import registry
from .scope import WrittenOutOfScope, verify_written
from .services import WorkflowError, refusal
from .workflow import Step, Workflow, perm_name

# Shown next to a choice that pointed outside the user's scope (a choice list that forgot to
# limit itself; core.scope.verify_written caught it after saving and undid the save).
OUT_OF_SCOPE_CHOICE = gettext_lazy("Select a valid choice. That choice is not one of the available choices.")


class RemoteChoicesMixin:
    """A page whose form's choice lists too long for the page load as one types
    (core/remote_choices.py). The forms named in `remote_forms` (context names) are told to ask
    this page's path; asked, core.remote_choices.choices runs this view again for the person
    asking — its permission, its object through their scope, the form built for them — and the
    view answers from that form's field instead of drawing the page. A form is named here only
    when the page builds it the same way without what the person typed (a form shown only
    after a search is not)."""

    remote_forms: tuple[str, ...] = ("form",)
    # Set by core.remote_choices.choices: (the form's context name, the field's name, the words typed).
    choices_asked_for: tuple[str, str, str] | None = None

    def render_to_response(self, context, **kwargs):
        if self.choices_asked_for is not None:
            form_name, field_name, typed = self.choices_asked_for
            form = context.get(form_name) if form_name in self.remote_forms else None
            field = form.fields.get(field_name) if isinstance(form, SafiranFormMixin) else None
            return remote_choices.answer(field, typed)
        for form_name in self.remote_forms:
            form = context.get(form_name)
            if isinstance(form, SafiranFormMixin):
                remote_choices.mark_remote(form, (remote_choices.PAGE, self.request.path_info, form_name))
        return super().render_to_response(context, **kwargs)


class ScopedViewMixin(RemoteChoicesMixin, LoginRequiredMixin, PermissionRequiredMixin):
    """Signed-in users with `<app>.<action>_<model>`; objects read through `visible_to`."""

    model: type[models.Model]
    permission_action = "view"
    # A short Persian guide shown folded near the page's title: what the page is for and the next
    # step. A view declares its own `page_help`; otherwise its kind's `default_page_help` is used,
    # with %(name)s / %(plural)s filled from the model.
    page_help = None
    default_page_help = None

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
        text = self.page_help or self.default_page_help
        if text:
            context["page_help"] = str(text) % {"name": opts.verbose_name, "plural": opts.verbose_name_plural}
        return context


class CachedCountPaginator(Paginator):
    """Counts the rows once until the next write (core.cache): a national list over 1.5 million
    retirees costs its COUNT once, not on every page turn (issue 14)."""

    @cached_property
    def count(self):
        queryset = getattr(getattr(getattr(self.object_list, "data", None), "data", None), "query", None)
        if queryset is None:
            return super().count
        queryset = self.object_list.data.data
        try:
            sql, params = queryset.query.sql_with_params()
        except EmptyResultSet:
            return 0
        key = hashlib.sha256(f"{queryset.db}|{sql}|{params!r}".encode()).hexdigest()[:32]
        return cached(("count", key), lambda: super(CachedCountPaginator, self).count)


class ObjectListView(ScopedViewMixin, SingleTableMixin, FilterView):
    default_page_help = gettext_lazy(
        "This page lists the %(plural)s you may see. Type in the search box or choose a filter to narrow the "
        "list, and open a row to see its details. The “New” button, when you have it, adds one."
    )
    template_name = "core/object_list.html"
    partial_template_name = "core/object_list_results.html"
    export_filename = None
    search_placeholder = ""  # what the search box finds, e.g. "Name, phone…"
    paginate_by = 25
    paginator_class = CachedCountPaginator
    # Said when there is nothing at all yet (no search, no filter): what will appear here.
    empty_text = gettext_lazy("Nothing recorded yet.")

    def is_partial(self) -> bool:
        """Filtering swaps only the results; a history restore needs the whole page."""
        htmx = getattr(self.request, "htmx", None)
        return bool(htmx and not htmx.boosted and not htmx.history_restore_request)

    def get_template_names(self):
        return [self.partial_template_name] if self.is_partial() else [self.template_name]

    def paginate_queryset(self, queryset, page_size):
        # The table pages the rows (django_tables2): paging them here too would count them twice.
        return None, None, queryset, False

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

    @read_replica()
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
        table = context.get("table")
        paginator = getattr(table, "paginator", None) if table is not None else None
        context["paginator"] = paginator
        context["result_count"] = paginator.count if paginator is not None else None
        context["list_links"] = self.totals_links() + self.get_list_links()
        context["search_placeholder"] = self.search_placeholder
        filtered = any(value for key, value in self.request.GET.items() if key not in ("page", "sort"))
        if not filtered and context.get("table") is not None:
            context["table"].empty_text = self.empty_text
        page = getattr(context.get("table"), "page", None)
        if page is not None:  # the rows shown: personal fields given in clear are audited (core.privacy)
            served(*(getattr(row, "record", row) for row in page.object_list))
        # A filter that cannot be read (a day that does not exist) says so beside the results,
        # which htmx swaps in on their own, instead of silently finding nothing.
        form = context["filter"].form if context.get("filter") is not None else None
        context["filter_errors"] = [
            f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}".lstrip(": ")
            for name, errors in form.errors.items()
        ] if form is not None and form.errors else []
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
    default_page_help = gettext_lazy(
        "The details of one %(name)s. The buttons beside the title are the next steps you may take; "
        "related records are listed below."
    )
    template_name = "core/object_detail.html"
    # Field names shown in order; an app template can add sections below.
    fields: tuple[str, ...] = ()
    # Personal fields shown masked unless the user holds the named permission.
    masked_fields: dict[str, str] = {}
    # Labels instead of a field's verbose name (for a third-party model's untranslated ones).
    field_labels: dict[str, str] = {}
    # The model's declared steps: their buttons, and whether it may still be edited.
    workflow: Workflow | None = None

    def get_template_names(self):
        opts = self.model._meta
        return [f"{opts.app_label}/{opts.model_name}_detail.html", self.template_name]

    def get_fields(self):
        return self.fields

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        served(obj)  # personal fields shown in clear below are audited (core.privacy)
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
        editable = self.allowed("change") and (self.workflow is None or self.workflow.editable(obj))
        context["update_url"] = self.model_url("update", obj.pk) if editable else None
        context["delete_url"] = self.model_url("delete", obj.pk) if self.allowed("delete") else None
        context["actions"] = self.get_actions()
        context["related_sections"] = registry.related_sections(obj, self.request)
        return context

    def get_actions(self) -> list[dict]:
        """Buttons: [{"url", "label", "class", "disabled", "reason"}] — the workflow's steps this
        user may take (or is refused with a reason); a view may add its own."""
        return self.workflow.buttons(self.object, self.request.user) if self.workflow else []

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
    default_page_help = gettext_lazy(
        "Fill in the fields (those marked * are needed) and press “Save”. Nothing is kept until you save; "
        "if something is missing, the page says what and where."
    )
    template_name = "core/object_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "money_unit": unit_for(self.request.user)}

    def get_success_url(self):
        return self.object.get_absolute_url()

    # The model's workflow, when it is created through a service or has an edit guard.
    workflow: Workflow | None = None

    def save(self, form):
        """Save through the workflow's creation service if there is one, else the form."""
        if form.instance.pk is None and self.workflow is not None and self.workflow.create is not None:
            return self.workflow.create(self.request.user, **form.service_arguments())
        if form.instance.pk is None and hasattr(form.instance, "created_by"):
            form.instance.created_by = self.request.user
        return form.save()

    # A create form carries a one-time token: sent again (back, then Save), it leads to what the
    # first send created instead of creating a second record.
    SUBMISSIONS = "saved_submissions"
    SUBMISSIONS_KEPT = 50

    def post(self, request, *args, **kwargs):
        token = request.POST.get("_submission", "")
        saved = request.session.get(self.SUBMISSIONS, {}).get(token) if token else None
        if saved:
            messages.info(request, _("This form was already saved; here is what it created."))
            return HttpResponseRedirect(saved)
        return super().post(request, *args, **kwargs)

    def remember_submission(self):
        token = self.request.POST.get("_submission", "")
        if not token or self.object is None:
            return
        saved = self.request.session.get(self.SUBMISSIONS, {})
        saved[token[:64]] = self.get_success_url()
        self.request.session[self.SUBMISSIONS] = dict(list(saved.items())[-self.SUBMISSIONS_KEPT:])
        self.request.session["last_saved_submission"] = token[:64]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["submission_token"] = uuid.uuid4().hex
        return context

    def form_valid(self, form):
        adding = form.instance.pk is None
        try:
            with transaction.atomic():
                self.object = self.save(form)
                verify_written(self.object, self.request.user)
        except WrittenOutOfScope as error:
            if error.field is None or error.field not in form.fields:
                raise Http404 from None
            if adding:
                form.instance.pk = None
                form.instance._state.adding = True
                self.object = None
            form.add_error(error.field, OUT_OF_SCOPE_CHOICE)
            return self.form_invalid(form)
        self.remember_submission()
        messages.success(self.request, self.success_message % {"object": self.object})
        return HttpResponseRedirect(self.get_success_url())

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

    def get_guard(self):
        if self.guard is not None:
            return type(self).guard  # a plain function kept on the class
        return self.workflow.edit_guard if self.workflow is not None else None

    def refused(self):
        guard = self.get_guard()
        if guard is None:
            return None
        obj = self.get_object()
        message = refusal(guard, obj)
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


class StepView(ScopedViewMixin, generic.detail.SingleObjectMixin, generic.FormView):
    default_page_help = gettext_lazy(
        "Read the summary of the %(name)s, fill in what this step asks and press its button. "
        "The change is recorded with your name and the people concerned are told."
    )
    """The page of one declared workflow step (core.workflow.Step) on one object.

    Made by `Workflow.urls()`; nothing to subclass. When the step's guard refuses, the page
    says why instead of offering a form that cannot succeed — also after a post, when the step
    became impossible meanwhile (another tab, another person).
    """

    template_name = "core/object_action.html"
    step: Step = None

    def get_permission_required(self):
        return (perm_name(self.model, self.step.action),)

    def get_template_names(self):
        return [self.step.template_name] if self.step.template_name else [self.template_name]

    def get_form_class(self):
        return self.step.form

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

    def get_initial(self):
        return self.step.initial(self.object) if self.step.initial else {}

    def get_form(self, form_class=None):
        kwargs = self.get_form_kwargs()
        kwargs.pop("instance", None)
        return self.step.make_form(self.object, self.request.user, money_unit=unit_for(self.request.user), **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("object", self.object)
        context = super().get_context_data(**kwargs)
        step = self.step
        title = step.title or step.label
        title = title(self.object) if callable(title) else title
        money_unit = unit_for(self.request.user)
        context.update(
            summary_rows=[
                (self.model._meta.get_field(name).verbose_name,
                 display.value_text(self.object, self.model._meta.get_field(name), money_unit=money_unit))
                for name in step.summary
            ],
            title=title,
            confirm_label=step.confirm_label or title,
            button_class=step.button.replace("btn-outline-", "btn-"),
            refusal=refusal(step.guard, self.object) if step.guard is not None else None,
        )
        return context

    def form_valid(self, form):
        try:
            result = self.step.run(self.object, self.request.user, form.service_arguments())
        except WorkflowError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        except WrittenOutOfScope as error:
            if error.field is None or error.field not in form.fields:
                raise Http404 from None
            form.add_error(error.field, OUT_OF_SCOPE_CHOICE)
            return self.form_invalid(form)
        messages.success(self.request, self.step.message(result, self.request.user))
        # A step may make a new object (a reopened report's next version): go to it.
        return HttpResponseRedirect(result.get_absolute_url())


class HomeView(LoginRequiredMixin, generic.TemplateView):
    """The dashboard: cards, panels and quick actions fitting the user's role."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_help"] = gettext_lazy(
            "Your starting page: first what waits for you (requests to decide, overdue follow-ups), then the "
            "figures of your province, then links to frequent tasks. The menu above reaches every page."
        )
        context.update(collect(self.request.user))
        context["today"] = jalali.format_date_long(timezone.localdate())
        return context


class SiteSearchView(LoginRequiredMixin, generic.TemplateView):
    """The header's search box: the few best rows of every registered searcher (core.registry
    `search=`) the reader may view, each through its model's filter set (scope, Persian folding,
    personal fields by exact match only for roles that see them), with a link to the full list."""

    template_name = "core/search.html"
    SHOWN = 5
    # Matches are counted up to this many ("100+" beyond): counting every match of a common name
    # over the national roster and lists made a national admin's search take ~0.4 s.
    COUNTED = 100

    def get_context_data(self, **kwargs):
        from django.apps import apps as django_apps
        from django.utils.module_loading import import_string

        from .search import validate_search

        context = super().get_context_data(**kwargs)
        query = (self.request.GET.get("q") or "").strip()
        context.update(query=query, groups=[], page_help=gettext_lazy(
            "Type a name, a word of a title or a whole code: every list you may see is searched, a few results "
            "each; open one, or the full list of its kind."))
        if not query:
            return context
        try:
            validate_search(query)
        except ValidationError as error:
            context["error"] = error.messages[0]
            return context
        user = self.request.user
        for searcher in registry.searchers():
            model = django_apps.get_model(searcher.model)
            if not user.has_perm(perm_name(model, "view")):
                continue
            filterset = import_string(searcher.filterset)(
                {"q": query}, queryset=model.objects.visible_to(user), request=self.request)
            if not filterset.is_valid():
                continue
            rows = filterset.qs
            count = rows.order_by()[: self.COUNTED + 1].count()  # unordered: stops at the 101st match
            if not count:
                continue
            try:
                list_url = reverse(model.url_name("list")) + "?" + urlencode({"q": query})
            except NoReverseMatch:
                list_url = None
            context["groups"].append({"title": searcher.title or model._meta.verbose_name_plural,
                                      "rows": list(rows[: self.SHOWN]), "count": min(count, self.COUNTED),
                                      "more": count > self.COUNTED, "list_url": list_url})
        return context
