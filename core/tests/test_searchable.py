"""Long choice lists become searchable boxes (core.forms.SearchableMixin); short ones stay as
they are. The posted values are the same either way."""
import pytest
from django import forms

from core.forms import SEARCHABLE_AFTER, SafiranForm

LONG = [(str(i), f"گزینه {i}") for i in range(1, SEARCHABLE_AFTER + 5)]
SHORT = LONG[:3]


class PeopleForm(SafiranForm):
    many = forms.MultipleChoiceField(choices=LONG, widget=forms.CheckboxSelectMultiple, required=False)
    few = forms.MultipleChoiceField(choices=SHORT, widget=forms.CheckboxSelectMultiple, required=False)
    one = forms.ChoiceField(choices=[("", "—")] + LONG, required=False)
    small = forms.ChoiceField(choices=SHORT, required=False)


def test_long_lists_are_searchable_selects_short_ones_stay():
    form = PeopleForm()
    many = str(form["many"])
    assert many.startswith("<select") and "multiple" in many and "data-searchable" in many
    assert 'type="checkbox"' in str(form["few"]) and "data-searchable" not in str(form["few"])
    assert "data-searchable" in str(form["one"])
    assert "data-searchable" not in str(form["small"])
    assert form["many"].id_for_label == "id_many"  # a <label for>, not a fieldset's legend
    assert not form["many"].use_fieldset and form["few"].use_fieldset


def test_the_same_values_are_read_either_way():
    form = PeopleForm(data={"many": ["2", "17"], "few": ["1"]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["many"] == ["2", "17"]


def test_texts_are_persian(settings):
    settings.LANGUAGE_CODE = "fa"
    from django.utils import translation

    with translation.override("fa"):
        html = str(PeopleForm()["many"])
    assert "data-no-results" in html and "جست" in html


@pytest.mark.django_db
def test_meeting_request_with_many_ambassadors_is_searchable():
    from accounts.testing import make_user
    from ambassadors.testing import make_ambassador
    from core.roles import Role
    from geo.testing import make_province
    from meetings.forms import MeetingRequestForm

    province = make_province("23")
    for i in range(SEARCHABLE_AFTER + 1):
        make_ambassador(province, last_name=f"نفر {i}", status="active")
    form = MeetingRequestForm(user=make_user(Role.COORDINATOR, province))
    html = str(form["our_attendees"])
    assert html.startswith("<select") and "data-searchable" in html
