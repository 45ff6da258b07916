"""`manage.py check --deploy` (and `make check-deploy`): settings of the public site that must
be set for a real deployment."""
from django.conf import settings
from django.core.checks import Tags, Warning, register

# The setting's default and names that are never a domain the programme owns.
PLACEHOLDER_AUTHORITIES = {"", "safiran.local", "localhost", "example.com", "example.org"}


@register(Tags.security, deploy=True)
def check_tag_authority(app_configs=None, **kwargs):
    """Feed ids are `tag:<PAYESH_TAG_AUTHORITY>,2026:post-<id>`: left at the default, two
    deployments give the same id to different posts, and changing it later makes feed readers
    see every post as new. So it is set once, before the feeds are first read."""
    authority = str(getattr(settings, "PAYESH_TAG_AUTHORITY", "") or "").strip().lower()
    if authority in PLACEHOLDER_AUTHORITIES or authority.endswith((".local", ".localhost", ".invalid", ".test")):
        return [Warning(
            f"PAYESH_TAG_AUTHORITY is {authority or 'empty'!r}: the Atom and JSON Feed ids of Payesh posts "
            "(tag:<authority>,2026:post-<id>) are then not unique across deployments.",
            hint="Set PAYESH_TAG_AUTHORITY to a domain the programme owns (e.g. payesh.example.ir) before the "
                 "feeds are first read, and never change it afterwards.",
            id="publishing.W001",
        )]
    return []
