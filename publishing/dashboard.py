"""The home page's part for the working group's editors: posts and changes awaiting their review."""
from django.urls import reverse
from django.utils.translation import gettext as _

from core.dashboard import Action, Card, Panel

from .choices import MemberRole, PostStatus, RevisionStatus
from .models import Membership, Post, Revision

SHOWN = 10


def edited_provinces(user) -> list | None:
    """Provinces whose posts `user` reviews: None for every province (national admins), [] for none."""
    if not user.has_perm("publishing.review_post"):
        return []
    if user.has_national_scope:
        return None
    return list(Membership.objects.filter(user=user, role=MemberRole.EDITOR).values_list("group__province", flat=True))


def awaiting(user) -> tuple[list, list]:
    """Posts in review and changes to published posts that `user` may decide: in the provinces
    they edit, not written by them."""
    provinces = edited_provinces(user)
    if provinces == []:
        return [], []
    posts = Post.objects.visible_to(user).filter(status=PostStatus.IN_REVIEW).exclude(authors=user)
    revisions = Revision.objects.visible_to(user).filter(status=RevisionStatus.PENDING).exclude(created_by=user)
    if provinces is not None:
        posts, revisions = posts.filter(province__in=provinces), revisions.filter(post__province__in=provinces)
    return list(posts.order_by("submitted_at")[:100]), list(revisions.select_related("post").order_by("created_at")[:100])


def cards(user):
    if edited_provinces(user) == []:
        return []
    posts, revisions = awaiting(user)
    url = reverse("publishing:post_list") + "?status=in_review"
    return [Card(_("Posts awaiting your review"), len(posts) + len(revisions), url, order=50)]


def panels(user):
    posts, revisions = awaiting(user)
    if not (posts or revisions):
        return []
    items = [{"url": post.get_absolute_url(), "title": post.title, "what": _("new post")} for post in posts]
    items += [{"url": revision.get_absolute_url(), "title": revision.post.title, "what": _("change to a published post")}
              for revision in revisions]
    context = {"items": items[:SHOWN], "count": len(items), "more": len(items) > SHOWN,
               "list_url": reverse("publishing:post_list") + "?status=in_review"}
    return [Panel(_("Posts awaiting your review"), "publishing/panel_awaiting_review.html", context, order=50)]


def actions(user):
    if user.has_perm("publishing.add_post"):
        return [Action(_("Write a post"), reverse("publishing:post_create"), order=50)]
    return []
