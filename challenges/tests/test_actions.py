import datetime

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from accounts.testing import bearer, make_user, sign_in
from areas.testing import make_area
from challenges import selectors, services
from challenges.choices import ActionStatus, ChallengeStatus
from challenges.models import Action, ProgressUpdate, Support
from challenges.testing import make_action, make_challenge, make_round
from core.roles import Role
from geo.testing import make_province
from reports.testing import make_suggestion


class ActionProgressTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.tehran)
        cls.ambassador = make_user(Role.AMBASSADOR, cls.tehran)
        cls.parent = make_action(cls.tehran, owner=cls.coordinator, title="تقویت کارگاه‌ها")

    def part(self, weight, **fields):
        return services.action_create(self.coordinator, province=self.tehran, title=f"بخش {weight}", weight=weight,
                                      owner=self.ambassador, due_date=timezone.localdate(), parent=self.parent,
                                      **fields)

    def test_a_parents_progress_is_the_weighted_mean_of_its_parts_with_a_dated_timeline(self):
        light, heavy = self.part(1), self.part(3)
        services.action_progress(light, self.ambassador, progress=100, on=timezone.localdate(), note="انجام شد")
        self.parent.refresh_from_db()
        self.assertEqual(self.parent.progress, 25)  # (1×100 + 3×0) / 4
        services.action_progress(heavy, self.ambassador, progress=60, on=timezone.localdate())
        self.parent.refresh_from_db()
        self.assertEqual(self.parent.progress, 70)  # (100 + 180) / 4
        light.refresh_from_db()
        self.assertEqual(light.status, ActionStatus.DONE)
        self.assertEqual(list(self.parent.updates.values_list("progress", flat=True)), [70, 25])
        self.assertEqual(list(light.updates.values_list("progress", "note")), [(100, "انجام شد")])

    def test_a_dropped_part_leaves_the_mean_and_a_done_parent_follows_its_parts(self):
        first, second = self.part(1), self.part(1)
        services.action_progress(first, self.ambassador, progress=100, on=timezone.localdate())
        services.action_drop(second, self.coordinator, reason="بودجه نرسید")
        self.parent.refresh_from_db()
        self.assertEqual((self.parent.progress, self.parent.status), (100, ActionStatus.DONE))

    def test_a_new_part_and_a_changed_weight_recompute_the_parent(self):
        done = self.part(1)
        services.action_progress(done, self.ambassador, progress=100, on=timezone.localdate())
        other = self.part(1)
        self.parent.refresh_from_db()
        self.assertEqual(self.parent.progress, 50)
        sign_in(self.client, self.coordinator)
        response = self.client.post(reverse("challenges:action_update", args=[other.pk]), {
            "province": self.tehran.pk, "title": other.title, "parent": self.parent.pk, "weight": "۳",
            "owner": self.ambassador.pk, "due_date": "1405/12/01"})
        self.assertEqual(response.status_code, 302, getattr(response, "context", {}) and response.context["form"].errors)
        self.parent.refresh_from_db()
        self.assertEqual(self.parent.progress, 25)

    def test_progress_on_a_parent_is_refused_page_and_api(self):
        self.part(1)
        sign_in(self.client, self.coordinator)
        page = self.client.get(reverse("challenges:action_detail", args=[self.parent.pk]))
        self.assertNotContains(page, reverse("challenges:action_progress", args=[self.parent.pk]))
        response = self.client.post(f"/api/actions/{self.parent.pk}/progress",
                                    {"progress": 50, "on": timezone.localdate().isoformat()},
                                    content_type="application/json", headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 409)
        self.assertFalse(self.parent.updates.exists())

    def test_api_records_progress_and_serves_the_timeline(self):
        leaf = make_action(self.tehran, owner=self.ambassador)
        response = self.client.post(f"/api/actions/{leaf.pk}/progress",
                                    {"progress": 150, "on": timezone.localdate().isoformat()},
                                    content_type="application/json", headers=bearer(self.ambassador))
        self.assertEqual(response.status_code, 422)
        response = self.client.post(f"/api/actions/{leaf.pk}/progress",
                                    {"progress": 40, "on": timezone.localdate().isoformat(), "note": "نیمه‌راه"},
                                    content_type="application/json", headers=bearer(self.ambassador))
        self.assertEqual(response.status_code, 200, response.content)
        body = self.client.get(f"/api/actions/{leaf.pk}", headers=bearer(self.ambassador)).json()
        self.assertEqual((body["progress"], body["timeline"][0]["progress"], body["timeline"][0]["note"]),
                         (40, 40, "نیمه‌راه"))

    def test_a_future_date_and_a_cycle_are_refused(self):
        leaf = self.part(1)
        sign_in(self.client, self.ambassador)
        response = self.client.post(reverse("challenges:action_progress", args=[leaf.pk]), {
            "progress": "۳۰", "on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ProgressUpdate.objects.filter(action=leaf).exists())
        sign_in(self.client, self.coordinator)
        response = self.client.post(reverse("challenges:action_update", args=[self.parent.pk]), {
            "province": self.tehran.pk, "title": self.parent.title, "parent": leaf.pk, "weight": "1",
            "owner": self.coordinator.pk, "due_date": "1405/12/01"})
        self.assertEqual(response.status_code, 200)
        self.parent.refresh_from_db()
        self.assertIsNone(self.parent.parent_id)


class ActionFromSuggestionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran = make_province("23")
        cls.coordinator = make_user(Role.COORDINATOR, cls.tehran)
        cls.suggestion = make_suggestion(cls.tehran, what="کارگاه‌ها در شهرستان‌ها هم برگزار شود")

    def test_an_action_is_created_from_a_corrective_suggestion_and_keeps_the_link(self):
        sign_in(self.client, self.coordinator)
        page = self.client.get(self.suggestion.get_absolute_url())
        add = f"{reverse('challenges:action_create')}?suggestion={self.suggestion.pk}"
        self.assertContains(page, add)
        form = self.client.get(add)
        self.assertEqual(form.context["form"].initial["title"], str(self.suggestion))
        self.assertEqual(form.context["form"].initial["province"], self.tehran.pk)
        response = self.client.post(add, {
            "province": self.tehran.pk, "title": "برگزاری کارگاه در سه شهرستان", "suggestion": self.suggestion.pk,
            "weight": "1", "owner": self.coordinator.pk, "due_date": "1405/12/01"})
        self.assertEqual(response.status_code, 302)
        action = Action.objects.get()
        self.assertEqual(action.suggestion, self.suggestion)
        self.assertContains(self.client.get(self.suggestion.get_absolute_url()), action.title)

    def test_another_provinces_suggestion_cannot_be_linked(self):
        other = make_suggestion(make_province("10"))
        response = self.client.post("/api/actions", {"title": "اقدام", "suggestion": other.pk,
                                                     "owner": self.coordinator.pk, "due_date": "1405-12-01"},
                                    content_type="application/json", headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 422)
        self.assertFalse(Action.objects.exists())

    def test_the_api_takes_the_province_from_the_suggestion(self):
        response = self.client.post("/api/actions", {"title": "اقدام", "suggestion": self.suggestion.pk,
                                                     "owner": self.coordinator.pk, "due_date": "1405-12-01"},
                                    content_type="application/json", headers=bearer(self.coordinator))
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["province"], self.tehran.pk)


class NationalRollupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tehran, cls.isfahan, cls.fars = make_province("23"), make_province("10"), make_province("07")
        cls.admin = make_user(Role.NATIONAL_ADMIN)
        area = make_area()
        cls.a = make_challenge(cls.tehran, title="کمبود مربی برای کارگاه‌های سالمندی", area=area, people_affected=100,
                               description="مربی برای کارگاه‌ها نداریم")
        cls.b = make_challenge(cls.isfahan, title="كمبود مربي براي كارگاه هاي سالمندي", area=area, people_affected=50,
                               description="مربی کارگاه پیدا نمی‌شود")
        cls.copy = make_challenge(cls.isfahan, title="مربی کارگاه سالمندی کم است", area=area,
                                  status=ChallengeStatus.MERGED, merged_into=cls.b, people_affected=50)
        cls.c = make_challenge(cls.fars, title="نبود سالن رایگان برای کلاس‌ها", area=area, people_affected=30,
                               description="سالن‌ها کرایه دارند و بودجه نداریم")
        for challenge, count in ((cls.a, 2), (cls.b, 1), (cls.copy, 1), (cls.c, 1)):
            round_ = make_round(challenge.province) if not Support.objects.filter(
                round__province=challenge.province).exists() else Support.objects.filter(
                round__province=challenge.province).first().round
            for _n in range(count):
                Support.objects.create(round=round_, challenge=challenge,
                                       supporter=make_user(Role.AMBASSADOR, challenge.province))

    def test_challenges_are_grouped_across_provinces_with_supports_and_people(self):
        groups = selectors.national_rollup(self.admin)
        first = groups[0]
        self.assertEqual({c.pk for c in first.challenges}, {self.a.pk, self.b.pk})
        self.assertEqual([p.pk for p in first.provinces], sorted([self.tehran.pk, self.isfahan.pk],
                                                                   key=lambda pk: [self.tehran, self.isfahan][
                                                                       [self.tehran.pk, self.isfahan.pk].index(pk)].name))
        self.assertEqual((first.supports, first.people_affected), (4, 150))  # the merged copy's support stays counted
        self.assertEqual([c.pk for c in groups[1].challenges], [self.c.pk])

    def test_only_national_admins_open_the_page(self):
        sign_in(self.client, make_user(Role.COORDINATOR, self.tehran))
        self.assertEqual(self.client.get(reverse("challenges:rollup")).status_code, 403)
        sign_in(self.client, self.admin)
        response = self.client.get(reverse("challenges:rollup"))
        self.assertContains(response, self.a.get_absolute_url())
        self.assertContains(response, '<td class="rollup-supports">۴</td>', html=False)
