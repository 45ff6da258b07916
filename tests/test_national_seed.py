"""core.national: copies keep the dates they were given (spread over three years), not the load time."""
import datetime

import pytest
from django.utils import timezone

from core.national import _dates_as_given
from geo.models import Province
from partners.models import Organization
from partners.testing import make_organization


@pytest.mark.django_db
def test_a_copy_keeps_its_moved_creation_date_and_the_field_is_restored_after():
    original = make_organization(Province.objects.first())
    two_years_ago = timezone.now() - datetime.timedelta(days=730)

    def copy(name):
        fields = {f.attname: getattr(original, f.attname) for f in Organization._meta.concrete_fields if not f.primary_key}
        return Organization(**{**fields, "name": name, "created_at": two_years_ago, "updated_at": two_years_ago})

    with _dates_as_given(Organization):
        kept, = Organization.objects.bulk_create([copy("کپی یک")])
    stamped, = Organization.objects.bulk_create([copy("کپی دو")])

    assert Organization.objects.get(pk=kept.pk).created_at == two_years_ago
    assert Organization.objects.get(pk=stamped.pk).created_at > two_years_ago + datetime.timedelta(days=700)
    assert Organization._meta.get_field("created_at").auto_now_add
