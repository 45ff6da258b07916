from datetime import date

from ninja import Field, Schema

from core import jalali
from core.api import crud_router
from core.privacy import shown

from .choices import MediaKind, OrganizationKind
from .filters import ContactFilterSet, InteractionFilterSet, OrganizationFilterSet
from .forms import ContactForm, InteractionForm, OrganizationForm
from .models import Contact, Interaction, Organization

PERSONAL = "partners.view_personal_contact"


def area_ids(obj) -> list[int]:
    return [area.pk for area in obj.areas.all()]


class OrganizationOut(Schema):
    id: int
    name: str
    kind: str
    media_kind: str
    province: int = Field(alias="province_id")
    county: int | None = Field(alias="county_id")
    areas: list[int]
    address: str
    phone: str
    website: str
    notes: str

    @staticmethod
    def resolve_areas(obj):
        return area_ids(obj)


class OrganizationIn(Schema):
    name: str
    kind: str = Field(description=", ".join(OrganizationKind.values))
    media_kind: str = Field("", description="For media outlets only: " + ", ".join(MediaKind.values))
    province: int
    county: int | None = None
    areas: list[int] = []
    address: str = ""
    phone: str = ""
    website: str = ""
    notes: str = ""
    allow_duplicate: bool = Field(
        False,
        description="An organisation whose normalised name matches one in the province is refused (422) unless this is true.",
    )


class ContactOut(Schema):
    id: int
    organization: int = Field(alias="organization_id")
    first_name: str
    last_name: str
    role: str
    position: str
    term_start: date | None
    term_start_jalali: str
    term_end: date | None
    term_end_jalali: str
    mobile: str = Field(description="Masked unless your role may see contacts' personal data.")
    phone: str = Field(description="Masked unless your role may see contacts' personal data.")
    email: str = Field(description="Masked unless your role may see contacts' personal data.")
    notes: str

    @staticmethod
    def resolve_term_start_jalali(obj):
        return jalali.format_date(obj.term_start, persian_digits=False)

    @staticmethod
    def resolve_term_end_jalali(obj):
        return jalali.format_date(obj.term_end, persian_digits=False)

    @staticmethod
    def resolve_mobile(obj, context):
        return shown(context["request"].user, obj.mobile, PERSONAL)

    @staticmethod
    def resolve_phone(obj, context):
        return shown(context["request"].user, obj.phone, PERSONAL)

    @staticmethod
    def resolve_email(obj, context):
        return shown(context["request"].user, obj.email, PERSONAL)


class ContactIn(Schema):
    organization: int
    first_name: str
    last_name: str
    role: str = Field("other", description="board_chair, board_member, director, deputy, staff or other")
    position: str = ""
    term_start: str | None = Field(None, description="Jalali (1403/07/01) or ISO date.")
    term_end: str | None = Field(None, description="Jalali or ISO date.")
    mobile: str = ""
    phone: str = ""
    email: str = ""
    notes: str = ""


class InteractionOut(Schema):
    id: int
    organization: int = Field(alias="organization_id")
    kind: str
    occurred_on: date
    occurred_on_jalali: str
    subject: str
    summary: str
    contacts: list[int]
    areas: list[int]

    @staticmethod
    def resolve_occurred_on_jalali(obj):
        return jalali.format_date(obj.occurred_on, persian_digits=False)

    @staticmethod
    def resolve_contacts(obj):
        return [contact.pk for contact in obj.contacts.all()]

    @staticmethod
    def resolve_areas(obj):
        return area_ids(obj)


class InteractionIn(Schema):
    organization: int
    kind: str = Field(description="call, letter, email, message, visit or other")
    occurred_on: str = Field(description="Jalali or ISO date; not in the future.")
    subject: str
    summary: str = ""
    contacts: list[int] = Field([], description="People of this organisation who took part.")
    areas: list[int] = []


organizations = crud_router(
    model=Organization, out_schema=OrganizationOut, in_schema=OrganizationIn, form_class=OrganizationForm,
    filterset_class=OrganizationFilterSet, tags=["organisations"],
    queryset=lambda request: Organization.objects.prefetch_related("areas"),
)
contacts = crud_router(
    model=Contact, out_schema=ContactOut, in_schema=ContactIn, form_class=ContactForm,
    filterset_class=ContactFilterSet, tags=["contacts"],
)
interactions = crud_router(
    model=Interaction, out_schema=InteractionOut, in_schema=InteractionIn, form_class=InteractionForm,
    filterset_class=InteractionFilterSet, tags=["interactions"],
    queryset=lambda request: Interaction.objects.prefetch_related("areas", "contacts"),
)

ROUTERS = [("/organizations", organizations), ("/contacts", contacts), ("/interactions", interactions)]
