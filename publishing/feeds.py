"""Feeds of published posts for Payesh and anyone else: RSS 2.0 and Atom (Django's
syndication framework) and JSON Feed 1.1, for the whole programme, national posts, one
province or one area. Each post keeps one id forever, `tag:<authority>,2026:post-<id>`
(RFC 4151), whatever host serves it and however often it is edited."""
import json
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from areas.models import Area
from geo.models import Province

from . import content, selectors
from .public import cached_public

ITEMS = 30


def post_id(post) -> str:
    return f"tag:{settings.PAYESH_TAG_AUTHORITY},2026:post-{post.pk}"


@dataclass
class Scope:
    title: str
    link: str
    posts: object


def scope_for(kind: str | None, key: str | None) -> Scope:
    site = _("Payesh — culture-building ambassadors")
    if kind is None:
        return Scope(site, reverse("payesh:home"), selectors.posts_for())
    if kind == "national":
        return Scope(f"{site}: {_('National news')}", reverse("payesh:national"), selectors.posts_for(national=True))
    if kind == "province":
        province = get_object_or_404(Province, code=key)
        return Scope(f"{site}: {province.name}", reverse("payesh:province", args=[key]),
                     selectors.posts_for(province=province))
    if kind == "area":
        area = get_object_or_404(Area, slug=key, is_active=True)
        return Scope(f"{site}: {area.name}", reverse("payesh:area", args=[key]), selectors.posts_for(area=area))
    raise Http404


class PostsRss(Feed):
    feed_type = Rss201rev2Feed
    language = "fa"

    def get_object(self, request, kind=None, key=None):
        return scope_for(kind, key)

    def title(self, scope):
        return scope.title

    def link(self, scope):
        return scope.link

    def description(self, scope):
        return _("News, reports and event announcements of the culture-building ambassadors programme.")

    def feed_url(self, scope):
        return f"{scope.link}feed.{'atom' if self.feed_type is Atom1Feed else 'rss'}"

    def items(self, scope):
        return scope.posts[:ITEMS]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.summary

    def item_link(self, post):
        return post.public_url()

    def item_guid(self, post):
        return post_id(post)

    item_guid_is_permalink = False

    def item_pubdate(self, post):
        return post.live_at

    def item_updateddate(self, post):
        return max(post.live_at, post.updated_at)

    def item_categories(self, post):
        return [area.name for area in post.areas.all()]


class PostsAtom(PostsRss):
    feed_type = Atom1Feed
    subtitle = PostsRss.description


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def json_feed(request, kind=None, key=None):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    scope = scope_for(kind, key)
    items = []
    for post in scope.posts[:ITEMS]:
        item = {
            "id": post_id(post), "url": _absolute(request, post.public_url()), "title": post.title,
            "summary": post.summary, "content_html": content.sanitize(post.body),
            "date_published": post.live_at.isoformat(), "date_modified": max(post.live_at, post.updated_at).isoformat(),
            "tags": [area.name for area in post.areas.all()], "language": "fa",
        }
        if post.cover_image:
            item["image"] = _absolute(request, reverse("payesh:cover", args=[post.pk]))
        items.append(item)
    feed = {
        "version": "https://jsonfeed.org/version/1.1", "title": scope.title, "language": "fa",
        "home_page_url": _absolute(request, scope.link), "feed_url": _absolute(request, f"{scope.link}feed.json"),
        "description": _("News, reports and event announcements of the culture-building ambassadors programme."),
        "items": items,
    }
    return HttpResponse(json.dumps(feed, ensure_ascii=False), content_type="application/feed+json; charset=utf-8")


rss = cached_public(PostsRss())
atom = cached_public(PostsAtom())
json_view = cached_public(json_feed)
