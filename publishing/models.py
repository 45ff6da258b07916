"""The information working group and its posts for the public site «پایش» (D10)."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.display import number
from core.models import SafiranModel

from . import content
from .choices import MemberRole, PostKind, PostStatus, RevisionStatus

COVER_MAX_BYTES = 5 * 1024 * 1024


class WorkingGroup(SafiranModel):
    """A province's information working group: its members write and edit the province's
    posts; its meetings are meetings of the meetings module held for its work."""

    province = models.OneToOneField("geo.Province", verbose_name=_("province"), on_delete=models.PROTECT,
                                    related_name="+")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("What the group covers and how it works."))
    meetings = models.ManyToManyField(
        "meetings.Meeting", verbose_name=_("meetings"), blank=True, related_name="working_groups",
        help_text=_("Meetings of the meetings module held for the group's work (with a newspaper, a radio, …)."),
    )

    scope_province_field = "province"
    search_fields = ("name", "description")

    class Meta:
        ordering = ["province__name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self):
        return self.name


class Membership(SafiranModel):
    """A person of the province in the group, as a writer or an editor."""

    group = models.ForeignKey(WorkingGroup, verbose_name=_("working group"), on_delete=models.CASCADE,
                              related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
                             related_name="+")
    role = models.CharField(_("role in the group"), max_length=10, choices=MemberRole.choices, default=MemberRole.WRITER,
                            help_text=_("Editors review, approve and publish posts; writers write them."))

    scope_province_field = "group__province"
    search_fields = ("user__first_name", "user__last_name", "user__username")

    class Meta:
        ordering = ["group", "role", "user__last_name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="membership_once_per_group",
                                    violation_error_message=_("This person is already a member of the group.")),
        ]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} · {self.get_role_display()}"

    def clean(self):
        if self.group_id and self.user_id and self.user.province_id != self.group.province_id:
            raise ValidationError({"user": _("Choose a person of the group's province.")})


class Post(SafiranModel):
    """News, a report or an event announcement: written by writers, reviewed and approved by an
    editor who is not an author, scheduled, published on the public site, archived. `status`
    changes only through publishing.services; a published post changes through a revision an
    editor approves, while the live version stays."""

    kind = models.CharField(_("kind"), max_length=10, choices=PostKind.choices, default=PostKind.NEWS)
    province = models.ForeignKey("geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+",
                                 help_text=_("Leave empty for a national post (national admins only)."))
    areas = models.ManyToManyField("areas.Area", verbose_name=_("areas"), blank=True, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=500,
                               help_text=_("One or two sentences shown in lists and feeds."))
    body = models.TextField(_("text"), help_text=_("Paragraphs, headings, lists, links and images with a description."))
    cover_image = models.ImageField(
        _("cover image"), upload_to="publishing/covers/%Y/", blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"])],
        help_text=_("JPEG, PNG or WebP, at most 5 MB; only photos of people who agreed to appear."),
    )
    cover_alt = models.CharField(_("cover image description"), max_length=300, blank=True,
                                 help_text=_("What the picture shows, for people who cannot see it."))
    status = models.CharField(_("status"), max_length=20, choices=PostStatus.choices, default=PostStatus.DRAFT,
                              editable=False)
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("authors"), blank=True,
                                     related_name="+", editable=False)
    submitted_at = models.DateTimeField(_("sent for review at"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), on_delete=models.SET_NULL,
                                    null=True, blank=True, editable=False, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    review_comment = models.TextField(_("editor's comment"), blank=True, editable=False)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)

    scope_province_field = "province"
    scope_area_field = "areas"
    search_fields = ("title", "summary")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        permissions = [("review_post", _("Can review, approve, schedule, publish and archive posts"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=PostStatus.CHANGES_REQUESTED) | ~Q(review_comment=""),
                name="post_changes_requested_has_reason",
                violation_error_message=_("A post returned for changes says what to change."),
            ),
            models.CheckConstraint(
                condition=~Q(status=PostStatus.SCHEDULED) | Q(publish_at__isnull=False),
                name="post_scheduled_has_time", violation_error_message=_("A scheduled post needs its time."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[PostStatus.PUBLISHED, PostStatus.ARCHIVED]) | Q(published_at__isnull=False),
                name="post_published_has_time", violation_error_message=_("A published post needs its time."),
            ),
            models.CheckConstraint(
                condition=Q(cover_image="") | ~Q(cover_alt=""), name="post_cover_has_alt",
                violation_error_message=_("Describe the cover image for people who cannot see it."),
            ),
        ]
        indexes = [models.Index(fields=["status", "publish_at"]), models.Index(fields=["province", "status"])]

    def __str__(self):
        return self.title

    def clean(self):
        errors = content.check_private_data(title=self.title, summary=self.summary, body=self.body,
                                            cover_alt=self.cover_alt)
        image_error = content.check_images(self.body)
        if image_error and "body" not in errors:
            errors["body"] = image_error
        if self.cover_image and not self.cover_alt.strip():
            errors.setdefault("cover_alt", _("Describe the cover image for people who cannot see it."))
        if self.cover_image and getattr(self.cover_image, "size", 0) > COVER_MAX_BYTES:
            errors.setdefault("cover_image", _("The picture is larger than 5 MB: send a smaller one."))
        if errors:
            raise ValidationError(errors)

    def public_url(self) -> str:
        return reverse("payesh:post", args=[self.pk])


class Revision(SafiranModel):
    """A version of a post's text. A change to a published post waits here, pending, while the
    live version stays; an editor who did not write it approves it (it goes live) or not.
    Versions that went live are kept, numbered, and never changed."""

    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=500)
    body = models.TextField(_("text"))
    cover_alt = models.CharField(_("cover image description"), max_length=300, blank=True)
    note = models.TextField(_("what changed"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RevisionStatus.choices, default=RevisionStatus.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("editor's comment"), blank=True)

    scope_province_field = "post__province"
    scope_area_field = "post__areas"
    search_fields = ("title", "post__title")

    class Meta:
        ordering = ["-number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        permissions = [("review_revision", _("Can approve or refuse revisions of published posts"))]
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="revision_number_once",
                                    violation_error_message=_("This version number is taken.")),
            models.UniqueConstraint(fields=["post"], condition=Q(status=RevisionStatus.PENDING),
                                    name="revision_one_pending",
                                    violation_error_message=_("A change to this post is already awaiting review.")),
            models.CheckConstraint(
                condition=~Q(status=RevisionStatus.REJECTED) | ~Q(decision_comment=""),
                name="revision_rejected_has_reason",
                violation_error_message=_("A change not accepted says why."),
            ),
        ]

    def __str__(self):
        return _("%(post)s, version %(number)s") % {"post": self.post.title, "number": number(self.number)}
