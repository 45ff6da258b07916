"""What the public sees: published posts (and scheduled ones whose time has come, even before
the task worker has flipped them), upcoming public events from the registry's `feed`
contributions, the areas and provinces with something to read. Nothing else leaves the system
through the public pages, feeds and API."""
from django.db.models import Case, F, Q, When
from django.utils import timezone

from core.registry import registry

from .choices import PostStatus
from .models import Post


def live_posts(now=None):
    now = now or timezone.now()
    due = Q(status=PostStatus.SCHEDULED, publish_at__lte=now)
    return (Post.objects.filter(Q(status=PostStatus.PUBLISHED) | due)
            # live_at: when it went public (a due scheduled post: its time)
            .annotate(live_at=Case(When(status=PostStatus.PUBLISHED, then=F("published_at")), default=F("publish_at")))
            .select_related("province").prefetch_related("areas").order_by("-live_at", "-pk"))


def is_live(post) -> bool:
    return live_posts().filter(pk=post.pk).exists()


def posts_for(*, province=None, area=None, national=False, kind=None):
    posts = live_posts()
    if national:
        posts = posts.filter(province__isnull=True)
    elif province is not None:
        posts = posts.filter(province=province)
    if area is not None:
        posts = posts.filter(areas=area)
    if kind:
        posts = posts.filter(kind=kind)
    return posts


def upcoming_events(*, province=None, area=None, limit=10) -> list:
    """Public events still to come, from every app's feed items of kind "event"."""
    items = [item for item in registry.feed_items() if item.kind == "event" and item.starts_at is not None]
    if province is not None:
        items = [item for item in items if item.province_id == province.pk]
    if area is not None:
        items = [item for item in items if area.pk in item.area_ids]
    return sorted(items, key=lambda item: item.starts_at)[:limit]
