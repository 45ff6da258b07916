from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from django_otp.admin import OTPAdminSite

from publishing import public as payesh

from .api import api

# The Django admin is for superusers, behind the same second factor.
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("robots.txt", payesh.robots, name="robots"),
    path("sitemap.xml", payesh.sitemap, name="sitemap"),
    path("", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("ambassadors/", include("ambassadors.urls")),
    path("partners/", include("partners.urls")),
    path("meetings/", include("meetings.urls")),
    path("media-coverage/", include("media.urls")),
    path("sponsorship/", include("sponsorship.urls")),
    path("reports/", include("reports.urls")),
    path("challenges/", include("challenges.urls")),
    path("notifications/", include("notifications.urls")),
    path("retirees/", include("retirees.urls")),
    path("recruitment/", include("recruitment.urls")),
    path("events/", include("events.urls")),
    path("statistics/", include("indicators.urls")),
    path("publishing/", include("publishing.urls")),
    path("payesh/", include("publishing.public_urls")),
    path("areas/", include("areas.urls")),
    path("geo/", include("geo.urls")),
    path("audit/", include("audit.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]
