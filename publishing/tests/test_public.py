"""The public face without sign-in: only published posts and public events reach it; drafts,
other states, staff pages, the admin, the API and the media folder stay closed; pages are
cached and carry nothing of a session."""
import datetime

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.testing import make_user, sign_in
from areas.testing import make_area
from core.roles import Role
from events.choices import EventStatus
from events.testing import make_certificate, make_event
from geo.testing import make_province
from publishing import services
from publishing.choices import PostStatus
from publishing.testing import make_group, make_post, make_revision

# A 1×1 PNG.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")+bytes.fromhex(
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


class PublicFaceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.health = make_area("health", "سلامت")
        cls.published = make_post(cls.province, status=PostStatus.PUBLISHED, areas=[cls.health], title="خبر منتشرشده")
        cls.hidden = {status: make_post(cls.province, status=status, title=f"پنهان {status}") for status in (
            PostStatus.DRAFT, PostStatus.IN_REVIEW, PostStatus.CHANGES_REQUESTED, PostStatus.APPROVED,
            PostStatus.SCHEDULED, PostStatus.ARCHIVED)}
        cls.pending = make_revision(cls.province, post=cls.published, title="ویرایش در انتظار")

    def setUp(self):
        cache.clear()

    def test_pages_open_without_sign_in(self):
        for url in (reverse("payesh:home"), reverse("payesh:news"), reverse("payesh:national"),
                    reverse("payesh:province", args=["23"]), reverse("payesh:area", args=["health"]),
                    reverse("payesh:areas"), reverse("payesh:events"), reverse("payesh:certificate"),
                    reverse("payesh:post", args=[self.published.pk])):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'lang="fa" dir="rtl"')

    def test_only_published_posts_are_shown(self):
        for url in (reverse("payesh:home"), reverse("payesh:news"), reverse("payesh:province", args=["23"]),
                    reverse("payesh:area", args=["health"])):
            page = self.client.get(url).content.decode()
            with self.subTest(url=url):
                self.assertIn("خبر منتشرشده", page)
                self.assertNotIn("پنهان", page)
                self.assertNotIn("ویرایش در انتظار", page)
        for status, post in self.hidden.items():
            with self.subTest(status=status):
                self.assertEqual(self.client.get(reverse("payesh:post", args=[post.pk])).status_code, 404)
                self.assertEqual(self.client.get(f"/api/public/posts/{post.pk}").status_code, 404)

    def test_internal_data_is_not_reachable_anonymously(self):
        login = reverse("accounts:login")
        draft = self.hidden[PostStatus.DRAFT]
        for url in (reverse("publishing:post_list"), draft.get_absolute_url(), self.pending.get_absolute_url(),
                    reverse("publishing:post_cover", args=[draft.pk]), reverse("publishing:workinggroup_list"),
                    reverse("publishing:membership_list"), "/", "/events/", "/audit/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(login))
        self.assertEqual(self.client.get("/admin/publishing/post/").status_code, 302)
        for url in ("/api/posts", f"/api/posts/{draft.pk}", "/api/revisions", "/api/working-groups"):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 401)
        self.assertEqual(self.client.post(f"/api/posts/{draft.pk}/submit").status_code, 401)
        # Nothing of the media folder is served: only a live post's cover, through its own address.
        self.assertEqual(self.client.get("/media/publishing/covers/x.png").status_code, 404)
        self.assertEqual(self.client.get(reverse("payesh:cover", args=[draft.pk])).status_code, 404)

    def test_the_public_api_gives_published_posts_only(self):
        response = self.client.get("/api/public/posts", {"page_size": 100})
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual([item["id"] for item in body["items"]], [self.published.pk])
        item = body["items"][0]
        self.assertEqual(item["guid"], f"tag:safiran.local,2026:post-{self.published.pk}")
        self.assertEqual((item["province"], item["areas"]), ("23", ["health"]))
        for leaked in ("status", "authors", "review_comment", "created_by"):
            self.assertNotIn(leaked, item)
        self.assertEqual(self.client.get("/api/public/posts", {"province": "10"}).json()["count"], 0)
        self.assertEqual(self.client.get("/api/public/posts", {"area": "health"}).json()["count"], 1)
        self.assertEqual(self.client.get("/api/public/posts", {"page": 0}).status_code, 422)
        schema = self.client.get("/api/openapi.json").json()
        operation = schema["paths"]["/api/public/posts"]["get"]
        self.assertNotIn("security", operation)  # documented as open, unlike every other endpoint
        self.assertIn("security", schema["paths"]["/api/posts"]["get"])

    def test_pages_hold_nothing_of_a_session_and_are_cached(self):
        user = make_user(Role.COORDINATOR, self.province)
        sign_in(self.client, user)
        response = self.client.get(reverse("payesh:home"))
        page = response.content.decode()
        self.assertNotIn("csrfmiddlewaretoken", page)
        self.assertNotIn(user.username, page)
        self.assertIn("public, max-age=", response["Cache-Control"])
        # Kept rendered: a change behind the services' back does not show until the cache moves on.
        make_post(self.province, status=PostStatus.PUBLISHED, title="خبر دوم")
        self.assertNotContains(self.client.get(reverse("payesh:home")), "خبر دوم")
        with self.captureOnCommitCallbacks(execute=True):
            services.public_changed()
        self.assertContains(self.client.get(reverse("payesh:home")), "خبر دوم")

    @override_settings(PAYESH_CACHE_SECONDS=0)
    def test_posts_per_province_and_area_and_national(self):
        national = make_post(None, status=PostStatus.PUBLISHED, title="خبر ملی")
        other = make_post(make_province("10"), status=PostStatus.PUBLISHED, title="خبر اصفهان",
                          areas=[make_area("environment", "محیط زیست")])
        page = self.client.get(reverse("payesh:national")).content.decode()
        self.assertIn(national.title, page)
        self.assertNotIn(self.published.title, page)
        page = self.client.get(reverse("payesh:province", args=["23"])).content.decode()
        self.assertIn(self.published.title, page)
        self.assertNotIn(other.title, page)
        page = self.client.get(reverse("payesh:area", args=["environment"])).content.decode()
        self.assertIn(other.title, page)
        self.assertNotIn(self.published.title, page)
        self.assertEqual(self.client.get(reverse("payesh:province", args=["99"])).status_code, 404)
        self.assertEqual(self.client.get(reverse("payesh:news"), {"page": "99999999"}).status_code, 200)

    @override_settings(PAYESH_CACHE_SECONDS=0)
    def test_upcoming_public_events_link_to_their_registration_page(self):
        public = make_event(self.province, status=EventStatus.PUBLISHED, title="کارگاه عمومی")
        closed = make_event(self.province, status=EventStatus.PUBLISHED, public=False, title="کارگاه درونی")
        draft = make_event(self.province, status=EventStatus.DRAFT, title="کارگاه پیش‌نویس")
        page = self.client.get(reverse("payesh:home")).content.decode()
        self.assertIn(reverse("events:public_event", args=[public.pk]), page)
        for hidden in (closed, draft):
            self.assertNotIn(hidden.title, page)
        self.assertEqual(self.client.get(reverse("events:public_event", args=[public.pk])).status_code, 200)
        page = self.client.get(reverse("payesh:events")).content.decode()
        self.assertIn(public.title, page)

    def test_the_certificate_check_leads_to_the_events_verification_page(self):
        certificate = make_certificate(self.province)
        response = self.client.get(reverse("payesh:certificate"), {"code": certificate.public_code})
        self.assertRedirects(response, reverse("events:certificate_verify", args=[certificate.public_code]))

    @override_settings(PAYESH_CACHE_SECONDS=0)
    def test_a_cover_image_is_served_only_for_a_live_post(self):
        image = SimpleUploadedFile("cover.png", PNG, content_type="image/png")
        post = make_post(self.province, status=PostStatus.PUBLISHED, cover_image=image, cover_alt="کارگاه")
        try:
            response = self.client.get(reverse("payesh:cover", args=[post.pk]))
            self.assertEqual(response.status_code, 200)
            self.assertIn('alt="کارگاه"', self.client.get(reverse("payesh:post", args=[post.pk])).content.decode())
            post.status, post.archived_at = PostStatus.ARCHIVED, timezone.now()
            post.save()
            self.assertEqual(self.client.get(reverse("payesh:cover", args=[post.pk])).status_code, 404)
        finally:
            post.cover_image.delete(save=False)

    def test_a_working_group_lists_its_meetings(self):
        from meetings.testing import make_meeting

        group = make_group(self.province)
        meeting = make_meeting(self.province)
        group.meetings.add(meeting)
        sign_in(self.client, make_user(Role.COORDINATOR, self.province))
        page = self.client.get(group.get_absolute_url())
        self.assertContains(page, meeting.get_absolute_url())

    def test_a_scheduled_post_not_yet_due_stays_hidden(self):
        post = self.hidden[PostStatus.SCHEDULED]
        self.assertGreater(post.publish_at, timezone.now())
        post.publish_at = timezone.now() - datetime.timedelta(seconds=1)
        post.save()
        self.assertEqual(self.client.get(reverse("payesh:post", args=[post.pk])).status_code, 200)
