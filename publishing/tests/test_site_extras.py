"""The public site's sitemap and robots.txt, the deploy check of the feeds' tag authority, and
what a pending revision changes on its review page."""
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import TestCase, override_settings
from django.urls import reverse

from accounts.testing import make_user, sign_in
from areas.testing import make_area
from core.roles import Role
from events.choices import EventStatus
from events.testing import make_event
from geo.testing import make_province
from publishing import checks, content
from publishing.choices import PostStatus
from publishing.testing import make_member, make_post, make_revision


class SitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.quiet = make_province("10")
        cls.health = make_area("health", "سلامت")
        cls.published = make_post(cls.province, status=PostStatus.PUBLISHED, areas=[cls.health])
        cls.draft = make_post(cls.province, status=PostStatus.DRAFT)
        cls.event = make_event(cls.province, status=EventStatus.PUBLISHED)
        cls.closed = make_event(cls.province, status=EventStatus.PUBLISHED, public=False)

    def setUp(self):
        cache.clear()

    def test_the_sitemap_lists_public_posts_areas_provinces_and_events_only(self):
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/xml")
        text = response.content.decode()
        for path in (reverse("payesh:home"), self.published.public_url(), reverse("payesh:area", args=["health"]),
                     reverse("payesh:province", args=["23"]), reverse("events:public_event", args=[self.event.pk])):
            with self.subTest(path=path):
                self.assertIn(f"<loc>http://testserver{path}</loc>", text)
        for path in (self.draft.public_url(), reverse("payesh:province", args=["10"]),
                     reverse("events:public_event", args=[self.closed.pk]), "/statistics/", "/publishing/"):
            with self.subTest(path=path):
                self.assertNotIn(f"testserver{path}<", text)

    def test_robots_points_to_the_sitemap_and_keeps_robots_out_of_the_working_pages(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response.status_code, 200)
        lines = response.content.decode().splitlines()
        self.assertIn("Sitemap: http://testserver/sitemap.xml", lines)
        self.assertIn("Allow: /payesh/", lines)
        self.assertIn("Disallow: /", lines)
        self.assertEqual(self.client.post("/robots.txt").status_code, 405)


class TagAuthorityCheckTests(TestCase):
    def test_the_default_authority_is_a_deploy_warning(self):
        for authority in ("safiran.local", "", "staging.localhost"):
            with self.subTest(authority=authority), override_settings(PAYESH_TAG_AUTHORITY=authority):
                self.assertEqual([item.id for item in checks.check_tag_authority()], ["publishing.W001"])
        with override_settings(PAYESH_TAG_AUTHORITY="payesh.example.ir"):
            self.assertEqual(checks.check_tag_authority(), [])

    def test_check_deploy_reports_it(self):
        with override_settings(PAYESH_TAG_AUTHORITY="safiran.local"), self.assertRaises(SystemCheckError) as raised:
            call_command("check", deploy=True, fail_level="WARNING", tags=["security"])
        self.assertIn("publishing.W001", str(raised.exception))
        with override_settings(PAYESH_TAG_AUTHORITY="safiran.local"):
            call_command("check", tags=["security"], fail_level="WARNING")  # not without --deploy


class RevisionDiffTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.editor = make_member(cls.province).user
        cls.post = make_post(cls.province, status=PostStatus.PUBLISHED, title="کارگاه تغذیه برگزار شد",
                             body="<p>پاراگراف یک.</p><p>کارگاه در سالن شهر برگزار شد.</p><p>پاراگراف سه.</p>"
                                  "<p>پاراگراف چهار.</p><p>پاراگراف پنج.</p><p>پاراگراف شش.</p>")

    def test_the_review_page_shows_what_changed_against_the_live_version(self):
        revision = make_revision(self.province, post=self.post, title="کارگاه تغذیهٔ سالم برگزار شد",
                                 body="<p>پاراگراف یک.</p><p>کارگاه در فرهنگسرا برگزار شد.</p><p>پاراگراف سه.</p>"
                                      "<p>پاراگراف چهار.</p><p>پاراگراف پنج.</p><p>پاراگراف شش.</p>"
                                      "<p>بند تازه <script>alert(1)</script>&lt;b&gt;</p>")
        sign_in(self.client, self.editor)
        page = self.client.get(revision.get_absolute_url())
        self.assertEqual(page.status_code, 200)
        text = page.content.decode()
        self.assertIn('<del class="diff-removed text-danger"><span class="visually-hidden">', text)
        self.assertRegex(text, r"<del[^>]*>.*سالن شهر</del>")
        self.assertRegex(text, r"<ins[^>]*>.*فرهنگسرا</ins>")
        self.assertRegex(text, r"<ins[^>]*>.*تغذیهٔ سالم</ins>")  # the title, word by word
        self.assertIn("diff-folded", text)  # unchanged paragraphs far from a change are folded
        self.assertIn("۲", text.split("diff-folded")[1][:80])
        # Everything is escaped: the script is gone (sanitised), the typed tag shown as text.
        self.assertNotIn("<script>alert", text)
        self.assertIn("&lt;b&gt;", text)

    def test_the_diff_is_over_sanitised_text(self):
        lines = content.text_diff("<p>یک</p>", '<p>یک</p><p onclick="x()">دو <img src="/a.png" alt="عکس"></p>')
        self.assertEqual([line["kind"] for line in lines], ["same", "added"])
        self.assertIn("عکس", lines[1]["parts"][0][1])
        self.assertNotIn("onclick", str(lines))
        self.assertEqual(content.text_diff("<p>یک</p>", "<p>یک</p>"), [{"kind": "same", "parts": [("same", "یک")]}])

    def test_an_unchanged_version_says_so(self):
        revision = make_revision(self.province, post=self.post, title=self.post.title)
        sign_in(self.client, make_user(Role.NATIONAL_ADMIN))
        self.assertContains(self.client.get(revision.get_absolute_url()), "revision-diff")
        self.assertNotContains(self.client.get(revision.get_absolute_url()), "diff-added")
