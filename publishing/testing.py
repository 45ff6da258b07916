"""Factories for tests of the working group, posts and revisions."""
import datetime
import itertools

from django.utils import timezone

from accounts.testing import make_user
from core.roles import Role

from .choices import MemberRole, PostKind, PostStatus, RevisionStatus
from .models import Membership, Post, Revision, WorkingGroup

_serial = itertools.count(1)
TITLES = ["کارگاه تغذیهٔ سالم سالمندان برگزار شد", "گزارش سه ماه نخست سفیران محیط زیست", "دورهٔ ایمنی ترافیک در شهرستان‌ها"]
BODY = "<p>سفیران فرهنگ‌سازی این هفته با همراهی دستگاه‌های استان کارگاهی برگزار کردند.</p>"


def make_group(province, **fields) -> WorkingGroup:
    group, _created = WorkingGroup.objects.get_or_create(
        province=province, defaults={"name": f"کارگروه اطلاع‌رسانی {province.name}", **fields})
    return group


def make_member(province, role=MemberRole.EDITOR, user=None, user_role=Role.COORDINATOR) -> Membership:
    user = user or make_user(user_role, province)
    return Membership.objects.create(group=make_group(province), user=user, role=role)


def make_post(province, status=PostStatus.DRAFT, areas=(), author=None, **fields) -> Post:
    """A post in `status`, its fields consistent with the database rules (not through the services)."""
    number = next(_serial)
    now = timezone.now()
    defaults = {"title": f"{TITLES[number % len(TITLES)]} {number}", "summary": "خلاصهٔ خبر برای فهرست‌ها.",
                "body": BODY, "kind": PostKind.NEWS}
    if status == PostStatus.CHANGES_REQUESTED:
        defaults["review_comment"] = "عنوان را کوتاه‌تر کنید."
    if status == PostStatus.SCHEDULED:
        defaults["publish_at"] = now + datetime.timedelta(days=1)
    if status in (PostStatus.PUBLISHED, PostStatus.ARCHIVED):
        defaults["published_at"] = now - datetime.timedelta(hours=1)
    if status != PostStatus.DRAFT:
        defaults["submitted_at"] = now - datetime.timedelta(days=1)
    post = Post.objects.create(province=province, status=status, **{**defaults, **fields})
    post.areas.set(areas)
    if author is not None:
        post.authors.add(author)
    return post


def make_revision(province, status=RevisionStatus.PENDING, post=None, **fields) -> Revision:
    post = post or make_post(province, status=PostStatus.PUBLISHED)
    number = (post.revisions.count() or 0) + 1
    defaults = {"title": post.title + " (ویرایش)", "summary": post.summary, "body": post.body}
    if status == RevisionStatus.REJECTED:
        defaults["decision_comment"] = "لازم نیست."
    return Revision.objects.create(post=post, number=number, status=status, **{**defaults, **fields})
