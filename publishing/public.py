"""The public face «پایش», without sign-in: the programme's home page, news per province and
per area, one post, upcoming public events (linked to their own registration pages), the eight
areas and the certificate check.

Every page is rendered *without the request* (no user, no session, no CSRF token in it), so
nothing personal can reach it, and kept rendered for PAYESH_CACHE_SECONDS under a generation
number that a publication moves on (services.public_changed). Only published posts, public
events and the areas are read here (selectors)."""
import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from areas.models import Area
from geo.models import Province

from . import content, selectors
from .choices import PostKind
from .services import PUBLIC_GENERATION

PAGE_SIZE = 12
MAX_PAGE = 1000


def cached_public(view):
    """Keep the page rendered per host, language, path and page number; GET and HEAD only."""

    @require_safe
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = getattr(settings, "PAYESH_CACHE_SECONDS", 60)
        page = request.GET.get("page", "1")
        parts = [str(cache.get(PUBLIC_GENERATION, 0)), request.get_host(), get_language() or "", request.path,
                 page if page.isdigit() and len(page) <= 4 else "1"]
        key = "payesh:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
        kept = cache.get(key) if seconds else None
        if kept is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or getattr(response, "streaming", False):
                return response
            kept = (response.content, response["Content-Type"])
            if seconds:
                cache.set(key, kept, seconds)
        response = HttpResponse(kept[0], content_type=kept[1])
        response["Cache-Control"] = f"public, max-age={seconds}"
        return response

    return wrapper


def render_public(template: str, context: dict) -> HttpResponse:
    return HttpResponse(render_to_string(template, {**context, **_nav()}))


def _nav() -> dict:
    return {"nav_areas": list(Area.objects.filter(is_active=True)),
            "tag_provinces": list(Province.objects.filter(pk__in=selectors.live_posts().values("province"))
                                  .order_by("name"))}


def _page(request, queryset):
    number = request.GET.get("page", "1")
    number = int(number) if number.isdigit() and 0 < len(number) <= 4 else 1
    paginator = Paginator(queryset, PAGE_SIZE)
    if number > min(paginator.num_pages, MAX_PAGE):
        number = 1
    return paginator.page(number)


@cached_public
def home(request):
    return render_public("publishing/public/home.html", {
        "posts": list(selectors.live_posts()[:6]),
        "events": selectors.upcoming_events(limit=6),
        "areas": list(Area.objects.filter(is_active=True)),
        "feeds": feed_links(reverse("payesh:home")),
    })


def _listing(request, *, title, base, province=None, area=None, national=False, intro=""):
    kind = request.GET.get("kind") if request.GET.get("kind") in PostKind.values else None
    posts = selectors.posts_for(province=province, area=area, national=national, kind=kind)
    return render_public("publishing/public/posts.html", {
        "title": title, "intro": intro, "page": _page(request, posts), "area": area, "province": province,
        "events": selectors.upcoming_events(province=province, area=area, limit=4),
        "feeds": feed_links(base),
    })


@cached_public
def news(request):
    return _listing(request, title=_("All news"), base=reverse("payesh:home"))


@cached_public
def national(request):
    return _listing(request, title=_("National news"), base=reverse("payesh:national"), national=True)


@cached_public
def province_news(request, code):
    province = get_object_or_404(Province, code=code)
    return _listing(request, title=_("News of %(province)s") % {"province": province.name},
                    base=reverse("payesh:province", args=[code]), province=province)


@cached_public
def area_news(request, slug):
    area = get_object_or_404(Area, slug=slug, is_active=True)
    return _listing(request, title=area.name, base=reverse("payesh:area", args=[slug]), area=area,
                    intro=area.description)


@cached_public
def post_page(request, pk):
    post = get_object_or_404(selectors.live_posts(), pk=pk)
    return render_public("publishing/public/post.html", {
        "post": post, "body_html": content.safe_html(post.body),
        "areas": list(post.areas.all()),
    })


@cached_public
def areas(request):
    return render_public("publishing/public/areas.html", {"areas": list(Area.objects.filter(is_active=True))})


@cached_public
def events(request):
    return render_public("publishing/public/events.html", {"events": selectors.upcoming_events(limit=50)})


@require_safe
def cover(request, pk):
    """A published post's cover image, and nothing else of the media folder."""
    post = get_object_or_404(selectors.live_posts(), pk=pk)
    if not post.cover_image:
        raise Http404
    response = FileResponse(post.cover_image.open("rb"))
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def certificate(request):
    """The certificate check: a code typed in goes to the events module's verification page."""
    code = "".join(ch for ch in request.GET.get("code", "").strip() if ch.isalnum() or ch in "-_")[:64]
    if code:
        return HttpResponseRedirect(reverse("events:certificate_verify", args=[code]))
    return HttpResponse(render_to_string("publishing/public/certificate.html", _nav()))


def feed_links(base: str) -> list[tuple[str, str, str]]:
    """(label, URL, MIME type) of the three feeds of a page's scope."""
    return [("RSS", f"{base}feed.rss", "application/rss+xml"), ("Atom", f"{base}feed.atom", "application/atom+xml"),
            ("JSON Feed", f"{base}feed.json", "application/feed+json")]


@require_safe
@cache_control(public=True, max_age=3600)
def sitemap(request):
    """/sitemap.xml: the public face's pages for search engines (publishing.sitemaps)."""
    from django.contrib.sitemaps.views import sitemap as render_sitemap

    from .sitemaps import SITEMAPS

    return render_sitemap(request, SITEMAPS)


@require_safe
@cache_control(public=True, max_age=3600)
def robots(request):
    """/robots.txt: only the public face is for indexing; the working pages ask not to be."""
    lines = ["User-agent: *", f"Allow: {reverse('payesh:home')}", "Allow: /events/public/",
             "Disallow: /events/public/registration/", "Disallow: /",
             f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
