"""Writes are re-checked against scope after saving (core.scope.verify_written), whatever the
form's choice lists allowed: a form that forgets to limit a field cannot point a record at
another province's data, through a page, the API or a workflow step."""
from django import forms
from django.test import TestCase
from django.urls import path

from accounts.testing import bearer, make_user, sign_in
from core.api import save_with_form
from core.roles import Role
from core.views import ObjectCreateView
from geo.testing import make_province
from partners.forms import ContactForm
from partners.models import Contact, Organization
from partners.testing import make_organization
from safiran import urls as project_urls
from sponsorship.testing import make_pledge


class CarelessContactForm(ContactForm):
    """A deliberately broken form: its organisation list is every province's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.all()


class CarelessContactCreateView(ObjectCreateView):
    model = Contact
    form_class = CarelessContactForm


urlpatterns = [path("careless-contact/", CarelessContactCreateView.as_view()), *project_urls.urlpatterns]


class WriteScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran, cls.isfahan = make_province("23"), make_province("10")
        cls.coordinator = make_user(Role.COORDINATOR, cls.tehran)
        cls.own = make_organization(cls.tehran)
        cls.foreign = make_organization(cls.isfahan)

    def data(self, organization):
        return {"organization": organization.pk, "first_name": "حسن", "last_name": "مرادی", "role": "board_member"}

    def test_the_broken_form_really_offers_the_other_province(self):
        form = CarelessContactForm(data=self.data(self.foreign), user=self.coordinator)
        self.assertTrue(form.is_valid(), form.errors)

    def test_page_write_pointing_at_another_province_is_undone_with_a_message(self):
        sign_in(self.client, self.coordinator)
        with self.settings(ROOT_URLCONF=__name__):
            response = self.client.post("/careless-contact/", self.data(self.foreign))
        self.assertEqual(response.status_code, 200)
        self.assertIn("organization", response.context["form"].errors)
        self.assertFalse(Contact.objects.exists())
        with self.settings(ROOT_URLCONF=__name__):
            response = self.client.post("/careless-contact/", self.data(self.own))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Contact.objects.get().organization, self.own)

    def test_api_write_pointing_at_another_province_is_422_and_writes_nothing(self):
        from ninja import Schema

        class Payload(Schema):
            organization: int
            first_name: str
            last_name: str
            role: str

        request = type("Request", (), {"user": self.coordinator})()
        from core.api import FormValidationError

        with self.assertRaises(FormValidationError) as caught:
            save_with_form(request, CarelessContactForm, Payload(**self.data(self.foreign)))
        self.assertIn("organization", caught.exception.form.errors)
        self.assertFalse(Contact.objects.exists())

    def test_object_moved_to_another_province_is_422_and_undone(self):
        """A form that lets a coordinator set another province on the object itself."""

        class CarelessOrganizationForm(forms.ModelForm):
            def __init__(self, *args, user=None, **kwargs):
                super().__init__(*args, **kwargs)

            def service_arguments(self):
                return dict(self.cleaned_data)

            class Meta:
                model = Organization
                fields = ["name", "kind", "province"]

        from ninja import Schema

        class Payload(Schema):
            name: str
            kind: str
            province: int

        from core.api import FormValidationError

        request = type("Request", (), {"user": self.coordinator})()
        with self.assertRaises(FormValidationError) as caught:
            save_with_form(request, CarelessOrganizationForm, Payload(name="بیرون", kind="ngo", province=self.isfahan.pk))
        self.assertIn("province", caught.exception.form.errors)
        self.assertFalse(Organization.objects.filter(name="بیرون").exists())

    def test_forms_limit_every_scoped_choice_without_being_told(self):
        form = ContactForm(user=self.coordinator)
        self.assertEqual(list(form.fields["organization"].queryset), [self.own])

    def test_workflow_step_result_is_rechecked(self):
        """A pledge's step through the API stays in scope (and the check runs on step results)."""
        pledge = make_pledge(self.tehran)
        response = self.client.post(f"/api/pledges/{pledge.pk}/cancel", {"reason": "منصرف شد"},
                                    content_type="application/json", headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "cancelled")
