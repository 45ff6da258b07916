"""Factories for tests of areas."""
from .models import Area


def make_area(slug: str = "health", name: str = "سلامت") -> Area:
    """One of the programme's areas (created if a test flushed them)."""
    area, _created = Area.objects.get_or_create(slug=slug, defaults={"name": name})
    return area
