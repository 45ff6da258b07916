"""The public face «پایش», at /payesh/ (no sign-in)."""
from django.urls import path

from . import feeds, public

app_name = "payesh"


def _feeds(prefix: str, name: str, **kwargs):
    return [
        path(f"{prefix}feed.rss", feeds.rss, kwargs, name=f"{name}_rss"),
        path(f"{prefix}feed.atom", feeds.atom, kwargs, name=f"{name}_atom"),
        path(f"{prefix}feed.json", feeds.json_view, kwargs, name=f"{name}_json"),
    ]


urlpatterns = [
    path("", public.home, name="home"),
    *_feeds("", "feed"),
    path("news/", public.news, name="news"),
    path("national/", public.national, name="national"),
    *_feeds("national/", "national_feed", kind="national"),
    path("province/<str:code>/", public.province_news, name="province"),
    path("province/<str:key>/feed.rss", feeds.rss, {"kind": "province"}, name="province_feed_rss"),
    path("province/<str:key>/feed.atom", feeds.atom, {"kind": "province"}, name="province_feed_atom"),
    path("province/<str:key>/feed.json", feeds.json_view, {"kind": "province"}, name="province_feed_json"),
    path("area/<slug:slug>/", public.area_news, name="area"),
    path("area/<slug:key>/feed.rss", feeds.rss, {"kind": "area"}, name="area_feed_rss"),
    path("area/<slug:key>/feed.atom", feeds.atom, {"kind": "area"}, name="area_feed_atom"),
    path("area/<slug:key>/feed.json", feeds.json_view, {"kind": "area"}, name="area_feed_json"),
    path("posts/<int:pk>/", public.post_page, name="post"),
    path("posts/<int:pk>/cover/", public.cover, name="cover"),
    path("areas/", public.areas, name="areas"),
    path("events/", public.events, name="events"),
    path("certificate/", public.certificate, name="certificate"),
]
