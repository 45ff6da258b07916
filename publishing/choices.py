from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MemberRole(models.TextChoices):
    WRITER = "writer", _("Writer")
    EDITOR = "editor", _("Editor")


class PostKind(models.TextChoices):
    NEWS = "news", _("News")
    REPORT = "report", pgettext_lazy("post kind", "Report")
    EVENT = "event", _("Event announcement")


class PostStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("post", "Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", pgettext_lazy("post", "Approved")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", pgettext_lazy("post", "Published")
    ARCHIVED = "archived", pgettext_lazy("post", "Archived")


class RevisionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved (went live)")
    REJECTED = "rejected", pgettext_lazy("revision", "Not accepted")
