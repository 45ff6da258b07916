"""The roster's workflows, declared once (core.workflow): a retiree's consents, and an
import's start (after the columns are matched), cancel and run-again."""
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from core.workflow import Step, Workflow

from . import services
from .forms import ConsentForm, MappingForm, ValueMappingForm
from .models import Retiree, RosterImport

RETIREE = Workflow(
    Retiree,
    steps=[
        Step("consent", _("Record consent"), services.retiree_record_consent, ConsentForm, permission="change",
             initial=lambda retiree: {"consent_contact": retiree.consent_contact,
                                      "consent_children": retiree.consent_children},
             done=_("Consent for “%(object)s” was recorded.")),
    ],
)


class MappingIn(Schema):
    mapping: dict[str, str] | None = Field(None, description="{column name: field}; empty uses the recognised columns.")


def mapping_form_kwargs(roster_import) -> dict:
    if roster_import is None:
        return {}
    from .pipeline import sample_values

    return {"headers": roster_import.headers, "initial_mapping": roster_import.mapping,
            "samples": sample_values(roster_import)}


def values_form_kwargs(roster_import) -> dict:
    return {"unknown": roster_import.unknown_values} if roster_import is not None else {}


ROSTER_IMPORT = Workflow(
    RosterImport,
    steps=[
        # The page asks column by column; the API takes the mapping as one object.
        Step("start", _("Map the columns"), services.rosterimport_start, MappingForm, permission="change",
             guard=services.check_can_start, url_path="mapping", template_name="retirees/rosterimport_mapping.html",
             form_kwargs=mapping_form_kwargs, button="btn-primary",
             done=_("The import has started. You can leave this page; it goes on in the background."),
             api_schema=MappingIn,
             api_arguments=lambda roster_import, data: {"mapping": data.get("mapping") or roster_import.mapping},
             description="Start the import with this column mapping (or the recognised one)."),
        Step("cancel", _("Cancel the import"), services.rosterimport_cancel, permission="change",
             guard=services.check_can_cancel, button="btn-outline-danger",
             done=_("The import stops after the rows it is saving now; those stay saved. You can run it again later.")),
        Step("retry", _("Run it again"), services.rosterimport_retry, permission="change",
             guard=services.check_can_retry, title=_("Run the import again"),
             done=_("The import runs again. Rows already saved are matched by national code, not repeated.")),
        Step("map_values", _("Map values it did not recognise"), services.rosterimport_map_values, ValueMappingForm,
             guard=services.check_can_map_values, url_path="values", template_name="retirees/rosterimport_values.html",
             form_kwargs=values_form_kwargs, api=False,
             done=_("Saved. The import runs again so the people saved without these values get them.")),
    ],
)
