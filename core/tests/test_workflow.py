"""The workflow declaration (core.workflow): one Step gives the page, the API endpoint with
an input schema generated from the page's form, and the detail page's buttons; services
change state through `transition`."""
from auditlog.models import LogEntry
from django.test import TestCase
from django.urls import reverse

from accounts.testing import bearer, make_user, sign_in
from core.roles import Role
from core.services import WorkflowError
from core.workflow import WORKFLOWS, form_schema, transition
from geo.testing import make_province
from meetings.choices import MeetingStatus
from meetings.services import check_can_cancel
from meetings.testing import make_meeting
from safiran.api import api


def declared_steps():
    return [(workflow, step) for workflow in WORKFLOWS for step in workflow.steps]


class DeclarationTests(TestCase):
    def test_every_app_with_a_workflow_declared_it(self):
        models = {workflow.model._meta.label for workflow in WORKFLOWS}
        self.assertTrue({"meetings.Meeting", "meetings.FollowUp", "sponsorship.Pledge", "ambassadors.Ambassador",
                         "recruitment.Candidate", "retirees.Retiree", "retirees.RosterImport"} <= models, models)

    def test_every_step_has_a_page_and_an_api_operation_with_the_forms_fields(self):
        schema = api.get_openapi_schema()
        operations = {
            operation["operationId"]: operation
            for path in schema["paths"].values() for operation in path.values()
        }
        for workflow, step in declared_steps():
            name = f"{workflow.model._meta.model_name}_{step.name}"
            with self.subTest(step=name):
                self.assertTrue(reverse(workflow.model.url_name(step.name), args=[1]))
                if not step.api:
                    continue
                self.assertIn(name, operations)
                if step.api_schema is not None:
                    continue  # the form's fields depend on the object (the roster's columns)
                form = step.form(user=None, **(step.form_kwargs(None) if step.form_kwargs else {}))
                body = operations[name].get("requestBody")
                sent = set()
                if body is not None:
                    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
                    sent = set(schema["components"]["schemas"][ref]["properties"])
                self.assertEqual(sent, set(form.fields), "the API accepts exactly what the page's form does")

    def test_required_form_fields_are_required_in_the_schema(self):
        from meetings.forms import MeetingDeclineForm, MeetingHoldForm

        self.assertEqual(form_schema(MeetingDeclineForm, "X").model_json_schema()["required"], ["comment"])
        required = set(form_schema(MeetingHoldForm, "Y").model_json_schema()["required"])
        self.assertEqual(required, {"held_on", "minutes", "outcome"})


class TransitionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province()
        cls.manager = make_user(Role.PROVINCIAL_MANAGER, cls.province)

    def test_saves_the_fields_and_writes_one_audit_row(self):
        meeting = make_meeting(self.province)
        with transition(meeting, "meeting_cancel", self.manager, check_can_cancel, reason="x") as step:
            step.set(status=MeetingStatus.CANCELLED, cancel_reason="x")
        meeting.refresh_from_db()
        self.assertEqual(meeting.status, MeetingStatus.CANCELLED)
        rows = LogEntry.objects.filter(additional_data__event="meeting_cancel")
        self.assertEqual(rows.count(), 1)
        self.assertEqual(rows.get().changes["status"], ["requested", "cancelled"])

    def test_a_guard_refusal_changes_nothing(self):
        meeting = make_meeting(self.province, status=MeetingStatus.HELD)
        with self.assertRaises(WorkflowError):
            with transition(meeting, "meeting_cancel", self.manager, check_can_cancel) as step:
                step.set(status=MeetingStatus.CANCELLED)
        meeting.refresh_from_db()
        self.assertEqual(meeting.status, MeetingStatus.HELD)
        self.assertFalse(LogEntry.objects.filter(additional_data__event="meeting_cancel").exists())

    def test_an_error_in_the_body_rolls_back_work_done_in_it(self):
        meeting = make_meeting(self.province)
        with self.assertRaises(WorkflowError):
            with transition(meeting, "meeting_cancel", self.manager) as step:
                step.obj.purpose = "changed"
                step.obj.save(update_fields=["purpose"])
                raise WorkflowError("no")
        meeting.refresh_from_db()
        self.assertEqual(meeting.purpose, "معرفی طرح سفیران")


class ButtonTests(TestCase):
    """The detail page's buttons come from the declaration: shown, shown disabled with the
    guard's reason, or hidden — never a button to a step that cannot be taken."""

    @classmethod
    def setUpTestData(cls):
        cls.province = make_province()
        cls.ambassador = make_user(Role.AMBASSADOR, cls.province)
        cls.manager = make_user(Role.PROVINCIAL_MANAGER, cls.province)

    def test_a_step_refused_with_a_reason_is_shown_disabled_with_it(self):
        meeting = make_meeting(self.province)
        sign_in(self.client, self.ambassador)
        page = self.client.get(meeting.get_absolute_url()).content.decode()
        self.assertIn("disabled", page)
        self.assertIn("ثبت برگزاری", page)  # "Record as held" …
        self.assertNotIn(f'href="/meetings/{meeting.pk}/hold/"', page)  # … but not a link
        self.assertIn("تأیید", self.client.get(f"/meetings/{meeting.pk}/hold/").content.decode())  # the page says why

    def test_an_inapplicable_step_is_hidden_and_permission_is_respected(self):
        meeting = make_meeting(self.province, status=MeetingStatus.HELD)
        sign_in(self.client, self.manager)
        page = self.client.get(meeting.get_absolute_url()).content.decode()
        for step in ("approve", "decline", "hold", "cancel"):
            self.assertNotIn(f"/meetings/{meeting.pk}/{step}/", page)
        requested = make_meeting(self.province)
        page = self.client.get(requested.get_absolute_url()).content.decode()
        self.assertIn(f"/meetings/{requested.pk}/approve/", page)
        sign_in(self.client, self.ambassador)
        page = self.client.get(requested.get_absolute_url()).content.decode()
        self.assertNotIn(f"/meetings/{requested.pk}/approve/", page)  # only managers approve

    def test_api_refuses_a_step_the_guard_refuses_with_409_before_the_forms_checks(self):
        meeting = make_meeting(self.province, status=MeetingStatus.HELD)
        # A hold without its minutes would be 422 on an approved meeting; here the state decides first.
        response = self.client.post(f"/api/meetings/{meeting.pk}/hold", {"held_on": "", "minutes": "", "outcome": ""},
                                    content_type="application/json", headers=bearer(self.manager))
        self.assertEqual(response.status_code, 409)
        response = self.client.post(f"/api/meetings/{meeting.pk}/approve", {}, content_type="application/json",
                                    headers=bearer(self.manager))
        self.assertEqual(response.status_code, 409)
