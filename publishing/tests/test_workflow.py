"""The post workflow through services, pages and API: returned with a reason, approved only by
an editor who is not an author, scheduled, published by the task worker (or at read time),
a published post changed only through a revision an editor approves, revisions kept."""
import datetime

from django.core.cache import cache
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from accounts.testing import bearer, make_user, sign_in
from areas.testing import make_area
from core.roles import Role
from core.services import WorkflowError
from geo.testing import make_province
from publishing import dashboard, services
from publishing.choices import MemberRole, PostStatus, RevisionStatus
from publishing.models import Post, Revision
from publishing.testing import make_member, make_post

BODY = "<p>سفیران سلامت کارگاه تغذیه برگزار کردند.</p>"


class WorkflowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("23")
        cls.writer = make_user(Role.AMBASSADOR, cls.province)
        cls.editor = make_member(cls.province, MemberRole.EDITOR).user
        cls.second_editor = make_member(cls.province, MemberRole.EDITOR, user_role=Role.PROVINCIAL_MANAGER).user
        cls.coordinator_not_editor = make_user(Role.COORDINATOR, cls.province)
        make_member(cls.province, MemberRole.WRITER, user=cls.writer)

    def setUp(self):
        cache.clear()
        self.enterContext(translation.override("en"))  # the services' messages are matched in English

    def new_post(self, **fields):
        fields = {"title": "کارگاه تغذیه", "summary": "خلاصه", "body": BODY, **fields}
        return services.post_create(self.writer, province=self.province, areas=[make_area()], **fields)

    def test_the_whole_way_with_a_return(self):
        post = self.new_post()
        self.assertEqual(list(post.authors.all()), [self.writer])
        post = services.post_submit(post, self.writer)
        self.assertEqual(post.status, PostStatus.IN_REVIEW)
        with self.assertRaisesMessage(WorkflowError, "Say what"):
            services.post_request_changes(post, self.editor, reason="  ")
        post = services.post_request_changes(post, self.editor, reason="عنوان را کوتاه کنید")
        self.assertEqual((post.status, post.review_comment), (PostStatus.CHANGES_REQUESTED, "عنوان را کوتاه کنید"))
        services.check_can_change(post)  # editable again
        post = services.post_submit(post, self.writer)
        post = services.post_approve(post, self.editor)
        self.assertEqual((post.status, post.reviewed_by), (PostStatus.APPROVED, self.editor))
        with self.assertRaises(WorkflowError):
            services.post_schedule(post, self.editor, publish_at=timezone.now() - datetime.timedelta(minutes=1))
        post = services.post_schedule(post, self.editor, publish_at=timezone.now() + datetime.timedelta(hours=2))
        self.assertEqual(post.status, PostStatus.SCHEDULED)
        self.assertEqual(services.publish_due(), 0)
        later = timezone.now() + datetime.timedelta(hours=3)
        self.assertEqual(services.publish_due(now=later), 1)
        post.refresh_from_db()
        self.assertEqual((post.status, post.published_at), (PostStatus.PUBLISHED, post.publish_at))
        self.assertEqual(list(post.revisions.values_list("number", "status")), [(1, RevisionStatus.APPROVED)])
        self.assertEqual(services.publish_due(now=later), 0)  # idempotent
        post = services.post_archive(post, self.editor)
        self.assertEqual(post.status, PostStatus.ARCHIVED)

    def test_an_author_cannot_approve_their_own_post(self):
        post = self.new_post()
        services.post_submit(post, self.writer)
        post.authors.add(self.editor)  # the editor helped write it
        with self.assertRaisesMessage(WorkflowError, "You wrote this post"):
            services.post_approve(post, self.editor)
        post.refresh_from_db()
        self.assertEqual(post.status, PostStatus.IN_REVIEW)
        services.post_approve(post, self.second_editor)

    def test_only_an_editor_of_the_group_reviews(self):
        post = services.post_submit(self.new_post(), self.writer)
        with self.assertRaisesMessage(WorkflowError, "editor of the province"):
            services.post_approve(post, self.coordinator_not_editor)
        other = make_member(make_province("10"), MemberRole.EDITOR).user
        with self.assertRaisesMessage(WorkflowError, "editor of the province"):
            services.post_approve(post, other)

    def test_a_change_to_a_published_post_waits_for_an_editor_and_the_live_version_stays(self):
        post = services.post_submit(self.new_post(), self.writer)
        services.post_approve(post, self.editor)
        post = services.post_publish(post, self.editor)
        with self.assertRaisesMessage(WorkflowError, "proposing a change"):
            services.check_can_change(post)
        services.post_revise(post, self.writer, title="عنوان تازه", summary="خلاصهٔ تازه", body="<p>متن تازه</p>",
                             note="عنوان بهتر")
        post.refresh_from_db()
        self.assertEqual(post.title, "کارگاه تغذیه")  # still live as it was
        pending = post.revisions.get(status=RevisionStatus.PENDING)
        self.assertEqual(pending.number, 2)
        with self.assertRaises(WorkflowError):
            services.check_can_revise(post)  # one pending change at a time
        response = self.client.get(reverse("payesh:post", args=[post.pk]))
        self.assertContains(response, "کارگاه تغذیه")
        self.assertNotContains(response, "عنوان تازه")
        pending.created_by = self.editor
        pending.save()
        with self.assertRaisesMessage(WorkflowError, "You wrote this change"), translation.override("en"):
            services.revision_approve(pending, self.editor)  # (the page just read switched to Persian)
        with self.captureOnCommitCallbacks(execute=True):  # the public pages' cache moves on after commit
            services.revision_approve(pending, self.second_editor)
        post.refresh_from_db()
        self.assertEqual((post.title, post.body), ("عنوان تازه", "<p>متن تازه</p>"))
        self.assertEqual(list(post.revisions.values_list("number", "status")),
                         [(2, RevisionStatus.APPROVED), (1, RevisionStatus.APPROVED)])
        self.assertContains(self.client.get(reverse("payesh:post", args=[post.pk])), "عنوان تازه")

    def test_a_refused_revision_keeps_the_live_version(self):
        post = make_post(self.province, status=PostStatus.PUBLISHED)
        services.post_revise(post, self.writer, title="بدتر", summary="x", body="<p>x</p>")
        revision = post.revisions.get(status=RevisionStatus.PENDING)
        with self.assertRaises(WorkflowError):
            services.revision_reject(revision, self.editor, reason=" ")
        services.revision_reject(revision, self.editor, reason="عنوان پیشین بهتر است")
        post.refresh_from_db()
        self.assertNotEqual(post.title, "بدتر")
        self.assertEqual(Revision.objects.get(pk=revision.pk).status, RevisionStatus.REJECTED)

    def test_a_due_scheduled_post_is_public_before_the_worker_runs(self):
        post = make_post(self.province, status=PostStatus.SCHEDULED, publish_at=timezone.now() - datetime.timedelta(minutes=1))
        self.assertEqual(self.client.get(reverse("payesh:post", args=[post.pk])).status_code, 200)
        call_command("publish_due_posts", stdout=open("/dev/null", "w"))
        post.refresh_from_db()
        self.assertEqual(post.status, PostStatus.PUBLISHED)

    def test_the_forbidden_patterns_are_refused_on_every_path(self):
        with self.assertRaises(Exception) as refused:
            self.new_post(summary="تماس با ۰۹۱۲۱۲۳۴۵۶۷")
        self.assertIn("summary", refused.exception.message_dict)
        sign_in(self.client, self.writer)
        response = self.client.post(reverse("publishing:post_create"), {
            "kind": "news", "province": self.province.pk, "title": "خبر", "summary": "خلاصه",
            "body": "<p>کد ملی آقای الف ۰۰۱-۲۳۴۵۶۷-۸ است</p>"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "۰۰۱-۲۳۴۵۶۷-۸")
        self.assertFalse(Post.objects.filter(title="خبر").exists())
        response = self.client.post("/api/posts", {"province": self.province.pk, "title": "خبر", "summary": "خلاصه",
                                                   "body": "<p>+98 912 123 4567</p>"},
                                    content_type="application/json", headers=bearer(self.writer))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["loc"][-1], "body")
        post = make_post(self.province, status=PostStatus.PUBLISHED)
        response = self.client.post(reverse("publishing:post_revise", args=[post.pk]), {
            "title": post.title, "summary": post.summary, "body": "<p><b>0012</b>345678</p>"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(post.revisions.exists())

    def test_images_without_alt_are_refused(self):
        sign_in(self.client, self.writer)
        response = self.client.post(reverse("publishing:post_create"), {
            "kind": "news", "province": self.province.pk, "title": "خبر", "summary": "خلاصه",
            "body": '<p>متن</p><img src="/static/favicon.svg">'})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Post.objects.filter(title="خبر").exists())

    def test_pages_and_api_follow_the_declarations(self):
        post = services.post_submit(self.new_post(), self.writer)
        # The author is refused by the API with 409, and the page says why.
        post.authors.add(self.editor)
        response = self.client.post(f"/api/posts/{post.pk}/approve", {"note": ""}, content_type="application/json",
                                    headers=bearer(self.editor))
        self.assertEqual(response.status_code, 409)
        sign_in(self.client, self.second_editor)
        response = self.client.post(reverse("publishing:post_approve", args=[post.pk]), {"note": "خوب است"})
        self.assertRedirects(response, post.get_absolute_url())
        post.refresh_from_db()
        self.assertEqual(post.status, PostStatus.APPROVED)
        response = self.client.post(f"/api/posts/{post.pk}/publish", content_type="application/json",
                                    headers=bearer(self.second_editor))
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "published")
        # A published post is not PATCHed: 409, and its edit page sends the person back.
        response = self.client.patch(f"/api/posts/{post.pk}", {"title": "x"}, content_type="application/json",
                                     headers=bearer(self.writer))
        self.assertEqual(response.status_code, 409)
        sign_in(self.client, self.writer)
        self.assertRedirects(self.client.get(reverse("publishing:post_update", args=[post.pk])), post.get_absolute_url())
        response = self.client.post(f"/api/posts/{post.pk}/revise", {
            "title": "عنوان نو", "summary": "خلاصه", "body": "<p>متن نو</p>", "cover_alt": "", "note": ""},
            content_type="application/json", headers=bearer(self.writer))
        self.assertEqual(response.status_code, 200, response.content)
        revision = post.revisions.get(status=RevisionStatus.PENDING)
        response = self.client.post(f"/api/revisions/{revision.pk}/approve", {"note": ""},
                                    content_type="application/json", headers=bearer(self.editor))
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(self.client.get(f"/api/posts/{post.pk}", headers=bearer(self.writer)).json()["title"], "عنوان نو")
        page = self.client.get(post.get_absolute_url())
        self.assertContains(page, reverse("publishing:revision_detail", args=[revision.pk]))

    def test_editors_see_what_awaits_their_review(self):
        post = services.post_submit(self.new_post(), self.writer)
        self.assertEqual([p.pk for p in dashboard.awaiting(self.editor)[0]], [post.pk])
        self.assertEqual(dashboard.awaiting(self.coordinator_not_editor), ([], []))
        self.assertEqual(dashboard.awaiting(self.writer), ([], []))
        sign_in(self.client, self.editor)
        self.assertContains(self.client.get("/"), post.get_absolute_url())
