import datetime

from django.test import TestCase

from accounts.testing import bearer, make_user, sign_in
from areas.models import Area
from core.roles import Role
from geo.testing import make_province
from media.models import MediaCoverage
from media.testing import make_coverage
from partners.choices import OrganizationKind
from partners.testing import make_organization


class CoverageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.radio = make_organization(cls.province, kind=OrganizationKind.MEDIA_OUTLET, name="رادیو تهران")
        cls.paper = make_organization(
            cls.province, kind=OrganizationKind.MEDIA_OUTLET, name="هفته‌نامه شهر", media_kind="newspaper"
        )
        cls.ambassador = make_user(Role.AMBASSADOR, cls.province)

    def test_only_media_outlets_can_carry_coverage(self):
        agency = make_organization(self.province, name="اداره کل بهزیستی")
        payload = {"outlet": agency.pk, "published_on": "1405/08/01", "title": "گزارش", "kind": "news"}
        response = self.client.post(
            "/api/media-coverage", payload, content_type="application/json", headers=bearer(self.ambassador)
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["loc"][-1], "outlet")
        sign_in(self.client, self.ambassador)
        form = self.client.get("/media-coverage/new/").content.decode()
        self.assertIn(self.radio.name, form)
        self.assertNotIn(agency.name, form)

    def test_totals_by_outlet_area_and_jalali_month(self):
        health, family = Area.objects.get(slug="health"), Area.objects.get(slug="family")
        # 1405/07/30 and 1405/08/01 fall in different Jalali months though a day apart.
        mehr_30, aban_1, aban_20 = datetime.date(2026, 10, 22), datetime.date(2026, 10, 23), datetime.date(2026, 11, 11)
        make_coverage(self.province, outlet=self.radio, published_on=mehr_30, estimated_reach=1000).areas.set([health])
        make_coverage(self.province, outlet=self.radio, published_on=aban_1, estimated_reach=500).areas.set([health, family])
        make_coverage(self.province, outlet=self.paper, published_on=aban_20, estimated_reach=None)
        make_coverage(make_province("10"), published_on=aban_1, estimated_reach=99999)  # another province
        sign_in(self.client, self.ambassador)
        groups = self.client.get("/media-coverage/totals/").context["groups"]
        by_outlet, by_area, by_month = ([(row.label, row.cells) for row in group.rows] for group in groups)
        self.assertEqual(by_outlet, [("رادیو تهران", ["۲", "۱٬۵۰۰"]), ("هفته‌نامه شهر", ["۱", "۰"])])
        self.assertEqual(by_area, [("خانواده", ["۱", "۵۰۰"]), ("سلامت", ["۲", "۱٬۵۰۰"]), ("بدون حوزه", ["۱", "۰"])])
        self.assertEqual(by_month, [("آبان ۱۴۰۵", ["۲", "۵۰۰"]), ("مهر ۱۴۰۵", ["۱", "۱٬۰۰۰"])])
        # The footer counts each item once even when it is in two areas.
        self.assertEqual(groups[1].footer, ["۳", "۱٬۵۰۰"])
        filtered = self.client.get("/media-coverage/totals/", {"outlet": self.paper.pk}).context["groups"]
        self.assertEqual([row.label for row in filtered[0].rows], ["هفته‌نامه شهر"])
        api = self.client.get("/api/media-coverage/totals", {"area": health.pk}, headers=bearer(self.ambassador)).json()
        self.assertEqual(
            api[2]["rows"], [{"label": "آبان ۱۴۰۵", "cells": ["۱", "۵۰۰"]}, {"label": "مهر ۱۴۰۵", "cells": ["۱", "۱٬۰۰۰"]}]
        )

    def test_the_list_links_to_totals_with_the_same_filters(self):
        sign_in(self.client, self.ambassador)
        page = self.client.get("/media-coverage/", {"outlet": self.radio.pk}).content.decode()
        self.assertIn(f"/media-coverage/totals/?outlet={self.radio.pk}", page)

    def test_filtering_the_list_in_place_refreshes_the_totals_link(self):
        # htmx swaps only the results; the totals button above them comes along out of band.
        sign_in(self.client, self.ambassador)
        partial = self.client.get("/media-coverage/", {"outlet": self.radio.pk}, headers={"HX-Request": "true"})
        self.assertTemplateUsed(partial, "core/object_list_results.html")
        self.assertContains(partial, 'id="list-links" class="d-flex flex-wrap gap-2" hx-swap-oob="true"')
        self.assertContains(partial, f"/media-coverage/totals/?outlet={self.radio.pk}")
        page = self.client.get("/media-coverage/", {"outlet": self.radio.pk})
        self.assertContains(page, 'id="list-links"', count=1)
        self.assertNotContains(page, "hx-swap-oob")

    def test_reach_is_typed_with_persian_digits_and_separators(self):
        sign_in(self.client, self.ambassador)
        data = {"outlet": self.radio.pk, "published_on": "۱۴۰۵/۰۸/۰۱", "title": "مصاحبه", "kind": "interview"}
        for typed in ("۱۲٬۰۰۰", "12,000", "١٢٠٠٠"):
            with self.subTest(typed=typed):
                response = self.client.post("/media-coverage/new/", {**data, "estimated_reach": typed})
                self.assertEqual(response.status_code, 302)
                self.assertEqual(MediaCoverage.objects.latest("pk").estimated_reach, 12000)
        response = self.client.post("/media-coverage/new/", {**data, "estimated_reach": "دوازده هزار"})
        self.assertContains(response, "یک عدد صحیح وارد کنید")

    def test_future_dates_are_refused(self):
        payload = {"outlet": self.radio.pk, "published_on": "2100-01-01", "title": "x", "kind": "post"}
        response = self.client.post(
            "/api/media-coverage", payload, content_type="application/json", headers=bearer(self.ambassador)
        )
        self.assertEqual(response.status_code, 422)
        self.assertFalse(MediaCoverage.objects.exists())
