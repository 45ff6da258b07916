"""sitemap.xml of the public face (django.contrib.sitemaps): Payesh's pages, its published
posts, the areas, the provinces with news and the public events' registration pages — only
what anyone may read without signing in (the same selectors as the pages)."""
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from areas.models import Area
from geo.models import Province

from . import selectors


class PayeshPagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["payesh:home", "payesh:news", "payesh:national", "payesh:areas", "payesh:events", "payesh:certificate"]

    def location(self, item):
        return reverse(item)


class PostSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return selectors.live_posts()

    def location(self, post):
        return post.public_url()

    def lastmod(self, post):
        return post.updated_at


class AreaSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Area.objects.filter(is_active=True).order_by("pk")

    def location(self, area):
        return reverse("payesh:area", args=[area.slug])


class ProvinceSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Province.objects.filter(pk__in=selectors.live_posts().values("province")).order_by("code")

    def location(self, province):
        return reverse("payesh:province", args=[province.code])


class EventSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return selectors.upcoming_events(limit=1000)

    def location(self, item):
        return item.url

    def lastmod(self, item):
        return item.published_at


SITEMAPS = {"pages": PayeshPagesSitemap, "posts": PostSitemap, "areas": AreaSitemap, "provinces": ProvinceSitemap,
            "events": EventSitemap}
