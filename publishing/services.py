"""The post workflow (D10), after WordPress and Ghost but with their users' complaints fixed:
draft → in review → changes requested (with what to change) | approved by an editor who is
not an author → scheduled → published → archived. A change to a published post is a pending
revision: the live version stays until an editor who did not write the change approves it.
Only these functions change `status`, each atomic and audited (core.workflow.transition)."""
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import Inapplicable, WorkflowError
from core.workflow import transition
from notifications.services import notify, site_language

from .choices import MemberRole, PostStatus, RevisionStatus
from .models import Membership, Post, Revision

EDITABLE = (PostStatus.DRAFT, PostStatus.CHANGES_REQUESTED)
PUBLIC_GENERATION = "payesh:generation"


# --- who ----------------------------------------------------------------------------------

def is_editor(user, province) -> bool:
    """An editor of the province's working group; national posts are edited by national admins."""
    if user is None:
        return False
    if getattr(user, "has_national_scope", False):
        return True
    if province is None:
        return False
    return Membership.objects.filter(group__province=province, user=user, role=MemberRole.EDITOR).exists()


def editors_of(province):
    from accounts.models import User

    if province is None:
        return User.objects.none()
    ids = Membership.objects.filter(group__province=province, role=MemberRole.EDITOR).values("user")
    return User.objects.filter(pk__in=ids, is_active=True)


def _require_editor(post, by, *, as_author_too=False):
    if not is_editor(by, post.province):
        raise WorkflowError(_("Only an editor of the province's information working group can do this; "
                              "ask the coordinator to add you to the group as an editor."))
    if not as_author_too and by is not None and post.authors.filter(pk=by.pk).exists():
        raise WorkflowError(_("You wrote this post: another editor must review it."))


def public_changed() -> None:
    """The public pages and feeds are cached under a generation number; a change that the
    public sees moves it on, once the change is committed."""
    def bump():
        try:
            cache.incr(PUBLIC_GENERATION)
        except ValueError:
            cache.set(PUBLIC_GENERATION, 1, None)
    transaction.on_commit(bump)


def _link(post) -> str:
    return reverse("publishing:post_detail", args=[post.pk])


def _tell(people, subject, body="", link=""):
    with site_language():
        for person in people:
            if person is not None:
                notify(person, subject, body, link=link)


# --- guards -------------------------------------------------------------------------------

def check_can_change(post: Post) -> None:
    if post.status in EDITABLE:
        return
    if post.status == PostStatus.PUBLISHED:
        raise WorkflowError(_("A published post is changed by proposing a change: the live version stays until "
                              "an editor approves it."))
    if post.status == PostStatus.ARCHIVED:
        raise WorkflowError(_("An archived post is no longer changed."))
    raise WorkflowError(_("The post is with the editors (“%(status)s”); an editor can return it to you for changes.")
                        % {"status": post.get_status_display()})


def check_can_submit(post: Post) -> None:
    if post.status not in EDITABLE:
        raise Inapplicable(_("Only a draft or a returned post is sent for review."))


def check_can_review(post: Post) -> None:
    if post.status != PostStatus.IN_REVIEW:
        raise Inapplicable(_("Only a post in review is approved or returned."))


def check_can_schedule(post: Post) -> None:
    if post.status not in (PostStatus.APPROVED, PostStatus.SCHEDULED):
        raise Inapplicable(_("Only an approved post is scheduled."))


def check_can_publish(post: Post) -> None:
    if post.status not in (PostStatus.APPROVED, PostStatus.SCHEDULED):
        raise Inapplicable(_("Only an approved or scheduled post is published."))


def check_can_archive(post: Post) -> None:
    if post.status != PostStatus.PUBLISHED:
        raise Inapplicable(_("Only a published post is archived."))


def check_can_revise(post: Post) -> None:
    if post.status != PostStatus.PUBLISHED:
        raise Inapplicable(_("Only a published post is changed through a revision."))
    if post.revisions.filter(status=RevisionStatus.PENDING).exists():
        raise WorkflowError(_("A change to this post is already awaiting review: wait for the editor's decision."))


def check_can_decide(revision: Revision) -> None:
    if revision.status != RevisionStatus.PENDING:
        raise Inapplicable(_("This change was already decided."))


# --- steps --------------------------------------------------------------------------------

def post_create(by, *, areas=(), **fields) -> Post:
    """A new draft; its writer is its first author."""
    with transaction.atomic():
        post = Post(created_by=by, **fields)
        post.full_clean()
        post.save()
        post.areas.set(areas)
        if by is not None:
            post.authors.add(by)
    return post


def post_submit(post: Post, by) -> Post:
    with transition(post, "post_submit", by, check_can_submit) as step:
        step.set(status=PostStatus.IN_REVIEW, submitted_at=timezone.now())
        if by is not None:
            step.obj.authors.add(by)
        editors = editors_of(step.obj.province).exclude(pk__in=step.obj.authors.values("pk"))
        _tell(editors, _("A post awaits your review: %(title)s") % {"title": step.obj.title}, link=_link(step.obj))
    return step.obj


def post_request_changes(post: Post, by, *, reason: str) -> Post:
    with transition(post, "post_request_changes", by, check_can_review, reason=reason) as step:
        _require_editor(step.obj, by)
        if not reason.strip():
            raise WorkflowError(_("Say what the writer should change."))
        step.set(status=PostStatus.CHANGES_REQUESTED, review_comment=reason, reviewed_by=by, reviewed_at=timezone.now())
        _tell(step.obj.authors.all(), _("Your post needs changes: %(title)s") % {"title": step.obj.title}, reason,
              link=_link(step.obj))
    return step.obj


