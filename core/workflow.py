"""Workflow steps, declared once.

A step (approve a meeting, record a receipt, onboard a candidate) is one `Step`: its name,
label, permission, form, guard and the service function it calls. From that declaration come
the page that asks for the form (`Workflow.urls()`), the API endpoint with an input schema
generated from the same form (`Workflow.add_api_routes()`, used by `core.api.crud_router`) and
the detail page's buttons (`Workflow.buttons()`), shown, shown disabled with the guard's
reason, or hidden. Services change state through `transition()`, which locks the row, checks
the guard, saves and writes the audit row.
"""
from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import transaction
from django.urls import path, reverse
from pydantic import create_model

from .audit import save_transition
from .forms import ConfirmForm, JalaliDateField
from .services import Inapplicable, WorkflowError


def perm_name(model, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


# --- changing state --------------------------------------------------------------------

class transition:
    """Lock `obj`, check `guard`, let the body decide the new field values, then save them
    and write one audit row named `event` — all in one transaction.

        with transition(meeting, "meeting_cancel", by, check_can_cancel, reason=reason) as step:
            step.set(status=MeetingStatus.CANCELLED, cancel_reason=reason)
        return step.obj

    `step.obj` is the freshly locked row; `step.note(**data)` adds to the audit row;
    `step.save()` saves early, for work that needs the new state (follow-ups of a held
    meeting). A WorkflowError raised in the body (or by the guard) rolls everything back.
    """

    def __init__(self, obj, event: str, by, guard: Callable | None = None, **data):
        self.model, self.pk = type(obj), obj.pk
        self.event, self.by, self.guard, self.data = event, by, guard, data
        self.fields: dict[str, Any] = {}
        self.obj = None
        self.saved = False
        self._atomic = transaction.atomic()

    def __enter__(self):
        self._atomic.__enter__()
        try:
            manager = self.model._default_manager
            self.obj = manager.select_for_update(of=("self",)).get(pk=self.pk)
            if self.guard is not None:
                self.guard(self.obj)
        except BaseException as error:
            self._atomic.__exit__(type(error), error, error.__traceback__)
            raise
        return self

    def set(self, **fields) -> None:
        self.fields.update(fields)

    def note(self, **data) -> None:
        self.data.update(data)

    def save(self) -> None:
        if not self.saved:
            save_transition(self.obj, self.event, self.by, self.fields, **self.data)
            self.saved = True

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            try:
                self.save()
            except BaseException as error:
                return self._atomic.__exit__(type(error), error, error.__traceback__)
        return self._atomic.__exit__(exc_type, exc, tb)


# --- declarations ----------------------------------------------------------------------

Text = str | Callable[[Any], str]


def _text(value, obj) -> str:
    return str(value(obj) if callable(value) else value)


@dataclass(frozen=True)
class Step:
    """One workflow step on one object.

    name         URL `<pk>/<name>/` named `<app>:<model>_<name>`; API `POST …/{pk}/<name>`
                 with operation id `<model>_<name>`
    label        the button (text, or a function of the object)
    service      `service(obj, by, **form.service_arguments())`, returning the object
    form         the page's form; the API's input schema is generated from it
    permission   the action part of `<app>.<permission>_<model>` (default: the name)
    guard        the service's own state check: raises WorkflowError (button shown disabled
                 with the reason) or Inapplicable (button hidden)
    """

    name: str
    label: Text
    service: Callable
    form: type[forms.BaseForm] = ConfirmForm
    permission: str = ""
    guard: Callable | None = None
    title: Text = ""
    button: str = "btn-outline-primary"
    confirm_label: str = ""
    done: Text = ""
    description: str = ""
    url_path: str = ""
    template_name: str = ""
    # Fields of the object shown above the form, so the decision is not taken blind.
    summary: tuple[str, ...] = ()
    form_kwargs: Callable[[Any], dict] | None = None
    initial: Callable[[Any], dict] | None = None
    api: bool = True
    # For a form whose fields depend on the object (the roster's column mapping): the API
    # schema and how its payload becomes the service's arguments.
    api_schema: type | None = None
    api_arguments: Callable[[Any, dict], dict] | None = None

    @property
    def action(self) -> str:
        return self.permission or self.name

    def refusal(self, obj) -> WorkflowError | None:
        if self.guard is None:
            return None
        try:
            self.guard(obj)
        except WorkflowError as error:
            return error
        return None

    def make_form(self, obj, user, **kwargs):
        extra = self.form_kwargs(obj) if self.form_kwargs else {}
        if issubclass(self.form, forms.ModelForm) and obj is not None:
            extra["instance"] = obj
        return self.form(user=user, **extra, **kwargs)

    def run(self, obj, user, arguments: dict):
        """Call the service; the result must stay in the user's scope (else everything rolls back)."""
        from .scope import verify_written

        with transaction.atomic():
            result = self.service(obj, user, **arguments)
            verify_written(result if result is not None else obj, user)
        return result if result is not None else obj

    def message(self, obj, user) -> str:
        """What the page says once the step is taken: `done`, formatted with the object, or a
        function of the object and the user (amounts in the user's money unit)."""
        if callable(self.done):
            return str(self.done(obj, user))
        return str(self.done) % {"object": obj}


@dataclass(frozen=True)
class Link:
    """A button to a page of the app's own (a PDF letter, the mapping screen) that follows the
    same permission and guard rules as a step."""

    url_name: str
    label: Text
    permission: str
    guard: Callable | None = None
    button: str = "btn-outline-secondary"

    def refusal(self, obj):
        return Step.refusal(self, obj)


# Every declared workflow, in the order the apps declared them (for checks and docs).
WORKFLOWS: list[Workflow] = []


@dataclass
class Workflow:
    """Every declared step of one model, its creation service and its edit guard."""

    model: type
    steps: list[Step] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    # `create(by, **form.service_arguments())` for models created through a service.
    create: Callable | None = None
    # The check that the object may still be edited (page and API alike).
    edit_guard: Callable | None = None

    def __post_init__(self):
        names = [step.name for step in self.steps]
        if len(names) != len(set(names)):
            raise ValueError(f"{self.model.__name__}: two steps share a name")
        WORKFLOWS.append(self)

    def __getitem__(self, name: str) -> Step:
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(name)

    # pages -----------------------------------------------------------------------------
    def urls(self, prefix: str = "") -> list:
        """One page per step: `<prefix><int:pk>/<name>/`."""
        from .views import StepView

        model_name = self.model._meta.model_name
        return [
            path(f"{prefix}<int:pk>/{step.url_path or step.name}/",
                 StepView.as_view(model=self.model, step=step), name=f"{model_name}_{step.name}")
            for step in self.steps
        ]

    def editable(self, obj) -> bool:
        if self.edit_guard is None:
            return True
        try:
            self.edit_guard(obj)
        except WorkflowError:
            return False
        return True

    def buttons(self, obj, user) -> list[dict]:
        """The steps this user may take on `obj` now, and those refused with a reason."""
        result = []
        for item in [*self.steps, *self.links]:
            if not user.has_perm(perm_name(self.model, item.action if isinstance(item, Step) else item.permission)):
                continue
            refusal = item.refusal(obj)
            if isinstance(refusal, Inapplicable):
                continue
            if isinstance(item, Step):
                url = reverse(self.model.url_name(item.name), args=[obj.pk])
            else:
                url = reverse(item.url_name, args=[obj.pk])
            result.append({
                "url": url, "label": _text(item.label, obj), "class": item.button,
                "disabled": refusal is not None, "reason": str(refusal) if refusal is not None else "",
            })
        return result

    # API -------------------------------------------------------------------------------
    def add_api_routes(self, router, out_schema, visible) -> None:
        from .api import add_step_route

        for step in self.steps:
            if step.api:
                add_step_route(router, self.model, step, out_schema, visible)


# --- forms as API schemas ----------------------------------------------------------------

def _field_type(form_field) -> tuple[Any, Any]:
    """(annotation, default) of the API field standing for one form field."""
    required = form_field.required
    if isinstance(form_field, forms.BooleanField):
        return bool, False
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        return list[int], []
    if isinstance(form_field, forms.MultipleChoiceField):
        return list[str], []
    if isinstance(form_field, forms.ModelChoiceField):
        return (int, ...) if required else (int | None, None)
    if isinstance(form_field, forms.IntegerField) or type(form_field).__name__ == "MoneyFormField":
        return (int, ...) if required else (int | None, None)
    return (str, ...) if required else (str, "")


def _describe(form_field) -> str:
    text = str(form_field.help_text or form_field.label or "")
    if isinstance(form_field, (JalaliDateField, forms.DateField)):
        text = f"{text} Jalali (1405/09/10) or ISO (2026-11-30) date.".strip()
    if type(form_field).__name__ == "MoneyFormField":
        text = f"{text} In rials.".strip()
    choices = getattr(form_field, "choices", None)
    if choices is not None and not isinstance(form_field, forms.ModelChoiceField):
        values = [str(value) for value, _label in choices if value not in ("", None)]
        if values:
            text = f"{text} One of: {', '.join(values)}.".strip()
    return text


def form_schema(form_class, name: str, **form_kwargs):
    """A pydantic (ninja) schema with one field per form field: what the API accepts is what
    the page's form accepts, by construction."""
    from ninja import Field, Schema

    form = form_class(user=None, **form_kwargs)
    fields = {}
    for field_name, form_field in form.fields.items():
        if isinstance(form_field, forms.FileField):
            continue
        annotation, default = _field_type(form_field)
        fields[field_name] = (annotation, Field(default, description=_describe(form_field)))
    return create_model(name, __base__=Schema, **fields)


def payload_data(payload) -> dict:
    """A payload as form data: None as empty, dates as text."""
    data = {}
    for key, value in (payload.dict() if payload is not None else {}).items():
        if value is None:
            value = ""
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        data[key] = value
    return data
