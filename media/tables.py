import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import WIDE_ONLY, ManyColumn, SafiranTable

from .models import MediaCoverage


class MediaCoverageTable(SafiranTable):
    title = tables.Column(linkify=True)
    outlet = tables.Column(linkify=True)
    areas = ManyColumn(verbose_name=_("areas"), attrs=WIDE_ONLY)

    class Meta(SafiranTable.Meta):
        model = MediaCoverage
        fields = ["published_on", "title", "outlet", "kind", "areas", "estimated_reach"]
        sequence = fields