def post_approve(post: Post, by, *, note: str = "") -> Post:
    with transition(post, "post_approve", by, check_can_review, note=note) as step:
        _require_editor(step.obj, by)
        step.set(status=PostStatus.APPROVED, review_comment=note, reviewed_by=by, reviewed_at=timezone.now())
    return step.obj


def _go_live(step, when) -> None:
    post = step.obj
    step.set(status=PostStatus.PUBLISHED, published_at=when)
    number = (post.revisions.aggregate(last=Max("number"))["last"] or 0) + 1
    Revision.objects.create(post=post, number=number, title=post.title, summary=post.summary, body=post.body,
                            cover_alt=post.cover_alt, status=RevisionStatus.APPROVED, decided_by=post.reviewed_by,
                            decided_at=timezone.now(), created_by=post.created_by,
                            note=_("The version first published."))
    public_changed()


def post_schedule(post: Post, by, *, publish_at) -> Post:
    from . import tasks

    with transition(post, "post_schedule", by, check_can_schedule, publish_at=publish_at.isoformat()) as step:
        _require_editor(step.obj, by, as_author_too=True)
        if publish_at <= timezone.now():
            raise WorkflowError(_("Choose a time still to come, or publish the post now."))
        step.set(status=PostStatus.SCHEDULED, publish_at=publish_at)
    tasks.schedule_publication(publish_at)
    public_changed()
    return step.obj


def post_publish(post: Post, by) -> Post:
    with transition(post, "post_publish", by, check_can_publish) as step:
        _require_editor(step.obj, by, as_author_too=True)
        _go_live(step, timezone.now())
    return step.obj


def due_check(now):
    def check_is_due(post: Post) -> None:
        if post.status != PostStatus.SCHEDULED or post.publish_at is None or post.publish_at > now:
            raise Inapplicable(_("This post is not due."))
    return check_is_due


def publish_due(now=None) -> int:
    """Publish every scheduled post whose time has come, at that time (the task worker, and
    manage.py publish_due_posts as a safety net); idempotent."""
    now = now or timezone.now()
    published = 0
    for post in Post.objects.filter(status=PostStatus.SCHEDULED, publish_at__lte=now):
        try:
            with transition(post, "post_publish_scheduled", None, due_check(now)) as step:
                _go_live(step, step.obj.publish_at)
        except Inapplicable:
            continue  # published meanwhile by an editor or another worker
        published += 1
    return published


def post_archive(post: Post, by, *, reason: str = "") -> Post:
    with transition(post, "post_archive", by, check_can_archive, reason=reason) as step:
        _require_editor(step.obj, by, as_author_too=True)
        step.set(status=PostStatus.ARCHIVED, archived_at=timezone.now())
        public_changed()
    return step.obj


def post_revise(post: Post, by, *, title: str, summary: str, body: str, cover_alt: str = "", note: str = "") -> Post:
    """Propose a change to a published post: a pending revision; the live version stays."""
    with transition(post, "post_revise", by, check_can_revise, note=note) as step:
        number = (step.obj.revisions.aggregate(last=Max("number"))["last"] or 0) + 1
        revision = Revision(post=step.obj, number=number, title=title, summary=summary, body=body, cover_alt=cover_alt,
                            note=note, created_by=by)
        revision.full_clean()
        revision.save()
        step.note(revision=revision.pk)
        editors = editors_of(step.obj.province).exclude(pk=getattr(by, "pk", None))
        _tell(editors, _("A change to a published post awaits your review: %(title)s") % {"title": step.obj.title},
              link=revision.get_absolute_url())
    return step.obj


def revision_approve(revision: Revision, by, *, note: str = "") -> Revision:
    with transition(revision, "revision_approve", by, check_can_decide, note=note) as step:
        post = step.obj.post
        if not is_editor(by, post.province):
            raise WorkflowError(_("Only an editor of the province's information working group can do this; "
                                  "ask the coordinator to add you to the group as an editor."))
        if by is not None and step.obj.created_by_id == by.pk:
            raise WorkflowError(_("You wrote this change: another editor must review it."))
        if post.status != PostStatus.PUBLISHED:
            raise WorkflowError(_("The post is no longer published; this change cannot go live."))
        step.set(status=RevisionStatus.APPROVED, decided_by=by, decided_at=timezone.now(), decision_comment=note)
        with transition(post, "post_revision_approved", by, revision=step.obj.number) as live:
            live.set(title=step.obj.title, summary=step.obj.summary, body=step.obj.body, cover_alt=step.obj.cover_alt)
            if step.obj.created_by_id:
                live.obj.authors.add(step.obj.created_by_id)
        public_changed()
    return step.obj


def revision_reject(revision: Revision, by, *, reason: str) -> Revision:
    with transition(revision, "revision_reject", by, check_can_decide, reason=reason) as step:
        if not is_editor(by, step.obj.post.province):
            raise WorkflowError(_("Only an editor of the province's information working group can do this; "
                                  "ask the coordinator to add you to the group as an editor."))
        if not reason.strip():
            raise WorkflowError(_("Say why the change is not accepted."))
        step.set(status=RevisionStatus.REJECTED, decided_by=by, decided_at=timezone.now(), decision_comment=reason)
        _tell([step.obj.created_by], _("Your change was not accepted: %(title)s") % {"title": step.obj.post.title},
              reason, link=step.obj.get_absolute_url())
    return step.obj
