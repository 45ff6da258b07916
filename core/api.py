"""API building blocks (django-ninja). An app's `api.py` declares schemas and calls
`crud_router`; permission, scope (404 outside it), filters (the page's filter set),
validation (the page's form) and error shapes come from here."""
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _lazy
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth
from pydantic import create_model

from .privacy import served
from .scope import WrittenOutOfScope, verify_written
from .services import WorkflowError
from .workflow import form_schema, payload_data, perm_name

# --- authentication -----------------------------------------------------------------

class TokenAuth(HttpBearer):
    """`Authorization: Bearer <personal token>`; the token was checked by ApiTokenMiddleware."""

    def authenticate(self, request, token):
        return request.user if getattr(request, "api_token", None) is not None else None


class VerifiedSessionAuth(SessionAuth):
    """The browser's session, once any required second factor has been passed."""

    def authenticate(self, request, key):
        user = request.user
        if user.is_authenticated and (not user.requires_otp or user.is_verified()):
            return user
        return None


API_AUTH = [TokenAuth(), VerifiedSessionAuth()]


# --- error shapes (documented on every endpoint) ---------------------------------------

class ErrorOut(Schema):
    detail: str


class ValidationErrorItem(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[ValidationErrorItem]


class FormValidationError(Exception):
    def __init__(self, form):
        self.form = form


def form_errors(form) -> list[dict]:
    items = []
    for field, errors in form.errors.get_json_data().items():
        for error in errors:
            loc = ["body", "payload"] + ([field] if field != "__all__" else [])
            items.append({"loc": loc, "msg": error["message"], "type": error.get("code") or "value_error"})
    return items


# 400: a number beyond the database's range; 422: a parameter or filter refused (documented so
# that schema-based fuzzing agrees with what the API answers).
READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS = {**READ_ERRORS, 409: ErrorOut, 422: ValidationErrorOut}

# pydantic's messages are English: the common ones said in the reader's language.
_PYDANTIC_MESSAGES = {
    "less_than_equal": (_lazy("Enter a number no larger than %(le)s."), "le"),
    "less_than": (_lazy("Enter a number smaller than %(lt)s."), "lt"),
    "greater_than_equal": (_lazy("Enter a number no smaller than %(ge)s."), "ge"),
    "greater_than": (_lazy("Enter a number larger than %(gt)s."), "gt"),
    "int_parsing": (_lazy("Enter a whole number."), None),
    "int_type": (_lazy("Enter a whole number."), None),
    "int_from_float": (_lazy("Enter a whole number."), None),
    "string_too_long": (_lazy("Enter at most %(max_length)s characters."), "max_length"),
    "string_too_short": (_lazy("Enter at least %(min_length)s characters."), "min_length"),
    "too_long": (_lazy("Give at most %(max_length)s items."), "max_length"),
    "missing": (_lazy("This field is required."), None),
}


def validation_items(errors) -> list[dict]:
    """ninja's validation errors as the schema documents them: loc, msg, type only (pydantic's
    `ctx` may hold objects JSON cannot carry), messages in the reader's language."""
    items = []
    for error in errors:
        kind = str(error.get("type", "value_error"))
        message, key = _PYDANTIC_MESSAGES.get(kind, (None, None))
        ctx = error.get("ctx") or {}
        if message is not None and (key is None or key in ctx):
            msg = str(message) % ({key: ctx[key]} if key else {})
        else:
            msg = str(error.get("msg", ""))
        items.append({"loc": [item if isinstance(item, (str, int)) else str(item) for item in error.get("loc", [])],
                      "msg": msg, "type": kind})
    return items


def install_error_handlers(api):
    @api.exception_handler(NinjaValidationError)
    def _params_invalid(request, exc):
        return api.create_response(request, {"detail": validation_items(exc.errors)}, status=422)

    @api.exception_handler(OverflowError)
    def _number_too_large(request, exc):
        message = _lazy("A number in the request is too large. Check the address or the form and try again.")
        return api.create_response(request, {"detail": str(message)}, status=400)

    @api.exception_handler(FormValidationError)
    def _form_invalid(request, exc):
        return api.create_response(request, {"detail": form_errors(exc.form)}, status=422)

    @api.exception_handler(WorkflowError)
    def _workflow_refused(request, exc):
        return api.create_response(request, {"detail": str(exc)}, status=409)


# --- permission and scope -----------------------------------------------------------

def require_perm(request, model, action: str) -> None:
    if not request.user.has_perm(perm_name(model, action)):
        raise HttpError(403, "You do not have permission for this action.")


def get_visible(request, model, pk, queryset=None):
    """The object if this user may see it, else 404 (never 403: existence is not revealed)."""
    queryset = queryset if queryset is not None else model.objects.visible_to(request.user)
    try:
        obj = queryset.get(pk=pk)
    except model.DoesNotExist:
        raise Http404 from None
    served(obj)  # its personal fields, if given in clear, are audited (core.privacy)
    return obj


# --- pagination ---------------------------------------------------------------------

MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 100


class BoundedPagination(PageNumberPagination):
    """`page` and `page_size` bounded: a 31-digit page number is a 422, not an SQL overflow."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description=f"1 to {MAX_PAGE:,}.")
        page_size: int | None = Field(None, ge=1, description=f"At most {MAX_PAGE_SIZE} are given, whatever is asked.")

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        # The page's records, noted: their personal fields, if given in clear, are audited (core.privacy).
        page["items"] = list(page["items"])
        served(*page["items"])
        return page


# --- filters ------------------------------------------------------------------------

def filter_schema(filterset_class) -> type[Schema]:
    """A query-parameter schema mirroring a django-filter FilterSet, for the OpenAPI docs."""
    fields: dict[str, Any] = {}
    for name, flt in filterset_class.base_filters.items():
        fields[name] = (str | None, Field(None, description=str(flt.label or name)))
    return create_model(f"{filterset_class.__name__}Params", __base__=Schema, **fields)


def apply_filters(request, queryset, filterset_class, params: Schema):
    data = {key: value for key, value in params.dict().items() if value not in (None, "")}
    filterset = filterset_class(data, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise FormValidationError(filterset.form)
    return filterset.qs


# --- forms as the single validation path --------------------------------------------

def form_data_from_instance(form_class, instance, user) -> dict:
    form = form_class(instance=instance, user=user)
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if isinstance(value, (list, tuple)):
            value = [getattr(item, "pk", item) for item in value]
        data[name] = getattr(value, "pk", value)
    return data


def form_from_payload(request, form_class, payload: Schema, **form_kwargs):
    """A form (the page's own) filled from the payload and validated, else 422."""
    form = form_class(data=payload_data(payload), user=request.user, **form_kwargs)
    if not form.is_valid():
        raise FormValidationError(form)
    return form


def out_of_scope(form, error: WrittenOutOfScope):
    """A write that pointed outside the user's scope: 422 on the field, or 404 for the object."""
    if error.field is None or error.field not in form.fields:
        return Http404()
    form.add_error(error.field, "Select a valid choice. That choice is not one of the available choices.")
    return FormValidationError(form)


def save_with_form(request, form_class, payload: Schema, instance=None, workflow=None):
    """Validate an API payload with the same form as the page, save (through the workflow's
    creation service if it has one), re-check scope, return the object."""
    sent = payload.dict(exclude_unset=instance is not None)
    data = form_data_from_instance(form_class, instance, request.user) if instance is not None else {}
    data.update(payload_data_from(sent))
    form = form_class(data=data, instance=instance, user=request.user)
    if not form.is_valid():
        raise FormValidationError(form)
    try:
        with transaction.atomic():
            if instance is None and workflow is not None and workflow.create is not None:
                obj = workflow.create(request.user, **form.service_arguments())
            else:
                if instance is None and hasattr(form.instance, "created_by"):
                    form.instance.created_by = request.user
                obj = form.save()
            verify_written(obj, request.user)
    except WrittenOutOfScope as error:
        raise out_of_scope(form, error) from None
    return obj


def payload_data_from(sent: dict) -> dict:
    return {key: ("" if value is None else value) for key, value in sent.items()}


def add_step_route(router, model, step, out_schema, visible) -> None:
    """`POST …/{pk}/<step>`: the declared step, its input schema generated from its form."""
    name = model._meta.model_name
    Payload = step.api_schema or form_schema(
        step.form, f"{model.__name__}{step.name.title().replace('_', '')}In",
        **(step.form_kwargs(None) if step.form_kwargs else {}),
    )

    def take_step(request, pk: int, payload):
        require_perm(request, model, step.action)
        obj = get_visible(request, model, pk, visible(request))
        if step.guard is not None:
            step.guard(obj)  # a refused step is 409 before its input is judged
        if step.api_arguments is not None:
            arguments = step.api_arguments(obj, payload.dict() if payload is not None else {})
            form = None
        else:
            form = step.make_form(obj, request.user, data=payload_data(payload))
            if not form.is_valid():
                raise FormValidationError(form)
            arguments = form.service_arguments()
        try:
            step.run(obj, request.user, arguments)
        except WrittenOutOfScope as error:
            if form is None:
                raise Http404 from None
            raise out_of_scope(form, error) from None
        return get_visible(request, model, pk, visible(request))

    if Payload.model_fields:
        def endpoint(request, pk: int, payload: Payload):  # type: ignore[valid-type]
            return take_step(request, pk, payload)
    else:  # a confirmation: nothing to send
        def endpoint(request, pk: int):
            return take_step(request, pk, None)

    label = step.title or step.label
    router.post(
        f"/{{int:pk}}/{step.name}", response={200: out_schema, **WRITE_ERRORS}, operation_id=f"{name}_{step.name}",
        summary=str(label) if not callable(label) else step.name.replace("_", " ").capitalize(),
        description=str(step.description) if step.description else None,
    )(endpoint)


# --- the generic router ---------------------------------------------------------------

def partial_schema(in_schema: type[Schema]) -> type[Schema]:
    """The input schema with every field optional, for PATCH (only the fields sent change)."""
    return create_model(
        f"{in_schema.__name__}Patch",
        __base__=in_schema,
        **{field: (info.annotation | None, None) for field, info in in_schema.model_fields.items()},
    )


def crud_router(
    *,
    model,
    out_schema: type[Schema],
    filterset_class,
    in_schema: type[Schema] | None = None,
    form_class=None,
    tags: list[str],
    queryset=None,
    page_size: int = 50,
    workflow=None,
) -> Router:
    """List (filtered, paginated), detail, — with a form — create and update, and one
    endpoint per declared workflow step (core.workflow).

    The workflow's `create` service makes new objects; its `edit_guard` refuses an update
    by raising WorkflowError (409) once a record has left its editable state."""
    router = Router(tags=tags)
    name = model._meta.model_name
    Params = filter_schema(filterset_class)

    def visible(request):
        base = queryset(request) if queryset else model.objects.all()
        return base.visible_to(request.user)

    @router.get("", response={200: list[out_schema], **READ_ERRORS}, operation_id=f"{name}_list")
    @paginate(BoundedPagination, page_size=page_size, max_page_size=MAX_PAGE_SIZE)
    def list_objects(request, filters: Query[Params]):  # type: ignore[valid-type]
        require_perm(request, model, "view")
        return apply_filters(request, visible(request), filterset_class, filters)

    @router.get("/{int:pk}", response={200: out_schema, **READ_ERRORS}, operation_id=f"{name}_detail")
    def get_object(request, pk: int):
        require_perm(request, model, "view")
        return get_visible(request, model, pk, visible(request))

    if form_class is not None and in_schema is not None:
        Patch = partial_schema(in_schema)

        @router.post("", response={201: out_schema, **WRITE_ERRORS}, operation_id=f"{name}_create")
        def create_object(request, payload: in_schema):  # type: ignore[valid-type]
            require_perm(request, model, "add")
            return Status(201, save_with_form(request, form_class, payload, workflow=workflow))

        @router.patch("/{int:pk}", response={200: out_schema, **WRITE_ERRORS}, operation_id=f"{name}_update")
        def update_object(request, pk: int, payload: Patch):  # type: ignore[valid-type]
            require_perm(request, model, "change")
            obj = get_visible(request, model, pk, visible(request))
            if workflow is not None and workflow.edit_guard is not None:
                workflow.edit_guard(obj)
            return save_with_form(request, form_class, payload, instance=obj)

    if workflow is not None:
        workflow.add_api_routes(router, out_schema, visible)
    return router
